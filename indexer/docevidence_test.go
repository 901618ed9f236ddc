package indexer

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"stdkb"
)

// editionsIndex builds an index of sample standards, one per key of docs, whose sections hold
// the texts given (section id → text), with the content's dictionary and lexicon.
func editionsIndex(t *testing.T, docs map[string]map[string]string) *Index {
	t.Helper()
	testIndex(t, AnalyzerGSE)
	eff := stdkb.MustDate("2024-01-01")
	var all []*stdkb.Document
	for n, id := range slices.Sorted(maps.Keys(docs)) {
		e := &stdkb.Edition{DocID: id, Key: "2024", Kind: stdkb.KindStandard, Title: fmt.Sprintf("测试规范%d", n+1),
			Number: fmt.Sprintf("DB50/T 99%02d-2024", n), Level: "地方", Status: "现行", Issued: eff, Effective: eff, Sample: true}
		for i, sec := range sortedKeys(docs[id]) {
			e.Sections = append(e.Sections, &stdkb.Section{ID: sec, Number: fmt.Sprint(i + 1), Title: "条款", Depth: 1,
				Path: []string{"条款"}, Text: docs[id][sec]})
		}
		all = append(all, &stdkb.Document{ID: id, Kind: stdkb.KindStandard, Editions: []*stdkb.Edition{e}})
	}
	return documentsIndex(t, all, "editions-"+strings.Join(slices.Sorted(maps.Keys(docs)), ","))
}

// documentsIndex builds an index of docs with the content's framework, dictionary and lexicon;
// hash names the library. The fixture library must be loaded (testIndex).
func documentsIndex(t *testing.T, docs []*stdkb.Document, hash string) *Index {
	t.Helper()
	lib := stdkb.NewLibrary(fixtureLib.Framework, docs, nil, nil)
	lib.Lexicon = fixtureLib.Lexicon
	lib.Hash = hash
	ix, err := Build(lib, "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// TestDocumentEvidence: two sections match one word of the query equally but for their length;
// the slightly longer one belongs to a standard that holds the query's other word in another
// section. With document evidence it ranks first; without, the shorter one does. A query whose
// words every matching edition holds alike keeps the first pass's order.
func TestDocumentEvidence(t *testing.T) {
	ix := editionsIndex(t, map[string]map[string]string{
		"covers": {
			"a1": "机关推进节能工作。",
			"a2": "机关食堂应当公示每日菜谱，接受就餐人员监督，并定期征求意见和建议。",
		},
		"partial": {
			"b1": "推进节能。",
			"b2": "办公用房维修应当制定年度计划。",
		},
		"other": {
			"c1": "会议费按规定执行。",
			"c2": "培训应当附通知。",
		},
	})
	order := func(weight float64, q string) []string {
		t.Helper()
		saved := evidenceWeight
		evidenceWeight = weight
		defer func() { evidenceWeight = saved }()
		var out []string
		for _, h := range mustSearch(t, ix, Request{Query: q, Flat: true}).Hits {
			out = append(out, h.Section)
		}
		return out
	}
	before := func(hits []string, a, b string) bool {
		i, j := slices.Index(hits, a), slices.Index(hits, b)
		return i >= 0 && j >= 0 && i < j
	}
	if got := order(0, "节能 食堂"); !before(got, "b1", "a1") {
		t.Fatalf("without document evidence: %v, want the shorter b1 above a1 (the test's premise)", got)
	}
	if got := order(evidenceWeight, "节能 食堂"); !before(got, "a1", "b1") {
		t.Errorf("节能 食堂: %v, want a1, whose standard also holds 食堂, above b1", got)
	}
	if plain, got := order(0, "节能"), order(evidenceWeight, "节能"); !slices.Equal(plain, got) {
		t.Errorf("节能: %v with document evidence, %v without; both editions hold the one word", got, plain)
	}
}

// BenchmarkEvidenceCoverage measures document evidence for the query mix on the benchmark
// corpus with nothing cached (every word's postings walked, as the first time a word is
// asked), beside the whole query with the cache warm.
func BenchmarkEvidenceCoverage(b *testing.B) {
	ix := benchIndex(b, AnalyzerGSE)
	qs := queryMix(b)
	adv, err := ix.bleve.Advanced()
	if err != nil {
		b.Fatal(err)
	}
	var cold, query time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q := qs[i%len(qs)]
		p, err := parseQuery(q)
		if err != nil {
			b.Fatal(err)
		}
		r, err := adv.Reader()
		if err != nil {
			b.Fatal(err)
		}
		table, err := ix.docs.of(r, ix.entries)
		if err != nil {
			b.Fatal(err)
		}
		table.holders = holderCache{}
		start := time.Now()
		evidenceFactors(r, table, ix.evidenceWords(p))
		cold += time.Since(start)
		r.Close()
		start = time.Now()
		if _, err := ix.Search(context.Background(), Request{Query: q, Limit: 10}); err != nil {
			b.Fatal(err)
		}
		query += time.Since(start)
	}
	b.ReportMetric(float64(cold.Microseconds())/float64(b.N), "cold-evidence-µs/op")
	b.ReportMetric(float64(query.Microseconds())/float64(b.N), "query-µs/op")
}
