package indexer

import (
	"context"
	"fmt"
	"sort"

	"github.com/blevesearch/bleve/v2/search"
)

// textView selects how a query's text is matched: as words (path and body), as characters
// (gramsField), or both.
type textView int

const (
	wordsView textView = 1 << iota
	gramsView
)

// How the two views' scores are combined. fusionSum (the default) adds their BM25 scores in
// one query, the character view weighed by boostGrams; fusionRRF ranks each view on its own
// and orders sections by reciprocal-rank fusion, Σ 1/(rrfK + rank). Both were measured on the
// relevance sets (docs/search-quality.md); the sum ranked better and costs one search.
const (
	fusionSum = ""
	fusionRRF = "rrf"
)

// rrfK damps the weight of the first ranks in reciprocal-rank fusion (the customary 60), and
// rrfDepth is how many sections of each view are fused.
const (
	rrfK     = 60
	rrfDepth = 100
)

// fuseRanks ranks the first n sections by reciprocal-rank fusion of the words-only and the
// characters-only searches, each with the request's filters and literal checks.
func (ix *Index) fuseRanks(ctx context.Context, p *parsedQuery, req *Request, n int) (search.DocumentMatchCollection, error) {
	fused := map[string]float64{}
	for _, v := range []textView{wordsView, gramsView} {
		q, _, err := ix.buildQueryViews(p, req, v)
		if err != nil {
			return nil, err
		}
		c := &collector{ix: ix, keep: ix.literalFilter(p)}
		res, err := ix.bleve.SearchInContext(c.context(ctx), ix.scoringRequest(q, max(rrfDepth, n), 0))
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		for rank, h := range res.Hits {
			fused[h.ID] += 1 / float64(rrfK+rank+1)
		}
	}
	var out search.DocumentMatchCollection
	for id, score := range fused {
		out = append(out, &search.DocumentMatch{ID: id, Score: score})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].ID < out[j].ID
	})
	return out[:min(n, len(out))], nil
}
