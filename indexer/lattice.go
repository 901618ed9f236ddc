package indexer

import (
	"math"
	"math/bits"
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
// exported API is used: the dictionary's words are read once from its exported tokens into a
// trie of units (wordTrie) that also holds what the shortest path needs of each word beyond its
// token (its length in units and its path length).

// cut is one word of a segmentation: its byte offsets and its dictionary token, nil for a
// character or letter run the dictionary does not know, and the word in the trie (nil too when
// gse segmented the text itself, withCuts).
type cut struct {
	start, end int
	tok        *gse.Token
	word       *trieWord
}

// wordCost is what the shortest path needs of a dictionary word: gse's path length for it,
// -log2 of its probability, and the number of units it spans.
type wordCost struct {
	distance float32
	units    int32
}

// wordTrie holds a dictionary's words by their units, as gse's double-array trie does by their
// bytes: the same words are found at a unit, shortest first (a word matches where the text's
// units joined equal its text, and the text's units are its own units split again). A Chinese
// character is one step instead of three bytes, and the word's cost is at hand where it is
// found, not in a second table keyed by the token: gse's lookups and that table were a quarter
// of the index build.
type wordTrie struct {
	// edges maps a node and the id of the unit that follows it (edgeKey) to the child's
	// reference (nodeRef).
	// Node 0 is the root.
	edges edgeTable
	// roots holds the root's edges (references) by units below rootUnits (every Chinese character of the
	// basic plane) in an array of 256 KiB that stays in the processor's cache: every unit of a
	// text starts a lookup there, and most lookups end one or two units later.
	roots []uint32
	// runs numbers the units of more than one character that words hold (runs of letters or
	// digits, broken UTF-8), above every rune.
	runs  map[string]uint32
	words []trieWord // by node; tok is nil where no word ends
	// subs holds the dictionary words nested in each word (trieWord.subs) that can be index
	// terms, in the order gse's sub-word tree gives them depth first.
	subs []subWord
	// maxUnits is the dictionary's longest word in gse's units (Dictionary.MaxTokenLen): gse
	// looks no further.
	maxUnits int
	count    int // words held
}

// trieWord is the word that ends at a trie node.
type trieWord struct {
	tok  *gse.Token
	cost wordCost
	// subs are the word's sub-words in wordTrie.subs: subs[lo:hi]; lo is silent for a word
	// that is never a term (a stop word, or punctuation the dictionary lists).
	lo, hi uint32
}

// silent marks a word that is never a term, in trieWord.lo.
const silent = math.MaxUint32

// isTerm reports whether the word is a term: it holds a letter or digit and is no stop word.
// Its sub-words are looked at only then.
func (w *trieWord) isTerm() bool { return w.lo != silent }

// subWord is a dictionary word nested in a word (gse.Token.Segments, recursively): its byte
// offsets in the word. Only those of two or more characters holding a letter or digit that are
// no stop word are kept: the others are never index terms. (A word matches a text whose letters
// differ only in case, and stop words are compared lowercased, so this holds for the text.)
type subWord struct{ start, end int32 }

// appendSubWords appends the sub-words of tok, whose text starts at base in word, in the order
// Segmenter.subWords visits them.
func appendSubWords(subs []subWord, word []byte, tok *gse.Token, base int, stopwords map[string]bool) []subWord {
	for _, sub := range tok.Segments() {
		start, end := base+sub.Start(), base+sub.End()
		if end > len(word) {
			break
		}
		term := word[start:end]
		if utf8.RuneCount(term) > 1 && isWord(term) && !stopwords[string(appendLowerASCII(nil, term))] {
			subs = append(subs, subWord{int32(start), int32(end)})
		}
		if hasSubWords(term) {
			subs = appendSubWords(subs, word, sub.Token(), start, stopwords)
		}
	}
	return subs
}

// noUnit is the id of a unit no word holds.
const noUnit = math.MaxUint32

// firstRunID is the first id given to a unit of several characters.
const firstRunID = utf8.MaxRune + 1

// newWordTrie reads every word of dict into a trie. A word's distance is log2(total frequency)
// − log2(frequency) in float32, as gse.Segmenter.CalcToken computes it; its units are counted as
// split counts them. gse keeps the first entry of a text, and so does the trie. stopwords are
// the segmenter's, lowercased: a word that is one has no terms.
func newWordTrie(dict *gse.Dictionary, stopwords map[string]bool) *wordTrie {
	logTotal := float32(math.Log2(dict.TotalFreq()))
	edges := make(map[uint64]uint32, 2*len(dict.Tokens))
	tr := &wordTrie{
		runs:     map[string]uint32{},
		words:    make([]trieWord, 1, 2*len(dict.Tokens)),
		maxUnits: dict.MaxTokenLen(),
	}
	var l lattice
	for i := range dict.Tokens {
		t := &dict.Tokens[i]
		l.split([]byte(t.Text()))
		node := uint32(0)
		for u := range len(l.starts) - 1 {
			key := edgeKey(node, tr.addUnit(l.text[l.starts[u]:l.starts[u+1]]))
			child, ok := edges[key]
			if !ok {
				child = uint32(len(tr.words))
				tr.words = append(tr.words, trieWord{})
				edges[key] = child
			}
			node = child
		}
		if node != 0 && tr.words[node].tok == nil {
			units := int32(len(l.starts) - 1)
			w := trieWord{tok: t, cost: wordCost{logTotal - float32(math.Log2(t.Freq())), units}}
			text := []byte(t.Text())
			switch {
			case !isWord(text) || stopwords[string(appendLowerASCII(nil, text))]:
				w.lo, w.hi = silent, silent
			case hasSubWords(text):
				w.lo = uint32(len(tr.subs))
				tr.subs = appendSubWords(tr.subs, text, t, 0, stopwords)
				w.hi = uint32(len(tr.subs))
			}
			tr.words[node] = w
			tr.count++
		}
	}
	// Each edge leads to a reference to its child that says whether a word ends there and
	// whether the child has children, so a lookup reads a word only where one ends and stops
	// at a leaf without asking the table for an edge that is not there.
	parents := make([]bool, len(tr.words))
	for key := range edges {
		parents[key>>32] = true
	}
	for key, child := range edges {
		edges[key] = nodeRef(child, tr.words[child].tok != nil, parents[child])
	}
	tr.roots = make([]uint32, rootUnits)
	for key, ref := range edges {
		if key < rootUnits { // from the root
			tr.roots[key] = ref
			delete(edges, key)
		}
	}
	tr.edges = newEdgeTable(edges, len(tr.words)<<refFlags)
	return tr
}

// rootUnits bounds the units whose edges from the root are in wordTrie.roots.
const rootUnits = 1 << 16

// A node reference is the node's number and two flags below it.
const (
	refWord     = 1 << iota // a word ends at the node
	refChildren             // the node has children
	refFlags    = iota      // bits the flags take
)

func nodeRef(node uint32, word, children bool) uint32 {
	ref := node << refFlags
	if word {
		ref |= refWord
	}
	if children {
		ref |= refChildren
	}
	return ref
}

// child returns the reference (nodeRef) of the node the edge from node by unit leads to, and
// whether there is one.
func (tr *wordTrie) child(node, unit uint32) (uint32, bool) {
	if node == 0 && unit < rootUnits {
		child := tr.roots[unit]
		return child, child != 0
	}
	return tr.edges.child(node, unit)
}

// edgeKey is the key of the edge from node by unit while the trie is built.
func edgeKey(node, unit uint32) uint64 { return uint64(node)<<32 | uint64(unit) }

// edgeTable is a hash table of a trie's edges, open addressing with linear probing at most half
// full, each edge packed into one word: its node, its unit and the child's reference. A lookup mostly reads
// one slot, one cache line, where a Go map reads its control word and then a slot of twice the
// size. Lookups are most of segmenting, and the table is too large for the processor's caches,
// so what counts is the lines read. A dictionary too large to pack keeps its edges in a map.
type edgeTable struct {
	slots     []uint64 // a power of two of them: (node<<unitBits | unit)<<nodeBits | ref, 0 if empty
	shift     uint     // 64 − log2(len(slots))
	unitBits  uint
	nodeBits  uint
	unpacked  map[uint64]uint32 // by edgeKey, when the edges do not pack into a word
	maxUnitID uint32
}

// newEdgeTable packs edges (by edgeKey) whose nodes and values are below nodes.
func newEdgeTable(edges map[uint64]uint32, nodes int) edgeTable {
	var maxUnit uint32
	for key := range edges {
		maxUnit = max(maxUnit, uint32(key))
	}
	t := edgeTable{unitBits: uint(bits.Len32(maxUnit)), nodeBits: uint(bits.Len(uint(nodes))), maxUnitID: maxUnit}
	if 2*t.nodeBits+t.unitBits > 64 {
		t.unpacked = edges
		return t
	}
	size := uint(1)
	for 1<<size < 2*len(edges) {
		size++
	}
	t.slots, t.shift = make([]uint64, 1<<size), 64-size
	mask := uint64(len(t.slots) - 1)
	for key, child := range edges {
		k := uint64(key>>32)<<t.unitBits | key&math.MaxUint32
		i := t.slot(k)
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = k<<t.nodeBits | uint64(child)
	}
	return t
}

// slot is where a packed key's probe starts (Fibonacci hashing: the product's top bits).
func (t *edgeTable) slot(key uint64) uint64 { return (key * 0x9e3779b97f4a7c15) >> t.shift }

// child returns the value of the edge from node by unit, and whether there is one.
func (t *edgeTable) child(node, unit uint32) (uint32, bool) {
	if t.unpacked != nil {
		child, ok := t.unpacked[edgeKey(node, unit)]
		return child, ok
	}
	if unit > t.maxUnitID {
		return 0, false
	}
	key := uint64(node)<<t.unitBits | uint64(unit)
	mask := uint64(len(t.slots) - 1)
	for i := t.slot(key); ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return 0, false
		}
		if s>>t.nodeBits == key {
			return uint32(s & (1<<t.nodeBits - 1)), true
		}
	}
}

