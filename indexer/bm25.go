package indexer

import (
	"encoding/json"
	"fmt"
	"math"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// Length normalisation. BM25 divides a term's frequency by 1 − b + b·length/avgLength.
//
// The average: bleve (2.6) takes avgLength as the number of distinct terms in the field's
// dictionary divided by the number of documents — the vocabulary, not the lengths. On this
// content that is 9 for the body against a real average of 55 tokens, so every section was
// measured against far too short an average and long sections were pushed far down; on a
// larger corpus, whose vocabulary grows much more slowly than its text, the gap widens. The build therefore sums each text field's real lengths (the token counts bleve
// computes the norms from) and keeps them in the index (fieldLengthsKey); searches hand bleve
// these totals as the statistics a search request may carry (SearchRequest.PreSearchData,
// meant for scoring consistently across shards), so avgLength is the real average.
//
// b: sections are the unit of retrieval and their lengths are not noise — a chapter of the
// plan that covers a topic is a better answer than a one-line definition that names it once.
// Both relevance sets rank better with less normalisation in the body and the character view
// than bleve's 0.75 (docs/search-quality.md), over a broad range (0.1–0.5); they use 0.5, the
// mildest change in that range, which keeps short answers (checklist items, clauses) where
// they were.
// Headings (path) keep 0.75: a short heading that names the query is the point. bleve's b is
// a global, so a field gets its own b′ through its average (the pivot): with the pivot F times
// the real average, the normalisation is s·(1 − b′ + b′·length/avgLength) with
// b′ = (b/F)/(1 − b + b/F) and s = 1 − b + b/F — BM25 with b′ and k1·s, the field's scores
// divided by s, which lengthBoost undoes.
var fieldB = map[string]float64{"body": 0.5, gramsField: 0.5, charsField: 0.5, phrasingsField: 0.5}

// textFields are the fields whose real lengths the build records.
var textFields = []string{"path", "body", gramsField, charsField, phrasingsField}

// fieldLengthsKey is where an index keeps its text fields' total lengths (bleve's internal
// storage).
const fieldLengthsKey = "stdkb.fieldLengths"

// fieldLengths sums the lengths of text fields: field name → tokens over all documents.
type fieldLengths map[string]int

// add counts the text fields of docs, analysed by indexing them.
func (l fieldLengths) add(docs []*document.Document) {
	for _, d := range docs {
		d.VisitFields(func(f index.Field) {
			for _, name := range textFields {
				if f.Name() == name {
					l[name] += f.AnalyzedLength()
				}
			}
			if f.Name() == phrasingsField {
				l[phrasingHolders]++
			}
		})
	}
}

// saveFieldLengths keeps the totals in the index, for searches and for later openings.
func (ix *Index) saveFieldLengths(l fieldLengths) error {
	b, err := json.Marshal(l)
	if err != nil {
		return fmt.Errorf("record field lengths: %w", err)
	}
	if err := ix.bleve.SetInternal([]byte(fieldLengthsKey), b); err != nil {
		return fmt.Errorf("record field lengths: %w", err)
	}
	ix.lengths = l
	return nil
}

// loadFieldLengths reads the totals an index was built with.
func (ix *Index) loadFieldLengths() error {
	b, err := ix.bleve.GetInternal([]byte(fieldLengthsKey))
	if err != nil {
		return fmt.Errorf("read field lengths: %w", err)
	}
	if b == nil {
		return fmt.Errorf("the index records no field lengths (built by an older version)")
	}
	var l fieldLengths
	if err := json.Unmarshal(b, &l); err != nil {
		return fmt.Errorf("read field lengths: %w", err)
	}
	ix.lengths = l
	return nil
}

// maxPivot bounds the pivot factor (b′ = 0 asks for an infinite one).
const maxPivot = 1 << 16

// pivotFactor returns F for an effective b′ of want under bleve's b.
func pivotFactor(want float64) float64 {
	b := search.BM25_b
	if want >= b || b == 0 {
		return 1
	}
	if want <= 0 {
		return maxPivot
	}
	return min(maxPivot, b*(1-want)/(want*(1-b)))
}

// lengthBoost is the factor that gives field's scores the scale they have at bleve's b (1/s
// above); textTermQ multiplies the field's query boosts by it. The cjk baseline keeps bleve's
// own statistics, so its factor is 1.
func (ix *Index) lengthBoost(field string) float64 {
	want, ok := fieldB[field]
	if !ok || ix.seg == nil {
		return 1
	}
	b := search.BM25_b
	return 1 / (1 - b + b/pivotFactor(want))
}

// bm25Stats holds an index's BM25 statistics — real average lengths, the fields' pivots
// applied — read once (the index never changes).
type bm25Stats struct {
	once  sync.Once
	stats *search.BM25Stats
}

// scoringRequest returns a search request for q scored with the index's own BM25 statistics.
// The cjk baseline is scored as bleve scores it.
func (ix *Index) scoringRequest(q query.Query, size, from int) *bleve.SearchRequest {
	sr := bleve.NewSearchRequestOptions(q, size, from, false)
	if ix.seg == nil {
		return sr
	}
	if st := ix.bm25.get(ix); st != nil {
		sr.PreSearchData = map[string]any{search.BM25PreSearchDataKey: st}
	}
	return sr
}

// get reads the statistics on first use; nil (bleve's own statistics) if they cannot be read.
// Every field gets bleve's figure (term queries on keyword fields are scored too), the text
// fields their real lengths with their pivots.
func (s *bm25Stats) get(ix *Index) *search.BM25Stats {
	s.once.Do(func() {
		r, err := ix.reader()
		if err != nil {
			return
		}
		defer r.Close()
		br, ok := r.(index.BM25Reader)
		if !ok {
			return
		}
		n, err := r.DocCount()
		if err != nil {
			return
		}
		fields, err := r.Fields()
		if err != nil {
			return
		}
		st := &search.BM25Stats{DocCount: float64(n), FieldCardinality: map[string]int{}}
		for _, f := range fields {
			c, err := br.FieldCardinality(f)
			if err != nil {
				return
			}
			if total, ok := ix.lengths[f]; ok {
				if holders := ix.lengths[phrasingHolders]; f == phrasingsField && holders > 0 {
					// bleve divides by every section; the average is over those with phrasings.
					total = int(float64(total) * float64(n) / float64(holders))
				}
				pivot := 1.0
				if want, ok := fieldB[f]; ok {
					pivot = pivotFactor(want)
				}
				c = int(min(float64(total)*pivot, math.MaxInt64/4))
			}
			st.FieldCardinality[f] = c
		}
		s.stats = st
	})
	return s.stats
}
