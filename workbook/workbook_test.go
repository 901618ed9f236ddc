package workbook_test

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"stdkb"
	"stdkb/workbook"
	"stdkb/workbook/workbooktest"
)

var limits = workbook.Limits{FileSize: 4 << 20, Unzipped: 16 << 20, Rows: 1001, Columns: 64}

func emptyBook(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// allocated is the bytes allocated while run runs.
func allocated(run func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	run()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func TestRead(t *testing.T) {
	narrow := func(n int) string {
		var b strings.Builder
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>a%d</t></is></c><c r="BL%d"><v>%d</v></c></row>`, i, i, i, i, i)
		}
		return b.String()
	}
	tests := []struct {
		name     string
		rows     string
		code     string
		wantRows int
		maxAlloc uint64
	}{
		// 3,000 rows with a cell at XFD is 17 KB of .xlsx; reading them whole built each row
		// 16,384 cells wide (about a gigabyte). The first such row refuses the file.
		{"one cell at XFD in each row", workbooktest.WideRows(1, 3000), stdkb.EINVALID, 0, 4 << 20},
		{"wide row after good ones", narrow(20) + workbooktest.WideRows(1000, 1), stdkb.EINVALID, 0, 4 << 20},
		// Rows past the limit are not read; cells up to column 64 (BL) are.
		{"more rows than read", narrow(1500), "", 1001, 16 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			book := workbooktest.WithSheetData(t, emptyBook(t), 1, tt.rows)
			var sheets workbook.Sheets
			var err error
			n := allocated(func() { sheets, err = workbook.Read(bytes.NewReader(book), limits, "Sheet1") })
			if stdkb.ErrorCode(err) != tt.code {
				t.Fatalf("error %v, want code %q", err, tt.code)
			}
			if n > tt.maxAlloc {
				t.Errorf("allocated %d bytes reading a %d-byte file, want at most %d", n, len(book), tt.maxAlloc)
			}
			if err != nil {
				if msg := stdkb.ErrorMessage(err); !strings.Contains(msg, "XFD 列") || !strings.Contains(msg, "BL 列") {
					t.Errorf("message %q names neither the column used nor the last allowed", msg)
				}
				return
			}
			rows, _ := sheets.Rows("Sheet1")
			if len(rows) != tt.wantRows || len(rows[0]) != 64 || rows[0][0] != "a1" || rows[1000][63] != "1001" {
				t.Errorf("read %d rows, first %d cells wide", len(rows), len(rows[0]))
			}
		})
	}
}

// TestReadRefusesWhatUnzipsLarge: a small file whose parts unzip past the limit is refused
// before excelize unpacks it, as too large.
func TestReadRefusesWhatUnzipsLarge(t *testing.T) {
	pad := `<row r="1"><c r="A1" t="inlineStr"><is><t>` + strings.Repeat(" ", 17<<20) + `</t></is></c></row>`
	book := workbooktest.WithSheetData(t, emptyBook(t), 1, pad)
	if len(book) > 1<<20 {
		t.Fatalf("the test file is %d bytes; it should be small", len(book))
	}
	var err error
	n := allocated(func() { _, err = workbook.Read(bytes.NewReader(book), limits) })
	if stdkb.ErrorCode(err) != stdkb.ETOOLARGE || !strings.Contains(stdkb.ErrorMessage(err), "解压后超过 16 MiB") {
		t.Fatalf("error %v, want too large", err)
	}
	if n > 4<<20 {
		t.Errorf("allocated %d bytes refusing it", n)
	}
	if _, err := workbook.Read(bytes.NewReader(book), workbook.Limits{FileSize: 1 << 10, Unzipped: 16 << 20, Rows: 1, Columns: 1}); stdkb.ErrorCode(err) != stdkb.ETOOLARGE {
		t.Errorf("a file past FileSize: %v", err)
	}
	if _, err := workbook.Read(strings.NewReader("not a workbook"), limits); stdkb.ErrorCode(err) != stdkb.EINVALID {
		t.Errorf("a file that is no workbook: %v", err)
	}
}

// TestReadBoundsRepeatedText: excelize builds a shared string's text afresh for every cell that
// refers to it, so rows all pointing at one long string must be refused before they add up.
func TestReadBoundsRepeatedText(t *testing.T) {
	book := func(text string, rows int) []byte {
		f := excelize.NewFile()
		for r := 1; r <= rows; r++ {
			if err := f.SetCellStr("Sheet1", fmt.Sprintf("B%d", r), text); err != nil {
				t.Fatal(err)
			}
		}
		var b bytes.Buffer
		if err := f.Write(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	// excelize truncates what it writes to Excel's limit; a hostile file need not.
	long := workbooktest.WithSheetData(t, book("x", 1), 1, `<row r="1"><c r="B1" t="inlineStr"><is><t>`+strings.Repeat("啊", 40000)+`</t></is></c></row>`)
	if _, err := workbook.Read(bytes.NewReader(long), limits); stdkb.ErrorCode(err) != stdkb.EINVALID || !strings.Contains(stdkb.ErrorMessage(err), "32767 个字符") {
		t.Errorf("a cell of 40,000 characters: %v", err)
	}
	repeated := book(strings.Repeat("啊", 30000), 1000) // 90 KB a cell, 88 MiB if every row were read
	var err error
	n := allocated(func() { _, err = workbook.Read(bytes.NewReader(repeated), limits) })
	if stdkb.ErrorCode(err) != stdkb.ETOOLARGE {
		t.Errorf("1,000 rows of one 30,000-character string: %v", err)
	}
	t.Logf("refusing a %d-byte workbook of repeated text allocated %.1f MiB", len(repeated), float64(n)/(1<<20))
	if n > 64<<20 {
		t.Errorf("refusing repeated text allocated %d MiB, want at most 64 MiB", n>>20)
	}
}
