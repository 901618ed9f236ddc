// Package workbooktest builds hostile Excel workbooks for tests: files a spreadsheet program
// would not write, so excelize cannot write them either.
package workbooktest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
)

// WithSheetData returns the .xlsx book with the sheetData of its worksheet xl/worksheets/
// sheet<n>.xml replaced by rows (the <row> elements).
func WithSheetData(t testing.TB, book []byte, n int, rows string) []byte {
	t.Helper()
	part := fmt.Sprintf("xl/worksheets/sheet%d.xml", n)
	return rewrite(t, book, part, func(xml string) string {
		start, end := strings.Index(xml, "<sheetData"), strings.Index(xml, "</sheetData>")
		if end < 0 { // an empty <sheetData/>
			end = strings.Index(xml[start:], "/>") + start
			return xml[:start] + "<sheetData>" + rows + "</sheetData>" + xml[end+2:]
		}
		return xml[:start] + "<sheetData>" + rows + xml[end:]
	})
}

// WideRows is n rows from row first on, each with one cell in the sheet's last column (XFD).
func WideRows(first, n int) string {
	var b strings.Builder
	for i := first; i < first+n; i++ {
		fmt.Fprintf(&b, `<row r="%d"><c r="XFD%d" t="inlineStr"><is><t>x</t></is></c></row>`, i, i)
	}
	return b.String()
}

func rewrite(t testing.TB, book []byte, part string, edit func(string) string) []byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	w := zip.NewWriter(&out)
	found := false
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == part {
			data, found = []byte(edit(string(data))), true
		}
		fw, err := w.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(data)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if !found {
		t.Fatalf("the workbook has no %s", part)
	}
	return out.Bytes()
}
