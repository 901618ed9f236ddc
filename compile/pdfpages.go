package compile

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
)

// Bookmark is one entry of a PDF's outline.
type Bookmark struct {
	Title string
	Depth int // 0 for top-level entries
	Page  int // 1-based page the entry opens
}

// pdfFile reads the objects of a PDF as Chromium (Skia) and LibreOffice write it: a classic
// cross-reference table and plain dictionaries for the page tree and the outline. It is not a
// general PDF reader — cross-reference streams are refused, not misread.
type pdfFile struct {
	data    []byte
	offsets map[int]int
}

var (
	startXref = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	xrefEntry = regexp.MustCompile(`^(\d{10}) (\d{5}) ([nf])`)
	rootRef   = regexp.MustCompile(`/Root\s*(\d+) 0 R`)
)

func openPDF(data []byte) (*pdfFile, error) {
	m := startXref.FindSubmatch(data)
	if m == nil {
		return nil, fmt.Errorf("no startxref at the end of the PDF")
	}
	off, _ := strconv.Atoi(string(m[1]))
	if off >= len(data) || !bytes.HasPrefix(data[off:], []byte("xref")) {
		return nil, fmt.Errorf("no cross-reference table at offset %d (a cross-reference stream is not supported)", off)
	}
	lines := strings.Split(string(data[off:]), "\n")
	f := &pdfFile{data: data, offsets: map[int]int{}}
	for i := 1; i < len(lines) && !strings.HasPrefix(lines[i], "trailer"); {
		var first, count int
		if _, err := fmt.Sscanf(lines[i], "%d %d", &first, &count); err != nil {
			return nil, fmt.Errorf("cross-reference subsection %q: %w", lines[i], err)
		}
		for j := 0; j < count && i+1+j < len(lines); j++ {
			e := xrefEntry.FindStringSubmatch(lines[i+1+j])
			if e != nil && e[3] == "n" {
				f.offsets[first+j], _ = strconv.Atoi(e[1])
			}
		}
		i += 1 + count
	}
	return f, nil
}

// object returns the text of object n up to its stream or endobj.
func (f *pdfFile) object(n int) (string, error) {
	off, ok := f.offsets[n]
	if !ok || off >= len(f.data) {
		return "", fmt.Errorf("object %d is not in the cross-reference table", n)
	}
	rest := f.data[off:]
	end := len(rest)
	for _, stop := range []string{"endobj", "stream"} {
		if i := bytes.Index(rest, []byte(stop)); i >= 0 && i < end {
			end = i
		}
	}
	return string(rest[:end]), nil
}

// refs match the dictionary entries that name another object.
var refs = map[string]*regexp.Regexp{}

func init() {
	for _, key := range []string{"Pages", "Outlines", "First", "Next"} {
		refs[key] = regexp.MustCompile(`/` + key + `\s*(\d+) 0 R`)
	}
}