// unitID is the id of a unit: its rune when it is one well-formed character, else its number
// in runs, noUnit when no word holds it.
func (tr *wordTrie) unitID(u []byte) uint32 {
	if r, size := utf8.DecodeRune(u); size == len(u) && (r != utf8.RuneError || size > 1) {
		return uint32(r)
	}
	if id, ok := tr.runs[string(u)]; ok {
		return id
	}
	return noUnit
}

// addUnit is unitID, numbering a new unit of several characters.
func (tr *wordTrie) addUnit(u []byte) uint32 {
	id := tr.unitID(u)
	if id == noUnit {
		id = uint32(firstRunID + len(tr.runs))
		tr.runs[string(u)] = id
	}
	return id
}

// unknownDistance is the path length gse gives a unit missing from its dictionary.
const unknownDistance = 32

// lattice holds one segmentation's working memory.
type lattice struct {
	text   []byte    // the text, lowercased where gse lowercases letters
	starts []int     // byte offset of each unit, and the text's length after the last
	ids    []uint32  // each unit's id in the trie (wordTrie.unitID)
	lower  []byte    // the lowercased copy of the text, when it needs one
	dist   []float32 // shortest path length up to and including each unit
	word   []*trieWord
	length []int32 // units in the word ending at each unit on the shortest path
	cuts   []cut
}

