package indexer

import (
	"slices"
	"testing"

	"stdkb"
)

func TestQueryLabels(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	tests := []struct {
		query string
		want  []string
	}{
		{"专栏3第5条", []string{"专栏3", "第5"}},
		{"专栏4最后一条说的啥", []string{"专栏4"}},
		{"附件2的表格", []string{"附件2"}},
		{"专栏 3", nil},            // a space parts them
		{"专栏三", []string{"专栏3"}}, // a number in characters
		{"附件二的表格", []string{"附件2"}},
		{"专栏十二", []string{"专栏12"}},
		{"专栏03的内容", []string{"专栏3"}},
		{"2020年的用房通知", nil},     // a number before the word
		{"ISO9001在机关里试点吗", nil}, // letters, not characters
	}
	for _, tt := range tests {
		if got := ix.queryLabels(tt.query); !slices.Equal(got, tt.want) {
			t.Errorf("queryLabels(%q) = %q, want %q", tt.query, got, tt.want)
		}
	}
}

func TestSmallChineseNumber(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"三", 3, true}, {"十", 10, true}, {"十二", 12, true}, {"二十", 20, true}, {"九十九", 99, true},
		{"两", 0, false}, {"百", 0, false}, {"三三", 0, false}, {"十十", 0, false}, {"一百", 0, false},
		{"三十一二", 0, false}, {"3", 0, false}, {"", 0, false},
	}
	for _, tt := range tests {
		got, ok := smallChineseNumber(tt.in)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("smallChineseNumber(%q) = %d, %v, want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestHeadedBy(t *testing.T) {
	tests := []struct {
		path   []string
		labels []string
		want   bool
	}{
		{[]string{"第三章 深化改革", "专栏3：标准化建设主要工作"}, []string{"专栏3"}, true},
		{[]string{"第三章 深化改革", "专栏3"}, []string{"专栏3"}, true},
		{[]string{"第三章 深化改革", "专栏31：其他工作"}, []string{"专栏3"}, false},   // another number
		{[]string{"专栏3：标准化建设主要工作", "一、制定标准"}, []string{"专栏3"}, false}, // an ancestor's label
		{[]string{"第三章 深化改革", "推进专栏3所列工作"}, []string{"专栏3"}, false},   // not at the start
		{[]string{"第三章 深化改革", "专栏3：标准化建设主要工作"}, nil, false},
		{nil, []string{"专栏3"}, false},
	}
	for _, tt := range tests {
		if got := headedBy(&entry{Path: tt.path}, tt.labels); got != tt.want {
			t.Errorf("headedBy(%q, %q) = %v, want %v", tt.path, tt.labels, got, tt.want)
		}
	}
}

// TestLabelsRankTheirSection: a section citing the columns by label in its text, numbers and
// all, outranks the column a query names by its label, unless the label's heading counts.
func TestLabelsRankTheirSection(t *testing.T) {
	testIndex(t, AnalyzerGSE)
	eff := stdkb.MustDate("2024-01-01")
	e := outline(
		"1 - 第一章 总体要求 | 本章提出五年工作的总体要求。",
		"c3 1 专栏3：标准化建设主要工作 | 制定地方标准；推进标准化试点；开展标准复审；建设标准信息平台；培育标准化人才。",
		"2 - 第二章 指标 | 指标依据专栏1、专栏2、专栏3、专栏4设置，共3类13项：专栏3的标准化指标3项，专栏4的信息化指标3项，专栏2的法治指标3项。",
	)
	e.Title, e.Number, e.Level, e.Status, e.Issued, e.Effective = "机关事务工作规划", "DB50/T 9902-2024", "地方", "现行", eff, eff
	ix := documentsIndex(t, []*stdkb.Document{{ID: "doc", Kind: stdkb.KindStandard, Editions: []*stdkb.Edition{e}}}, "labels")
	first := func(factor float64, q string) string {
		t.Helper()
		saved := labelFactor
		labelFactor = factor
		defer func() { labelFactor = saved }()
		return firstSection(t, ix, q)
	}
	for _, q := range []string{"专栏3第5条", "专栏3说的啥"} {
		if got := first(1, q); got != "2" {
			t.Fatalf("%s without the label factor: %s first, want the citing section 2 (the test's premise)", q, got)
		}
		if got := first(labelFactor, q); got != "c3" {
			t.Errorf("%s: %s first, want the column c3 its label names", q, got)
		}
	}
}

// firstSection returns the section a flat search for q ranks first, failing when none is found.
func firstSection(t *testing.T, ix *Index, q string) string {
	t.Helper()
	hits := mustSearch(t, ix, Request{Query: q, Flat: true}).Hits
	if len(hits) == 0 {
		t.Fatalf("%s: no hits", q)
	}
	return hits[0].Section
}
