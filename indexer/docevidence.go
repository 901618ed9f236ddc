package indexer

import (
	"context"
	"math"
	mathbits "math/bits"
	"sync"
	"unicode/utf8"

	index "github.com/blevesearch/bleve_index_api"
)

// Document evidence. Sections are ranked alone, yet a query often names things spread over one
// document — its title, its scope, its other clauses — and the section that answers holds
// only part of them. Passage retrieval combines a passage's score with its document's (Callan
// 1994, "Passage-level evidence in document retrieval"; the parent-child scoring of structured
// retrieval). Here the document's evidence is its coverage of the query: the idf-weighted share
// of the query's words that its edition holds in some section's heading path or body, divided
// by the best edition's share. Each section's score is multiplied by
// (1 − evidenceWeight) + evidenceWeight·coverage as it is collected, like the figure
// preference, so it never adds a match, grouped and flat rankings agree, and pages are cut
// from one order.
//
// Measured on both relevance sets against the edition's best, summed, mean and best-three
// section scores from the same search, against coverage of headings alone and of the body
// alone, and against a linear blend of the first pass's top sections: coverage ranked best,
// and multiplying gave the same figures for weights 0.3 to 0.7 (the linear blend peaked
// between 0.3 and 0.4 and cost Recall@5). Re-measured with query coverage and passage evidence
// (docs/search-quality.md, round 8, TestWeightsSweep), the six tuning sets' MRR@10 summed, with
// boostThesaurus 0.8: 0.1 5.591, 0.2 5.594, 0.25 5.592, 0.3 5.597, 0.35 5.600, 0.4 5.600,
// 0.5 5.584, 0.6 5.566; below 0.3 queries and colloquial rank worse. Coverage already
// multiplies a section by its own share of the query, so less of the document's is needed.
// Not kept: with boostThesaurus 0.8 the pair did not carry over to the blind held-out sets
// (thesaurus.go), so both stay where they were.
var evidenceWeight = 0.5

// evidenceFactors returns, by table's group index, the factor that multiplies the scores of
// each edition's sections; nil when there is nothing to weigh. r must be table's snapshot.
func evidenceFactors(r index.IndexReader, table *docTable, words []string) []float64 {
	if evidenceWeight == 0 || len(words) == 0 {
		return nil
	}
	shares := editionCoverage(r, table, words)
	best := 0.0
	for _, s := range shares {
		best = max(best, s)
	}
	if best == 0 {
		return nil
	}
	for g, s := range shares {
		shares[g] = 1 - evidenceWeight + evidenceWeight*s/best
	}
	return shares
}

// editionCoverage returns, by table's group index, the idf-weighted share of words that each
// document edition holds in a section's heading path or body. r must be table's snapshot.
func editionCoverage(r index.IndexReader, table *docTable, words []string) []float64 {
	n, err := r.DocCount()
	if err != nil || n == 0 {
		return nil
	}
	held := make([]float64, len(table.groups))
	total := 0.0
	for _, w := range words {
		h := table.holders.of(r, table, w, n)
		if h.common {
			continue
		}
		idf := math.Log(1 + float64(n)/(float64(h.sections)+1))
		total += idf
		for i, bits := range h.groups {
			for ; bits != 0; bits &= bits - 1 {
				held[i*64+mathbits.TrailingZeros64(bits)] += idf
			}
		}
	}
	if total == 0 {
		return nil
	}
	for g := range held {
		held[g] /= total
	}
	return held
}

// holders is which document editions hold a word: a bit per group index, and the number of
// sections holding it in the body or heading path, whichever is more.
type holders struct {
	groups   []uint64
	sections uint64
	// common: the word is in more than commonFractions[0] of the sections (as in wordQueries),
	// so nearly every edition holds it and it tells them apart little; its postings are not
	// read and coverage leaves it out.
	common bool
}

// holderCache caches holders by word for one snapshot's table. A query's coverage then costs a
// walk of a word's postings the first time the word is asked for only; at most
// maxCachedHolders words are kept, so anonymous queries cannot grow it past
// maxCachedHolders × groups ÷ 8 bytes.
type holderCache struct {
	mu    sync.Mutex
	words map[string]holders
}

const maxCachedHolders = 4096

// of returns the holders of w, reading them from r (table's snapshot) if not cached.
// n is the number of sections in the snapshot.
func (c *holderCache) of(r index.IndexReader, table *docTable, w string, n uint64) holders {
	c.mu.Lock()
	h, ok := c.words[w]
	c.mu.Unlock()
	if ok {
		return h
	}
	h = readHolders(r, table, w, n)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.words == nil {
		c.words = map[string]holders{}
	}
	if len(c.words) < maxCachedHolders && h.sections > 0 {
		c.words[w] = h
	}
	return h
}

// readHolders walks w's postings in the body and heading paths, unless w is common among the n
// sections.
func readHolders(r index.IndexReader, table *docTable, w string, n uint64) holders {
	h := holders{groups: make([]uint64, (len(table.groups)+63)/64)}
	var readers []index.TermFieldReader
	defer func() {
		for _, tfr := range readers {
			tfr.Close()
		}
	}()
	for _, field := range []string{"body", "path"} {
		tfr, err := r.TermFieldReader(context.Background(), []byte(w), field, false, false, false)
		if err != nil {
			continue
		}
		readers = append(readers, tfr)
		h.sections = max(h.sections, tfr.Count())
	}
	if float64(h.sections) > commonFractions[0]*float64(n) {
		h.common, h.groups = true, nil
		return h
	}
	var posting index.TermFieldDoc
	for _, tfr := range readers {
		for d, err := tfr.Next(&posting); err == nil && d != nil; d, err = tfr.Next(d.Reset()) {
			if num, ok := docNumber(d.ID); ok && num < uint64(len(table.group)) && table.group[num] >= 0 {
				g := table.group[num]
				h.groups[g/64] |= 1 << (g % 64)
			}
		}
	}
	return h
}

// evidenceWords are the query's own words that coverage counts: those of two or more
// characters, or all of them when there are none (a lone character beside longer words says
// little, as in wordQueries).
func (ix *Index) evidenceWords(p *parsedQuery) []string {
	var long, all []string
	seen := map[string]bool{}
	for _, t := range p.text {
		for _, tk := range ix.seg.Precise(t) {
			if seen[tk.Text] {
				continue
			}
			seen[tk.Text] = true
			all = append(all, tk.Text)
			if utf8.RuneCountInString(tk.Text) > 1 {
				long = append(long, tk.Text)
			}
		}
	}
	if len(long) > 0 {
		return long
	}
	return all
}
