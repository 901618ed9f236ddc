package export

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-runewidth"
	"github.com/xuri/excelize/v2"
)

// CellKind is what a spreadsheet cell holds.
type CellKind int

// The kinds of cell XLSX writes.
const (
	KindText CellKind = iota
	KindNumber
	KindPercent  // Number is the fraction: 0.85 for 85%
	KindDate     // Time at midnight
	KindDateTime // Time to the second
)

// Cell is a table cell as XLSX stores it.
type Cell struct {
	Kind   CellKind
	Text   string
	Number float64
	Time   time.Time
}

var (
	plainNumber  = regexp.MustCompile(`^-?(?:0|[1-9][0-9]{0,14})(?:\.[0-9]+)?$`)
	plainPercent = regexp.MustCompile(`^-?(?:0|[1-9][0-9]{0,14})(?:\.[0-9]+)?%$`)
)

// ReadCell reads a cell's text as Excel would if a person typed it: a plain decimal number
// (no leading zeros, which mark codes), a percentage, a date 2006-01-02 or a time
// 2006-01-02 15:04[:05]. Anything else — including numbers with units or remarks — stays text.
func ReadCell(s string) Cell {
	switch {
	case plainNumber.MatchString(s):
		if n, err := strconv.ParseFloat(s, 64); err == nil {
			return Cell{Kind: KindNumber, Text: s, Number: n}
		}
	case plainPercent.MatchString(s):
		if n, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64); err == nil {
			return Cell{Kind: KindPercent, Text: s, Number: n / 100}
		}
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return Cell{Kind: KindDate, Text: s, Time: t}
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return Cell{Kind: KindDateTime, Text: s, Time: t}
		}
	}
	return Cell{Kind: KindText, Text: s}
}

func (c Cell) value() any {
	switch c.Kind {
	case KindNumber, KindPercent:
		return c.Number
	case KindDate, KindDateTime:
		return c.Time
	}
	return c.Text
}

// cellStyles are the style ids of one workbook, by what a cell holds.
type cellStyles struct {
	header, text, wrapped int
	byKind                map[CellKind]int
}

func newCellStyles(f *excelize.File) (cellStyles, error) {
	top := &excelize.Alignment{Vertical: "top"}
	formats := map[CellKind]string{KindNumber: "General", KindPercent: "0.0%", KindDate: "yyyy-mm-dd", KindDateTime: "yyyy-mm-dd hh:mm:ss"}
	st := cellStyles{byKind: map[CellKind]int{}}
	var err error
	if st.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EEF1F5"}}}); err != nil {
		return st, err
	}
	if st.text, err = f.NewStyle(&excelize.Style{Alignment: top}); err != nil {
		return st, err
	}
	if st.wrapped, err = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}); err != nil {
		return st, err
	}
	for kind, format := range formats {
		id, err := f.NewStyle(&excelize.Style{Alignment: top, CustomNumFmt: &format})
		if err != nil {
			return st, err
		}
		st.byKind[kind] = id
	}
	return st, nil
}

func (st cellStyles) forCell(c Cell, header, wrap bool) int {
	switch {
	case header:
		return st.header
	case c.Kind != KindText:
		return st.byKind[c.Kind]
	case wrap:
		return st.wrapped
	}
	return st.text
}

// Column widths in Excel's unit, the width of a digit: a CJK character takes two.
const (
	minColumnWidth = 6
	maxColumnWidth = 48
)

type column struct {
	width float64
	wrap  bool // some text is longer than the widest column and wraps
}

// measureColumns sizes every column to its longest line of text.
func measureColumns(rows [][]string) []column {
	var cols []column
	for _, row := range rows {
		for j, text := range row {
			if j >= len(cols) {
				cols = append(cols, column{width: minColumnWidth})
			}
			for _, line := range strings.Split(text, "\n") {
				w := float64(runewidth.StringWidth(line)) + 2
				if w > maxColumnWidth {
					w, cols[j].wrap = maxColumnWidth, true
				}
				cols[j].width = max(cols[j].width, w)
			}
		}
	}
	return cols
}

// A4 portrait holds about this many digit widths between its default margins.
const portraitWidth = 95

// layoutSheet sets column widths, the used range, a frozen header and A4 printing.
func layoutSheet(f *excelize.File, sheet string, rows [][]string, cols []column) error {
	total := 0.0
	for j, c := range cols {
		name, err := excelize.ColumnNumberToName(j + 1)
		if err != nil {
			return err
		}
		if err := f.SetColWidth(sheet, name, name, c.width); err != nil {
			return err
		}
		total += c.width
	}
	if len(rows) == 0 || len(cols) == 0 {
		return nil
	}
	last, err := excelize.CoordinatesToCellName(len(cols), len(rows))
	if err != nil {
		return err
	}
	if err := f.SetSheetDimension(sheet, "A1:"+last); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	return printA4(f, sheet, total > portraitWidth)
}

// printA4 prints the sheet on A4 (paper size 9), one page wide, the header row on every page
// and the page number in the footer.
func printA4(f *excelize.File, sheet string, landscape bool) error {
	size, orient, wide, tall := 9, "portrait", 1, 0
	if landscape {
		orient = "landscape"
	}
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &wide, FitToHeight: &tall}); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: "&C第 &P 页，共 &N 页"}); err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + sheet + "'!$1:$1", Scope: sheet})
}
