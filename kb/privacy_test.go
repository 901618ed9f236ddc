package kb_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"stdkb"
	"stdkb/kb/kbtest"
)

// TestExpertsAndAccountsStayPrivate: the ledger shows anonymous callers and pilots the
// committee, not the panel's expert ids or the account that recorded the decision; a pilot's
// reviewed submission does not show the panel either. Reviewers see both.
func TestExpertsAndAccountsStayPrivate(t *testing.T) {
	f := kbtest.New(t)
	rev := f.Caller(kbtest.Reviewer)
	if _, err := f.App.RecordReview(rev, stdkb.ReviewDecision{DocID: "sample-nev-time-share", Date: stdkb.MustDate("2026-01-15"),
		Committee: "市机关事务标准化技术委员会（示例）", Outcome: stdkb.OutcomeContinue, Panel: []string{"e1"}}); err != nil {
		t.Fatal(err)
	}
	id := f.SubmittedA()
	if _, err := f.App.ReviewSubmission(rev, id, 0, stdkb.SubmissionReview{Conclusion: "通过", Panel: []string{"e1"}}); err != nil {
		t.Fatal(err)
	}
	for _, role := range kbtest.Roles {
		c := f.Caller(role)
		ds, err := f.App.Ledger(c, true)
		if err != nil || len(ds) != 1 {
			t.Fatalf("ledger as %s: %v %v", role, ds, err)
		}
		sees := c.CanReview()
		if got := slices.Contains(ds[0].Panel, "e1") || ds[0].RecordedBy == kbtest.Reviewer; got != sees {
			t.Errorf("ledger as %s shows the panel or the recording account: %v, want %v (%+v)", role, got, sees, ds[0])
		}
		for _, format := range []string{"csv", "xlsx"} {
			file, err := f.App.LedgerFile(c, true, format)
			if err != nil {
				t.Fatal(err)
			}
			rows := ledgerFileRows(t, format, file.Data)
			header := strings.Join(rows[0], " ")
			row := strings.Join(rows[1], " ")
			if got := strings.Contains(header, "评审专家") && strings.Contains(row, "甄专家（九龙坡区机关事务管理局）"); got != sees {
				t.Errorf("ledger %s as %s names the panel: %v, want %v\n%s\n%s", format, role, got, sees, header, row)
			}
			if slices.Contains(rows[1], "e1") {
				t.Errorf("ledger %s as %s shows the expert id: %s", format, role, row)
			}
		}
		if role == kbtest.PilotA || sees {
			v, err := f.App.Submission(c, id)
			if err != nil {
				t.Fatal(err)
			}
			if got := slices.Contains(v.Panel, "e1") || slices.Contains(v.Stored.Panel, "e1"); got != sees {
				t.Errorf("submission as %s shows the panel: %v, want %v", role, got, sees)
			}
		}
	}
}

// ledgerFileRows reads an exported ledger back.
func ledgerFileRows(t *testing.T, format string, data []byte) [][]string {
	t.Helper()
	if format == "csv" {
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	book, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	rows, err := book.GetRows(book.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
