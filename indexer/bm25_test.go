package indexer

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"

	"stdkb"
)

// smallIndex builds an index of one sample standard whose sections hold texts (section id →
// text), with the content's dictionary and lexicon.
func smallIndex(t *testing.T, texts map[string]string) *Index {
	t.Helper()
	testIndex(t, AnalyzerGSE)
	eff := stdkb.MustDate("2024-01-01")
	e := &stdkb.Edition{DocID: "small", Key: "2024", Kind: stdkb.KindStandard, Title: "测试规范",
		Number: "DB50/T 9999-2024", Level: "地方", Status: "现行", Issued: eff, Effective: eff, Sample: true}
	for i, id := range sortedKeys(texts) {
		e.Sections = append(e.Sections, &stdkb.Section{ID: id, Number: fmt.Sprint(i + 1), Title: "条款", Depth: 1,
			Path: []string{"条款"}, Text: texts[id]})
	}
	docs := []*stdkb.Document{{ID: "small", Kind: stdkb.KindStandard, Editions: []*stdkb.Edition{e}}}
	return documentsIndex(t, docs, "small-"+strings.Join(sortedKeys(texts), ","))
}

// TestLongSectionsKeepTheirWeight checks the body's length normalisation: a section that names
// the query's word nine times in a few lines outranks a five-character one that names it once,
// which it does not when bleve scores with its own statistics (the vocabulary as average length,
// b 0.75 everywhere).
func TestLongSectionsKeepTheirWeight(t *testing.T) {
	texts := map[string]string{
		"long":  strings.Repeat("机关食堂推进节能。", 9),
		"short": "推进节能。",
	}
	for i := range 6 {
		texts[fmt.Sprintf("other%d", i)] = strings.Repeat("办公用房维修应当制定年度计划。", 2*(i+1))
	}
	ix := smallIndex(t, texts)
	top := func() string {
		ix.bm25 = bm25Stats{}
		res := mustSearch(t, ix, Request{Query: "节能", Flat: true})
		if len(res.Hits) < 2 {
			t.Fatalf("节能 finds %d sections, want 2", len(res.Hits))
		}
		return res.Hits[0].Section
	}
	if got := top(); got != "long" {
		t.Errorf("节能: top hit %s, want the long section", got)
	}
	saved, lengths := maps.Clone(fieldB), ix.lengths
	defer func() { fieldB = saved }()
	fieldB, ix.lengths = map[string]float64{}, nil // bleve's statistics and b
	if got := top(); got != "short" {
		t.Errorf("with bleve's own statistics the top hit is %s; the test needs the short section there", got)
	}
	ix.lengths = lengths
}

// TestFieldLengthsRecorded checks that the build records the real total length of each text
// field — the tokens bleve's norms count — and that an index opened from disk reads the same
// totals, which its searches then use as BM25's average length.
func TestFieldLengthsRecorded(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	body := 0
	for _, e := range ix.entries {
		body += len(ix.analyze(e.Text))
	}
	if got := ix.lengths["body"]; got != body {
		t.Errorf("body length %d recorded, the sections' analysis gives %d", got, body)
	}
	if ix.lengths["path"] == 0 || ix.lengths[gramsField] <= body {
		t.Errorf("lengths %v: want a path length and more character terms than words", ix.lengths)
	}
	lib, data := indexedDataDir(t)
	opened, built, err := OpenDir(context.Background(), lib, data, DirOptions{})
	if err != nil || built {
		t.Fatalf("reopen: built=%v err=%v", built, err)
	}
	defer opened.Close()
	if !maps.Equal(opened.lengths, ix.lengths) {
		t.Errorf("reopened index reads lengths %v, the build recorded %v", opened.lengths, ix.lengths)
	}
	st := opened.bm25.get(opened)
	if st == nil {
		t.Fatal("no BM25 statistics")
	}
	if want := int(float64(body) * pivotFactor(fieldB["body"])); st.FieldCardinality["body"] != want {
		t.Errorf("body statistic %d, want the real length times the pivot, %d", st.FieldCardinality["body"], want)
	}
}
