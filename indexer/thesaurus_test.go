package indexer

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"stdkb"
)

// TestThesaurusTerms checks which of the content's terms the thesaurus gives for a query: every
// everyday phrase found anywhere in it, whatever the segmenter makes of it, and not a phrase
// inside a longer one that matched.
func TestThesaurusTerms(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	for _, tt := range []struct {
		query     string
		want, not []string
	}{
		{"单位的车怎么管", []string{"公务用车"}, nil},
		{"水电费托管", []string{"能源费用"}, nil},
		{"办公楼省电", []string{"节约能源", "节能"}, nil},
		{"公务用车", nil, []string{"公务用车"}},
	} {
		got := ix.thesaurusTerms(tt.query)
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("%s: terms %v, want %s among them", tt.query, got, w)
			}
		}
		for _, w := range tt.not {
			if slices.Contains(got, w) {
				t.Errorf("%s: terms %v, want no %s", tt.query, got, w)
			}
		}
	}
}

// TestThesaurusFindsContentTerms checks that an everyday word the content never uses finds first
// a section holding its official term, scoring below what the official term typed scores.
func TestThesaurusFindsContentTerms(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	for _, tt := range []struct{ everyday, official string }{
		{"专车", "公务用车"},
		{"干部宿舍", "周转住房"},
		{"车补", "交通费用"},
	} {
		for _, e := range ix.entries {
			if e.contains(tt.everyday) {
				t.Fatalf("the content holds %s (%s); the test needs a word it does not", tt.everyday, e.ID)
			}
		}
		typed := mustSearch(t, ix, Request{Query: tt.official, Limit: 10, Flat: true})
		got := mustSearch(t, ix, Request{Query: tt.everyday, Limit: 10, Flat: true})
		if len(got.Hits) == 0 {
			t.Errorf("%s finds nothing", tt.everyday)
			continue
		}
		if top := got.Hits[0].ID; !ix.entries[top].contains(tt.official) {
			t.Errorf("%s: top hit %s does not hold %s", tt.everyday, top, tt.official)
		}
		if got.Hits[0].Score >= typed.Hits[0].Score {
			t.Errorf("%s scores %.3f, the typed %s %.3f: the thesaurus must weigh less", tt.everyday, got.Hits[0].Score, tt.official, typed.Hits[0].Score)
		}
	}
}

// TestThesaurusTermsMarked checks that snippets mark the content's term an everyday word led to.
func TestThesaurusTermsMarked(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	res := mustSearch(t, ix, Request{Query: "专车", Limit: 3})
	if len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Snippet, "<mark>公务用车</mark>") {
		t.Errorf("专车: top snippet does not mark 公务用车: %v", res.Hits)
	}
}

// BenchmarkThesaurusMatch measures matching the thesaurus's everyday phrases in a query, which
// every query with text pays once: queries of everyday words, most with some phrase of the
// thesaurus in them, some with small words inside one.
func BenchmarkThesaurusMatch(b *testing.B) {
	ix := testIndex(b, AnalyzerGSE)
	queries := []string{
		"单位的车怎么管", "水电费托管", "办公楼省电", "公务用车", "车改以后砍掉了多少辆车",
		"乡镇干部下乡办事没车用怎么办", "干部宿舍 周转住房 申请条件", "食堂剩饭剩菜怎么处理",
		"会议费 培训费 标准是多少", "DB50/T 1234-2022 第5.2条",
	}
	for i := 0; b.Loop(); i++ {
		ix.thesaurusMatch(queries[i%len(queries)])
	}
}

