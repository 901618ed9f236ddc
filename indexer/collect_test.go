package indexer

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
)

// TestFacetTableMatchesBleveFacets compares the counts from the document table with bleve's own
// doc-values facets for the same queries, on an index of several segments that scorch merges
// while the test runs (which renumbers documents).
func TestFacetTableMatchesBleveFacets(t *testing.T) {
	testIndex(t, AnalyzerGSE)
	lib := GenerateCorpus(fixtureLib, 1600, 300, 7)
	ix, err := Build(lib, filepath.Join(t.TempDir(), "ix"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for round := 0; round < 2; round++ {
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
