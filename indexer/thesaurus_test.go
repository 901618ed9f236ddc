package indexer

import (
	"slices"
	"strings"
	"testing"
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