// ref returns the object number a dictionary entry /key N 0 R names, or 0.
func ref(obj, key string) int {
	m := refs[key].FindStringSubmatch(obj)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

var (
	kidsRE        = regexp.MustCompile(`/Kids\s*\[([^\]]*)\]`)
	refRE         = regexp.MustCompile(`(\d+) 0 R`)
	destRE        = regexp.MustCompile(`/Dest\s*\[\s*(\d+) 0 R`)
	literalEscape = regexp.MustCompile(`\\(.)`)
	titleRE       = regexp.MustCompile(`/Title\s*(?:<([0-9A-Fa-f]*)>|\(((?:\\.|[^\\)])*)\))`)
)

// catalog returns the document catalog the trailer names.
func (f *pdfFile) catalog() (string, error) {
	trailer := f.data[max(0, bytes.LastIndex(f.data, []byte("trailer"))):]
	m := rootRef.FindSubmatch(trailer)
	if m == nil {
		return "", fmt.Errorf("trailer names no catalog")
	}
	root, _ := strconv.Atoi(string(m[1]))
	return f.object(root)
}

// pageNumbers maps page objects to their 1-based page numbers by walking the page tree.
func (f *pdfFile) pageNumbers(cat string) (map[int]int, error) {
	pages := map[int]int{}
	var walk func(n, depth int) error
	walk = func(n, depth int) error {
		if depth > 32 {
			return fmt.Errorf("page tree deeper than 32")
		}
		obj, err := f.object(n)
		if err != nil {
			return err
		}
		kids := kidsRE.FindStringSubmatch(obj)
		if kids == nil {
			pages[n] = len(pages) + 1
			return nil
		}
		for _, k := range refRE.FindAllStringSubmatch(kids[1], -1) {
			kid, _ := strconv.Atoi(k[1])
			if err := walk(kid, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return pages, walk(ref(cat, "Pages"), 0)
}

// PDFOutline reads the bookmarks of a PDF printed by Chromium, in order, with the page each
// opens. A PDF without bookmarks gives none and no error.
func PDFOutline(data []byte) ([]Bookmark, error) {
	f, err := openPDF(data)
	if err != nil {
		return nil, fmt.Errorf("read PDF: %w", err)
	}
	cat, err := f.catalog()
	if err != nil {
		return nil, fmt.Errorf("read PDF: %w", err)
	}
	pages, err := f.pageNumbers(cat)
	if err != nil {
		return nil, fmt.Errorf("read PDF pages: %w", err)
	}
	outlines := ref(cat, "Outlines")
	if outlines == 0 {
		return nil, nil
	}
	top, err := f.object(outlines)
	if err != nil {
		return nil, err
	}
	var out []Bookmark
	var walk func(n, depth int) error
	walk = func(n, depth int) error {
		for seen := 0; n != 0; seen++ {
			if seen > 100000 || depth > 32 {
				return fmt.Errorf("outline too large or cyclic")
			}
			obj, err := f.object(n)
			if err != nil {
				return err
			}
			b := Bookmark{Depth: depth, Title: pdfTitle(obj)}
			if d := destRE.FindStringSubmatch(obj); d != nil {
				p, _ := strconv.Atoi(d[1])
				b.Page = pages[p]
			}
			out = append(out, b)
			if err := walk(ref(obj, "First"), depth+1); err != nil {
				return err
			}
			n = ref(obj, "Next")
		}
		return nil
	}
	return out, walk(ref(top, "First"), 0)
}

// pdfTitle decodes an outline entry's title: UTF-16BE hex with a byte-order mark, or a literal
// string of ASCII.
func pdfTitle(obj string) string {
	m := titleRE.FindStringSubmatch(obj)
	if m == nil {
		return ""
	}
	if m[2] != "" || m[1] == "" {
		return literalEscape.ReplaceAllString(m[2], "$1")
	}
	raw, err := hex.DecodeString(m[1])
	if err != nil || len(raw) < 2 || raw[0] != 0xFE || raw[1] != 0xFF {
		return string(raw)
	}
	units := make([]uint16, 0, len(raw)/2)
	for i := 2; i+1 < len(raw); i += 2 {
		units = append(units, uint16(raw[i])<<8|uint16(raw[i+1]))
	}
	return string(utf16.Decode(units))
}

// documentPages reads the page each document of v starts on from a printed volume's bookmarks:
// the top-level bookmarks, in order, whose titles begin with the documents' titles.
func documentPages(pdf []byte, v *Volume) ([]int, error) {
	marks, err := PDFOutline(pdf)
	if err != nil {
		return nil, err
	}
	pages := make([]int, 0, len(v.Editions))
	i := 0
	for _, e := range v.Editions {
		for i < len(marks) && (marks[i].Depth != 0 || !strings.HasPrefix(marks[i].Title, e.Title)) {
			i++
		}
		if i == len(marks) || marks[i].Page == 0 {
			return nil, fmt.Errorf("the printed volume has no bookmark for %s", e.Ref())
		}
		pages = append(pages, marks[i].Page)
		i++
	}
	return pages, nil
}
