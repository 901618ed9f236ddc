package indexer

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
)

// TestFacetTableMatchesBleveFacets compares the counts from the facet table with bleve's own
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
		for _, q := range []string{"公务用车", "节能 level:地方", "管理 -办公用房", "domain:B"} {
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
