package indexer

import (
	"slices"
	"strings"
	"testing"

	"stdkb"
)

func TestForSentences(t *testing.T) {
	var got []string
	forSentences("一是节能。二是节水！三是？\n四是\n\n。", func(s string) { got = append(got, s) })
	if want := []string{"一是节能", "二是节水", "三是", "四是"}; !slices.Equal(got, want) {
		t.Errorf("forSentences = %q, want %q", got, want)
	}
}

// TestPassagesRankTheirSection: two review chapters of one length hold the query's two words.
// The first holds them in one sentence; the second holds one of them once more, and the other
// in a sentence of its own. Without passage evidence the second ranks first; with it, the
// first does. A query of one unit keeps the first pass's order.
func TestPassagesRankTheirSection(t *testing.T) {
	testIndex(t, AnalyzerGSE)
	eff := stdkb.MustDate("2024-01-01")
	filler := func(n int) string {
		return strings.Repeat("坚持以人民为中心的发展思想，认真履行部门职能职责，做好各项服务保障工作。", n)
	}
	e := outline(
		"1 - 发展基础 | "+filler(6)+"全市公务用车实行标识化管理，建成充电桩7545个。"+filler(6),
		"2 - 主要任务 | "+filler(5)+"加快充电桩建设，充电桩统一管理。"+filler(6)+"完善标识化管理。",
		"3 - 充电设施 | 充电桩由机关事务部门统一建设。",
		"4 - 会议 | 会议费实行总额控制。",
		"5 - 培训 | 培训应当附通知。",
		"6 - 接待 | 接待对象应当出具公函。",
		"7 - 食堂 | 食堂应当公示菜谱。",
		"8 - 节水 | 节水器具应当普及。",
	)
	e.Title, e.Number, e.Level, e.Status, e.Issued, e.Effective = "机关事务工作规划", "DB50/T 9904-2024", "地方", "现行", eff, eff
	ix := documentsIndex(t, []*stdkb.Document{{ID: "doc", Kind: stdkb.KindStandard, Editions: []*stdkb.Edition{e}}}, "passages")
	first := func(on bool, q string) string {
		t.Helper()
		w, s := passageWeight, passageScatter
		if !on {
			passageWeight, passageScatter = 0, 0
		}
		defer func() { passageWeight, passageScatter = w, s }()
		return firstSection(t, ix, q)
	}
	for _, tt := range []struct {
		query, without, with string
	}{
		{"标识化充电桩", "2", "1"},
		{"充电桩标识化", "2", "1"},
		{"会议费", "4", "4"}, // one unit: left alone
	} {
		if got := first(false, tt.query); got != tt.without {
			t.Errorf("%s without passage evidence: %s first, want %s (the test's premise)", tt.query, got, tt.without)
		}
		if got := first(true, tt.query); got != tt.with {
			t.Errorf("%s: %s first, want %s", tt.query, got, tt.with)
		}
	}
}
