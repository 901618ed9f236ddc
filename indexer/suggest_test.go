package indexer

import (
	"strings"
	"testing"

	"stdkb"
)

// TestZeroResultsSuggest checks that a search finding nothing suggests the closest lexicon and
// thesaurus terms the index holds, and that one finding something suggests nothing.
func TestZeroResultsSuggest(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	for _, tt := range []struct {
		query string
		want  string // a term among the suggestions; "" for none
	}{
		{"PEU", "电源使用效率"},                          // a typo of a synonym
		{"新能源汽車 year:1990", "新能源汽车"},               // one character typed in traditional form
		{"单位的车辆 type:indicator year:1990", "公务用车"}, // close to a thesaurus phrase
		{"zzqx", ""},
		{"公务用车", ""}, // found: no suggestions
	} {
		res := mustSearch(t, ix, Request{Query: tt.query})
		if tt.want == "" {
			if len(res.Suggestions) > 0 {
				t.Errorf("%s: %d hits, suggestions %+v; want none", tt.query, res.Total, res.Suggestions)
			}
			continue
		}
		if res.Total != 0 {
			t.Fatalf("%s: %d hits; the test needs a query that finds nothing", tt.query, res.Total)
		}
		found := false
		for _, s := range res.Suggestions {
			found = found || s.Term == tt.want
			if !ix.holds(s.Term) {
				t.Errorf("%s: suggests %q, which the index does not hold", tt.query, s.Term)
			}
		}
		if !found {
			t.Errorf("%s: suggestions %+v, want %q among them", tt.query, res.Suggestions, tt.want)
		}
	}
}

// TestSuggestionsNeverRepeatTheQuery: a query finding nothing because of its filters is not
// offered itself, typed another way (spaces, width, case), as a term to try.
func TestSuggestionsNeverRepeatTheQuery(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	for _, q := range []string{"新能源汽车 year:1990", "新能源 汽车 year:1990", "公物仓 year:1990", "ｐｕｅ year:1990", "电源使用效率 year:1990"} {
		res := mustSearch(t, ix, Request{Query: q})
		if res.Total != 0 {
			t.Fatalf("%s: %d hits; the test needs a query that finds nothing", q, res.Total)
		}
		text, _, _ := strings.Cut(q, " year:")
		for _, s := range res.Suggestions {
			if typedAlike(s.Term, text) {
				t.Errorf("%s: suggests %q, the query itself", q, s.Term)
			}
		}
	}
}

// typedAlike reports whether two terms differ only in spaces, width and case.
func typedAlike(a, b string) bool {
	fold := func(s string) string { return strings.ToLower(strings.ReplaceAll(stdkb.NormalizeWidth(s), " ", "")) }
	return fold(a) == fold(b)
}
