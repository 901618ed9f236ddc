package indexer

import (
	"context"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// TestFacetTableMatchesBleveFacets compares the counts from the document table with bleve's own
// doc-values facets for the same queries, on an index of several segments and again after they
// are merged into one, which renumbers the documents.
func TestFacetTableMatchesBleveFacets(t *testing.T) {
	testIndex(t, AnalyzerGSE)
	lib := GenerateCorpus(fixtureLib, 1600, 300, 7)
	ix, err := Build(lib, filepath.Join(t.TempDir(), "ix"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for round := 0; round < 2; round++ {
		if round == 1 {
			before := ix.docs.last
			adv, err := ix.bleve.Advanced()
			if err != nil {
				t.Fatal(err)
			}
			if err := adv.(*scorch.Scorch).ForceMerge(context.Background(), &mergeplan.SingleSegmentMergePlanOptions); err != nil {
				t.Fatal(err)
			}
			mustSearch(t, ix, Request{Query: "公务用车"})
			if ix.docs.last == before {
				t.Fatal("the merge left the snapshot as it was; the test needs renumbered documents")
			}
		}
		for _, q := range []string{"公务用车", "节能 level:地方", "管理 办公用房", "domain:B"} {
			got := mustSearch(t, ix, Request{Query: q})
			p, err := parseQuery(q)
			if err != nil {
				t.Fatal(err)
			}
			bq, _, err := ix.buildQuery(p, &Request{Query: q})
			if err != nil {
				t.Fatal(err)
			}
			sr := bleve.NewSearchRequestOptions(bq, 0, 0, false)
			sr.AddFacet(facetField, bleve.NewFacetRequest(facetField, 10000))
			res, err := ix.bleve.Search(sr)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string][]FacetCount{}
			for _, name := range facetFields {
				want[name] = []FacetCount{}
			}
			for _, tf := range res.Facets[facetField].Terms.Terms() {
				name, value, _ := strings.Cut(tf.Term, "=")
				want[name] = append(want[name], FacetCount{Value: value, Count: tf.Count})
			}
			for _, counts := range want {
				sortFacet(counts)
			}
			if got.Total != res.Total || got.Total == 0 {
				t.Errorf("%q: total %d, bleve %d", q, got.Total, res.Total)
			}
			if !reflect.DeepEqual(got.Facets, want) {
				t.Errorf("%q round %d: facets\n got %v\nwant %v", q, round, got.Facets, want)
			}
		}
	}
}

// TestLiteralFilterKeepsTotalsAndFacets checks that matches dropped for a phrase or an
// exclusion are left out of the total and the facets, not only out of the page.
func TestLiteralFilterKeepsTotalsAndFacets(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	all := func(q string) []Hit {
		var hits []Hit
		for page := 1; ; page++ {
			res := mustSearch(t, ix, Request{Query: q, Limit: MaxLimit, Page: page})
			hits = append(hits, res.Hits...)
			if len(res.Hits) < MaxLimit {
				return hits
			}
		}
	}
	base := all("公务用车")
	var without, with int
	for _, h := range base {
		if ix.entries[h.ID].contains("新能源") {
			with++
		} else {
			without++
		}
	}
	if with == 0 || without == 0 {
		t.Fatalf("test needs hits with and without 新能源: %d and %d", with, without)
	}
	for _, tt := range []struct {
		query string
		want  int
	}{
		{"公务用车 -新能源", without},
		{`公务用车 "新能源"`, with},
	} {
		res := mustSearch(t, ix, Request{Query: tt.query, Limit: MaxLimit})
		sum := 0
		for _, f := range res.Facets["type"] {
			sum += f.Count
		}
		if res.Total != uint64(tt.want) || sum != tt.want || len(res.Hits) != min(tt.want, MaxLimit) {
			t.Errorf("%s: total %d, type facets sum to %d, %d hits; want %d", tt.query, res.Total, sum, len(res.Hits), tt.want)
		}
	}
}

// TestPhrasesAreLiteral checks that a quoted phrase finds exactly the sections whose headings or
// text hold it, including phrases that cut through words (务用车 inside 公务用车) and single
// characters.
func TestPhrasesAreLiteral(t *testing.T) {
	for _, a := range []string{AnalyzerGSE, AnalyzerCJK} {
		ix := testIndex(t, a)
		for _, phrase := range []string{"务用车", "车辆管", "源", "节能", "公务用车管理", "新能源汽车配备比例"} {
			want := 0
			for _, e := range ix.entries {
				if e.Latest && e.contains(phrase) {
					want++
				}
			}
			res := mustSearch(t, ix, Request{Query: `"` + phrase + `"`, Limit: MaxLimit})
			if want == 0 || res.Total != uint64(want) {
				t.Errorf("%s %q: total %d, want %d sections holding it", a, phrase, res.Total, want)
			}
			marked := regexp.MustCompile(`<mark>[^<]*` + regexp.QuoteMeta(phrase) + `[^<]*</mark>`)
			for _, h := range res.Hits {
				if !ix.entries[h.ID].contains(phrase) {
					t.Errorf("%s %q: hit %s does not hold it", a, phrase, h.ID)
				}
				if strings.Contains(ix.entries[h.ID].Text, phrase) && !marked.MatchString(h.Snippet) {
					t.Errorf("%s %q: snippet of %s does not mark it: %s", a, phrase, h.ID, h.Snippet)
				}
			}
		}
	}
}

// TestCommonWordStaysSearchable checks that leaving common words out of a query never drops the
// user's own word in favour of its synonym: 节能 is in nearly every section of this corpus, its
// synonym 节约能源 in far fewer, and a search for 节能 must still find every section holding it.
func TestCommonWordStaysSearchable(t *testing.T) {
	testIndex(t, AnalyzerGSE)
	lib := GenerateCorpus(fixtureLib, 1000, 5000, 1)
	ix, err := Build(lib, "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if f := ix.docFraction("节能"); f <= commonFractions[len(commonFractions)-1] {
		t.Fatalf("节能 is in %.0f%% of sections; the test needs it in more than %.0f%%", 100*f, 100*commonFractions[len(commonFractions)-1])
	}
	holding := 0
	for _, e := range ix.entries {
		for _, tk := range ix.seg.Expanded(e.Text) {
			if tk.Text == "节能" {
				holding++
				break
			}
		}
	}
	if res := mustSearch(t, ix, Request{Query: "节能"}); res.Total < uint64(holding) {
		t.Errorf("节能 finds %d sections, %d hold the word", res.Total, holding)
	}
}

// TestGroupedPaging pages through grouped results in both orders: every document edition comes
// exactly once, as its best-scoring section, and the count of groups is right.
func TestGroupedPaging(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	const q = `管理 -"办法"`
	best := map[string]float64{}
	for page := 1; ; page++ {
		res := mustSearch(t, ix, Request{Query: q, Limit: MaxLimit, Page: page})
		for _, h := range res.Hits {
			key := h.DocID + "@" + h.Edition
			best[key] = max(best[key], h.Score)
		}
		if len(res.Hits) < MaxLimit {
			break
		}
	}
	for _, sortBy := range []string{"relevance", "date"} {
		var all []Hit
		groups := -1
		for page := 1; ; page++ {
			res := mustSearch(t, ix, Request{Query: q, Limit: 7, Page: page, Group: true, Sort: sortBy})
			groups = res.Groups
			all = append(all, res.Hits...)
			if len(res.Hits) < 7 {
				break
			}
		}
		if groups != len(best) || len(all) != len(best) {
			t.Errorf("%s: %d groups reported, %d paged, want %d", sortBy, groups, len(all), len(best))
		}
		seen := map[string]bool{}
		for i, h := range all {
			key := h.DocID + "@" + h.Edition
			if seen[key] {
				t.Errorf("%s: %s comes twice", sortBy, key)
			}
			seen[key] = true
			if h.Score != best[key] {
				t.Errorf("%s: %s shows a section scoring %.3f, its best scores %.3f", sortBy, key, h.Score, best[key])
			}
			if i > 0 && sortBy == "date" && h.Effective > all[i-1].Effective {
				t.Errorf("date: %s (%s) after %s", key, h.Effective, all[i-1].Effective)
			}
			if i > 0 && sortBy == "relevance" && h.Score > all[i-1].Score {
				t.Errorf("relevance: %s (%.3f) after %.3f", key, h.Score, all[i-1].Score)
			}
		}
	}
}
