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
