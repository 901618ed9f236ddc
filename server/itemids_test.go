package server_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"stdkb/kb"
	"stdkb/kb/kbtest"
	"stdkb/server"
)

// itemIDs matches the internal id of any checklist item of the content (org-1, sys-2 …), and
// lists one query per checklist section that finds that section: its first item's text.
func itemIDs(t *testing.T, f *kbtest.Fixture) (*regexp.Regexp, []string) {
	t.Helper()
	cls, err := f.App.Checklists(kb.Anonymous)
	if err != nil {
		t.Fatal(err)
	}
	var ids, queries []string
	for _, c := range cls {
		for _, s := range c.Sections {
			for _, it := range s.Items {
				ids = append(ids, regexp.QuoteMeta(it.ID))
			}
			if len(s.Items) > 0 {
				queries = append(queries, s.Items[0].Text)
			}
		}
	}
	if len(ids) == 0 {
		t.Fatal("the content has no checklist items")
	}
	return regexp.MustCompile(`\b(` + strings.Join(ids, "|") + `)\b`), queries
}

// TestChecklistItemsNamedNotNumbered: staff read checklist items by their wording, never by
// the id content gives them, both in search snippets of checklist sections and in the
// self-assessment report workbook.
func TestChecklistItemsNamedNotNumbered(t *testing.T) {
	f := kbtest.New(t)
	ts := httptest.NewServer(server.New(server.Config{App: f.App}).Handler())
	defer ts.Close()
	ids, queries := itemIDs(t, f)
	c := browser(t)
	hits := 0
	for _, q := range queries {
		for _, view := range []string{"", "clauses"} {
			p := fmt.Sprintf("/search?q=%s&type=checklist&view=%s", url.QueryEscape(q), view)
			res, body := getWith(t, c, ts.URL+p)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %d", p, res.StatusCode)
			}
			text := visibleText(body)
			if strings.Contains(text, "检查表") {
				hits++
			}
			if m := ids.FindString(text); m != "" {
				t.Errorf("GET %s shows item id %q", p, m)
			}
		}
	}
	if hits == 0 {
		t.Fatal("no search found a checklist section")
	}

	pilot := login(t, ts, kbtest.PilotA)
	id := f.DraftA()
	res, body := getWith(t, pilot, fmt.Sprintf("%s/assess/%d/report.xlsx", ts.URL, id))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("report.xlsx: %d", res.StatusCode)
	}
	wb, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	items := 0
	for _, sheet := range wb.GetSheetList() {
		rows, err := wb.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for i, row := range rows {
			for j, cell := range row {
				if m := ids.FindString(cell); m != "" {
					t.Errorf("report.xlsx %s row %d column %d shows item id %q: %q", sheet, i+1, j+1, m, cell)
				}
				if strings.Contains(cell, "第1项") {
					items++
				}
			}
		}
	}
	if items == 0 {
		t.Error("report.xlsx does not number the checklist items as staff do (第1项 …)")
	}
}
