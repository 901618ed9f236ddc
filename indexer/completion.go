package indexer

import (
	"cmp"
	"context"
	"math/bits"
	"slices"
	"sync"
	"unicode/utf8"
	"weak"

	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
)

// Lone verbs. Staff ask with a single character where the content writes a word: 结 for 结算
// (租车的钱什么时候结), 核 for 核定, 签 for 签订, 定 for 确定. Beside longer words such a
// character weighs boostLoneChar, and the content seldom leaves it standing alone, so it finds
// little. It is completed to the body's two-character words that hold it, and of those only
// the ones that share sections with the query's other words are kept, the maxCompletions that
// share the most: the other words say which of 结算, 结合, 总结 and 结构 is meant, as they would
// for a reader. The words kept are looked for at boostCompletion, as thesaurus terms and
// shortenings are, below every typed word (docs/search-quality.md, round 5; in round 8, 0.3 to
// 0.6 ranked the six tuning sets alike, 0.2 worse).
var boostCompletion = 0.4

const maxCompletions = 3

// completionWords maps each Chinese character to the body's two-character words holding it,
// built once per index on first use (the index never changes), and caches the sections
// holding a word for the snapshot searched last (internal document numbers change when scorch
// merges segments, as docTable's do).
type completionWords struct {
	once   sync.Once
	byChar map[rune][]string
	mu     sync.Mutex
	snap   weak.Pointer[scorch.IndexSnapshot]
	cache  map[string][]uint64 // word → its sections in snap, at most maxCachedSections words
}

// wordsHolding returns the body's two-character words that hold c.
func (ix *Index) wordsHolding(r index.IndexReader, c rune) []string {
	ix.completion.once.Do(func() {
		ix.completion.byChar = twoCharWords(r)
	})
	return ix.completion.byChar[c]
}

// twoCharWords reads the body's two-character Chinese words from r, by character.
func twoCharWords(r index.IndexReader) map[rune][]string {
	out := map[rune][]string{}
	dict, err := r.FieldDict("body")
	if err != nil {
		return out
	}
	defer dict.Close()
	for {
		e, err := dict.Next()
		if err != nil || e == nil {
			return out
		}
		a, n := utf8.DecodeRuneInString(e.Term)
		b, m := utf8.DecodeRuneInString(e.Term[n:])
		if n+m != len(e.Term) || !isHan(a) || !isHan(b) {
			continue
		}
		out[a] = append(out[a], e.Term)
		if b != a {
			out[b] = append(out[b], e.Term)
		}
	}
}

// completions returns, for each of the Chinese characters lone, the body's two-character
// words holding it that occur in a section with one of others (the query's other words), at
// most maxCompletions a character, those sharing the most sections first. Words in more than
// commonFractions[0] of the sections are left out, as wordQueries leaves out query words.
func (ix *Index) completions(lone, others []string) []string {
	if len(lone) == 0 || len(others) == 0 {
		return nil
	}
	r, err := ix.reader()
	if err != nil {
		return nil
	}
	defer r.Close()
	var near []uint64 // sections holding another word, a bit per internal document number
	for _, w := range others {
		near = orBits(near, ix.completion.sections(r, w))
	}
	var out []string
	for _, c := range lone {
		ch, n := utf8.DecodeRuneInString(c)
		if n != len(c) || !isHan(ch) {
			continue
		}
		type shared struct {
			word     string
			sections int
		}
		var found []shared
		for _, w := range ix.wordsHolding(r, ch) {
			if ix.docFraction(w) > commonFractions[0] {
				continue
			}
			if k := andCount(near, ix.completion.sections(r, w)); k > 0 {
				found = append(found, shared{w, k})
			}
		}
		// Most shared sections first; of equal ones the index's order (the words' byte
		// order), so the choice does not depend on map iteration.
		slices.SortStableFunc(found, func(a, b shared) int { return cmp.Compare(b.sections, a.sections) })
		for _, f := range found[:min(len(found), maxCompletions)] {
			out = append(out, f.word)
		}
	}
	return out
}

// maxCachedSections bounds the words whose sections completionWords keeps: at most this many
// times a bit per section.
const maxCachedSections = 2048

// sections returns the sections whose body holds w, a bit per internal document number of r's
// snapshot, cached.
func (cw *completionWords) sections(r index.IndexReader, w string) []uint64 {
	snap, _ := r.(*scorch.IndexSnapshot)
	cw.mu.Lock()
	if snap != nil && cw.snap.Value() == snap {
		if set, ok := cw.cache[w]; ok {
			cw.mu.Unlock()
			return set
		}
	}
	cw.mu.Unlock()
	var set []uint64
	tfr, err := r.TermFieldReader(context.Background(), []byte(w), "body", false, false, false)
	if err != nil {
		return nil
	}
	defer tfr.Close()
	var posting index.TermFieldDoc
	for d, err := tfr.Next(&posting); err == nil && d != nil; d, err = tfr.Next(d.Reset()) {
		if num, ok := docNumber(d.ID); ok {
			for uint64(len(set)) <= num/64 {
				set = append(set, 0)
			}
			set[num/64] |= 1 << (num % 64)
		}
	}
	if snap == nil {
		return set
	}
	cw.mu.Lock()
	defer cw.mu.Unlock()
	if cw.snap.Value() != snap {
		cw.snap, cw.cache = weak.Make(snap), map[string][]uint64{}
	}
	if len(cw.cache) < maxCachedSections {
		cw.cache[w] = set
	}
	return set
}

// orBits returns a with every bit of b set.
func orBits(a, b []uint64) []uint64 {
	for len(a) < len(b) {
		a = append(a, 0)
	}
	for i, x := range b {
		a[i] |= x
	}
	return a
}

// andCount counts the bits set in both a and b.
func andCount(a, b []uint64) int {
	n := 0
	for i := range min(len(a), len(b)) {
		n += bits.OnesCount64(a[i] & b[i])
	}
	return n
}