// TestThesaurusGapMatch checks matching a phrase with small words inside it: its characters in
// order, at most thesaurusMaxGap others between two of them and half its length in all, not
// across punctuation; phrases found as written go first, then the longest, and a gapped match
// may not hold a phrase matched before it inside, but may overlap one. Terms weigh 0.4 as
// written and 0.3 gapped here to tell them apart.
func TestThesaurusGapMatch(t *testing.T) {
	defer func(w, g float64) { boostThesaurus, boostThesaurusGapped = w, g }(boostThesaurus, boostThesaurusGapped)
	boostThesaurus, boostThesaurusGapped = 0.4, 0.3
	ix := &Index{thesaurus: newThesaurusPhrases([]stdkb.Synonym{
		{From: []string{"砍了多少车"}, To: []string{"压减"}},
		{From: []string{"了多少车"}, To: []string{"车辆数"}},
		{From: []string{"下乡没车"}, To: []string{"基层公务出行"}},
		{From: []string{"托管基数"}, To: []string{"托管基准"}},
		{From: []string{"机关事务局"}, To: []string{"机关事务管理局"}},
		{From: []string{"机关事务管哪些事"}, To: []string{"基本职能"}},
		{From: []string{"托管"}, To: []string{"托管服务"}},
		{From: []string{"公车私用"}, To: []string{"公务用车管理"}},
		{From: []string{"单位车"}, To: []string{"公务用车"}},
		{From: []string{"办事"}, To: []string{"办理"}},
	})}
	for _, tt := range []struct {
		name, query string
		want        []termBoost // in order
	}{
		{"as written", "下乡没车怎么办", []termBoost{{"基层公务出行", 0.4}}},
		{"one character inside", "托管的基数", []termBoost{{"托管服务", 0.4}, {"托管基准", 0.3}}},
		{"overlapping a phrase found as written", "机关事务局管哪些事", []termBoost{{"机关事务管理局", 0.4}, {"基本职能", 0.3}}},
		{"two inside, in two places", "车改砍掉了多少辆车", []termBoost{{"压减", 0.3}}},
		{"two inside, in one place", "下乡干活没车用", []termBoost{{"基层公务出行", 0.3}}},
		{"three inside one place", "下乡去干活没车", nil},
		{"more than half the phrase inside in all", "下去乡里没有车", nil},
		{"out of order", "没车下乡", nil},
		{"across punctuation", "下乡，没车", nil},
		{"across a space", "公车 私用", []termBoost{{"公务用车管理", 0.3}}},
		{"too short for gaps", "单位的车", nil},
		{"inside a phrase found as written", "下乡办事没车", []termBoost{{"办理", 0.4}}},
		{"as written and gapped", "托管基数 公车不私用", []termBoost{{"托管基准", 0.4}, {"公务用车管理", 0.3}}},
	} {
		terms, _ := ix.thesaurusMatch(tt.query)
		var got []termBoost
		for _, term := range terms {
			got = append(got, termBoost{term.text, term.boost})
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: %s gives %v, want %v", tt.name, tt.query, got, tt.want)
		}
	}
}

// TestThesaurusGapUnderstood checks that of a phrase found with small words inside, only its
// own characters count as understood: 辆, typed inside 砍了多少车, keeps its weight as a word.
func TestThesaurusGapUnderstood(t *testing.T) {
	ix := &Index{thesaurus: newThesaurusPhrases([]stdkb.Synonym{{From: []string{"砍了多少车"}, To: []string{"压减"}}})}
	q := "砍掉了多少辆车"
	_, understood := ix.thesaurusMatch(q)
	for _, tt := range []struct {
		char string
		want bool
	}{{"砍", true}, {"掉", false}, {"少", true}, {"辆", false}, {"车", true}} {
		i := strings.Index(q, tt.char)
		if got := understood(i, i+len(tt.char)); got != tt.want {
			t.Errorf("%s of %s understood: %v, want %v", tt.char, q, got, tt.want)
		}
	}
}

// TestThesaurusGapRanking: a query puts small words inside an everyday phrase (砍掉了多少辆车 for
// 砍了多少车). Two sections hold the typed 车改; without gapped matching the shorter one, which
// does not answer, ranks first; with it, the one holding the phrase's term (压减) does.
func TestThesaurusGapRanking(t *testing.T) {
	testIndex(t, AnalyzerGSE)
	lex := fixtureLib.Lexicon
	lex.Thesaurus = []stdkb.Synonym{{From: []string{"砍了多少车"}, To: []string{"压减"}}}
	eff := stdkb.MustDate("2024-01-01")
	e := &stdkb.Edition{DocID: "gaps", Key: "2024", Kind: stdkb.KindStandard, Title: "测试规范",
		Number: "DB50/T 9901-2024", Level: "地方", Status: "现行", Issued: eff, Effective: eff, Sample: true}
	for i, text := range []string{
		"车改以来，全市公务用车压减比例达到百分之三十。",
		"车改工作按规定执行。",
		"会议费按规定执行。",
		"培训应当附通知。",
		"办公用房维修应当制定年度计划。",
	} {
		e.Sections = append(e.Sections, &stdkb.Section{ID: fmt.Sprint("s", i+1), Number: fmt.Sprint(i + 1), Title: "条款",
			Depth: 1, Path: []string{"条款"}, Text: text})
	}
	lib := stdkb.NewLibrary(fixtureLib.Framework, []*stdkb.Document{{ID: "gaps", Kind: stdkb.KindStandard, Editions: []*stdkb.Edition{e}}}, nil, nil)
	lib.Lexicon = lex
	lib.Hash = "thesaurus-gaps"
	ix, err := Build(lib, "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	top := func(maxGap int) string {
		t.Helper()
		saved := thesaurusMaxGap
		thesaurusMaxGap = maxGap
		defer func() { thesaurusMaxGap = saved }()
		res := mustSearch(t, ix, Request{Query: "车改砍掉了多少辆车", Flat: true})
		if len(res.Hits) == 0 {
			return ""
		}
		return res.Hits[0].Section
	}
	if got := top(2); got != "s1" {
		t.Errorf("with gaps: top hit %s, want s1 (压减)", got)
	}
	if got := top(0); got != "s2" {
		t.Errorf("without gaps: top hit %q, want s2; the test no longer shows what gapped matching changes", got)
	}
}

// termBoost is a thesaurus term without the span it came from.
type termBoost struct {
	text  string
	boost float64
}
