package indexer

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
	"weak"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	topn "github.com/blevesearch/bleve/v2/search/collector"
	index "github.com/blevesearch/bleve_index_api"
)

// docTable holds, for one index snapshot, each document's entry and facet values by internal
// document number. Counting facets from it costs an array lookup per match, where bleve's own
// facets decode doc values per match — the larger part of a broad query's time — and it lets
// matches be checked against their entry's text (exact phrases, exclusions) as they are
// collected, so totals, facets and pages agree.
//
// Internal numbers belong to a snapshot: scorch renumbers documents when it merges segments,
// so a table is only used with the snapshot it was read from.
type docTable struct {
	// snapshot is the scorch snapshot read. Held weakly: keeping it would keep segments it
	// shares with no later snapshot in memory.
	snapshot weak.Pointer[scorch.IndexSnapshot]
	values   []string   // facet values, "type=standard", "domain=B4", …
	facets   [][]uint16 // internal document number → indexes into values
	entries  []*entry   // internal document number → entry; nil if the library has none
	group    []int32    // internal document number → index of its entry's Group in groups
	groups   map[string]int32
	// holders caches, by word, the groups holding it (docevidence.go).
	holders holderCache
	// sections caches, by word, the sections holding it (coverage.go).
	sections sectionCache
	// runes holds each entry's text length in characters, avgRunes their mean (passages.go).
	runes    []int32
	avgRunes float64
}

// docTables caches the table of the snapshot searched last.
type docTables struct {
	mu   sync.Mutex
	last *docTable
}

// of returns the table for reader, reading it from doc values the first time a snapshot is
// seen.
func (dt *docTables) of(reader index.IndexReader, entries map[string]*entry) (*docTable, error) {
	snap, ok := reader.(*scorch.IndexSnapshot)
	if !ok {
		return nil, fmt.Errorf("read document table: index reader %T is not a scorch snapshot", reader)
	}
	dt.mu.Lock()
	defer dt.mu.Unlock()
	if dt.last != nil && dt.last.snapshot.Value() == snap {
		return dt.last, nil
	}
	t, err := readDocTable(snap, entries)
	if err != nil {
		return nil, fmt.Errorf("read document table: %w", err)
	}
	dt.last = t
	return t, nil
}

func readDocTable(reader *scorch.IndexSnapshot, entries map[string]*entry) (*docTable, error) {
	t := &docTable{snapshot: weak.Make(reader), groups: map[string]int32{}}
	ids := map[string]uint16{}
	all, err := reader.DocIDReaderAll()
	if err != nil {
		return nil, err
	}
	defer all.Close()
	dv, err := reader.DocValueReader([]string{facetField, refField})
	if err != nil {
		return nil, err
	}
	for {
		id, err := all.Next()
		if err != nil {
			return nil, err
		}
		if id == nil {
			t.lengths()
			return t, nil
		}
		n, ok := docNumber(id)
		if !ok {
			return nil, fmt.Errorf("internal id %x is not a document number", []byte(id))
		}
		for uint64(len(t.facets)) <= n {
			t.facets = append(t.facets, nil)
			t.entries = append(t.entries, nil)
			t.group = append(t.group, -1)
		}
		var vals []uint16
		var e *entry
		err = dv.VisitDocValues(id, func(field string, term []byte) {
			if field == refField {
				e = entries[string(term)]
				return
			}
			v, ok := ids[string(term)]
			if !ok {
				v = uint16(len(t.values))
				ids[string(term)] = v
				t.values = append(t.values, string(term))
			}
			vals = append(vals, v)
		})
		if err != nil {
			return nil, err
		}
		if len(t.values) > math.MaxUint16 {
			return nil, fmt.Errorf("more than %d distinct facet values", math.MaxUint16)
		}
		t.facets[n], t.entries[n] = vals, e
		if e != nil {
			g, ok := t.groups[e.Group]
			if !ok {
				g = int32(len(t.groups))
				t.groups[e.Group] = g
			}
			t.group[n] = g
		}
	}
}

// lengths sets the entries' text lengths and their mean.
func (t *docTable) lengths() {
	t.runes = make([]int32, len(t.entries))
	total, n := 0, 0
	for i, e := range t.entries {
		if e != nil {
			t.runes[i] = int32(utf8.RuneCountInString(e.Text))
			total += int(t.runes[i])
			n++
		}
	}
	if n > 0 {
		t.avgRunes = float64(total) / float64(n)
	}
}

// docNumber decodes a scorch internal id: the document's number in its snapshot.
func docNumber(id index.IndexInternalID) (uint64, bool) {
	if len(id) != 8 {
		return 0, false
	}
	return binary.BigEndian.Uint64(id), true
}

// collector sees every match of one search: it drops those keep refuses, counts the others
// and their facet values, and hands them on to bleve's ranking.
type collector struct {
	ix     *Index
	keep   func(*entry) bool // nil keeps every match
	group  bool              // keep the best section of each document edition instead of ranking
	table  *docTable
	total  uint64
	counts []int
	groups map[string]*scored // document@edition → its best-scoring section, when grouping
	// perGroup counts the matches of each document@edition (by the table's group index), when
	// count is set.
	count    bool
	perGroup []int32
	// figures: what kind of figure the query asks for; sections stating one score
	// figureFactor times their score (figures.go, figurekinds.go).
	figures figureAsk
	// byEdition counts facet values once per document edition, as a search paged by document
	// lists them; counted holds the value and edition pairs counted.
	byEdition bool
	counted   map[[2]int32]bool
	// evidenceWords are the query's words whose coverage by each edition weighs its sections'
	// scores (docevidence.go); factors holds the weights by group index.
	evidenceWords []string
	factors       []float64
	// units are the query's coverage units, the words of each; coverage what their postings
	// say about each section (coverage.go).
	units    [][]string
	coverage *queryCoverage
	// labels are the heading labels the query names (专栏3); sections headed by one score
	// labelFactor times their score (labels.go).
	labels []string
	// docs are the kinds of document the query names (国标, 规章); their sections score
	// docCueFactor times their score (doccues.go).
	docs docAsk
	// tense is what the query asks about, the past or the future; sections that look back
	// score tenseFactor or 1/tenseFactor times their score (tense.go).
	tense tense
}

