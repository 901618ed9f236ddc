package indexer

import (
	"math"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/go-ego/gse"
)

// This file runs gse's own segmentation — its split into units, its dictionary lookups and its
// shortest path over word distances — with buffers kept between calls. gse's Segment allocates
// five slices and a token for every unknown character on each call and looks up every Chinese
// character in Unicode's tables; over the whole library that was a third of the index build.
// The words are gse's: TestCutsMatchGse compares both on all content and random text. Only gse's
// exported API is used: what the shortest path needs of a word beyond its token (its length in
// units and its path length) is computed once per dictionary from the token's text and
// frequency and the dictionary's total (wordCosts).

// cut is one word of a segmentation: its byte offsets and its dictionary token, nil for a
// character or letter run the dictionary does not know.
type cut struct {
	start, end int
	tok        *gse.Token
}

// wordCost is what the shortest path needs of a dictionary word: gse's path length for it,
// -log2 of its probability, and the number of units it spans.
type wordCost struct {
	distance float32
	units    int32
}

// wordCosts computes every dictionary word's cost from the dictionary's exported data: the
// distance is log2(total frequency) − log2(frequency) in float32, as gse.Segmenter.CalcToken
// computes it, and the units are counted in the word's text as split counts them. Keyed by the
// token, as LookupTokens returns it. (Measured alternatives: computing both per lookup, from the
// logarithm and the token's last sub-word, segments a quarter slower; looking words up by their
// index with Dictionary.Value, prefix by prefix, a third slower. The map costs ~10 MB.)
func wordCosts(dict *gse.Dictionary) map[*gse.Token]wordCost {
	logTotal := float32(math.Log2(dict.TotalFreq()))
	costs := make(map[*gse.Token]wordCost, len(dict.Tokens))
	for i := range dict.Tokens {
		t := &dict.Tokens[i]
		costs[t] = wordCost{logTotal - float32(math.Log2(t.Freq())), int32(countUnits(t.Text()))}
	}
	return costs
}

// unknownDistance is the path length gse gives a unit missing from its dictionary.
const unknownDistance = 32

// lattice holds one segmentation's working memory.
type lattice struct {
	text   []byte     // the text, lowercased where gse lowercases letters
	units  []gse.Text // the text's units, as gse splits it
	starts []int      // byte offset of each unit, and the text's length after the last
	lower  []byte     // the lowercased copy of the text, when it needs one
	dist   []float32  // shortest path length up to and including each unit
	tok    []*gse.Token
	length []int32 // units in the word ending at each unit on the shortest path
	found  []*gse.Token
	cuts   []cut
}

// maxPooledBytes bounds the texts whose lattices are kept for reuse, so one huge text does not
// pin its buffers.
const maxPooledBytes = 1 << 20

var lattices = sync.Pool{New: func() any { return new(lattice) }}

// withCuts segments text and calls fn with its words; the slice is valid only during the call.
func (s *Segmenter) withCuts(text []byte, fn func([]cut)) {
	g := gseOf(s)
	if s.costs == nil || g.AlphaNum || g.Alpha || g.Num || g.Dict == nil {
		segs := g.Segment(text)
		cuts := make([]cut, len(segs))
		for i, seg := range segs {
			cuts[i] = cut{seg.Start(), seg.End(), seg.Token()}
		}
		fn(cuts)
		return
	}
	l := lattices.Get().(*lattice)
	fn(l.segment(g.Dict, s.costs, text))
	if l.release() {
		lattices.Put(l)
	}
}

// release drops the lattice's references to the last text and dictionary, so a pooled lattice
// keeps neither alive (a segmenter is replaced when the lexicon changes), and reports whether
// its buffers are small enough to keep.
func (l *lattice) release() bool {
	l.text = nil
	clear(l.units)
	clear(l.tok[:cap(l.tok)])
	clear(l.found)
	clear(l.cuts)
	return cap(l.lower) <= maxPooledBytes && cap(l.starts) <= maxPooledBytes
}

// segment cuts text as gse.Segmenter.Segment does with the default options: the shortest path
// over the words of dict, whose path lengths are costs.
func (l *lattice) segment(dict *gse.Dictionary, costs map[*gse.Token]wordCost, text []byte) []cut {
	l.split(text)
	n := len(l.starts) - 1
	l.cuts = l.cuts[:0]
	if n == 0 {
		return l.cuts
	}
	if cap(l.dist) < n {
		l.dist, l.tok, l.length = make([]float32, n), make([]*gse.Token, n), make([]int32, n)
	}
	dist, tok, length := l.dist[:n], l.tok[:n], l.length[:n]
	clear(dist) // 0 means not reached yet, as in gse
	maxLen := dict.MaxTokenLen()
	if len(l.found) < maxLen {
		l.found = make([]*gse.Token, maxLen)
	}
	relax := func(at int, d float32, t *gse.Token, units int) {
		if dist[at] == 0 || dist[at] > d {
			dist[at], tok[at], length[at] = d, t, int32(units)
		}
	}
	for cur := range n {
		var base float32
		if cur > 0 {
			base = dist[cur-1]
		}
		// Words starting here, shortest first.
		k := dict.LookupTokens(l.units[cur:min(cur+maxLen, n)], l.found)
		shortest := 0
		for _, t := range l.found[:k] {
			c := costs[t]
			if shortest == 0 {
				shortest = int(c.units)
			}
			relax(cur+int(c.units)-1, base+c.distance, t, int(c.units))
		}
		if shortest != 1 {
			relax(cur, base+unknownDistance, nil, 1)
		}
	}
	words := 0
	for i := n - 1; i >= 0; i -= int(length[i]) {
		words++
	}
	l.cuts = append(l.cuts, make([]cut, words)...)
	for i := n - 1; i >= 0; i -= int(length[i]) {
		words--
		l.cuts[words] = cut{start: l.starts[i-int(length[i])+1], end: l.starts[i+1], tok: tok[i]}
	}
	return l.cuts
}

// split divides text into gse's units — a run of letters and digits of at most two bytes each
// (Latin, Greek, Cyrillic …) is one unit, every other character is one unit — recording where
// each starts. The units tile the text, so a run of units is a slice of it. Where gse lowercases
// (gse.ToLower), the units are read from a lowercased copy: only ASCII letters change, all
// inside letter runs, so the offsets hold for both.
func (l *lattice) split(text []byte) {
	l.text, l.units, l.starts = text, l.units[:0], l.starts[:0]
	if gse.ToLower && hasUpperASCII(text) {
		l.lower = appendLowerASCII(l.lower[:0], text)
		l.text = l.lower
	}
	inRun := false
	for i := 0; i < len(text); {
		size, letter := 1, false
		if c := text[i]; c < utf8.RuneSelf {
			letter = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		} else {
			var r rune
			r, size = utf8.DecodeRune(text[i:])
			letter = size <= 2 && (unicode.IsLetter(r) || unicode.IsNumber(r))
		}
		if !letter || !inRun {
			l.starts = append(l.starts, i)
		}
		inRun = letter
		i += size
	}
	l.starts = append(l.starts, len(text))
	for i := range len(l.starts) - 1 {
		l.units = append(l.units, l.text[l.starts[i]:l.starts[i+1]])
	}
}

// countUnits counts the units split finds in a word.
func countUnits(word string) int {
	var l lattice
	l.split([]byte(word))
	return len(l.starts) - 1
}
