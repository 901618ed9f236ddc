package kb_test

import (
	"context"
	"reflect"
	"testing"

	"stdkb/kb"
	"stdkb/kb/kbtest"
)

func TestGroupHits(t *testing.T) {
	hit := func(doc, ed, sec string, more int) kb.SearchHit {
		return kb.SearchHit{DocID: doc, Edition: ed, Section: sec, More: more}
	}
	rows := kb.GroupHits([]kb.SearchHit{hit("a", "1", "s1", 3), hit("b", "", "x", 0), hit("a", "1", "s2", 3), hit("a", "2", "s1", 0)})
	var got [][]string
	var more []int
	for _, r := range rows {
		var secs []string
		for _, h := range r.Hits {
			secs = append(secs, h.DocID+"@"+h.Edition+"#"+h.Section)
		}
		got = append(got, secs)
		more = append(more, r.More)
	}
	want := [][]string{{"a@1#s1", "a@1#s2"}, {"b@#x"}, {"a@2#s1"}}
	if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(more, []int{3, 0, 0}) {
		t.Errorf("rows %v more %v, want %v and [3 0 0]", got, more, want)
	}
}

// TestSearchPageNamesQuotes: the sections quoting a hit are named by their document's title
// and heading.
func TestSearchPageNamesQuotes(t *testing.T) {
	f := kbtest.New(t)
	page, err := f.App.SearchPage(context.Background(), kb.Anonymous, kb.SearchRequest{Query: "办公用房维修"})
	if err != nil {
		t.Fatal(err)
	}
	named := 0
	for _, h := range page.Hits {
		for _, id := range h.Quotes {
			q, ok := page.Quotes[id]
			if !ok || q.Title == "" || q.DocID == "" {
				t.Errorf("quote %s of %s: %+v, want its title", id, h.ID, q)
			}
			named++
		}
	}
	if named == 0 {
		t.Error("办公用房维修: no hit shows the sections quoting it")
	}
	if len(page.Rows) < 3 {
		t.Errorf("%d rows on the first page, want at least 3 documents", len(page.Rows))
	}
}
