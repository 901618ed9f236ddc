package indexer

import (
	"context"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2/search/query"

	"stdkb"
)

// perEdition is how many sections of one document edition a page of section results shows,
// unless the query names the document (its number or full title) or filters on it (doc:).
// The others move to later pages; Hit.More counts them.
const perEdition = 2

// diversityWindow is how many ranked sections are read to lay out the pages up to the one
// asked for: enough that capping an edition still fills them.
func diversityWindow(upTo int) int { return 4*upTo + 40 }

// diversify lays out ranked sections for pages of limit: a section that quotes another is shown
// under its source (see quotes.go) — the source takes the quote's place if it ranked lower —
// and a page holds at most perEdition sections of one edition unless the query names it. It
// returns the page asked for (1-based).
func (ix *Index) diversify(ctx context.Context, q query.Query, p *parsedQuery, raw string, ranked []*scored, page, limit int) []*scored {
	named := ix.namedEditions(p, raw, ranked)
	ranked = ix.collapseQuotes(ctx, q, p, ranked, named)
	queue := ranked
	for n := 1; ; n++ {
		var this, rest []*scored
		count := map[string]int{}
		for _, h := range queue {
			if len(this) < limit && (named[h.e.Group] || count[h.e.Group] < perEdition) {
				count[h.e.Group]++
				this = append(this, h)
			} else {
				rest = append(rest, h)
			}
		}
		// Nothing else matched: the rest of a capped edition fills the page.
		for len(this) < limit && len(rest) > 0 {
			this, rest = append(this, rest[0]), rest[1:]
		}
		if n == page {
			return this
		}
		if queue = rest; len(queue) == 0 {
			return nil
		}
	}
}

// collapseQuotes puts every quoting section under its source, except in the editions the query
// names (asking for a regulation by its number finds its quote of the plan).
func (ix *Index) collapseQuotes(ctx context.Context, q query.Query, p *parsedQuery, ranked []*scored, named map[string]bool) []*scored {
	at := map[string]int{} // entry id → index in ranked
	for i, h := range ranked {
		at[h.e.ID] = i
	}
	var missing []string // sources of quotes that did not rank
	quotes := func(h *scored) []string {
		if named[h.e.Group] {
			return nil
		}
		return h.e.QuoteOf
	}
	for _, h := range ranked {
		for _, src := range quotes(h) {
			if _, ok := at[src]; !ok {
				missing = append(missing, src)
			}
		}
	}
	var extra map[string]float64
	if len(missing) > 0 {
		extra = ix.scoreIDs(ctx, q, p, missing)
	}
	out := make([]*scored, 0, len(ranked))
	placed := map[string]*scored{}
	for _, h := range ranked {
		if placed[h.e.ID] != nil {
			continue // a source moved up to its quote's place
		}
		var src *scored
		for _, id := range quotes(h) {
			if src = placed[id]; src != nil {
				break
			}
			if i, ok := at[id]; ok {
				src = &scored{e: ranked[i].e, score: h.score}
			} else if _, ok := extra[id]; ok {
				src = &scored{e: ix.entries[id], score: h.score}
			}
			if src != nil {
				placed[id] = src
				out = append(out, src)
				break
			}
		}
		if src == nil {
			placed[h.e.ID] = h
			out = append(out, h)
			continue
		}
		src.quotes = append(src.quotes, h.e.ID)
	}
	return out
}

// scoreIDs returns which of the entries match q (and the query's literal checks), with their
// scores.
func (ix *Index) scoreIDs(ctx context.Context, q query.Query, p *parsedQuery, ids []string) map[string]float64 {
	only := query.NewConjunctionQuery([]query.Query{q, query.NewDocIDQuery(ids)})
	res, err := ix.bleve.SearchInContext(ctx, ix.scoringRequest(only, len(ids), 0))
	if err != nil {
		return nil
	}
	keep := ix.literalFilter(p)
	out := map[string]float64{}
	for _, h := range res.Hits {
		if e := ix.entries[h.ID]; e != nil && (keep == nil || keep(e)) {
			out[h.ID] = h.Score
		}
	}
	return out
}

// namedEditions returns the editions among ranked that the query names: by a number it
// gives, by the full title (compared on letters, digits and characters only, so quotes and
// spaces do not matter), or by a doc: filter. raw is the query as typed.
func (ix *Index) namedEditions(p *parsedQuery, raw string, ranked []*scored) map[string]bool {
	named := map[string]bool{}
	text := lettersOnly(raw)
	docs := map[string]bool{}
	for _, d := range p.filters["doc"] {
		docs[d] = true
	}
	numbers := map[string]bool{}
	for _, id := range p.ids {
		for _, k := range id.SearchKeys() {
			numbers[k] = true
		}
	}
	for _, h := range ranked {
		e := h.e
		if named[e.Group] {
			continue
		}
		switch {
		case docs[e.DocID], e.Title != "" && strings.Contains(text, lettersOnly(e.Title)):
			named[e.Group] = true
		case len(numbers) > 0 && e.Number != "":
			ids, _ := stdkb.FindIdentifiers(e.Number)
			for _, k := range identifierKeys(ids) {
				named[e.Group] = named[e.Group] || numbers[k]
			}
		}
	}
	return named
}

// hasDocument reports whether the library has a document, checklist or indicator set id.
func (ix *Index) hasDocument(id string) bool {
	if _, ok := ix.lib.Document(id); ok {
		return true
	}
	if _, ok := ix.lib.Checklist(id); ok {
		return true
	}
	for _, set := range ix.lib.Indicators {
		if set.ID == id {
			return true
		}
	}
	return false
}

// lettersOnly keeps the letters and digits of s, lowercased.
func lettersOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}
