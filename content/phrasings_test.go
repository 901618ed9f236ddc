package content_test

import (
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"stdkb"
	"stdkb/content"
)

// withPhrasings is the embedded content with dict/phrasings.txt replaced by src.
func withPhrasings(t *testing.T, src string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	err := fs.WalkDir(content.Default(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(content.Default(), p)
		fsys[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	fsys["dict/phrasings.txt"] = &fstest.MapFile{Data: []byte(src)}
	return fsys
}

func TestPhrasings(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []stdkb.Phrasing // nil: refused
		msg  string           // what the refusal says
	}{
		{name: "every kind of section",
			src: "# 说明\n\ncq-jgsw-14th-plan#ch2-s3 => 规划目标, 五年要干成什么 ,到2025年的目标\r\n" +
				"pilot-midterm#intro => 中期评估怎么打分\n" +
				"conservation-organ-annual#operation => 空调开几度\n" +
				"plan-energy#metrics => 节能指标，能耗降多少\n",
			want: []stdkb.Phrasing{
				{Section: "cq-jgsw-14th-plan#ch2-s3", Phrases: []string{"规划目标", "五年要干成什么", "到2025年的目标"}},
				{Section: "pilot-midterm#intro", Phrases: []string{"中期评估怎么打分"}},
				{Section: "conservation-organ-annual#operation", Phrases: []string{"空调开几度"}},
				{Section: "plan-energy#metrics", Phrases: []string{"节能指标", "能耗降多少"}},
			}},
		{name: "an enumeration comma stays inside a phrasing",
			src:  "cq-jgsw-14th-plan#ch2-s3 => 水、电怎么省\n",
			want: []stdkb.Phrasing{{Section: "cq-jgsw-14th-plan#ch2-s3", Phrases: []string{"水、电怎么省"}}}},
		{name: "no phrasings", src: "# 空\n", want: []stdkb.Phrasing{}},
		{name: "a metric is not a section", src: "plan-energy#energy-per-capita => 人均能耗\n",
			msg: `dict/phrasings.txt:1: 没有章节 "plan-energy#energy-per-capita"`},
		{name: "an item is not a section", src: "conservation-organ-annual#op-1 => 空调温度\n",
			msg: `dict/phrasings.txt:1: 没有章节 "conservation-organ-annual#op-1"`},
		{name: "an edition is not named", src: "cq-jgsw-14th-plan@2021#ch2-s3 => 规划目标\n",
			msg: `没有章节 "cq-jgsw-14th-plan@2021#ch2-s3"`},
		{name: "nothing after the arrow", src: "cq-jgsw-14th-plan#ch2-s3 =>\n",
			msg: "dict/phrasings.txt:1: 第 1 个说法为空"},
		{name: "a space in the id", src: "cq-jgsw-14th-plan #ch2-s3 => 规划目标\n",
			msg: "dict/phrasings.txt:1: 每行应为"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lib, err := content.LoadAt(withPhrasings(t, tt.src), stdkb.MustDate("2026-11-25"))
			if tt.want == nil {
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
			got := lib.Lexicon.Phrasings
			if got == nil {
				got = []stdkb.Phrasing{}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("phrasings:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}
