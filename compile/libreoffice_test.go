package compile_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"stdkb"
	"stdkb/compile"
)

// TestDOCXInLibreOffice opens the Word volume in a real office suite: LibreOffice converts it to
// PDF, whose bookmarks are the headings LibreOffice recognised and whose pages are the sizes
// the section properties asked for. LibreOffice runs with a profile of its own.
func TestDOCXInLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("SKIP: LibreOffice is not installed (apt-get install --no-install-recommends libreoffice-writer-nogui to run this test)")
	}
	v := compile.Select(library(t), stdkb.KindRegulation, nil, day(t, "2023-06-01"), nil)
	dir := t.TempDir()
	var b bytes.Buffer
	if err := compile.DOCX(&b, v); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "volume.docx")
	if err := os.WriteFile(src, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "pdf", "--outdir", dir, src)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out)
	}
	pdf, err := os.ReadFile(filepath.Join(dir, "volume.pdf"))
	if err != nil {
		t.Fatal(err)
	}

	boxes := regexp.MustCompile(`/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]`).FindAllSubmatch(pdf, -1)
	if len(boxes) < len(v.Editions)+3 {
		t.Errorf("%d pages: want a cover, the contents, %d documents and the index, each starting a page", len(boxes), len(v.Editions))
	}
	for _, m := range boxes {
		w, _ := strconv.ParseFloat(string(m[1]), 64)
		h, _ := strconv.ParseFloat(string(m[2]), 64)
		if w < 594 || w > 596 || h < 841 || h > 843 {
			t.Fatalf("page of %s × %s pt, want A4 portrait (595 × 842)", m[1], m[2])
		}
	}

	marks, err := compile.PDFOutline(pdf)
	if err != nil {
		t.Fatal(err)
	}
	var top []string
	deepest := 0
	for _, m := range marks {
		if m.Depth == 0 {
			top = append(top, m.Title)
		}
		deepest = max(deepest, m.Depth)
	}
	var want []string // the contents' title has no outline level: the contents do not list it
	for _, e := range v.Editions {
		want = append(want, e.Title)
	}
	want = append(want, "文号索引")
	if strings.Join(top, "|") != strings.Join(want, "|") {
		t.Errorf("LibreOffice's outline, top level:\n%s\nwant\n%s", strings.Join(top, "|"), strings.Join(want, "|"))
	}
	if deepest != 2 {
		t.Errorf("outline depth %d, want sections at heading 2 and 3 below the documents", deepest)
	}
	checkContentsPages(t, soffice, dir, src, v)
}

// updateAndExport is a LibreOffice Basic macro that opens a document, updates its indexes —
// what Word does on opening a package with w:updateFields, which LibreOffice's --convert-to
// does not — and exports it to PDF.
const updateAndExport = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub UpdateAndExport(src As String, dst As String)
  Dim load(0) As New com.sun.star.beans.PropertyValue
  load(0).Name = "Hidden"
  load(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(src), "_blank", 0, load())
  indexes = doc.getDocumentIndexes()
  For i = 0 To indexes.getCount() - 1
    indexes.getByIndex(i).update()
  Next i
  Dim store(0) As New com.sun.star.beans.PropertyValue
  store(0).Name = "FilterName"
  store(0).Value = "writer_pdf_Export"
  doc.storeToURL(ConvertToURL(dst), store())
  doc.close(True)
End Sub
</script:module>`

// contentsEntry is a line of the contents: text, dot leader, page number.
var contentsEntry = regexp.MustCompile(`^(.*?)[.…·]{4,}\s*(\d+)$`)

// checkContentsPages shows the contents are a table of contents LibreOffice recognises: once
// its indexes are updated (by a macro in the test's own profile, which the first conversion
// created), the 目录 page lists every document with the page its bookmark opens. As converted
// (no update), LibreOffice shows the field's stored result, the list of documents without
// numbers.
func checkContentsPages(t *testing.T, soffice, dir, src string, v *compile.Volume) {
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Log("SKIP contents page numbers: pdftotext (poppler-utils) is not installed")
		return
	}
	module := filepath.Join(dir, "profile", "user", "basic", "Standard", "Module1.xba")
	if _, err := os.Stat(module); err != nil {
		t.Logf("SKIP contents page numbers: LibreOffice made no Basic library in its profile (%v)", err)
		return
	}
	if err := os.WriteFile(module, []byte(updateAndExport), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "updated.pdf")
	macro := fmt.Sprintf(`macro:///Standard.Module1.UpdateAndExport("%s","%s")`, src, out)
	cmd := exec.Command(soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), macro)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("libreoffice macro: %v\n%s", err, b)
	}
	text, err := exec.Command(pdftotext, "-layout", "-f", "2", "-l", "3", out, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v (did the macro write %s?)", err, out)
	}
	var entries [][2]string     // text without spaces (with any lines before it), page number
	var pending strings.Builder // an entry wrapped over lines, or the page's title
	for _, line := range strings.Split(string(text), "\n") {
		line = strings.TrimSpace(line)
		m := contentsEntry.FindStringSubmatch(line)
		if m == nil {
			pending.WriteString(line)
			continue
		}
		pending.WriteString(m[1])
		entries = append(entries, [2]string{strings.ReplaceAll(pending.String(), " ", ""), m[2]})
		pending.Reset()
	}
	pdf, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	marks, err := compile.PDFOutline(pdf) // the updated contents are longer: pages move
	if err != nil {
		t.Fatal(err)
	}
	opens := map[string]int{}
	for _, m := range marks {
		if m.Depth == 0 {
			opens[m.Title] = m.Page
		}
	}
	for _, e := range v.Editions {
		got := ""
		for _, en := range entries {
			if strings.HasSuffix(en[0], strings.ReplaceAll(e.Title, " ", "")) {
				got = en[1]
				break
			}
		}
		if want := strconv.Itoa(opens[e.Title]); opens[e.Title] == 0 || got != want {
			t.Errorf("updated contents: %s on page %q, want %s (its bookmark's page)", e.Title, got, want)
		}
	}
	if t.Failed() {
		t.Logf("contents as LibreOffice updated them:\n%s", text)
	}
}
