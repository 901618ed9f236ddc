package indexer

import (
	"context"
	"math"
	"sort"
	"unicode/utf8"
)

// Document evidence. Sections are ranked alone, yet a query often names things spread over one
// document — its title, its scope, its other clauses — and the section that answers holds
// only part of them. Passage retrieval combines a passage's score with its document's
// (Callan 1994, "Passage-level evidence in document retrieval"; the parent-child scoring of
// structured retrieval): score = (1 − λ)·section + λ·document. Here the document's evidence is
// its coverage of the query: the idf-weighted share of the query's words that its edition holds
// in some section's heading path or body. Measured against the edition's best, summed, mean and
// best-three section scores from the same search, and against coverage of headings alone or of
// the body alone, this ranked both relevance sets best; λ 0.2–0.4 gave the same figures.
//
// It reorders the first pass's top sections only (the page layout's window): a section below
// that window keeps its place however much of the query its document covers.
var evidenceWeight = 0.3

// blendEvidence rescores ranked — the first pass's best sections in table's snapshot, best
// first — as (1 − λ)·score + λ·top·coverage ÷ best, top being the query's best score (a score
// keeps its scale) and best the best coverage among the editions ranked (often no edition
// holds every word of a colloquial query), and reorders them; ties keep the first pass's order. words are the query's
// (evidenceWords). Nothing changes if the index moved on to another snapshot meanwhile.
func (ix *Index) blendEvidence(ranked []*scored, table *docTable, words []string) {
	if evidenceWeight == 0 || len(ranked) == 0 || len(words) == 0 || table == nil {
		return
	}
	cov := ix.editionCoverage(ranked, table, words)
	if cov == nil {
		return
	}
	top, best := 0.0, 0.0
	for _, h := range ranked {
		top, best = max(top, h.score), max(best, cov[h.e.Group])
	}
	if best == 0 {
		return
	}
	for _, h := range ranked {
		h.score = (1-evidenceWeight)*h.score + evidenceWeight*cov[h.e.Group]/best*top
	}
	sort.SliceStable(ranked, func(i, j int) bool { return ranked[i].score > ranked[j].score })
}

// editionCoverage returns, for the editions of ranked, the idf-weighted share of words that
// the edition holds in a section's heading path or body; nil if the index's current snapshot
// is not table's.
func (ix *Index) editionCoverage(ranked []*scored, table *docTable, words []string) map[string]float64 {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return nil
	}
	r, err := adv.Reader()
	if err != nil {
		return nil
	}
	defer r.Close()
	if t, err := ix.docs.of(r, ix.entries); err != nil || t != table {
		return nil
	}
	groups := map[int32]string{} // table's group index → DOC@EDITION, for the editions ranked
	for _, h := range ranked {
		if g, ok := table.groups[h.e.Group]; ok {
			groups[g] = h.e.Group
		}
	}
	n, err := r.DocCount()
	if err != nil || n == 0 {
		return nil
	}
	held := map[string]float64{}
	total := 0.0
	for _, w := range words {
		in := map[int32]bool{}
		df := 0.0
		for _, field := range []string{"body", "path"} {
			tfr, err := r.TermFieldReader(context.Background(), []byte(w), field, false, false, false)
			if err != nil {
				continue
			}
			df = max(df, float64(tfr.Count()))
			for d, err := tfr.Next(nil); err == nil && d != nil; d, err = tfr.Next(nil) {
				if num, ok := docNumber(d.ID); ok && num < uint64(len(table.group)) {
					in[table.group[num]] = true
				}
			}
			tfr.Close()
		}
		idf := math.Log(1 + float64(n)/(df+1))
		total += idf
		for g, group := range groups {
			if in[g] {
				held[group] += idf
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
