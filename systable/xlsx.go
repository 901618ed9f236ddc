package systable

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Sheet names of the workbook.
const (
	SheetStructure = "体系结构"
	SheetDetail    = "标准明细表"
	SheetStats     = "标准统计表"
	SheetNotes     = "编制说明"
)

// detailWidths are the detail table's column widths in characters, in Columns order.
var detailWidths = []float64{6, 10, 22, 36, 7, 7, 9, 12, 20, 24, 30}

// headerRow is where each sheet's table header sits: a title and a subtitle line come first.
const headerRow = 3

type xlsxStyles struct{ title, sub, head, text, center, date, note int }

func newStyles(f *excelize.File) (xlsxStyles, error) {
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "top", Color: "000000", Style: 1},
		{Type: "right", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	dateFmt := "yyyy-mm-dd"
	specs := []*excelize.Style{
		{Font: &excelize.Font{Bold: true, Size: 16}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}},
		{Font: &excelize.Font{Size: 10}, Alignment: &excelize.Alignment{Horizontal: "center"}},
		{Font: &excelize.Font{Bold: true, Size: 10}, Border: border, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}},
		{Font: &excelize.Font{Size: 10}, Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}},
		{Font: &excelize.Font{Size: 10}, Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}},
		{Font: &excelize.Font{Size: 10}, Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}, CustomNumFmt: &dateFmt},
		{Font: &excelize.Font{Size: 11}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}},
	}
	ids := make([]int, len(specs))
	for i, s := range specs {
		id, err := f.NewStyle(s)
		if err != nil {
			return xlsxStyles{}, fmt.Errorf("xlsx style: %w", err)
		}
		ids[i] = id
	}
	return xlsxStyles{ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[6]}, nil
}

// XLSX writes the table as a workbook of four sheets — structure, detail, statistics, notes —
// with numbers as numbers, dates as dates, fixed column widths and A4 print setup (landscape,
// fit to width, header rows repeated, page numbers).
func XLSX(w io.Writer, t *Table) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	x := &sheetWriter{f: f, st: st, t: t, used: map[string][2]int{}}
	if err := f.SetSheetName("Sheet1", SheetStructure); err != nil {
		return err
	}
	for _, name := range []string{SheetDetail, SheetStats, SheetNotes} {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	x.structure()
	x.detail()
	x.stats()
	x.notes()
	for sheet, last := range x.used {
		// excelize leaves <dimension ref="A1"> as created; readers use it to size the used range.
		x.do(f.SetSheetDimension(sheet, "A1:"+cell(last[0], last[1])))
	}
	if x.err != nil {
		return fmt.Errorf("write xlsx: %w", x.err)
	}
	f.SetActiveSheet(1)
	_, err = f.WriteTo(w)
	return err
}

// sheetWriter keeps the first error, so the sheet code reads as a list of cells.
type sheetWriter struct {
	f    *excelize.File
	st   xlsxStyles
	t    *Table
	err  error
	used map[string][2]int // sheet → last column and row written
}

func (x *sheetWriter) do(err error) {
	if x.err == nil && err != nil {
		x.err = err
	}
}

func cell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

func (x *sheetWriter) set(sheet string, col, row int, v any, style int) {
	u := x.used[sheet]
	x.used[sheet] = [2]int{max(u[0], col), max(u[1], row)}
	if v != nil && v != "" { // an empty cell stays empty rather than hold an empty string
		x.do(x.f.SetCellValue(sheet, cell(col, row), v))
	}
	x.do(x.f.SetCellStyle(sheet, cell(col, row), cell(col, row), style))
}

// heading writes the title and subtitle across cols columns and the header row, and sets up
// printing.
func (x *sheetWriter) heading(sheet, title string, headers []string, widths []float64, landscape bool) {
	cols := len(headers)
	x.set(sheet, 1, 1, title, x.st.title)
	x.do(x.f.MergeCell(sheet, cell(1, 1), cell(cols, 1)))
	x.do(x.f.SetRowHeight(sheet, 1, 28))
	x.set(sheet, 1, 2, x.subtitle(), x.st.sub)
	x.do(x.f.MergeCell(sheet, cell(1, 2), cell(cols, 2)))
	for i, h := range headers {
		x.set(sheet, i+1, headerRow, h, x.st.head)
		col, _ := excelize.ColumnNumberToName(i + 1)
		x.do(x.f.SetColWidth(sheet, col, col, widths[i]))
	}
	x.print(sheet, landscape)
}

func (x *sheetWriter) subtitle() string {
	s := x.t.Framework + "　截至 " + x.t.AsOf.String()
	if x.t.Unit != "" {
		s = x.t.Unit + "　" + s
	}
	return s
}

