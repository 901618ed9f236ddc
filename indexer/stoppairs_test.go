package indexer

import (
	"context"
	"maps"
	"reflect"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/search/query"
)

// TestCommonPairs checks which pairs are stop-pairs: those in more than the share of sections,
// counted once per section, and none in a library too small for shares to mean anything; in a
// large library, counted in a sample.
func TestCommonPairs(t *testing.T) {
	sections := func(n int) []*entry {
		var out []*entry
		for i := range n {
			text := "公务公务公务。" // in every section, three times over
			if i%4 == 0 {
				text += "用车" // 25%
			}
			if i%10 == 0 {
				text += "节约" // 10%
			}
			out = append(out, &entry{Title: "规范", Path: []string{"1 总则"}, Text: text})
		}
		return out
	}
	for _, tc := range []struct {
		sections int
		share    float64
		want     []string
	}{
		{400, 0.2, []string{"公务", "务公", "总则", "用车", "规范"}},
		{400, 0.5, []string{"公务", "务公", "总则", "规范"}},
		{400, 0.05, []string{"公务", "务公", "总则", "用车", "节约", "规范"}},
		{stopPairMinSections - 1, 0.2, nil},
		{3 * stopPairSample, 0.2, []string{"公务", "务公", "总则", "用车", "规范"}}, // every 3rd section counted
	} {
		if got := commonPairs(sections(tc.sections), tc.share); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%d sections, share %.2f: got %q, want %q", tc.sections, tc.share, got, tc.want)
		}
	}
}

// TestStopPairsEncoding checks that stop-pairs survive being stored with the index, and that a
// damaged list is refused rather than read as some other set.
func TestStopPairsEncoding(t *testing.T) {
	want := newStopPairSet([]string{"公务", "用车", "𠀀𠀁"})
	got, err := decodeStopPairs(want.encode())
	if err != nil || !maps.Equal(got, want) {
		t.Fatalf("round trip: got %v (%v), want %v", got, err, want)
	}
	if s, err := decodeStopPairs(nil); err != nil || len(s) != 0 {
		t.Errorf("no list (an index built before stop-pairs): got %v, %v; want none", s, err)
	}
	for _, bad := range []string{"公务\nab", "公务\n公", "公务\n公务用"} {
		if _, err := decodeStopPairs([]byte(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// TestGramFieldSkipsStopPairs checks that the character view of every section of the content
// leaves the stop-pairs out and nothing else: the other terms and their counts are those
// without stop-pairs, and the length still counts every term, so the others score as before.
func TestGramFieldSkipsStopPairs(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	if len(ix.stop) == 0 {
		t.Fatal("the content has no stop-pairs; the test needs some")
	}
	dropped := 0
	for _, e := range catalog(fixtureLib) {
		all, some := gramField(gramsText(e), nil), gramField(gramsText(e), ix.stop)
		all.Analyze()
		some.Analyze()
		if some.AnalyzedLength() != all.AnalyzedLength() {
			t.Errorf("%s: length %d, want %d", e.ID, some.AnalyzedLength(), all.AnalyzedLength())
		}
		want := freqsOf(all.AnalyzedTokenFrequencies())
		maps.DeleteFunc(want, func(term string, _ int) bool { return ix.stop.hasTerm([]byte(term), isHan([]rune(term)[0])) })
		dropped += len(all.AnalyzedTokenFrequencies()) - len(want)
		if got := freqsOf(some.AnalyzedTokenFrequencies()); !maps.Equal(got, want) {
			t.Errorf("%s: terms %v, want %v", e.ID, got, want)
		}
	}
	if dropped == 0 {
		t.Error("no section lost a stop-pair")
	}
}

// TestStopPairsReopened checks that an index opened from disk knows its stop-pairs, and that a
// query looks for none of them: the index holds no postings for them, so a stop-pair would
// otherwise count as the rarest pair of the query.
func TestStopPairsReopened(t *testing.T) {
	built := testIndex(t, AnalyzerGSE)
	ix, _, err := OpenDir(context.Background(), fixtureLib, t.TempDir(), DirOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if len(ix.stop) == 0 || !maps.Equal(ix.stop, built.stop) {
		t.Fatalf("reopened index has %d stop-pairs, the built one %d", len(ix.stop), len(built.stop))
	}
	stop, asked := ix.stop, 0
	for k := range stop {
		pair := unpackPair(k)
		text := "仓" + pair + "仓"
		if slices.Contains(gramTerms(ix.gramQuery(text)), pair) {
			t.Errorf("%q: the query looks for the stop-pair %s", text, pair)
		}
		ix.stop = nil // as if the index did not know it
		if slices.Contains(gramTerms(ix.gramQuery(text)), pair) {
			asked++
		}
		ix.stop = stop
	}
	if asked == 0 {
		t.Error("without the list no query looked for a stop-pair either; the test shows nothing")
	}
}

// gramTerms returns the terms a query of the character view looks for.
func gramTerms(q query.Query) []string {
	var out []string
	switch q := q.(type) {
	case *query.DisjunctionQuery:
		for _, d := range q.Disjuncts {
			out = append(out, gramTerms(d)...)
		}
	case *query.TermQuery:
		out = append(out, q.Term)
	}
	return out
}
