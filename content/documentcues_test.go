package content_test

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"stdkb"
	"stdkb/content"
)

func TestDocumentCues(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []stdkb.DocumentCue // with msg set: refused
		msg  string              // what the refusal says
	}{
		{name: "levels, kinds and both",
			src: "# 说明\n\nlevel=国家：国标 国家标准\r\n" +
				"kind=regulation level=规章、规范性文件：办法\n" +
				"kind=checklist：自评表\n" +
				"level=法律，行政法规： 法规 \n",
			want: []stdkb.DocumentCue{
				{Words: []string{"国标", "国家标准"}, Levels: []string{"国家"}},
				{Words: []string{"办法"}, Kinds: []stdkb.Kind{stdkb.KindRegulation}, Levels: []string{"规章", "规范性文件"}},
				{Words: []string{"自评表"}, Kinds: []stdkb.Kind{stdkb.KindChecklist}},
				{Words: []string{"法规"}, Levels: []string{"法律", "行政法规"}},
			}},
		{name: "sections, alone and with a level",
			src: "section=文件概况、标准概况：哪年发的 依据\n" +
				"level=地方 section=术语和定义：是什么意思\n",
			want: []stdkb.DocumentCue{
				{Words: []string{"哪年发的", "依据"}, Sections: []string{"文件概况", "标准概况"}},
				{Words: []string{"是什么意思"}, Levels: []string{"地方"}, Sections: []string{"术语和定义"}},
			}},
		{name: "no cues", src: "# 空\n"},
		{name: "no attributes", src: "国标 国家标准\n",
			msg: "dict/document-cues.txt:1: 每行应为 \"属性：说法 说法\""},
		{name: "no words", src: "level=国家：\n",
			msg: "dict/document-cues.txt:1: 每行应为 \"属性：说法 说法\""},
		{name: "an unknown attribute", src: "issuer=国务院：国务院文件\n",
			msg: `dict/document-cues.txt:1: 属性 "issuer=国务院" 无法识别`},
		{name: "an attribute without a value", src: "level=：国标\n",
			msg: `dict/document-cues.txt:1: 属性 "level=" 没有取值`},
		{name: "an attribute twice", src: "level=国家 level=地方：标准\n",
			msg: "dict/document-cues.txt:1: 属性 level 在此行出现两次"},
		{name: "a word twice", src: "level=国家：国标\n\nlevel=地方：地标 国标\n",
			msg: `dict/document-cues.txt:3: 说法 "国标" 已列在第 1 行`},
		{name: "a level no document has", src: "level=省级：省标\n",
			msg: `dict/document-cues.txt:1: 级别 "省级" 不是内容中任何文件的 level`},
		{name: "a section no heading holds", src: "section=释义：是什么意思\n",
			msg: `dict/document-cues.txt:1: 章节 "释义" 不见于内容中任何章节的标题`},
		{name: "a section twice", src: "section=文件概况 section=标准概况：哪年发的\n",
			msg: "dict/document-cues.txt:1: 属性 section 在此行出现两次"},
		{name: "a kind no document has", src: "kind=law：法律\n",
			msg: `dict/document-cues.txt:1: 种类 "law" 不是内容中任何文件的 kind`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := withPhrasings(t, "")
			delete(fsys, "dict/phrasings.txt")
			fsys["dict/document-cues.txt"] = &fstest.MapFile{Data: []byte(tt.src)}
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
			if got := lib.Lexicon.DocumentCues; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("document cues:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestShippedDocumentCues: the content's own cues name the levels its documents use.
func TestShippedDocumentCues(t *testing.T) {
	lib, err := content.LoadAt(content.Default(), stdkb.MustDate("2026-11-25"))
	if err != nil {
		t.Fatal(err)
	}
	levels := map[string][]string{}
	for _, c := range lib.Lexicon.DocumentCues {
		for _, w := range c.Words {
			levels[w] = c.Levels
		}
	}
	for word, want := range map[string]string{"国标": "国家", "地标": "地方", "团标": "团体", "行标": "行业", "规章": "规章"} {
		if got := levels[word]; !reflect.DeepEqual(got, []string{want}) {
			t.Errorf("%s names levels %q, want [%s]", word, got, want)
		}
	}
}
