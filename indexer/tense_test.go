package indexer

import (
	"testing"

	"stdkb"
)

func TestQueryTense(t *testing.T) {
	testIndex(t, AnalyzerGSE)
	tc := newTenseCues(fixtureLib.Lexicon)
	tests := []struct {
		query string
		want  tense
	}{
		{"以前出了几个地标", tensePast},
		{"车改砍掉了多少辆车", tensePast},
		{"前五年招待过多少拨客人", tensePast}, // 五年 is a future cue; 前五年 a past one
		{"搞过哪些警示教育", tensePast},
		{"人均用能得压多少", tenseFuture},
		{"这五年还得再立几项地标", tenseFuture},
		{"公车贴标比例", tenseNone},
		{"大修计划啥时候报上去", tenseNone},
	}
	for _, tt := range tests {
		if got := tc.of(tt.query); got != tt.want {
			t.Errorf("tense of %q = %d, want %d", tt.query, got, tt.want)
		}
	}
	if got := (*tenseCues)(nil).of("以前出了几个地标"); got != tenseNone {
		t.Errorf("tense without cues = %d, want none", got)
	}
}

// TestTenseRanksTheLookBack: a plan's look back and its targets state figures in the same
// words. Asked what was done, the look back ranks first; asked what is to be done, the targets;
// asked neither, the words decide alone. Without the tense factor the words rank each query's
// answer second (the test's premise).
func TestTenseRanksTheLookBack(t *testing.T) {
	testIndex(t, AnalyzerGSE)
	eff := stdkb.MustDate("2021-01-01")
	e := outline(
		"ch1 - 第一章 发展基础 | “十三五”期间，公共机构人均综合能耗下降8.2%，单位建筑面积能耗下降9%，人均综合能耗连续五年下降；全市压减公务用车1200辆。",
		"ch2 - 第二章 主要目标 | 到2025年，压减公务用车300辆，公务用车中新能源汽车比例达到30%；人均综合能耗下降6%。",
	)
	e.DocID, e.Kind, e.Title, e.Level, e.Status, e.Issued, e.Effective = "plan", stdkb.KindRegulation, "机关事务工作规划", "规划", "现行", eff, eff
	ix := documentsIndex(t, []*stdkb.Document{{ID: "plan", Kind: stdkb.KindRegulation, Editions: []*stdkb.Edition{e}}}, "tense")
	first := func(factor float64, q string) string {
		t.Helper()
		saved := tenseFactor
		tenseFactor = factor
		defer func() { tenseFactor = saved }()
		return firstSection(t, ix, q)
	}
	tests := []struct {
		query         string
		without, with string // the first section without and with the tense factor
	}{
		{"压减了多少公务用车", "ch2", "ch1"},  // the past
		{"人均综合能耗得压多少", "ch1", "ch2"}, // the future
		{"压减公务用车", "ch2", "ch2"},     // neither
		{"人均综合能耗", "ch1", "ch1"},
	}
	for _, tt := range tests {
		if got := first(1, tt.query); got != tt.without {
			t.Fatalf("%s without the tense factor: %s first, want %s (the test's premise)", tt.query, got, tt.without)
		}
		if got := first(tenseFactor, tt.query); got != tt.with {
			t.Errorf("%s: %s first, want %s", tt.query, got, tt.with)
		}
	}
}
