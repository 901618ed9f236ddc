package export

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"time"

	"github.com/fumiama/go-docx"
)

// docxStyles are the paragraph styles a Word document from NewDOCX may use, on top of the
// go-docx default theme (which defines only Normal and table styles): a document that names a
// style its styles.xml lacks silently falls back to Normal in Word and WPS.
const docxStyles = `
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:qFormat/><w:pPr><w:jc w:val="center"/><w:spacing w:before="240" w:after="240"/></w:pPr><w:rPr><w:rFonts w:ascii="SimHei" w:eastAsia="SimHei" w:hAnsi="SimHei"/><w:b/><w:sz w:val="36"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:qFormat/><w:pPr><w:jc w:val="center"/><w:spacing w:after="240"/></w:pPr><w:rPr><w:sz w:val="24"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:ascii="SimHei" w:eastAsia="SimHei" w:hAnsi="SimHei"/><w:b/><w:sz w:val="30"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:rFonts w:ascii="SimHei" w:eastAsia="SimHei" w:hAnsi="SimHei"/><w:b/><w:sz w:val="26"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="120" w:after="60"/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/><w:sz w:val="24"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading4"><w:name w:val="heading 4"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="3"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading5"><w:name w:val="heading 5"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="4"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading6"><w:name w:val="heading 6"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="5"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="TOCHeading"><w:name w:val="TOC Heading"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:uiPriority w:val="39"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="360" w:after="120"/></w:pPr><w:rPr><w:rFonts w:ascii="SimHei" w:eastAsia="SimHei" w:hAnsi="SimHei"/><w:b/><w:sz w:val="30"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:uiPriority w:val="39"/><w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9638"/></w:tabs><w:spacing w:before="60" w:after="60"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="TOC2"><w:name w:val="toc 2"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:uiPriority w:val="39"/><w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9638"/></w:tabs><w:ind w:left="420"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="TOC3"><w:name w:val="toc 3"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:uiPriority w:val="39"/><w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9638"/></w:tabs><w:ind w:left="840"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="a"/><w:qFormat/><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr><w:rPr><w:sz w:val="18"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="TableHeader"><w:name w:val="Table Header"/><w:basedOn w:val="TableText"/><w:qFormat/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
`

// DOCXStyles lists the paragraph style ids NewDOCX defines beyond the default theme.
var DOCXStyles = []string{"Title", "Subtitle", "Heading1", "Heading2", "Heading3", "Heading4", "Heading5", "Heading6", "TOCHeading", "TOC1", "TOC2", "TOC3", "TableText", "TableHeader"}

const docxTemplate = "stdkb"

// styledTheme serves go-docx's default template files, with the extra styles added to
// word/styles.xml.
type styledTheme struct{ styles []byte }

func (t styledTheme) Open(name string) (fs.File, error) {
	base := "xml/default/"
	if len(name) > len("xml/"+docxTemplate+"/") && name[:len("xml/"+docxTemplate+"/")] == "xml/"+docxTemplate+"/" {
		name = base + name[len("xml/"+docxTemplate+"/"):]
	}
	if name == base+"word/styles.xml" {
		return &memFile{Reader: bytes.NewReader(t.styles), name: "styles.xml", size: int64(len(t.styles))}, nil
	}
	return docx.TemplateXMLFS.Open(name)
}

// memFile is an fs.File over bytes.
type memFile struct {
	*bytes.Reader
	name string
	size int64
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f, nil }
func (f *memFile) Close() error               { return nil }
func (f *memFile) Name() string               { return f.name }
func (f *memFile) Size() int64                { return f.size }
func (f *memFile) Mode() fs.FileMode          { return 0o444 }
func (f *memFile) ModTime() time.Time         { return time.Time{} }
func (f *memFile) IsDir() bool                { return false }
func (f *memFile) Sys() any                   { return nil }

var stylesEnd = regexp.MustCompile(`</w:styles>\s*$`)

// NewDOCX returns an empty Word document on go-docx's default theme with DOCXStyles defined, so
// headings and table text keep their look in any word processor.
func NewDOCX() (*docx.Docx, error) {
	base, err := fs.ReadFile(docx.TemplateXMLFS, "xml/default/word/styles.xml")
	if err != nil {
		return nil, fmt.Errorf("docx template: %w", err)
	}
	loc := stylesEnd.FindIndex(base)
	if loc == nil {
		return nil, fmt.Errorf("docx template: styles.xml has no closing tag")
	}
	styles := append(append(append([]byte(nil), base[:loc[0]]...), docxStyles...), base[loc[0]:]...)
	return docx.New().UseTemplate(docxTemplate, docx.DefaultTemplateFilesList, styledTheme{styles}), nil
}

