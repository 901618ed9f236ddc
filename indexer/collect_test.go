package indexer

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"

	"stdkb"
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
			// Index some entries again: their old numbers die and they get new ones in a new
			// segment, so the merge renumbers documents even when scorch merged the build's
			// segments into one already (it may, depending on timing).
			batch := ix.bleve.NewBatch()
			for _, e := range catalog(lib)[:200] {
				doc, err := ix.document(e)
				if err != nil {
					t.Fatal(err)
				}
				if err := batch.IndexAdvanced(doc); err != nil {
					t.Fatal(err)
				}
			}
			if err := ix.bleve.Batch(batch); err != nil {
				t.Fatal(err)
			}
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
			res := mustSearch(t, ix, Request{Query: q, Limit: MaxLimit, Page: page, Flat: true})
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
		shown := len(res.Hits) // with the sections shown under them as quotes
		for _, h := range res.Hits {
			shown += len(h.Quotes)
		}
		if res.Total != uint64(tt.want) || sum != tt.want || shown != min(tt.want, MaxLimit) {
			t.Errorf("%s: total %d, type facets sum to %d, %d sections shown; want %d", tt.query, res.Total, sum, shown, tt.want)
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
	lib := GenerateCorpus(fixtureLib, 1000, 7000, 1) // long enough sections that 节能 stays in over 90% of them as content grows
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
		res := mustSearch(t, ix, Request{Query: q, Limit: MaxLimit, Page: page, Flat: true})
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
			if res.Groups == nil {
				t.Fatalf("%s: grouped result without groups", sortBy)
			}
			groups = *res.Groups
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

// TestRandomPhrasesAreLiteral searches for random pieces of the content's text, punctuation
// and all, as quoted phrases: each must find exactly the sections holding it.
func TestRandomPhrasesAreLiteral(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	var latest []*entry
	for _, e := range ix.entries {
		if e.Latest {
			latest = append(latest, e)
		}
	}
	sort.Slice(latest, func(i, j int) bool { return latest[i].ID < latest[j].ID })
	rng := rand.New(rand.NewPCG(7, 11))
	tried := 0
	for tried < 300 {
		runes := []rune(latest[rng.IntN(len(latest))].Text)
		n := 2 + rng.IntN(7)
		if len(runes) <= n {
			continue
		}
		start := rng.IntN(len(runes) - n)
		phrase := string(runes[start : start+n])
		if strings.ContainsAny(phrase, "\"“”＂\n ") || strings.TrimSpace(phrase) != phrase {
			continue
		}
		if ids, _ := stdkb.FindIdentifiers(phrase); len(ids) > 0 {
			continue // identifiers are taken out of queries before phrases
		}
		tried++
		want := 0
		for _, e := range latest {
			if e.contains(foldASCII(phrase)) {
				want++
			}
		}
		res, err := ix.Search(context.Background(), Request{Query: `"` + phrase + `"`, Limit: 1})
		if err != nil {
			t.Errorf("%q: %v", phrase, err)
			continue
		}
		if res.Total != uint64(want) {
			t.Errorf("%q: total %d, %d sections hold it", phrase, res.Total, want)
		}
	}
}

// TestWordOrderDoesNotMatter checks that a typed word counts as typed even when an earlier word
// brought it in as a synonym or a word inside it: the order of the words changes nothing.
func TestWordOrderDoesNotMatter(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	for _, pair := range [][2]string{{"招待 接待", "接待 招待"}, {"公务用车 用车", "用车 公务用车"}, {"节能 节约能源", "节约能源 节能"}} {
		a := mustSearch(t, ix, Request{Query: pair[0], Limit: 20})
		b := mustSearch(t, ix, Request{Query: pair[1], Limit: 20})
		if a.Total != b.Total || len(a.Hits) != len(b.Hits) {
			t.Errorf("%q finds %d, %q finds %d", pair[0], a.Total, pair[1], b.Total)
			continue
		}
		for i := range a.Hits {
			if a.Hits[i].Score != b.Hits[i].Score {
				t.Errorf("%q and %q rank differently at %d: %s %.3f, %s %.3f", pair[0], pair[1], i, a.Hits[i].ID, a.Hits[i].Score, b.Hits[i].ID, b.Hits[i].Score)
				break
			}
		}
	}
}

// TestGroupTiesGoToTheFirstSection checks that when sections of an edition score the same, the
// first of them in the document stands for it, whatever order the index holds them in.
func TestGroupTiesGoToTheFirstSection(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	res := mustSearch(t, ix, Request{Query: `"的"`, Group: true, Limit: MaxLimit}) // every section scores the same
	if len(res.Hits) == 0 {
		t.Fatal("no hits")
	}
	for _, h := range res.Hits {
		shown := ix.entries[h.ID]
		for _, e := range ix.entries {
			if e.Group == shown.Group && e.Latest && e.contains("的") && e.Ordinal < shown.Ordinal {
				t.Errorf("%s stands for %s, but %s comes first", h.ID, shown.Group, e.ID)
				break
			}
		}
	}
}
