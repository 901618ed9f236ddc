package indexer

// MaxDocuments bounds how deep a search paged by document (Request.Documents) reaches: a page
// of documents is cut from the top-ranked sections, so page n reads a window of sections that
// grows with n. The 200 best documents (20 pages of 10) are more than the library holds, and
// every request stays bounded — at most sectionsPerRow × 200 ranked sections, read from a
// bleve window of diversityWindow of that. Further documents are reached by narrowing the
// search or in the clause view.
const MaxDocuments = 200

// sectionsPerRow is how many ranked sections are read per document of the pages up to the one
// asked for: a row shows perEdition of them, and an edition the query names may take more
// places in the ranking (see diversify).
const sectionsPerRow = 2 * perEdition

// documentPaging is a search paged by document edition: Limit editions a page, each with its
// best sections.
type documentPaging struct{ page, limit int }

// sectionsFor rewrites a request for documents into the request for the ranked sections they
// are cut from: from the first, enough that the editions up to the page asked for are there
// even when each brings perEdition sections.
func sectionsFor(req *Request) documentPaging {
	d := documentPaging{page: req.Page, limit: req.Limit}
	req.Page, req.Limit = 1, sectionsPerRow*d.page*d.limit
	return d
}

// cut returns the page's editions from the ranked sections: each edition as a row at the rank
// of its best section, with at most perEdition of its sections (the others are counted in
// Hit.More).
func (d documentPaging) cut(ranked []*scored) []*scored {
	row := map[string]int{}
	var rows [][]*scored
	for _, h := range ranked {
		i, ok := row[h.e.Group]
		if !ok {
			i = len(rows)
			row[h.e.Group] = i
			rows = append(rows, nil)
		}
		if len(rows[i]) < perEdition {
			rows[i] = append(rows[i], h)
		}
	}
	from := (d.page - 1) * d.limit
	var out []*scored
	for _, r := range rows[min(from, len(rows)):min(from+d.limit, len(rows))] {
		out = append(out, r...)
	}
	return out
}

// editions counts the document editions with a match (the collector counted them).
func (c *collector) editions() int {
	n := 0
	for _, m := range c.perGroup {
		if m > 0 {
			n++
		}
	}
	return n
}
