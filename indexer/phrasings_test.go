package indexer

import (
	"fmt"
	"strings"
	"testing"

	"stdkb"
)

// phrasingsIndex builds an index of one sample standard whose sections hold texts (section ids
// s1, s2, … in order), and of a checklist with one section, with the content's dictionary and
// lexicon but no thesaurus (so only the phrasings can lead from everyday words to a section).
func phrasingsIndex(t *testing.T, texts []string, phrasings []stdkb.Phrasing) *Index {
	t.Helper()
	testIndex(t, AnalyzerGSE)
	eff := stdkb.MustDate("2024-01-01")
	e := &stdkb.Edition{DocID: "canteen", Key: "2024", Kind: stdkb.KindStandard, Title: "测试规范",
		Number: "DB50/T 9980-2024", Level: "地方", Status: "现行", Issued: eff, Effective: eff, Sample: true}
	for i, text := range texts {
		e.Sections = append(e.Sections, &stdkb.Section{ID: fmt.Sprint("s", i+1), Number: fmt.Sprint(i + 1), Title: "条款",
			Depth: 1, Path: []string{"条款"}, Text: text})
	}
	c := &stdkb.Checklist{ID: "selfcheck", Title: "测试检查表", Sample: true, Sections: []stdkb.ChecklistSection{{
		ID: "waste", Title: "制止浪费", Items: []stdkb.ChecklistItem{{ID: "w1", Text: "建立光盘行动台账", Max: 10, Rule: stdkb.RuleBoolean}},
	}}}
	lib := stdkb.NewLibrary(fixtureLib.Framework, []*stdkb.Document{{ID: "canteen", Kind: stdkb.KindStandard, Editions: []*stdkb.Edition{e}}},
		[]*stdkb.Checklist{c}, nil)
	lib.Lexicon = fixtureLib.Lexicon
	lib.Lexicon.Thesaurus = nil
	lib.Lexicon.Phrasings = phrasings
	var h strings.Builder
	for _, p := range phrasings {
		fmt.Fprintf(&h, "%s=%s;", p.Section, strings.Join(p.Phrases, ","))
	}
	lib.Hash = "phrasings-" + strings.Join(texts, "|") + h.String()
	ix, err := Build(lib, "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

var canteenTexts = []string{
	"机关食堂应当公示每日菜谱，接受就餐人员监督。",
	"公务接待应当严格控制陪餐人数。",
	"办公用房维修应当制定年度计划。",
	"会议费按规定执行，不得超标准列支。",
}

// TestPhrasingsFindSections: a query whose words no section's text holds finds the section whose
// phrasings hold them — a document's section or a checklist's — and its snippet shows the
// section's text, not the phrasings.
func TestPhrasingsFindSections(t *testing.T) {
	ix := phrasingsIndex(t, canteenTexts, []stdkb.Phrasing{
		{Section: "canteen#s2", Phrases: []string{"请客吃饭能不能多叫几个人", "陪吃的人数"}},
		{Section: "canteen#s3", Phrases: []string{"房子漏水找谁修"}},
		{Section: "selfcheck#waste", Phrases: []string{"吃不完打包"}},
	})
	for _, tt := range []struct{ query, want string }{
		{"请客吃饭", "canteen#s2"},
		{"请客吃饭能不能多叫人", "canteen#s2"},
		{"漏水找谁", "canteen#s3"},
		{"吃不完的饭菜打包", "selfcheck#waste"},
	} {
		t.Run(tt.query, func(t *testing.T) {
			for _, w := range ix.seg.Precise(tt.query) {
				for _, e := range ix.entries {
					if utf8Len(w.Text) > 1 && e.contains(w.Text) {
						t.Fatalf("section %s holds %s; the test needs words only the phrasings hold", e.ID, w.Text)
					}
				}
			}
			res := mustSearch(t, ix, Request{Query: tt.query, Flat: true})
			if len(res.Hits) == 0 {
				t.Fatalf("finds nothing; want %s", tt.want)
			}
			top := res.Hits[0]
			if got := top.DocID + "#" + top.Section; got != tt.want {
				t.Errorf("top hit %s, want %s", got, tt.want)
			}
			if strings.Contains(top.Snippet, "<mark>") || !strings.Contains(top.Snippet, strings.SplitN(ix.entries[top.ID].Text, "\n", 2)[0][:9]) {
				t.Errorf("snippet %q: want the section's text, nothing marked", top.Snippet)
			}
		})
	}
}

// TestPhrasingsWeighLess: two sections alike but for one word, which one holds in its text and
// the other only in its phrasings: both are found, the one holding it in its text first — also
// when the word is common in the texts and rare in the phrasings, where its idf is far higher.
func TestPhrasingsWeighLess(t *testing.T) {
	for _, tt := range []struct {
		name    string
		texts   []string
		query   string
		in, out string // the section holding the word in its text, and in its phrasings only
	}{
		{name: "a rare word", query: "菜谱", in: "canteen#s1", out: "canteen#s5",
			texts: append(canteenTexts[:4:4], "机关食堂应当公示每周餐单，接受就餐人员监督。")},
		{name: "a common word", query: "食堂", in: "canteen#s1", out: "canteen#s5",
			texts: append(canteenTexts[:4:4], "机关饭堂应当公示每日菜谱，接受就餐人员监督。",
				"食堂采购应当索证索票。", "食堂从业人员应当持健康证明上岗。", "食堂应当节约用水用电。")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ix := phrasingsIndex(t, tt.texts, []stdkb.Phrasing{{Section: tt.out, Phrases: []string{tt.query + "在哪看"}}})
			if ix.entries["canteen@2024#"+strings.TrimPrefix(tt.out, "canteen#")].contains(tt.query) {
				t.Fatalf("%s holds %s in its text", tt.out, tt.query)
			}
			res := mustSearch(t, ix, Request{Query: tt.query, Flat: true, Limit: 20})
			rank := map[string]int{}
			score := map[string]float64{}
			for i, h := range res.Hits {
				id := h.DocID + "#" + h.Section
				rank[id], score[id] = i+1, h.Score
			}
			if rank[tt.in] == 0 || rank[tt.out] == 0 {
				t.Fatalf("hits %v: want both %s and %s", hitIDs(res), tt.in, tt.out)
			}
			if score[tt.out] >= score[tt.in] {
				t.Errorf("%s (phrasings) scores %.3f, %s (text) %.3f: phrasings must weigh less", tt.out, score[tt.out], tt.in, score[tt.in])
			}
		})
	}
}

func utf8Len(s string) int { return len([]rune(s)) }
