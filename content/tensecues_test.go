package content_test

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"stdkb"
	"stdkb/content"
)

func TestTenseCues(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want stdkb.TenseCues // with msg set: refused
		msg  string          // what the refusal says
	}{
		{name: "every kind",
			src:  "# 说明\n\n问过去：以前 了多少\r\n问今后： 今后 \n问过去：前五年\n回顾章节：发展基础\n",
			want: stdkb.TenseCues{Past: []string{"以前", "了多少", "前五年"}, Future: []string{"今后"}, Reviews: []string{"发展基础"}}},
		{name: "no cues", src: "# 空\n"},
		{name: "no kind", src: "以前 之前\n",
			msg: `dict/tense-cues.txt:1: 每行应为 "问过去：说法 说法"`},
		{name: "no words", src: "问过去：\n",
			msg: `dict/tense-cues.txt:1: 每行应为 "问过去：说法 说法"`},
		{name: "an unknown kind", src: "问现在：现在\n",
			msg: `dict/tense-cues.txt:1: 种类 "问现在" 无法识别`},
		{name: "a word twice", src: "问过去：以前\n\n问今后：今后 以前\n",
			msg: `dict/tense-cues.txt:3: 说法 "以前" 已列在第 1 行`},
		{name: "a clause mark", src: "问过去：以前，之前\n",
			msg: `dict/tense-cues.txt:1: 说法 "以前，之前" 含断句符号`},
		{name: "a heading no section has", src: "回顾章节：工作回顾\n",
			msg: `dict/tense-cues.txt:1: 回顾章节的标题用词 "工作回顾" 不在内容中任何章节的标题里`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := withPhrasings(t, "")
			delete(fsys, "dict/phrasings.txt")
			fsys["dict/tense-cues.txt"] = &fstest.MapFile{Data: []byte(tt.src)}
			lib, err := content.LoadAt(fsys, stdkb.MustDate("2026-11-25"))
			if tt.msg != "" {
				if err == nil {
					t.Fatalf("loaded; want a problem %q", tt.msg)
				}
				if got := strings.Join(stdkb.ErrorDetails(err), "\n"); !strings.Contains(got, tt.msg) {
					t.Fatalf("problems lack %q:\n%s", tt.msg, got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := lib.Lexicon.TenseCues; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("tense cues:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}
