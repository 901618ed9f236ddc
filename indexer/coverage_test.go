package indexer

import (
	"fmt"
	"slices"
	"testing"

	"stdkb"
)

// TestCoverageUnits checks what the query's units hold: a typed word with its sub-words and
// the thesaurus terms of a phrase it is part of, and a phrase of lone characters as a unit of
// its own.
func TestCoverageUnits(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	for _, tt := range []struct {
		query string
		unit  []string // words of the unit that holds the first of them
	}{
		{"修到一半想加项目", []string{"项目", "变更"}}, // 加项目 => 变更
		{"修到一半想加项目", []string{"一半"}},
	} {
		var got []string
		for _, u := range ix.coverageUnits(ix.questions.plain(tt.query, ix.seg)) {
			if u[0] == tt.unit[0] {
				got = u
			}
		}
		for _, w := range tt.unit {
			if !slices.Contains(got, w) {
				t.Errorf("%s: the unit of %s is %q, want it to hold %s", tt.query, tt.unit[0], got, w)
			}
		}
	}
}

// TestCoverageRanksWhatCoversTheQuery: section 1 holds one thing the query says (办公楼) in its
// heading and body; section 2 holds the other two, one in the content's own words (变更 for
// 加项目), in a body alone. With coverage section 2 ranks first; without, section 1 does (its body
// short enough that it still does with thesaurus terms at 0.8, round 8). A query of one unit
// (会议费) keeps the first pass's order.
func TestCoverageRanksWhatCoversTheQuery(t *testing.T) {
	testIndex(t, AnalyzerGSE)
	eff := stdkb.MustDate("2024-01-01")
	e := outline(
		"1 - 办公楼 | 办公楼实行统一权属、统一配置、统一处置的管理制度，杜绝办公楼闲置浪费。",
		"2 - 实施管理 | 实施过程中确需变更维修项目内容的，应当按照规定的程序报经主管部门批准后实施。",
		"3 - 会议 | 会议费按规定执行。",
		"4 - 会议费 | 会议费实行总额控制，会议费不得超支。",
		"5 - 培训 | 培训应当附通知。",
	)
	e.Title, e.Number, e.Level, e.Status, e.Issued, e.Effective = "机关事务工作规范", "DB50/T 9903-2024", "地方", "现行", eff, eff
	ix := documentsIndex(t, []*stdkb.Document{{ID: "doc", Kind: stdkb.KindStandard, Editions: []*stdkb.Edition{e}}}, "coverage")
	first := func(weight float64, q string) string {
		t.Helper()
		saved := coverageWeight
		coverageWeight = weight
		defer func() { coverageWeight = saved }()
		return firstSection(t, ix, q)
	}
	for _, tt := range []struct {
		query, without, with string
	}{
		{"办公楼维修想加项目", "1", "2"},
		{"会议费", "4", "4"},
	} {
		if got := first(0, tt.query); got != tt.without {
			t.Fatalf("%s without coverage: %s first, want %s (the test's premise)", tt.query, got, tt.without)
		}
		if got := first(coverageWeight, tt.query); got != tt.with {
			t.Errorf("%s: %s first, want %s", tt.query, got, tt.with)
		}
	}
}

// TestSectionCacheKeepsTheIndexWords: words no section holds, which anyone can type, are not
// cached, so a run of them cannot fill the cache and leave the index's own words uncached.
func TestSectionCacheKeepsTheIndexWords(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	r, err := ix.reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	table, err := ix.docs.of(r, ix.entries)
	if err != nil {
		t.Fatal(err)
	}
	n, err := r.DocCount()
	if err != nil {
		t.Fatal(err)
	}
	var c sectionCache
	for i := range maxCoverageWords {
		if bits, common := c.of(r, table, fmt.Sprintf("无此词%d", i), n); bits != nil || common {
			t.Fatalf("无此词%d: bits %v, common %v; want none", i, bits, common)
		}
	}
	bits, common := c.of(r, table, "公务用车", n)
	if bits == nil && !common {
		t.Fatal("公务用车: in no section; want the word the test's premise holds")
	}
	if _, ok := c.words["公务用车"]; !ok {
		t.Errorf("公务用车 not cached after %d words no section holds (cache holds %d)", maxCoverageWords, len(c.words))
	}
}
