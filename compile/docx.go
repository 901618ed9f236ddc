package compile

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/fumiama/go-docx"
	"github.com/mattn/go-runewidth"

	"stdkb"
	"stdkb/content"
	"stdkb/export"
)

// DOCX writes the volume as a Word document on portrait A4: a cover, the contents and each
// document on pages of their own, then the index of numbers. Document titles are Heading 1 and
// their sections Heading 2 and 3, never skipping a level, so a word processor's navigation
// pane and table of contents find them; markdown tables become Word tables.
func DOCX(w io.Writer, v *Volume) error {
	if err := v.check(); err != nil {
		return err
	}
	d, err := export.NewDOCX()
	if err != nil {
		return err
	}
	para := func(text, style string) { export.Paragraph(d, text, style) }
	para(v.Title, "Title")
	if v.Unit != "" {
		para(v.Unit, "Subtitle")
	}
	para(v.scope(), "Subtitle")
	para(fmt.Sprintf("共收录 %d 件", len(v.Editions)), "Subtitle")
	if note := v.endedNote(); note != "" {
		para(note, "Subtitle")
	}

	// The contents' own title has no outline level, so the contents do not list themselves.
	pageHeading(d, "目录", "TOCHeading")
	writeContents(d, v)
	for _, e := range v.Editions {
		writeEdition(d, e, v.periodNote(e))
	}
	pageHeading(d, "文号索引", "Heading1")
	for _, e := range v.numbered() {
		para(e.Number+"　"+e.Title, "")
	}
	var pkg bytes.Buffer
	if err := export.FinishA4(&pkg, d, false); err != nil {
		return err
	}
	return export.UpdateFieldsOnOpen(w, pkg.Bytes())
}

// tocInstruction is the contents' field: headings 1–3 (\o), entries linked to their headings
// (\h), no tab leader or page numbers in web view (\z), paragraphs with an outline level too
// (\u).
const tocInstruction = `TOC \o "1-3" \h \z \u`

// writeContents writes the contents as a Word table-of-contents field whose result, until a
// word processor updates it, is the list of the volume's documents. go-docx cannot know page
// numbers (only a layout engine can), so the package asks the word processor to update its
// fields on opening (export.UpdateFieldsOnOpen), which fills in the headings and their pages.
func writeContents(d *docx.Docx, v *Volume) {
	for i, e := range v.Editions {
		line := fmt.Sprintf("%d. %s", i+1, e.Title)
		if e.Number != "" {
			line += "（" + e.Number + "）"
		}
		if v.Ended(e) {
			line += "（规划期已结束）"
		}
		p := d.AddParagraph().Style("TOC1")
		if i == 0 {
			export.BeginField(p, tocInstruction)
		}
		p.AddText(line)
		if i == len(v.Editions)-1 {
			export.EndField(p)
		}
	}
}

// pageHeading starts a new page with a heading: the page break is the heading's first run, so
// no empty paragraph is left at the top of the page.
func pageHeading(d *docx.Docx, text, style string) *docx.Paragraph {
	p := d.AddParagraph().Style(style)
	p.AddPageBreaks()
	p.AddText(text)
	return p
}

// writeEdition writes one document: its title (with the 示例 badge for an illustrative one),
// the line of particulars (with period, the note on a plan whose period is over), the note for
// a document held only in part, and its sections.
func writeEdition(d *docx.Docx, e *stdkb.Edition, period string) {
	title := pageHeading(d, e.Title, "Heading1")
	if e.Sample {
		title.AddText("　")
		title.AddText(" 示例 ").Size("18").Shade("clear", "auto", "D9D9D9")
	}
	var meta []string
	for _, s := range []string{e.Number, e.Issuer} {
		if s != "" {
			meta = append(meta, s)
		}
	}
	if !e.Issued.IsZero() {
		meta = append(meta, e.Issued.String()+" 发布")
	}
	if !e.Effective.IsZero() {
		meta = append(meta, e.Effective.String()+" "+effectWord(e))
	}
	if period != "" {
		meta = append(meta, period)
	}
	export.Paragraph(d, strings.Join(meta, " · "), "Subtitle")
	if !e.FullText {
		export.Paragraph(d, "本件未收录全文，以下为相关表述。", "Subtitle")
	}
	level := 1 // the document title
	for _, s := range e.Sections {
		if s.Title != "" && s.ID != "intro" { // numbered clauses carry their number in the text
			level = headingLevel(s.Depth, level)
			export.Paragraph(d, s.Heading(), fmt.Sprintf("Heading%d", level))
		}
		writeBlocks(d, s.Markdown)
	}
}

// maxHeading is the deepest heading level the volume uses: Heading 1 is a document's title.
const maxHeading = 3

// headingLevel is the Word heading level of a section at depth (1 for a document's top-level
// sections) after a heading of level prev: one below the title, at most one deeper than the
// heading before it and no deeper than maxHeading.
func headingLevel(depth, prev int) int {
	return max(2, min(depth+1, prev+1, maxHeading))
}

// writeBlocks writes a section's own text: a paragraph per line, tables as Word tables.
func writeBlocks(d *docx.Docx, markdown string) {
	for _, b := range content.Blocks(markdown) {
		if b.Table != nil {
			export.Table(d, b.Table, columnWidths(b.Table), export.PortraitTextWidth)
			continue
		}
		for _, line := range strings.Split(b.Text, "\n") {
			if line = strings.TrimSpace(line); line != "" {
				export.Paragraph(d, line, "")
			}
		}
	}
}

// columnWidths weighs a table's columns by their longest cell, so a column of short labels
// does not take the width a column of sentences needs.
func columnWidths(rows [][]string) []float64 {
	var widths []float64
	for _, row := range rows {
		for j, cell := range row {
			if j >= len(widths) {
				widths = append(widths, 4)
			}
			widths[j] = max(widths[j], min(float64(runewidth.StringWidth(cell)), 40))
		}
	}
	return widths
}
