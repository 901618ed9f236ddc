package indexer

import (
	"strings"
	"testing"

	"stdkb"
)

// TestIndicatorTextStatesTargets checks that an indicator set is searched by its targets as
// staff write them, not only by its metrics' names: the figures a "目标是多少" question is after
// are in the hit's text, and a query for the figure finds the set.
func TestIndicatorTextStatesTargets(t *testing.T) {
	testIndex(t, AnalyzerGSE)
	set := &stdkb.IndicatorSet{ID: "energy", Title: "节能指标", Framework: []string{"B6"},
		Metrics: []stdkb.Indicator{
			{ID: "per-capita", Name: "人均综合能耗下降", Type: stdkb.IndicatorChange, Comparator: "<=", Target: -6,
				Unit: "%", Scope: "全市公共机构", BaselineYear: 2020, FromYear: 2021, ToYear: 2025},
			{ID: "training", Name: "组织学习培训", Type: stdkb.IndicatorCumulative, Comparator: ">=", Target: 5000,
				Unit: "人次", Scope: "全市", FromYear: 2021, ToYear: 2025},
		},
		Milestones: []stdkb.Milestone{{ID: "rules", Name: "汇编规章制度", Deliverable: "规章制度汇编（第四版）", Due: 2025}},
	}
	lib := stdkb.NewLibrary(fixtureLib.Framework, nil, nil, []*stdkb.IndicatorSet{set})
	lib.Lexicon = fixtureLib.Lexicon
	lib.Hash = "indicator-targets"
	text := indicatorText(set)
	for _, want := range []string{
		"人均综合能耗下降（全市公共机构）：到2025年较2020年下降6%以上",
		"组织学习培训（全市）：2021—2025年累计不少于5000人次",
		"汇编规章制度：2025年前完成，以规章制度汇编（第四版）为准",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("indicator text lacks %q:\n%s", want, text)
		}
	}
	ix, err := Build(lib, "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	res := mustSearch(t, ix, Request{Query: "5000人次"})
	if len(res.Hits) != 1 || res.Hits[0].DocID != "energy" || !strings.Contains(res.Hits[0].Snippet, "5000") {
		t.Errorf("5000人次: hits %v, want the indicator set with the figure in its snippet", ids(res.Hits))
	}
}

// TestChecklistItemsStateScoring checks that a checklist section is searched by its items'
// scores, scoring rules and evidence, not only their wording: a question about the evidence or
// score of one item finds that item's section above the intro that states the scoring rules.
func TestChecklistItemsStateScoring(t *testing.T) {
	testIndex(t, AnalyzerGSE)
	c := &stdkb.Checklist{ID: "pilot", Title: "试点中期评估自评表", Stage: "中期评估", Framework: []string{"C"},
		PassScore: 60, MissingEvidence: stdkb.EvidenceHalf,
		Levels: []stdkb.Level{{Name: "符合", Credit: 1}, {Name: "部分符合", Credit: 0.5}, {Name: "不符合"}},
		Sections: []stdkb.ChecklistSection{
			{ID: "org", Title: "组织保障", Items: []stdkb.ChecklistItem{
				{ID: "org-1", Text: "建立试点工作领导机制，明确职责分工", Max: 10, Rule: stdkb.RuleLevels,
					Evidence: []string{"领导小组成立文件", "职责分工文件"}},
			}},
			{ID: "energy", Title: "节能管理", Items: []stdkb.ChecklistItem{
				{ID: "en-1", Text: "开展碳排放测算统计工作", Max: 8, Rule: stdkb.RuleBoolean, Evidence: []string{"测算统计报表"}},
				{ID: "en-2", Text: "推行能源费用托管", Max: 6, Rule: stdkb.RuleScore},
			}},
		},
		BodyText: "评分规则：按符合、部分符合、不符合分别得满分、一半、零分。\n缺少佐证材料的条目按得分的一半计，并提示评审组复核。",
	}
	for _, tc := range []struct {
		item stdkb.ChecklistItem
		want string
	}{
		{c.Sections[0].Items[0], "建立试点工作领导机制，明确职责分工（满分10分；按等级计分；佐证材料：领导小组成立文件、职责分工文件）"},
		{c.Sections[1].Items[0], "开展碳排放测算统计工作（满分8分；达标得满分，不达标不得分；佐证材料：测算统计报表）"},
		{c.Sections[1].Items[1], "推行能源费用托管（满分6分；直接填写 0 至 6 分）"},
	} {
		if got := itemText(tc.item); got != tc.want {
			t.Errorf("itemText(%s) = %q, want %q", tc.item.ID, got, tc.want)
		}
	}
	lib := stdkb.NewLibrary(fixtureLib.Framework, nil, []*stdkb.Checklist{c}, nil)
	lib.Lexicon = fixtureLib.Lexicon
	lib.Hash = "checklist-scoring"
	ix, err := Build(lib, "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	for _, tc := range []struct{ query, want string }{
		{"领导小组成立文件", "org"},
		{"领导小组要交什么佐证材料", "org"},
		{"碳排放的佐证材料", "energy"},
		{"托管满分几分", "energy"},
		{"碳排放不达标得几分", "energy"},
	} {
		res := mustSearch(t, ix, Request{Query: tc.query})
		if len(res.Hits) == 0 || res.Hits[0].Section != tc.want {
			t.Errorf("%s: hits %v, want pilot#%s first", tc.query, ids(res.Hits), tc.want)
		}
	}
}
