package indexer

import (
	"context"
	"testing"
)

// TestDocumentPages: paged by document, each page of a query matching many documents holds
// exactly Limit document editions, none on two pages, at most perEdition sections each, and
// Groups counts every edition that matches — as a grouped search counts them. Paged by
// section, as the 按文件 view was, page 1 of 机关事务管理 held ten sections of fewer documents.
func TestDocumentPages(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	ctx := context.Background()
	const q = "机关事务管理"
	grouped, err := ix.Search(ctx, Request{Query: q, Group: true})
	if err != nil {
		t.Fatal(err)
	}
	if *grouped.Groups < 30 {
		t.Fatalf("%s matches %d editions: the test needs three full pages", q, *grouped.Groups)
	}
	// By date one edition's sections sort side by side; the pages hold ten editions all the same.
	for _, sort := range []string{"relevance", "date"} {
		seen := map[string]int{}
		for page := 1; page <= 3; page++ {
			res, err := ix.Search(ctx, Request{Query: q, Sort: sort, Documents: true, Page: page, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			if res.Groups == nil || *res.Groups != *grouped.Groups {
				t.Errorf("%s, page %d counts %v editions, want %d", sort, page, res.Groups, *grouped.Groups)
			}
			if res.Page != page || res.Limit != 10 {
				t.Errorf("%s, page %d answered as page %d of %d", sort, page, res.Page, res.Limit)
			}
			rows, perRow := []string{}, map[string]int{}
			for _, h := range res.Hits {
				key := h.DocID + "@" + h.Edition
				if perRow[key] == 0 {
					rows = append(rows, key)
				}
				if perRow[key]++; perRow[key] > perEdition {
					t.Errorf("%s, page %d shows %d sections of %s, want at most %d", sort, page, perRow[key], key, perEdition)
				}
			}
			if len(rows) != 10 {
				t.Errorf("%s, page %d holds %d documents, want 10: %v", sort, page, len(rows), rows)
			}
			for _, key := range rows {
				if p, ok := seen[key]; ok {
					t.Errorf("%s: %s is on page %d and page %d", sort, key, p, page)
				}
				seen[key] = page
			}
		}
	}
	if _, err := ix.Search(ctx, Request{Query: q, Documents: true, Page: MaxDocuments/10 + 1, Limit: 10}); err == nil {
		t.Errorf("a page past the %d best documents was answered, want a refusal", MaxDocuments)
	}
}

// BenchmarkDocumentPages measures a page of documents against the baseline, a page of sections
// as the 按文件 view read it before, on the embedded content: the first page and the deepest
// the view reaches, whose window of sections is twenty times larger.
func BenchmarkDocumentPages(b *testing.B) {
	ix := testIndex(b, AnalyzerGSE)
	ctx := context.Background()
	for _, bc := range []struct {
		name string
		req  Request
	}{
		{"sections/page=1", Request{Query: "机关事务管理"}},
		{"documents/page=1", Request{Query: "机关事务管理", Documents: true}},
		{"sections/page=20", Request{Query: "机关事务管理", Page: 20}},
		{"documents/page=20", Request{Query: "机关事务管理", Documents: true, Page: MaxDocuments / DefaultLimit}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := ix.Search(ctx, bc.req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
