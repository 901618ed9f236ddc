package export_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io/fs"
	"strings"
	"testing"

	"github.com/fumiama/go-docx"
	"github.com/xuri/excelize/v2"

	"stdkb/export"
)

var rows = [][]string{{"序号", "结论"}, {"1", "继续有效"}, {"2", "含,逗号与\"引号\""}}

func TestCSV(t *testing.T) {
	var b bytes.Buffer
	if err := export.CSV(&b, rows); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasPrefix(out, "\ufeff") || strings.Count(out, "\r\n") != 3 {
		t.Fatalf("want a BOM and CRLF lines: %q", out)
	}
	got, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
	if err != nil || len(got) != 3 || got[2][1] != rows[2][1] {
		t.Errorf("round trip: %v %v", got, err)
	}
}

func TestXLSX(t *testing.T) {
	var b bytes.Buffer
	if err := export.XLSX(&b, "台账", rows); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, _ := f.GetRows("台账")
	if len(got) != 3 || got[1][1] != "继续有效" || got[2][1] != rows[2][1] {
		t.Errorf("rows %v", got)
	}
	style, _ := f.GetCellStyle("台账", "A1")
	if s, _ := f.GetStyle(style); s == nil || s.Font == nil || !s.Font.Bold {
		t.Error("header row is not bold")
	}
}

func TestNewDOCXDefinesItsStyles(t *testing.T) {
	d, err := export.NewDOCX()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range export.DOCXStyles {
		export.Paragraph(d, s, s)
	}
	export.Paragraph(d, "正文", "")
	export.Paragraph(d, "未定义", "NoSuchStyle")
	var b bytes.Buffer
	if err := export.FinishA4(&b, d, true); err != nil {
		t.Fatal(err)
	}
	used, defined, err := export.DOCXStyleUse(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := fs.ReadFile(zr, "word/document.xml")
	if !bytes.Contains(body, []byte(`<w:pgSz w:w="16838" w:h="11906" w:orient="landscape">`)) {
		t.Error("landscape page size lacks w:orient")
	}
	if _, err := docx.Parse(bytes.NewReader(b.Bytes()), int64(b.Len())); err != nil {
		t.Errorf("the rewritten package does not parse: %v", err)
	}
	for _, s := range export.DOCXStyles {
		if !used[s] || !defined[s] {
			t.Errorf("style %s: used %v, defined %v", s, used[s], defined[s])
		}
	}
	if !defined["a"] || !used["NoSuchStyle"] || defined["NoSuchStyle"] {
		t.Errorf("the check must see the theme's Normal style and an undefined one: used %v defined %v", used, defined)
	}
}