// Page sizes and margins in twips (1/20 pt) for A4.
const (
	A4Short    = 11906
	A4Long     = 16838
	pageMargin = 1134 // 2 cm
)

// FinishA4 ends the document's body with its section properties: A4, landscape or portrait,
// 2 cm margins, and writes it to w.
func FinishA4(w io.Writer, d *docx.Docx, landscape bool) error {
	size := &docx.PgSz{W: A4Short, H: A4Long}
	if landscape {
		size = &docx.PgSz{W: A4Long, H: A4Short}
	}
	d.Document.Body.Items = append(d.Document.Body.Items, &docx.SectPr{
		PgSz:  size,
		PgMar: &docx.PgMar{Top: pageMargin, Bottom: pageMargin, Left: pageMargin, Right: pageMargin, Header: pageMargin / 2, Footer: pageMargin / 2},
	})
	if !landscape {
		_, err := d.WriteTo(w)
		return err
	}
	var b bytes.Buffer
	if _, err := d.WriteTo(&b); err != nil {
		return err
	}
	return markLandscape(w, b.Bytes())
}

// landscapeSize is the page size go-docx writes for landscape A4; Word prints such a page
// portrait unless the size also says w:orient, which go-docx's PgSz cannot express.
var landscapeSize = regexp.MustCompile(`<w:pgSz w:w="16838" w:h="11906">`)

// markLandscape copies a .docx package, adding w:orient="landscape" to its page size.
func markLandscape(w io.Writer, pkg []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	for _, f := range zr.File {
		b, err := fs.ReadFile(zr, f.Name)
		if err != nil {
			return err
		}
		if f.Name == "word/document.xml" {
			b = landscapeSize.ReplaceAll(b, []byte(`<w:pgSz w:w="16838" w:h="11906" w:orient="landscape">`))
		}
		out, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: f.Modified})
		if err != nil {
			return err
		}
		if _, err := out.Write(b); err != nil {
			return err
		}
	}
	return zw.Close()
}

// Paragraph adds a paragraph of text in the given style; "" is the Normal style, which needs no
// reference.
func Paragraph(d *docx.Docx, text, style string) {
	p := d.AddParagraph()
	if style != "" {
		p.Style(style)
	}
	p.AddText(text)
}

var styleRef = regexp.MustCompile(`<w:(?:pStyle|rStyle|tblStyle) w:val="([^"]*)"`)

// DOCXStyleUse reads a .docx package and returns the style ids its body refers to and those its
// styles.xml defines, so a test can tell that every style used is defined.
func DOCXStyleUse(b []byte) (used, defined map[string]bool, err error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, nil, fmt.Errorf("not a docx package: %w", err)
	}
	body, err := fs.ReadFile(zr, "word/document.xml")
	if err != nil {
		return nil, nil, err
	}
	styles, err := fs.ReadFile(zr, "word/styles.xml")
	if err != nil {
		return nil, nil, err
	}
	used, defined = map[string]bool{}, map[string]bool{}
	for _, m := range styleRef.FindAllSubmatch(body, -1) {
		used[string(m[1])] = true
	}
	dec := xml.NewDecoder(bytes.NewReader(styles))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return used, defined, nil
		}
		if err != nil {
			return nil, nil, fmt.Errorf("styles.xml: %w", err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "style" {
			for _, a := range se.Attr {
				if a.Name.Local == "styleId" {
					defined[a.Value] = true
				}
			}
		}
	}
}

// Text widths in twips between FinishA4's margins.
const (
	PortraitTextWidth  = A4Short - 2*pageMargin
	LandscapeTextWidth = A4Long - 2*pageMargin
)

// Table adds a bordered table whose first row is the header; widths are relative and scaled to
// textWidth (twips). Cells use the TableText and TableHeader styles.
func Table(d *docx.Docx, rows [][]string, widths []float64, textWidth int64) {
	total := 0.0
	for _, w := range widths {
		total += w
	}
	cols := make([]int64, len(widths))
	for i, w := range widths {
		cols[i] = int64(w / total * float64(textWidth))
	}
	tbl := d.AddTableTwips(make([]int64, len(rows)), cols, textWidth, nil)
	for i, row := range rows {
		style := "TableText"
		if i == 0 {
			style = "TableHeader"
		}
		for j := range cols { // every cell needs a paragraph, or Word calls the file damaged
			text := ""
			if j < len(row) {
				text = row[j]
			}
			tbl.TableRows[i].TableCells[j].AddParagraph().Style(style).AddText(text)
		}
	}
}
