package indexer

import (
	"slices"
	"strings"
	"testing"

	"stdkb"
)

// describe writes what a query's document cues name: "level=国家", "kind=checklist".
func (a docAsk) describe() []string {
	var out []string
	for _, c := range a {
		var parts []string
		for _, k := range c.kinds {
			parts = append(parts, "kind="+string(k))
		}
		if len(c.levels) > 0 {
			parts = append(parts, "level="+strings.Join(c.levels, "、"))
		}
		out = append(out, strings.Join(parts, " "))
	}
	return out
}

// TestQueryDocCues reads queries with the content's own cues (dict/document-cues.txt).
func TestQueryDocCues(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	tests := []struct {
		query string
		want  []string
	}{
		{"机房用电效率那个国标必须执行吗", []string{"level=国家"}},
		{"沪上公车喷标那个地方标准是哪年出的", []string{"level=地方"}},
		{"五年内要出几个地标和团标", []string{"level=地方", "level=团体"}},
		{"市政府管机关事务的那个规章哪年生效", []string{"level=规章"}},
		{"中央关于标准化的纲领性文件", []string{"level=规划"}},
		{"试点中期自评表有几项", []string{"kind=checklist"}},
		{"编写用能额度标准的通用规则", []string{"kind=standard"}},
		{"标准化专家库", nil},    // 标准 inside a longer word
		{"单位要请法律顾问吗", nil}, // 法律 inside a longer word
		{"公务用车", nil},
	}
	for _, tt := range tests {
		if got := ix.queryDocCues(tt.query).describe(); !slices.Equal(got, tt.want) {
			t.Errorf("queryDocCues(%q) = %q, want %q", tt.query, got, tt.want)
		}
	}
}

func TestDocCueNames(t *testing.T) {
	plan := &entry{Kind: stdkb.KindRegulation, Level: "规划"}
	gb := &entry{Kind: stdkb.KindStandard, Level: "国家"}
	list := &entry{Kind: stdkb.KindChecklist}
	tests := []struct {
		cue  docCue
		e    *entry
		want bool
	}{
		{docCue{levels: []string{"国家"}}, gb, true},
		{docCue{levels: []string{"国家"}}, plan, false},
		{docCue{levels: []string{"法律", "规划"}}, plan, true},
		{docCue{kinds: []stdkb.Kind{stdkb.KindChecklist}}, list, true},
		{docCue{kinds: []stdkb.Kind{stdkb.KindChecklist}}, gb, false},
		{docCue{kinds: []stdkb.Kind{stdkb.KindStandard}, levels: []string{"国家"}}, gb, true},
		{docCue{kinds: []stdkb.Kind{stdkb.KindRegulation}, levels: []string{"国家"}}, gb, false}, // both must hold
	}
	for _, tt := range tests {
		if got := tt.cue.names(tt.e); got != tt.want {
			t.Errorf("%v names %s/%s = %v, want %v", tt.cue, tt.e.Kind, tt.e.Level, got, tt.want)
		}
	}
	if (docAsk{}).names(gb) || !(docAsk{{levels: []string{"规划"}}, {levels: []string{"国家"}}}).names(gb) {
		t.Error("a query's cues: none names nothing, any names its sections")
	}
}

// TestDocCuesRankTheirKind: a plan section that holds the query's words twice outranks the
// national standard that holds them once, unless the query names a 国标 and the preference
// counts. Without the cue the plan stays first.
func TestDocCuesRankTheirKind(t *testing.T) {
	testIndex(t, AnalyzerGSE)
	eff := stdkb.MustDate("2022-01-01")
	plan := outline(
		"p1 - 第四章 节约能源 | 推进数据中心能效提升，数据中心能效达到先进水平。",
		"p2 - 第五章 公务用车 | 推进公务用车制度改革，提高新能源汽车配备比例。",
		"p3 - 第六章 办公用房 | 加强办公用房权属登记和使用管理。",
		"p4 - 第七章 公共机构节水 | 开展节水型单位建设。",
	)
	plan.DocID, plan.Kind, plan.Title, plan.Level, plan.Status, plan.Issued, plan.Effective = "plan", stdkb.KindRegulation, "机关事务工作规划", "规划", "现行", eff, eff
	gb := outline("s1 - 范围 | 本文件规定了机房用电的技术要求、试验方法和判定规则，适用于数据中心能效的评价。")
	gb.DocID, gb.Title, gb.Number, gb.Level, gb.Status, gb.Issued, gb.Effective = "gb", "机房用电技术规范", "GB 40879-2021", "国家", "现行", eff, eff
	ix := documentsIndex(t, []*stdkb.Document{
		{ID: "plan", Kind: stdkb.KindRegulation, Editions: []*stdkb.Edition{plan}},
		{ID: "gb", Kind: stdkb.KindStandard, Editions: []*stdkb.Edition{gb}},
	}, "doccues")
	first := func(factor float64, q string) string {
		t.Helper()
		saved := docCueFactor
		docCueFactor = factor
		defer func() { docCueFactor = saved }()
		hits := mustSearch(t, ix, Request{Query: q, Flat: true}).Hits
		if len(hits) == 0 {
			t.Fatalf("%s: no hits", q)
		}
		return hits[0].DocID
	}
	for _, q := range []string{"数据中心能效那个国标", "数据中心能效的国家标准"} {
		if got := first(1, q); got != "plan" {
			t.Fatalf("%s without the preference: %s first, want the plan (the test's premise)", q, got)
		}
		if got := first(docCueFactor, q); got != "gb" {
			t.Errorf("%s: %s first, want the national standard gb", q, got)
		}
	}
	if got := first(docCueFactor, "数据中心能效"); got != "plan" {
		t.Errorf("数据中心能效, naming no kind of document: %s first, want the plan", got)
	}
}
