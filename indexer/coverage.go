package indexer

import (
	"context"
	"math"
	mathbits "math/bits"
	"slices"
	"sync"
	"unicode/utf8"

	index "github.com/blevesearch/bleve_index_api"
)

// Query coverage. bleve's coordination factor counts the query clauses a section matches, and
// every word the query is expanded to (sub-words, synonyms, thesaurus terms, completions, each
// in up to three fields) is a clause of its own, so a section matching one expansion in its
// heading, body and phrasings counts as much as one matching three things the query says. A
// section holding one of the query's words strongly (业务, 一半, 搭配) then outranks the one
// holding most of what was asked, part of it in the content's own words (业务大比拼: 业务 and,
// for 大比拼, 业务比武). Coverage counts what the query says instead. A unit is a typed word of
// two or more characters with the words that stand for it (its sub-words, its synonyms and the
// thesaurus terms of the phrases it is part of), or a thesaurus phrase holding no such word (its
// terms); a section covers a unit when its heading path, body or phrasings hold one of the
// unit's words. Each section's score is multiplied by (1 − coverageWeight) + coverageWeight ×
// the idf-weighted share of the units it covers, as it is collected, like document evidence:
// it reorders what the words found and adds no match.
//
// Measured on the three tuning sets (docs/search-quality.md, round 6, ranking): MRR@10 of
// queries / colloquial / off-wording 0.971 / 0.921 / 0.807 without; weight 0.3 0.971 / 0.930 /
// 0.829, 0.5 0.975 / 0.933 / 0.837, 0.7 0.979 / 0.933 / 0.846, 0.9 0.982 / 0.927 / 0.854.
// Above 0.5 the character view then ranked the colloquial set more than TestFusionChoice's
// tolerance below words alone: it looked for the pairs inside a word already found (源托 of
// 能源托管), counting that word again where it is frequent, against coverage. Since it leaves
// such pairs to the words (wordsHoldPair, round 7), 0.8: queries / colloquial / the three
// off-wording sets 0.979 / 0.936 / 0.864 / 0.856 / 0.833, against 0.975 / 0.932 / 0.854 /
// 0.837 / 0.834 at 0.5 before; 0.9 ranks colloquial 0.927. Crediting thesaurus terms to the
// words they stand for is what helps: typed words, sub-words and synonyms alone give 0.975 /
// 0.927 / 0.797 at 0.7 (round 5 dropped coverage of typed words for the same reason). Units
// weighed alike, the share taken against the best section's, or phrasings left out rank no
// better.
var coverageWeight = 0.8

// coverageFields are the fields a unit's words are looked for in.
var coverageFields = []string{"body", "path", phrasingsField}

// coverageUnit is one thing the query says, with the byte span of the query text it came from.
type coverageUnit struct {
	start, end int
	words      []string
	phrase     bool // made for a thesaurus phrase holding no typed word
}

// coverageUnits returns the words of each unit of text (see above).
func (ix *Index) coverageUnits(text string) [][]string {
	units := ix.typedUnits(text)
	units = ix.thesaurusUnits(units, text)
	out := make([][]string, 0, len(units))
	for _, u := range units {
		out = append(out, u.words)
	}
	return out
}

// add adds words to the unit's, each once.
func (u *coverageUnit) add(words ...string) {
	for _, w := range words {
		if !slices.Contains(u.words, w) {
			u.words = append(u.words, w)
		}
	}
}

// typedUnits returns a unit for each word typed, with its sub-words and synonyms. Lone
// characters make units only when the query has no longer word, as in wordQueries.
func (ix *Index) typedUnits(text string) []coverageUnit {
	tokens := ix.seg.Expanded(text)
	minRunes := 1
	for _, tk := range tokens {
		if !tk.Sub && utf8.RuneCountInString(tk.Text) > 1 {
			minRunes = 2
			break
		}
	}
	var units []coverageUnit
	cur := -1 // the unit of the last word typed, which its sub-words join
	for _, tk := range tokens {
		if tk.Sub {
			if cur >= 0 {
				units[cur].add(tk.Text)
			}
			continue
		}
		cur = -1
		if utf8.RuneCountInString(tk.Text) < minRunes {
			continue
		}
		cur = slices.IndexFunc(units, func(u coverageUnit) bool { return u.words[0] == tk.Text })
		if cur >= 0 {
			continue // typed twice: one unit
		}
		units = append(units, coverageUnit{start: tk.Start, end: tk.End, words: []string{tk.Text}})
		cur = len(units) - 1
		for _, syn := range ix.lib.Lexicon.Expand(tk.Text) {
			for _, st := range ix.seg.Precise(syn) {
				units[cur].add(st.Text)
			}
		}
	}
	return units
}

// thesaurusUnits adds to units the terms of the thesaurus phrases found in text: to the units
// of the words typed that a phrase overlaps, or else to a unit of the phrase's own.
func (ix *Index) thesaurusUnits(units []coverageUnit, text string) []coverageUnit {
	terms, _ := ix.thesaurusMatch(text)
	for _, term := range terms {
		var words []string
		for _, tk := range ix.seg.Precise(term.text) {
			words = append(words, tk.Text)
		}
		found := false
		for u := range units {
			if !units[u].phrase && units[u].start < term.at[1] && term.at[0] < units[u].end {
				units[u].add(words...)
				found = true
			}
		}
		if found {
			continue
		}
		u := slices.IndexFunc(units, func(u coverageUnit) bool {
			return u.phrase && u.start == term.at[0] && u.end == term.at[1]
		})
		if u < 0 {
			units = append(units, coverageUnit{start: term.at[0], end: term.at[1], phrase: true})
			u = len(units) - 1
		}
		units[u].add(words...)
	}
	return units
}

