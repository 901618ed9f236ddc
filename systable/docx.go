package systable

import (
	"fmt"
	"io"
	"strings"

	"stdkb/export"
)

// textWidth is the printable width of landscape A4 with 2 cm margins, in twips.
const textWidth = export.LandscapeTextWidth

// DOCX writes the table as a Word document on landscape A4: title, structure, detail table,
// statistics table and explanatory notes, using only the styles export.NewDOCX defines.
func DOCX(w io.Writer, t *Table) error {
	d, err := export.NewDOCX()
	if err != nil {
		return err
	}
	para := func(text, style string) { export.Paragraph(d, text, style) }
	para(t.Title, "Title")
	sub := t.Framework + "　截至 " + t.AsOf.String()
	if t.Unit != "" {
		sub = t.Unit + "　" + sub
	}
	para(sub, "Subtitle")

	para("一、体系结构", "Heading1")
	structure := [][]string{{"体系编号", "名称", "标准数量"}}
	for _, s := range t.Stats {
		n, _ := findBranch(t.Tree, s.Code)
		structure = append(structure, []string{s.Code, strings.Repeat("　　", s.Depth) + s.Name, fmt.Sprint(n.Documents)})
	}
	structure = append(structure, []string{"", "合计", fmt.Sprint(t.Total.Total)})
	export.Table(d, structure, []float64{12, 40, 12}, textWidth)

	para("二、标准明细表", "Heading1")
	detail := [][]string{Columns}
	for _, r := range t.Rows {
		detail = append(detail, []string{fmt.Sprint(r.Seq), r.SystemCode, r.Number, r.Title, r.Level, r.Nature, r.Status,
			r.Effective.String(), r.Replaces, r.Custodian, strings.Join(r.Remarks, "；")})
	}
	export.Table(d, detail, detailWidths, textWidth)

	para("三、标准统计表", "Heading1")
	stats := [][]string{t.statsHeaders()}
	for _, s := range append(append([]Stat(nil), t.Stats...), t.Total) {
		line := []string{s.Code, strings.Repeat("　", s.Depth) + s.Name}
		for _, n := range t.statsCells(s) {
			line = append(line, fmt.Sprint(n))
		}
		stats = append(stats, line)
	}
	widths := []float64{10, 24}
	for range stats[0][2:] {
		widths = append(widths, 8)
	}
	export.Table(d, stats, widths, textWidth)

	para("四、编制说明", "Heading1")
	for _, n := range t.Notes {
		para(n.Heading, "Heading2")
		for _, p := range n.Paragraphs {
			para(p, "")
		}
	}
	return export.FinishA4(w, d, true)
}
