package evaluator_test

import (
	"encoding/xml"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"stdkb/evaluator"
	"stdkb/export"
)

// TestBarChartLabelsFit reads the SVG back and checks that every label, drawn right-aligned
// before its bar, and every note after it, fit inside the drawing.
func TestBarChartLabelsFit(t *testing.T) {
	bars := []evaluator.Bar{
		{Label: "B6 公共机构节能 实施率", Share: 0.5, Note: "50%"},
		{Label: "党政机关办公用房维修管理规范等标准在本单位的实施情况与实施效果评价覆盖率", Share: 1.2, Note: "进度滞后（数据截至 2025-12-31）"},
		{Label: "PUE", Share: -1, Note: ""},
	}
	var svg struct {
		ViewBox string  `xml:"viewBox,attr"`
		Width   float64 `xml:"width,attr"`
		Texts   []struct {
			X      float64 `xml:"x,attr"`
			Anchor string  `xml:"text-anchor,attr"`
			Text   string  `xml:",chardata"`
		} `xml:"text"`
	}
	out := evaluator.BarChart(bars)
	if err := xml.Unmarshal([]byte(out), &svg); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(svg.ViewBox, "0 0 "+strconv.FormatFloat(svg.Width, 'f', -1, 64)+" ") {
		t.Errorf("viewBox %q does not match width %g: the chart would not scale down", svg.ViewBox, svg.Width)
	}
	for _, txt := range svg.Texts {
		w := 0.0 // 12 px per CJK character, at most 0.6 em for digits and Latin letters
		for _, r := range txt.Text {
			if r < utf8.RuneSelf {
				w += 0.6 * 12
			} else {
				w += 12
			}
		}
		left, right := txt.X, txt.X+w
		switch txt.Anchor {
		case "end":
			left, right = txt.X-w, txt.X
		case "middle":
			left, right = txt.X-w/2, txt.X+w/2
		}
		if left < 0 || right > svg.Width {
			t.Errorf("%q spans %.0f–%.0f outside the chart's width %.0f", txt.Text, left, right, svg.Width)
		}
	}
	// A label and a note per bar, two legend entries and five axis ticks (0% to 100%).
	if len(svg.Texts) != 2*len(bars)+2+5 {
		t.Errorf("%d texts for %d bars, want labels, notes, legend and axis", len(svg.Texts), len(bars))
	}
}

// TestRowsKeepFiguresApart checks that every figure of a report's spreadsheet rows is alone in
// the 结果 column, where export.XLSX stores it as a number or percentage.
func TestRowsKeepFiguresApart(t *testing.T) {
	src, err := os.ReadFile("../content/kb/submissions/shapingba-2025-midterm.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rows := evaluator.Rows(evaluate(t, string(src)))
	if rows[0][2] != "结果" || rows[0][3] != "说明" {
		t.Fatalf("header %v", rows[0])
	}
	numbers := 0
	for _, row := range rows[1:] {
		switch export.ReadCell(row[2]).Kind {
		case export.KindNumber, export.KindPercent:
			numbers++
		case export.KindText:
			if row[2] != "" {
				t.Errorf("%s %s: result %q is not a plain figure", row[0], row[1], row[2])
			}
		}
	}
	if numbers < len(rows)/2 {
		t.Errorf("only %d of %d rows have a figure", numbers, len(rows)-1)
	}
}

// TestReportsNameItemsNotIDs: the spreadsheet rows and the markdown report name checklist items
// by section, number and wording (组织保障 第1项：…), never by the id content gives them.
func TestReportsNameItemsNotIDs(t *testing.T) {
	src, err := os.ReadFile("../content/kb/submissions/shapingba-2025-midterm.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rep := evaluate(t, string(src))
	var md strings.Builder
	if err := evaluator.Markdown(&md, rep); err != nil {
		t.Fatal(err)
	}
	var cells strings.Builder
	for _, row := range evaluator.Rows(rep) {
		cells.WriteString(strings.Join(row, "\t") + "\n")
	}
	first := rep.Checklist.Sections[0]
	for name, text := range map[string]string{"markdown": md.String(), "rows": cells.String()} {
		if !strings.Contains(text, "第1项") || !strings.Contains(text, first.Items[0].Text) {
			t.Errorf("%s: no item named 第1项 with its wording", name)
		}
		for _, s := range rep.Checklist.Sections {
			for _, it := range s.Items {
				if regexp.MustCompile(`\b` + regexp.QuoteMeta(it.ID) + `\b`).MatchString(text) {
					t.Errorf("%s shows item id %q", name, it.ID)
				}
			}
		}
	}
}
