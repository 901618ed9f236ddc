package indexer

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	index "github.com/blevesearch/bleve_index_api"
)

// facetTable holds the facet values of every document of one index snapshot, by internal
// document number. Counting facets from it costs an array lookup per match, where bleve's own
// facets decode doc values per match — the larger part of a broad query's time.
//
// Internal numbers belong to a snapshot: scorch renumbers documents when it merges segments,
// so a table is only used with the snapshot it was read from.
type facetTable struct {
	reader index.IndexReader // the snapshot; compared, never read after building
	values []string          // facet values, "type=standard", "domain=B4", …
	docs   [][]uint16        // internal document number → indexes into values
}

// facetTables caches the table of the snapshot searched last.
type facetTables struct {
	mu   sync.Mutex
	last *facetTable
}

// of returns the table for reader, reading it from the facet field's doc values the first time
// a snapshot is seen.
func (ft *facetTables) of(reader index.IndexReader) (*facetTable, error) {
	ft.mu.Lock()
	defer ft.mu.Unlock()
	if ft.last != nil && ft.last.reader == reader {
		return ft.last, nil
	}
	t, err := readFacetTable(reader)
	if err != nil {
		return nil, err
	}
	ft.last = t
	return t, nil
}

func readFacetTable(reader index.IndexReader) (*facetTable, error) {
	t := &facetTable{reader: reader}
	ids := map[string]uint16{}
	all, err := reader.DocIDReaderAll()
	if err != nil {
		return nil, fmt.Errorf("read facets: %w", err)
	}
	defer all.Close()
	dv, err := reader.DocValueReader([]string{facetField})
	if err != nil {
		return nil, fmt.Errorf("read facets: %w", err)
	}
	for {
		id, err := all.Next()
		if err != nil {
			return nil, fmt.Errorf("read facets: %w", err)
		}
		if id == nil {
			return t, nil
		}
		n, ok := docNumber(id)
		if !ok {
			return nil, fmt.Errorf("read facets: internal id %x is not a document number", []byte(id))
		}
		for uint64(len(t.docs)) <= n {
			t.docs = append(t.docs, nil)
		}
		var vals []uint16
		err = dv.VisitDocValues(id, func(field string, term []byte) {
			v, ok := ids[string(term)]
			if !ok {
				v = uint16(len(t.values))
				ids[string(term)] = v
				t.values = append(t.values, string(term))
			}
			vals = append(vals, v)
		})
		if err != nil {
			return nil, fmt.Errorf("read facets: %w", err)
		}
		if len(t.values) > math.MaxUint16 {
			return nil, fmt.Errorf("read facets: more than %d distinct values", math.MaxUint16)
		}
		t.docs[n] = vals
	}
}

// docNumber decodes a scorch internal id: the document's number in its snapshot.
func docNumber(id index.IndexInternalID) (uint64, bool) {
	if len(id) != 8 {
		return 0, false
	}
	return binary.BigEndian.Uint64(id), true
}

// facetCounter counts the facet values of every match of one search.
type facetCounter struct {
	tables *facetTables
	table  *facetTable
	counts []int
	err    error
}

// withFacetCounting returns ctx set up so that bleve's collector hands every match to c before
// ranking it as usual.
func (c *facetCounter) withFacetCounting(ctx context.Context) context.Context {
	return context.WithValue(ctx, search.MakeDocumentMatchHandlerKey, search.MakeDocumentMatchHandler(
		func(sctx *search.SearchContext) (search.DocumentMatchHandler, bool, error) {
			rank, loadID, err := collector.MakeTopNDocumentMatchHandler(sctx)
			if err != nil {
				return nil, false, err
			}
			if c.table, err = c.tables.of(sctx.IndexReader); err != nil {
				return nil, false, err
			}
			c.counts = make([]int, len(c.table.values))
			return func(d *search.DocumentMatch) error {
				if d != nil {
					n, ok := docNumber(d.IndexInternalID)
					if !ok || n >= uint64(len(c.table.docs)) {
						return fmt.Errorf("count facets: document %x is not in the snapshot's table", []byte(d.IndexInternalID))
					}
					for _, v := range c.table.docs[n] {
						c.counts[v]++
					}
				}
				return rank(d)
			}, loadID, nil
		}))
}

// results returns the counts by facet name, each list sorted by sortFacet.
func (c *facetCounter) results() map[string][]FacetCount {
	out := map[string][]FacetCount{}
	for _, name := range facetFields {
		out[name] = []FacetCount{}
	}
	if c.table == nil {
		return out
	}
	for v, n := range c.counts {
		if n == 0 {
			continue
		}
		name, value, ok := strings.Cut(c.table.values[v], "=")
		if _, known := out[name]; ok && known {
			out[name] = append(out[name], FacetCount{Value: value, Count: n})
		}
	}
	for _, counts := range out {
		sortFacet(counts)
	}
	return out
}
