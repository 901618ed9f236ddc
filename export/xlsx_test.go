package export_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io/fs"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"stdkb/export"
)

// sheetXML is the part of a worksheet a streaming reader (openpyxl read-only, SAX readers)
// relies on.
type sheetXML struct {
	Dimension struct {
		Ref string `xml:"ref,attr"`
	} `xml:"dimension"`
	Cols []struct {
		Min   int     `xml:"min,attr"`
		Width float64 `xml:"width,attr"`
	} `xml:"cols>col"`
	Rows []struct {
		Cells []struct {
			Ref   string `xml:"r,attr"`
			Type  string `xml:"t,attr"`
			Style int    `xml:"s,attr"`
			Value string `xml:"v"`
		} `xml:"c"`
	} `xml:"sheetData>row"`
	Footer    string `xml:"headerFooter>oddFooter"`
	PageSetup struct {
		PaperSize   int    `xml:"paperSize,attr"`
		Orientation string `xml:"orientation,attr"`
		FitToWidth  string `xml:"fitToWidth,attr"`
	} `xml:"pageSetup"`
}

func readSheet(t *testing.T, b []byte) sheetXML {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := fs.ReadFile(zr, "xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	var s sheetXML
	if err := xml.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestXLSXReadBack(t *testing.T) {
	long := "理由：" + string(bytes.Repeat([]byte("标准内容与现行法规不一致，需修订。"), 6))
	rows := [][]string{
		{"序号", "文件", "复审日期", "实施率", "记录时间", "文号", "理由"},
		{"1", "机关办公用房维修管理规范", "2025-03-01", "85.5%", "2025-03-02 09:30:00", "DB50/T 9901-2019", long},
		{"12", "公务用车", "2026-01-15", "100%", "2026-01-15 10:00", "007", "继续有效"},
	}
	var b bytes.Buffer
	if err := export.XLSX(&b, "复审台账", rows); err != nil {
		t.Fatal(err)
	}
	s := readSheet(t, b.Bytes())
	if s.Dimension.Ref != "A1:G3" {
		t.Errorf("dimension %q, want A1:G3 (streaming readers stop at the declared range)", s.Dimension.Ref)
	}
	if s.PageSetup.PaperSize != 9 || s.PageSetup.Orientation != "landscape" || s.PageSetup.FitToWidth != "1" {
		t.Errorf("page setup %+v, want A4 (9) landscape one page wide", s.PageSetup)
	}
	if !strings.Contains(s.Footer, "&P") {
		t.Errorf("footer %q prints no page number", s.Footer)
	}
	if len(s.Cols) != 7 {
		t.Fatalf("%d column widths, want 7", len(s.Cols))
	}
	if s.Cols[0].Width >= s.Cols[1].Width || s.Cols[6].Width > 48 || s.Cols[6].Width < 40 {
		t.Errorf("column widths %+v: 序号 narrower than 文件, 理由 capped", s.Cols)
	}

	f, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tests := []struct {
		cell   string
		typ    excelize.CellType
		format string // the number format shown, "" for none
		value  string // the formatted value excelize reads back
	}{
		{"A1", excelize.CellTypeSharedString, "", "序号"},
		{"A2", excelize.CellTypeUnset, "", "1"}, // a number: no t attribute
		{"A3", excelize.CellTypeUnset, "", "12"},
		{"B2", excelize.CellTypeSharedString, "", "机关办公用房维修管理规范"},
		{"C2", excelize.CellTypeUnset, "yyyy-mm-dd", "2025-03-01"},
		{"D2", excelize.CellTypeUnset, "0.0%", "85.5%"},
		{"D3", excelize.CellTypeUnset, "0.0%", "100.0%"},
		{"E2", excelize.CellTypeUnset, "yyyy-mm-dd hh:mm:ss", "2025-03-02 09:30:00"},
		{"F2", excelize.CellTypeSharedString, "", "DB50/T 9901-2019"},
		{"F3", excelize.CellTypeSharedString, "", "007"}, // a code keeps its zeros
	}
	for _, tt := range tests {
		typ, err := f.GetCellType("复审台账", tt.cell)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := f.GetCellValue("复审台账", tt.cell)
		if typ != tt.typ || got != tt.value {
			t.Errorf("%s: type %v value %q, want %v %q", tt.cell, typ, got, tt.typ, tt.value)
		}
		id, _ := f.GetCellStyle("复审台账", tt.cell)
		st, _ := f.GetStyle(id)
		if tt.format != "" && (st == nil || st.CustomNumFmt == nil || *st.CustomNumFmt != tt.format) {
			t.Errorf("%s: style %+v, want number format %s", tt.cell, st, tt.format)
		}
	}
	raw, _ := f.GetCellValue("复审台账", "C2", excelize.Options{RawCellValue: true})
	if raw != "45717" {
		t.Errorf("C2 stored as %q, want the date serial 45717", raw)
	}
	if names := f.GetDefinedName(); len(names) != 1 || names[0].Name != "_xlnm.Print_Titles" {
		t.Errorf("defined names %+v, want the header row as print titles", names)
	}
}

func TestReadCell(t *testing.T) {
	tests := []struct {
		in   string
		kind export.CellKind
	}{
		{"0", export.KindNumber}, {"-3.25", export.KindNumber}, {"14", export.KindNumber},
		{"007", export.KindText}, {"12 / 14", export.KindText}, {"85.0%（17/20）", export.KindText},
		{"6%", export.KindPercent}, {"2024-02-29", export.KindDate}, {"2023-02-29", export.KindText},
		{"2025-03-02 09:30", export.KindDateTime}, {"GB/T 41568-2022", export.KindText}, {"", export.KindText},
		{"1234567890123456789", export.KindText},
	}
	for _, tt := range tests {
		if got := export.ReadCell(tt.in); got.Kind != tt.kind {
			t.Errorf("ReadCell(%q) = %v, want %v", tt.in, got.Kind, tt.kind)
		}
	}
}