// maxPooledBytes bounds the texts whose lattices are kept for reuse, so one huge text does not
// pin its buffers.
const maxPooledBytes = 1 << 20

var lattices = sync.Pool{New: func() any { return new(lattice) }}

// withCuts segments text and calls fn with its words; the slice is valid only during the call.
func (s *Segmenter) withCuts(text []byte, fn func([]cut)) {
	g := gseOf(s)
	if s.words == nil || g.AlphaNum || g.Alpha || g.Num || g.Dict == nil {
		segs := g.Segment(text)
		cuts := make([]cut, len(segs))
		for i, seg := range segs {
			cuts[i] = cut{start: seg.Start(), end: seg.End(), tok: seg.Token()}
		}
		fn(cuts)
		return
	}
	l := lattices.Get().(*lattice)
	fn(l.segment(s.words, text))
	if l.release() {
		lattices.Put(l)
	}
}

// release drops the lattice's references to the last text and dictionary, so a pooled lattice
// keeps neither alive (a segmenter is replaced when the lexicon changes), and reports whether
// its buffers are small enough to keep.
func (l *lattice) release() bool {
	l.text = nil
	clear(l.word[:cap(l.word)])
	clear(l.cuts)
	return cap(l.lower) <= maxPooledBytes && cap(l.starts) <= maxPooledBytes
}

// segment cuts text as gse.Segmenter.Segment does with the default options: the shortest path
// over the words of the trie.
func (l *lattice) segment(tr *wordTrie, text []byte) []cut {
	l.split(text)
	n := len(l.starts) - 1
	l.cuts = l.cuts[:0]
	if n == 0 {
		return l.cuts
	}
	if cap(l.dist) < n {
		l.dist, l.word, l.length = make([]float32, n), make([]*trieWord, n), make([]int32, n)
	}
	if cap(l.ids) < n {
		l.ids = make([]uint32, n)
	}
	dist, word, length, ids := l.dist[:n], l.word[:n], l.length[:n], l.ids[:n]
	for i := range ids {
		ids[i] = tr.unitID(l.text[l.starts[i]:l.starts[i+1]])
	}
	clear(dist) // 0 means not reached yet, as in gse
	relax := func(at int, d float32, w *trieWord, units int) {
		if dist[at] == 0 || dist[at] > d {
			dist[at], word[at], length[at] = d, w, int32(units)
		}
	}
	for cur := range n {
		var base float32
		if cur > 0 {
			base = dist[cur-1]
		}
		// Words starting here, shortest first.
		shortest, node := 0, uint32(0)
		for _, id := range ids[cur:min(cur+tr.maxUnits, n)] {
			ref, ok := tr.child(node, id)
			if !ok {
				break
			}
			node = ref >> refFlags
			if ref&refWord != 0 {
				w := &tr.words[node]
				if shortest == 0 {
					shortest = int(w.cost.units)
				}
				relax(cur+int(w.cost.units)-1, base+w.cost.distance, w, int(w.cost.units))
			}
			if ref&refChildren == 0 {
				break
			}
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
		c := cut{start: l.starts[i-int(length[i])+1], end: l.starts[i+1], word: word[i]}
		if c.word != nil {
			c.tok = c.word.tok
		}
		l.cuts[words] = c
	}
	return l.cuts
}

// split divides text into gse's units — a run of letters and digits of at most two bytes each
// (Latin, Greek, Cyrillic …) is one unit, every other character is one unit — recording where
// each starts. The units tile the text, so a run of units is a slice of it. Where gse lowercases
// (gse.ToLower), the units are read from a lowercased copy: only ASCII letters change, all
// inside letter runs, so the offsets hold for both.
func (l *lattice) split(text []byte) {
	l.text, l.starts = text, l.starts[:0]
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
}