func (x *sheetWriter) print(sheet string, landscape bool) {
	a4, one, unbounded := 9, 1, 0
	orient := "portrait"
	if landscape {
		orient = "landscape"
	}
	fit := true
	x.do(x.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &a4, Orientation: &orient, FitToWidth: &one, FitToHeight: &unbounded}))
	x.do(x.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}))
	x.do(x.f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: "&C第 &P 页，共 &N 页"}))
	x.do(x.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet,
		RefersTo: fmt.Sprintf("'%s'!$%d:$%d", sheet, headerRow, headerRow)}))
	x.do(x.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: headerRow, TopLeftCell: cell(1, headerRow+1), ActivePane: "bottomLeft"}))
}

func (x *sheetWriter) structure() {
	s := SheetStructure
	x.heading(s, x.t.Title+"　结构", []string{"体系编号", "名称", "标准数量"}, []float64{12, 40, 12}, false)
	row := headerRow + 1
	for _, st := range x.t.Stats {
		x.set(s, 1, row, st.Code, x.st.center)
		x.set(s, 2, row, strings.Repeat("　　", st.Depth)+st.Name, x.st.text)
		x.set(s, 3, row, x.treeCount(st.Code), x.st.center)
		row++
	}
	x.set(s, 1, row, "", x.st.center)
	x.set(s, 2, row, "合计", x.st.text)
	x.set(s, 3, row, x.t.Total.Total, x.st.center)
}

// treeCount is the diagram's count for a branch.
func (x *sheetWriter) treeCount(code string) int {
	n, _ := findBranch(x.t.Tree, code)
	if n == nil {
		return 0
	}
	return n.Documents
}

func (x *sheetWriter) detail() {
	s := SheetDetail
	x.heading(s, x.t.Title+"　标准明细表", Columns, detailWidths, true)
	for i, r := range x.t.Rows {
		row := headerRow + 1 + i
		cells := []any{r.Seq, r.SystemCode, r.Number, r.Title, r.Level, r.Nature, r.Status, nil, r.Replaces, r.Custodian, strings.Join(r.Remarks, "；")}
		for c, v := range cells {
			style := x.st.text
			switch c {
			case 0, 1, 4, 5, 6:
				style = x.st.center
			case 7:
				style = x.st.date
				if !r.Effective.IsZero() {
					v = r.Effective.Time()
				}
			}
			x.set(s, c+1, row, v, style)
		}
	}
}

// statsHeaders are the statistics table's columns: branch, levels, categories, total.
func (t *Table) statsHeaders() []string {
	h := []string{"体系编号", "类别"}
	for _, l := range t.Levels {
		h = append(h, l+"标准")
	}
	h = append(h, Categories...)
	return append(h, "合计")
}

// statsCells is one statistics line as numbers, in statsHeaders order after the first two.
func (t *Table) statsCells(s Stat) []int {
	var out []int
	for _, l := range t.Levels {
		out = append(out, s.ByLevel[l])
	}
	for _, c := range Categories {
		out = append(out, s.ByCategory[c])
	}
	return append(out, s.Total)
}

func (x *sheetWriter) stats() {
	s := SheetStats
	headers := x.t.statsHeaders()
	widths := []float64{10, 24}
	for range headers[2:] {
		widths = append(widths, 9)
	}
	x.heading(s, x.t.Title+"　标准统计表", headers, widths, true)
	lines := append(append([]Stat(nil), x.t.Stats...), x.t.Total)
	for i, st := range lines {
		row := headerRow + 1 + i
		x.set(s, 1, row, st.Code, x.st.center)
		x.set(s, 2, row, strings.Repeat("　", st.Depth)+st.Name, x.st.text)
		for j, n := range x.t.statsCells(st) {
			x.set(s, 3+j, row, n, x.st.center)
		}
	}
}

func (x *sheetWriter) notes() {
	s := SheetNotes
	x.set(s, 1, 1, x.t.Title+"　编制说明", x.st.title)
	x.set(s, 1, 2, x.subtitle(), x.st.sub)
	x.do(x.f.SetColWidth(s, "A", "A", 100))
	row := headerRow
	for _, n := range x.t.Notes {
		x.set(s, 1, row, n.Heading, x.st.head)
		row++
		for _, p := range n.Paragraphs {
			x.set(s, 1, row, p, x.st.note)
			row++
		}
	}
	a4 := 9
	orient := "portrait"
	x.do(x.f.SetPageLayout(s, &excelize.PageLayoutOptions{Size: &a4, Orientation: &orient}))
}
