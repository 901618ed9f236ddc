package kb_test

import (
	"bytes"
	"runtime"
	"strings"
	"testing"

	"stdkb"
	"stdkb/kb"
	"stdkb/kb/kbtest"
	"stdkb/workbook/workbooktest"
)

// TestInventoryImportBoundsWideRows: the reviewer's workbook — the standards sheet with one
// cell at column XFD in each of 3,000 rows, 17 KB — took the server past a gigabyte, because
// every row was built 16,384 cells wide before the 1,000-row cut. It is now refused at its
// first such row, allocating a few MiB at most, and the form is left as it was.
func TestInventoryImportBoundsWideRows(t *testing.T) {
	f := kbtest.New(t)
	pilot := f.Caller(kbtest.PilotA)
	template, err := f.App.InventoryWorkbook(pilot, kb.SubmissionForm{})
	if err != nil {
		t.Fatal(err)
	}
	book := workbooktest.WithSheetData(t, template.Data, 1, workbooktest.WideRows(2, 3000))
	form := midtermForm()
	var got kb.SubmissionForm
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	got, _, err = f.App.ImportInventory(pilot, form, bytes.NewReader(book))
	runtime.ReadMemStats(&after)
	if stdkb.ErrorCode(err) != stdkb.EINVALID || !strings.Contains(stdkb.ErrorMessage(err), "“标准清单”第 2 行在 XFD 列有内容") {
		t.Fatalf("importing %d bytes with cells at XFD: %v", len(book), err)
	}
	n := after.TotalAlloc - before.TotalAlloc
	t.Logf("refusing a %d-byte workbook allocated %.1f MiB", len(book), float64(n)/(1<<20))
	if n > 8<<20 {
		t.Errorf("allocated %d MiB refusing a %d-byte workbook, want at most 8 MiB", n>>20, len(book))
	}
	if len(got.Standards) != len(form.Standards) {
		t.Errorf("the refused import changed the form's standards: %d rows, want %d", len(got.Standards), len(form.Standards))
	}
}
