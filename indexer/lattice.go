package indexer

import (
	"reflect"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/go-ego/gse"
)

// This file runs gse's own segmentation — its split into units, its dictionary lookups and its
// shortest path over word distances — with buffers kept between calls. gse's Segment allocates
// five slices and a token for every unknown character on each call and looks up every Chinese
// character in Unicode's tables; over the whole library that was a third of the index build.
// The words are gse's: TestCutsMatchGse compares both on all content and random text.

// cut is one word of a segmentation: its byte offsets and its dictionary token, nil for a
// character or letter run the dictionary does not know.
type cut struct {
	start, end int
	tok        *gse.Token
}

// tokenLayout holds the offsets of the two unexported gse.Token fields the shortest path needs.
// If a gse release changes them, ok is false and segmentation goes through gse.Segment.
var tokenLayout = func() (l struct {
	distance, text uintptr
	ok             bool
}) {
	t := reflect.TypeFor[gse.Token]()
	d, okD := t.FieldByName("distance")
	x, okX := t.FieldByName("text")
	if !okD || !okX || d.Type.Kind() != reflect.Float32 || x.Type != reflect.TypeFor[[]gse.Text]() {
		return l
	}
	l.distance, l.text, l.ok = d.Offset, x.Offset, true
	return l
}()

// tokenDistance is -log2 of the token's probability, gse's path length for the word.
func tokenDistance(t *gse.Token) float32 {
	return *(*float32)(unsafe.Add(unsafe.Pointer(t), tokenLayout.distance))
}

// tokenUnits is the number of units (characters or letter runs) the token spans.
func tokenUnits(t *gse.Token) int {
	return len(*(*[]gse.Text)(unsafe.Add(unsafe.Pointer(t), tokenLayout.text)))
}

// unknownDistance is the path length gse gives a unit missing from its dictionary.
const unknownDistance = 32

// lattice holds one segmentation's working memory.
type lattice struct {
	units  []gse.Text // the text's units, as gse splits it
	starts []int      // byte offset of each unit, and the text's length after the last
	lower  []byte     // lowercased letter runs, which units point into
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
	if !tokenLayout.ok || g.AlphaNum || g.Alpha || g.Num || g.Dict == nil {
		segs := g.Segment(text)
		cuts := make([]cut, len(segs))
		for i, seg := range segs {
			cuts[i] = cut{seg.Start(), seg.End(), seg.Token()}
		}
		fn(cuts)
		return
	}
	l := lattices.Get().(*lattice)
	fn(l.segment(g.Dict, text))
	if l.release() {
		lattices.Put(l)
	}
}

// release drops the lattice's references to the last text and dictionary, so a pooled lattice
// keeps neither alive (a segmenter is replaced when the lexicon changes), and reports whether
// its buffers are small enough to keep.
func (l *lattice) release() bool {
	clear(l.units)
	clear(l.tok[:len(l.units)])
	clear(l.found)
	clear(l.cuts)
	return cap(l.lower) <= maxPooledBytes && cap(l.units) <= maxPooledBytes
}

// segment cuts text as gse.Segmenter.Segment does with the default options.
func (l *lattice) segment(dict *gse.Dictionary, text []byte) []cut {
	l.split(text)
	n := len(l.units)
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
		for i, t := range l.found[:k] {
			units := tokenUnits(t)
			if i == 0 {
				shortest = units
			}
			relax(cur+units-1, base+tokenDistance(t), t, units)
		}
		if k == 0 || shortest > 1 {
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

// split divides text into gse's units: a run of letters and digits of at most two bytes each
// (Latin, Greek, Cyrillic …; lowercased if gse.ToLower) is one unit, every other character is
// one unit.
func (l *lattice) split(text []byte) {
	l.units, l.starts, l.lower = l.units[:0], l.starts[:0], l.lower[:0]
	run := -1 // start of the current letter run
	endRun := func(end int) {
		if run < 0 {
			return
		}
		unit := text[run:end]
		if gse.ToLower && hasUpperASCII(unit) {
			if cap(l.lower) < len(text) {
				// Sized for the whole text once: units point into it, so it must never grow.
				l.lower = make([]byte, 0, len(text))
			}
			from := len(l.lower)
			l.lower = appendLowerASCII(l.lower, unit)
			unit = l.lower[from:len(l.lower):len(l.lower)]
		}
		l.units = append(l.units, unit)
		l.starts = append(l.starts, run)
		run = -1
	}
	for i := 0; i < len(text); {
		size, letter := 1, false
		if c := text[i]; c < utf8.RuneSelf {
			letter = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		} else {
			var r rune
			r, size = utf8.DecodeRune(text[i:])
			letter = size <= 2 && (unicode.IsLetter(r) || unicode.IsNumber(r))
		}
		if letter {
			if run < 0 {
				run = i
			}
		} else {
			endRun(i)
			l.units = append(l.units, text[i:i+size])
			l.starts = append(l.starts, i)
		}
		i += size
	}
	endRun(len(text))
	l.starts = append(l.starts, len(text))
}
