package indexer

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-ego/gse"
)

func fixtureSegmenter(t testing.TB) *Segmenter {
	t.Helper()
	testIndex(t, AnalyzerGSE)
	s, err := SegmenterFor(&fixtureLib.Lexicon)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// sameCuts reports where the buffered segmentation differs from gse.Segment on text, or "".
func sameCuts(s *Segmenter, text []byte) string {
	want := gseOf(s).Segment(text)
	var diff string
	s.withCuts(text, func(got []cut) {
		if len(got) != len(want) {
			diff = "different number of words"
			return
		}
		for i, c := range got {
			w := want[i]
			if c.start != w.Start() || c.end != w.End() {
				diff = "word " + string(text[c.start:c.end]) + " ≠ " + string(text[w.Start():w.End()])
				return
			}
			// gse gives unknown units a token of their own; stdkb gives them none.
			if c.tok != w.Token() && !(c.tok == nil && w.Token().Freq() == 1 && w.Token().Pos() == "x") {
				diff = "token of " + string(text[c.start:c.end])
				return
			}
		}
	})
	return diff
}

// TestCutsMatchGse checks that segmenting with kept buffers gives exactly gse's words and
// tokens: on every section of the content, on the benchmark corpus and on random mixtures of
// Chinese, Latin letters of both cases, digits, other scripts, punctuation and broken UTF-8.
func TestCutsMatchGse(t *testing.T) {
	s := fixtureSegmenter(t)
	if s.words == nil || s.words.count != len(gseOf(s).Dict.Tokens) {
		t.Fatal("the segmenter has no costs for its words: segmentation falls back to gse.Segment (slow)")
	}
	var texts []string
	for _, e := range catalog(fixtureLib) {
		texts = append(texts, e.Title, strings.Join(e.Path, " "), e.Text)
	}
	for _, e := range catalog(GenerateCorpus(fixtureLib, 200, 2000, 7)) {
		texts = append(texts, e.Text)
	}
	pieces := []string{"公务用车", "机关事务", "节能", "DB50/T", "GB/T 1.1", "Ab", "PUE", "pue", "2025", "ａｂｃ", "Ωμέγα",
		"Привет", "é", "，", "。", " ", "\t", "\xff", "\xe5\x85", "—", "〔", "号", "5.5.17", "の", "한국", "😀", "x", "Z"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	for _, text := range texts {
		if diff := sameCuts(s, []byte(text)); diff != "" {
			t.Errorf("%q: %s", text[:min(len(text), 120)], diff)
		}
	}
}

func FuzzCuts(f *testing.F) {
	for _, s := range []string{"公务用车管理", "DB50/T 1234—2019", "ABC公物仓xyz", "\xffÅß", ""} {
		f.Add(s)
	}
	s := fixtureSegmenter(f)
	f.Fuzz(func(t *testing.T, text string) {
		if diff := sameCuts(s, []byte(text)); diff != "" {
			t.Errorf("%q: %s", text, diff)
		}
	})
}

// BenchmarkSegment compares gse.Segment with the buffered segmentation on the content, one
// goroutine, in MB/s of text.
func BenchmarkSegment(b *testing.B) {
	s := fixtureSegmenter(b)
	var texts [][]byte
	size := 0
	for _, e := range catalog(fixtureLib) {
		texts = append(texts, []byte(e.Text))
		size += len(e.Text)
	}
	run := func(b *testing.B, cut func([]byte)) {
		start := time.Now()
		for b.Loop() {
			for _, t := range texts {
				cut(t)
			}
		}
		b.ReportMetric(float64(size*b.N)/time.Since(start).Seconds()/1e6, "MB/s")
	}
	b.Run("gse", func(b *testing.B) { run(b, func(t []byte) { gseOf(s).Segment(t) }) })
	b.Run("buffered", func(b *testing.B) { run(b, func(t []byte) { s.withCuts(t, func([]cut) {}) }) })
}

// TestLatticeRelease checks that a lattice kept for reuse holds no reference to the last text or
// dictionary, and that one grown by a huge text is not kept.
func TestLatticeRelease(t *testing.T) {
	s := fixtureSegmenter(t)
	var l lattice
	l.segment(s.words, []byte("公务用车ABC管理"+strings.Repeat("节约型机关", 100)))
	if !l.release() {
		t.Fatal("a lattice for a short text is not kept")
	}
	if l.text != nil {
		t.Fatal("the lattice still refers to the text")
	}
	for i, tok := range append(wordTokens(l.word[:cap(l.word)]), func() (ts []*gse.Token) {
		for _, c := range l.cuts[:cap(l.cuts)] {
			ts = append(ts, c.tok)
		}
		return ts
	}()...) {
		if tok != nil {
			t.Fatalf("token %d still refers to the dictionary", i)
		}
	}
	l.segment(s.words, []byte(strings.Repeat("A", maxPooledBytes+1)))
	if l.release() {
		t.Fatal("a lattice grown by a huge text is kept")
	}
}

// TestEdgeTable checks that the packed table and the map it falls back to when edges do not
// pack find every edge and nothing else.
func TestEdgeTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	edges := map[uint64]uint32{}
	for child := uint32(1); child < 5000; child++ {
		edges[edgeKey(rng.Uint32N(child), rng.Uint32N(firstRunID+40))] = child
	}
	for _, tc := range []struct {
		name   string
		nodes  int
		packed bool
	}{{"packed", 5000, true}, {"too large to pack", 1 << 40, false}} {
		t.Run(tc.name, func(t *testing.T) {
			table := newEdgeTable(edges, tc.nodes)
			if (table.unpacked == nil) != tc.packed {
				t.Fatalf("packed = %v, want %v", table.unpacked == nil, tc.packed)
			}
			for key, want := range edges {
				if got, ok := table.child(uint32(key>>32), uint32(key)); !ok || got != want {
					t.Fatalf("edge %x: %d %v, want %d", key, got, ok, want)
				}
			}
			for range 20000 {
				node, unit := rng.Uint32N(6000), rng.Uint32N(firstRunID+100)
				if unit%7 == 0 {
					unit = noUnit
				}
				want, has := edges[edgeKey(node, unit)]
				if got, ok := table.child(node, unit); ok != has || got != want {
					t.Fatalf("edge %d→%d: %d %v, want %d %v", node, unit, got, ok, want, has)
				}
			}
		})
	}
}

// TestSubWordsMatchTree checks that the sub-words read from the dictionary once give exactly
// the terms that following gse's tree of tokens gives (Segmenter.subWords), on every section of
// the content, the benchmark corpus and mixed text.
func TestSubWordsMatchTree(t *testing.T) {
	s := fixtureSegmenter(t)
	var texts []string
	for _, e := range catalog(fixtureLib) {
		texts = append(texts, e.Title, strings.Join(e.Path, " "), e.Text)
	}
	for _, e := range catalog(GenerateCorpus(fixtureLib, 200, 2000, 7)) {
		texts = append(texts, e.Text)
	}
	texts = append(texts, "中华人民共和国PUE节约型机关ABC公共机构节能管理GB/T 1.1—2020", "中华人民共和国政府采购法实施条例")
	pieces := []string{"公务用车", "的", "是", "什么", "怎么", "了", "吗", "Ab", "PUE", "pue", "2025", "，", " ", "\xff", "—", "号", "Z"}
	rng := rand.New(rand.NewPCG(7, 8))
	for range 3000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	type term struct {
		text       string
		start, end int
		pos        int
		sub        bool
	}
	for i, text := range texts {
		expand := i%2 == 0
		var got, want []term
		s.segment([]byte(text), expand, func(tm []byte, start, end, pos int, sub bool) {
			got = append(got, term{string(tm), start, end, pos, sub})
		})
		b := []byte(text)
		s.withCuts(b, func(cuts []cut) {
			pos := 0
			var lower []byte
			for _, c := range cuts {
				tm := b[c.start:c.end]
				if !isWord(tm) {
					continue
				}
				tm, lower = lowerASCII(tm, lower)
				if s.stopwords[string(tm)] {
					continue
				}
				pos++
				want = append(want, term{string(tm), c.start, c.end, pos, false})
				if expand && c.tok != nil && hasSubWords(tm) {
					s.subWords(b, c.tok, c.start, pos, func(tm []byte, start, end, pos int, sub bool) {
						want = append(want, term{string(tm), start, end, pos, sub})
					})
				}
			}
		})
		if !slices.Equal(got, want) {
			t.Fatalf("%q: %d terms, want %d", text[:min(len(text), 120)], len(got), len(want))
		}
	}
}

// wordTokens lists the tokens of a lattice's words, nil for none.
func wordTokens(words []*trieWord) []*gse.Token {
	out := make([]*gse.Token, len(words))
	for i, w := range words {
		if w != nil {
			out[i] = w.tok
		}
	}
	return out
}
