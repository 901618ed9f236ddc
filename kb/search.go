package kb

import (
	"context"
	"strings"

	"stdkb"
	"stdkb/indexer"
)

// SearchHit is one matching section.
type SearchHit = indexer.Hit

// FacetCount is how many hits (or, paged by document, documents) have one value of a facet.
type FacetCount = indexer.FacetCount

// SearchRow is one document edition on a page of search results: its sections on the page,
// best first, and how many more of its sections match (listed by the query plus doc:ID).
type SearchRow struct {
	Hits []SearchHit
	More int
}

// First is the row's best section, which carries the document's metadata.
func (r SearchRow) First() SearchHit { return r.Hits[0] }

// QuoteRef names a section that quotes a hit: its document's title and its heading.
type QuoteRef struct {
	ID, DocID, Edition, Section string
	Title, Heading              string
}

// SearchPage is a page of search results laid out for reading: the hits grouped into one row
// per document edition, in the order of each edition's best hit, and the quoting sections
// named.
type SearchPage struct {
	*SearchResult
	Rows   []SearchRow
	Quotes map[string]QuoteRef
}

// SearchPage runs a search and lays its page out by document.
func (a *App) SearchPage(ctx context.Context, c Caller, req SearchRequest) (*SearchPage, error) {
	res, err := a.Search(ctx, c, req)
	if err != nil {
		return nil, err
	}
	return &SearchPage{SearchResult: res, Rows: GroupHits(res.Hits), Quotes: a.quoteRefs(res.Hits)}, nil
}

// GroupHits gathers hits into one row per document edition, rows in the order of their first
// hit.
func GroupHits(hits []SearchHit) []SearchRow {
	var rows []SearchRow
	at := map[string]int{}
	for _, h := range hits {
		key := h.DocID + "@" + h.Edition
		i, ok := at[key]
		if !ok {
			i = len(rows)
			at[key] = i
			rows = append(rows, SearchRow{})
		}
		rows[i].Hits = append(rows[i].Hits, h)
		rows[i].More = max(rows[i].More, h.More)
	}
	return rows
}

// quoteRefs resolves the ids of the sections quoting the hits (DOC@EDITION#SECTION).
func (a *App) quoteRefs(hits []SearchHit) map[string]QuoteRef {
	lib := a.lib()
	out := map[string]QuoteRef{}
	for _, h := range hits {
		for _, id := range h.Quotes {
			ref, sec, _ := strings.Cut(id, "#")
			doc, ed, _ := strings.Cut(ref, "@")
			e, s, err := lib.Resolve(stdkb.SectionRef{Doc: doc, Edition: ed, Section: sec})
			if err != nil {
				continue
			}
			out[id] = QuoteRef{ID: id, DocID: doc, Edition: e.Key, Section: sec, Title: e.Title, Heading: s.Heading()}
		}
	}
	return out
}
