package export

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"strconv"

	"github.com/fumiama/go-docx"
)

// go-docx has no type for a field, but a Run marshals whatever elements its Children hold, so
// a complex field (w:fldChar begin · w:instrText · separate · result · end) is built from
// these two elements through go-docx's exported Run.

// fldChar marks the begin, separate or end of a complex field.
type fldChar struct {
	XMLName xml.Name `xml:"w:fldChar"`
	Type    string   `xml:"w:fldCharType,attr"`
	Dirty   string   `xml:"w:dirty,attr,omitempty"`
}

// instrText is a field's instruction.
type instrText struct {
	XMLName xml.Name `xml:"w:instrText"`
	Space   string   `xml:"xml:space,attr"`
	Text    string   `xml:",chardata"`
}

// fieldRun adds a run holding only the given field elements.
func fieldRun(p *docx.Paragraph, children ...any) {
	p.AddText("").Children = children
}

// BeginField starts a complex field in p with its instruction, e.g. TOC \o "1-3" \h \z \u:
// what follows in the document, up to EndField, is the field's result as last computed, which
// a word processor shows until it updates the field. The field is marked dirty, so Word
// updates it when the document opens.
func BeginField(p *docx.Paragraph, instruction string) {
	fieldRun(p, &fldChar{Type: "begin", Dirty: "true"})
	fieldRun(p, &instrText{Space: "preserve", Text: " " + instruction + " "})
	fieldRun(p, &fldChar{Type: "separate"})
}

// EndField ends the complex field BeginField started.
func EndField(p *docx.Paragraph) {
	fieldRun(p, &fldChar{Type: "end"})
}

// Parts of the settings part UpdateFieldsOnOpen adds to a package.
const (
	settingsPart = "word/settings.xml"
	settingsXML  = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:updateFields w:val="true"/></w:settings>`
	settingsType = `<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>`
	settingsRel  = `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>`
)

// UpdateFieldsOnOpen copies a .docx package written by go-docx, adding a settings part with
// <w:updateFields w:val="true"/>, which asks Word to update the document's fields (a table of
// contents gets its page numbers) when it opens. go-docx writes no settings part and has no
// API for one or for the relationship it needs, so the part, its content type and its
// relationship are added here: [Content_Types].xml gains an Override before </Types>,
// word/_rels/document.xml.rels a Relationship before </Relationships>.
func UpdateFieldsOnOpen(w io.Writer, pkg []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		return fmt.Errorf("docx package: %w", err)
	}
	zw := zip.NewWriter(w)
	add := func(name string, b []byte) error {
		out, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
		if err == nil {
			_, err = out.Write(b)
		}
		return err
	}
	for _, f := range zr.File {
		if f.Name == settingsPart {
			return fmt.Errorf("docx package already has %s", settingsPart)
		}
		b, err := fs.ReadFile(zr, f.Name)
		if err != nil {
			return err
		}
		switch f.Name {
		case "[Content_Types].xml":
			b, err = insertBefore(b, "</Types>", settingsType)
		case "word/_rels/document.xml.rels":
			b, err = insertBefore(b, "</Relationships>", fmt.Sprintf(settingsRel, nextRelID(b)))
		}
		if err != nil {
			return fmt.Errorf("docx package: %s: %w", f.Name, err)
		}
		if err := add(f.Name, b); err != nil {
			return err
		}
	}
	if err := add(settingsPart, []byte(settingsXML)); err != nil {
		return err
	}
	return zw.Close()
}

var relID = regexp.MustCompile(`Id="rId(\d+)"`)

// nextRelID is a relationship number the part does not use yet (go-docx reads ids as rIdN).
func nextRelID(rels []byte) int {
	n := 0
	for _, m := range relID.FindAllSubmatch(rels, -1) {
		if i, err := strconv.Atoi(string(m[1])); err == nil {
			n = max(n, i)
		}
	}
	return n + 1
}

// insertBefore inserts text before the last occurrence of end.
func insertBefore(b []byte, end, text string) ([]byte, error) {
	i := bytes.LastIndex(b, []byte(end))
	if i < 0 {
		return nil, fmt.Errorf("no %s", end)
	}
	return append(append(append([]byte(nil), b[:i]...), text...), b[i:]...), nil
}