// sampleFactor weighs an illustrative (sample) section's score against a real one's: a
// clause written to show the format should not outrank the plan or a published standard
// saying the same thing. Chosen on the two tuning sets (docs/search-quality.md).
var sampleFactor = 0.9

// scored is an entry with its score in one search.
type scored struct {
	e      *entry
	score  float64
	quotes []string // ids of the sections quoting it that are shown under it
}

// context returns ctx set up so that bleve's collector hands every match to c.
func (c *collector) context(ctx context.Context) context.Context {
	return context.WithValue(ctx, search.MakeDocumentMatchHandlerKey, search.MakeDocumentMatchHandler(
		func(sctx *search.SearchContext) (search.DocumentMatchHandler, bool, error) {
			rank, loadID, err := topn.MakeTopNDocumentMatchHandler(sctx)
			if err != nil {
				return nil, false, err
			}
			if c.table, err = c.ix.docs.of(sctx.IndexReader, c.ix.entries); err != nil {
				return nil, false, err
			}
			c.counts = make([]int, len(c.table.values))
			c.groups = map[string]*scored{}
			if c.count {
				c.perGroup = make([]int32, len(c.table.groups))
			}
			c.factors = evidenceFactors(sctx.IndexReader, c.table, c.evidenceWords)
			c.coverage = newQueryCoverage(sctx.IndexReader, c.table, c.units)
			return func(d *search.DocumentMatch) error {
				if d == nil {
					return rank(d)
				}
				n, ok := docNumber(d.IndexInternalID)
				if !ok || n >= uint64(len(c.table.entries)) {
					return fmt.Errorf("collect: document %x is not in the snapshot's table", []byte(d.IndexInternalID))
				}
				// A document the library has no entry for is never shown; neither is one that
				// fails the literal check.
				if e := c.table.entries[n]; e == nil || c.keep != nil && !c.keep(e) {
					sctx.DocumentMatchPool.Put(d)
					return nil
				}
				c.total++
				if c.figures.answeredBy(c.table.entries[n]) {
					d.Score *= figureFactor
				}
				if c.factors != nil {
					d.Score *= c.factors[c.table.group[n]]
				}
				d.Score *= c.coverage.factor(n, c.table.entries[n].Summary)
				d.Score *= c.coverage.passageFactor(c.table.entries[n].Text, int(c.table.runes[n]), c.table.avgRunes)
				if headedBy(c.table.entries[n], c.labels) {
					d.Score *= labelFactor
				}
				if len(c.docs) > 0 {
					d.Score *= c.docs.factor(c.table.entries[n])
				}
				if c.tense != tenseNone {
					d.Score *= c.ix.tenses.factor(c.tense, c.table.entries[n])
				}
				if c.table.entries[n].Sample {
					d.Score *= sampleFactor
				}
				if c.table.entries[n].Summary {
					d.Score *= summaryFactor
				}
				c.countFacets(n)
				if c.count {
					c.perGroup[c.table.group[n]]++
				}
				if c.group {
					// The best section stands for its edition; of equal ones the first in
					// the document, since the order matches arrive in changes with merges.
					e := c.table.entries[n]
					if best := c.groups[e.Group]; best == nil || d.Score > best.score ||
						d.Score == best.score && e.Ordinal < best.e.Ordinal {
						c.groups[e.Group] = &scored{e: e, score: d.Score}
					}
					sctx.DocumentMatchPool.Put(d)
					return nil
				}
				return rank(d)
			}, loadID, nil
		}))
}

// countFacets counts the facet values of the match with internal number n: once per match,
// or once per document edition with byEdition.
func (c *collector) countFacets(n uint64) {
	for _, v := range c.table.facets[n] {
		if c.byEdition {
			key := [2]int32{int32(v), c.table.group[n]}
			if c.counted[key] {
				continue
			}
			if c.counted == nil {
				c.counted = map[[2]int32]bool{}
			}
			c.counted[key] = true
		}
		c.counts[v]++
	}
}

// facets returns the counts by facet name, each list sorted by sortFacet.
func (c *collector) facets() map[string][]FacetCount {
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

// ranked returns the best section of each group, ordered by score or, with byDate, by
// effective date; ties go to the newer edition, then to the entry id.
func (c *collector) ranked(byDate bool) []*scored {
	out := make([]*scored, 0, len(c.groups))
	for _, g := range c.groups {
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if byDate && a.e.Effective != b.e.Effective {
			return b.e.Effective.Before(a.e.Effective)
		}
		if a.score != b.score {
			return a.score > b.score
		}
		if a.e.Effective != b.e.Effective {
			return b.e.Effective.Before(a.e.Effective)
		}
		return a.e.ID < b.e.ID
	})
	return out
}

// matchesOf returns how many matches belong to the document edition group (counted when count
// is set).
func (c *collector) matchesOf(group string) int {
	if c.table == nil || c.perGroup == nil {
		return 0
	}
	if g, ok := c.table.groups[group]; ok {
		return int(c.perGroup[g])
	}
	return 0
}