// queryCoverage is what the units' postings say about each section.
type queryCoverage struct {
	held    [][]uint64 // by unit, a bit per internal document number holding one of its words
	weights []float64  // by unit, its idf's share of all the units' idfs
	words   [][]string // by unit, its words, looked for in sentences (passages.go)
}

// newQueryCoverage reads which sections cover each unit; nil when there is nothing to weigh.
// Units in no section, or in more than commonFractions[0] of them, are left out, as common
// words are in wordQueries. r must be table's snapshot.
func newQueryCoverage(r index.IndexReader, table *docTable, units [][]string) *queryCoverage {
	if coverageWeight == 0 || len(units) < 2 {
		return nil
	}
	n, err := r.DocCount()
	if err != nil || n == 0 {
		return nil
	}
	size := (len(table.entries) + 63) / 64
	cv := &queryCoverage{}
	total := 0.0
units:
	for _, words := range units {
		held := make([]uint64, size)
		for i, w := range words {
			bits, common := table.sections.of(r, table, w, n)
			if common && i == 0 {
				continue units // the word typed (or the phrase's first term) says little
			}
			for i, b := range bits {
				held[i] |= b
			}
		}
		df := 0
		for _, b := range held {
			df += mathbits.OnesCount64(b)
		}
		if df == 0 || float64(df) > commonFractions[0]*float64(n) {
			continue
		}
		idf := math.Log(1 + float64(n)/(float64(df)+1))
		cv.held = append(cv.held, held)
		cv.weights = append(cv.weights, idf)
		cv.words = append(cv.words, words)
		total += idf
	}
	if len(cv.held) < 2 {
		return nil // one unit: every section matching it covers all
	}
	for i := range cv.weights {
		cv.weights[i] /= total
	}
	return cv
}

// factor returns what multiplies the score of the section with internal number n. A summary
// (summary.go) covers no unit: the query's words it holds are other chapters' headings, which
// it names, not what it says.
func (cv *queryCoverage) factor(n uint64, summary bool) float64 {
	if cv == nil {
		return 1
	}
	if summary {
		return 1 - coverageWeight
	}
	share := 0.0
	for i, held := range cv.held {
		if n/64 < uint64(len(held)) && held[n/64]&(1<<(n%64)) != 0 {
			share += cv.weights[i]
		}
	}
	return 1 - coverageWeight + coverageWeight*share
}

// sectionCache caches, by word, a bit per internal document number of the sections holding it
// in a coverage field, for one snapshot's table; at most maxCoverageWords words, so anonymous
// queries cannot grow it past maxCoverageWords × sections ÷ 8 bytes. Only the index's own
// words are kept, as in holderCache: words no section holds would otherwise fill it, and every
// later query would read its words' postings again.
type sectionCache struct {
	mu    sync.Mutex
	words map[string]sectionBits
}

type sectionBits struct {
	bits   []uint64
	common bool // in more than commonFractions[0] of the sections: not read
}

const maxCoverageWords = 2048

// of returns the sections holding w, reading them from r (table's snapshot) if not cached; n is
// the number of sections in the snapshot.
func (c *sectionCache) of(r index.IndexReader, table *docTable, w string, n uint64) ([]uint64, bool) {
	c.mu.Lock()
	s, ok := c.words[w]
	c.mu.Unlock()
	if ok {
		return s.bits, s.common
	}
	s = readSections(r, table, w, n)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.words == nil {
		c.words = map[string]sectionBits{}
	}
	if len(c.words) < maxCoverageWords && (s.common || s.bits != nil) {
		c.words[w] = s
	}
	return s.bits, s.common
}

// readSections walks w's postings in the coverage fields, unless w is common among the n
// sections; bits is nil when no section holds w.
func readSections(r index.IndexReader, table *docTable, w string, n uint64) sectionBits {
	var readers []index.TermFieldReader
	defer func() {
		for _, tfr := range readers {
			tfr.Close()
		}
	}()
	count := uint64(0)
	for _, field := range coverageFields {
		tfr, err := r.TermFieldReader(context.Background(), []byte(w), field, false, false, false)
		if err != nil {
			continue
		}
		readers = append(readers, tfr)
		count = max(count, tfr.Count())
	}
	if count == 0 {
		return sectionBits{}
	}
	if float64(count) > commonFractions[0]*float64(n) {
		return sectionBits{common: true}
	}
	s := sectionBits{bits: make([]uint64, (len(table.entries)+63)/64)}
	var posting index.TermFieldDoc
	for _, tfr := range readers {
		for d, err := tfr.Next(&posting); err == nil && d != nil; d, err = tfr.Next(d.Reset()) {
			if num, ok := docNumber(d.ID); ok && num < uint64(len(table.entries)) {
				s.bits[num/64] |= 1 << (num % 64)
			}
		}
	}
	return s
}
