package indexer

import (
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// Stop-pairs are the pairs of Chinese characters found in so many sections that the character
// view leaves them out of the index: their postings are the largest and, with a low inverse
// document frequency, add the least to a score. The query side knows them (they are
// stored with the index) and skips them; absent from the index, they would otherwise read as
// the rarest pairs of all. A section's field length still counts them, so every other pair
// scores as before.
//
// How much they save depends on the corpus. In the content, pairs in more than stopPairShare of
// the sections hold 23% of the pair postings; in the 10k-section benchmark, text recombined
// from the content's sentences so that every pair is spread evenly, 72%. Both relevance sets
// rank the same with any share from a half down to a fiftieth (docs/search-quality.md): the
// words carry what these pairs would add.
const (
	// stopPairShare is the share of sections above which a pair is a stop-pair.
	stopPairShare = 0.1
	// stopPairMinSections keeps a small library's pairs: below it, a share is a handful of
	// sections and says nothing about how common a pair is.
	stopPairMinSections = 200
	// stopPairSample is how many sections at most are counted to find the stop-pairs.
	stopPairSample = 2000
	// stopPairsKey names the stop-pairs in the index's internal storage, a line each.
	stopPairsKey = "stdkb.stop-pairs"
)

// commonPairs returns the pairs of Chinese characters in the character view of more than share
// of entries (none when there are fewer than stopPairMinSections), sorted. It counts every
// entry once per pair, on one goroutine per processor; of a library larger than
// stopPairSample, every n-th entry, which puts a pair's share within about a percentage point
// (the standard error at a tenth is 0.7%) for a fifth of the work at 10k sections.
func commonPairs(entries []*entry, share float64) []string {
	return commonTerms(entries, share, pairKeys)
}

// commonTerms returns the terms in more than share of entries (none when there are fewer than
// stopPairMinSections), sorted, as commonPairs does; keys gives a text's terms as packed keys.
func commonTerms(entries []*entry, share float64, keys func(text []byte, add func(key uint64))) []string {
	if len(entries) < stopPairMinSections {
		return nil
	}
	if step := (len(entries) + stopPairSample - 1) / stopPairSample; step > 1 {
		sample := make([]*entry, 0, len(entries)/step+1)
		for i := 0; i < len(entries); i += step {
			sample = append(sample, entries[i])
		}
		entries = sample
	}
	workers := max(1, min(runtime.GOMAXPROCS(0), len(entries)/64))
	counts := make([]map[uint64]int32, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts[w] = countKeys(entries[w*len(entries)/workers:(w+1)*len(entries)/workers], keys)
		}()
	}
	wg.Wait()
	total := counts[0]
	for _, c := range counts[1:] {
		for k, n := range c {
			total[k] += n
		}
	}
	var out []string
	limit := share * float64(len(entries))
	for k, n := range total {
		if float64(n) > limit {
			out = append(out, unpackPair(k))
		}
	}
	sort.Strings(out)
	return out
}

// pairKeys gives the pairs of Chinese characters of text (packPair).
func pairKeys(text []byte, add func(uint64)) {
	eachGram(text, func(term []byte, _, _ int, han bool) {
		if k, ok := packPair(term, han); ok {
			add(k)
		}
	})
}

// countKeys returns, for each key keys gives, how many of entries hold it.
func countKeys(entries []*entry, keys func(text []byte, add func(uint64))) map[uint64]int32 {
	type count struct{ sections, last int32 } // last: the entry that counted it last, 1-based
	seen := map[uint64]*count{}
	for i, e := range entries {
		keys([]byte(gramsText(e)), func(k uint64) {
			c := seen[k]
			if c == nil {
				c = &count{}
				seen[k] = c
			}
			if c.last != int32(i+1) {
				c.last = int32(i + 1)
				c.sections++
			}
		})
	}
	out := make(map[uint64]int32, len(seen))
	for k, c := range seen {
		out[k] = c.sections
	}
	return out
}

// packPair packs the bytes of a term of the character view that is a pair of Chinese
// characters (6 to 8 bytes of UTF-8, none of them zero) into a number, with no decoding; ok is
// false for any other term.
func packPair(term []byte, han bool) (key uint64, ok bool) {
	if !han || len(term) < 6 || len(term) > 8 {
		return 0, false // letters, digits or a lone character
	}
	for i, c := range term {
		key |= uint64(c) << (8 * i)
	}
	return key, true
}

// unpackPair is the pair packPair packed.
func unpackPair(key uint64) string {
	var b []byte
	for ; key != 0; key >>= 8 {
		b = append(b, byte(key))
	}
	return string(b)
}

// stopPairSet is a set of stop-pairs, by packPair's key: indexing looks up every pair of
// every section in it.
type stopPairSet map[uint64]struct{}

func newStopPairSet(pairs []string) stopPairSet {
	s := make(stopPairSet, len(pairs))
	for _, p := range pairs {
		if k, ok := packPair([]byte(p), true); ok {
			s[k] = struct{}{}
		}
	}
	return s
}

// hasTerm reports whether term, a term of the character view, is a stop-pair.
func (s stopPairSet) hasTerm(term []byte, han bool) bool {
	if len(s) == 0 {
		return false
	}
	k, ok := packPair(term, han)
	if !ok {
		return false
	}
	_, stop := s[k]
	return stop
}

// encode is the set as stored with the index: the pairs sorted, a line each.
func (s stopPairSet) encode() []byte {
	pairs := make([]string, 0, len(s))
	for k := range s {
		pairs = append(pairs, unpackPair(k))
	}
	sort.Strings(pairs)
	return []byte(strings.Join(pairs, "\n"))
}

// decodeStopPairs reads a set stored by encode; nil or empty means none.
func decodeStopPairs(b []byte) (stopPairSet, error) {
	if len(b) == 0 {
		return nil, nil
	}
	pairs := strings.Split(string(b), "\n")
	for _, p := range pairs {
		if _, ok := packPair([]byte(p), true); !ok || utf8.RuneCountInString(p) != 2 || !isHan([]rune(p)[0]) || !isHan([]rune(p)[1]) {
			return nil, fmt.Errorf("stop-pair %q is not two Chinese characters", p)
		}
	}
	return newStopPairSet(pairs), nil
}

// withoutStopPairs drops the stop-pairs from grams, a query's terms of the character view: the
// index does not hold them.
func (s stopPairSet) withoutStopPairs(grams []string) []string {
	if len(s) == 0 {
		return grams
	}
	return slices.DeleteFunc(grams, func(g string) bool { return s.hasTerm([]byte(g), true) })
}
