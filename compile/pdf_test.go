package compile_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"stdkb"
	"stdkb/compile"
)

// printVolume prints the standards in force on 2023-06-01, skipping when no Chromium is found.
func printVolume(t *testing.T) (*compile.Volume, []byte) {
	t.Helper()
	opts := compile.PDFOptions{Browser: os.Getenv("STDKB_CHROMIUM")}
	if _, err := opts.FindBrowser(); err != nil {
		t.Skipf("SKIP PDF volume test: no Chromium found (install Debian's chromium, or set STDKB_CHROMIUM): %v", err)
	}
	v := compile.Select(library(t), stdkb.KindStandard, nil, day(t, "2023-06-01"), nil)
	var b bytes.Buffer
	if err := compile.PDF(context.Background(), &b, v, opts); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.20q", b.Bytes())
	}
	return v, b.Bytes()
}

func TestPDFVolume(t *testing.T) {
	v, pdf := printVolume(t)
	marks, err := compile.PDFOutline(pdf)
	if err != nil {
		t.Fatal(err)
	}
	var top []compile.Bookmark
	nested := 0
	for _, m := range marks {
		if m.Depth == 0 {
			top = append(top, m)
		} else {
			nested++
		}
	}
	if len(top) != len(v.Editions)+3 || nested == 0 {
		t.Fatalf("bookmarks %+v: want the cover, 目录, %d documents and 文号索引 at the top, sections below", top, len(v.Editions))
	}
	if top[1].Title != "目录" || top[len(top)-1].Title != "文号索引" {
		t.Errorf("top-level bookmarks %+v", top)
	}
	docPages := map[string]int{}
	for i, e := range v.Editions {
		m := top[i+2]
		if !strings.HasPrefix(m.Title, e.Title) || m.Page <= top[1].Page || (i > 0 && m.Page <= top[i+1].Page) {
			t.Errorf("bookmark %d %+v for %s", i+2, m, e.Title)
		}
		docPages[e.Number] = m.Page
	}

	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("SKIP reading the contents page back: pdftotext not installed (Debian: poppler-utils)")
	}
	contents := pageText(t, pdf, top[1].Page)
	entry := regexp.MustCompile(`(?m)^\s*\d+\.\s.*（(.+?)）\D*?(\d+)\s*$`)
	found := entry.FindAllStringSubmatch(contents, -1)
	if len(found) != len(v.Editions) {
		t.Fatalf("contents page lists %d numbered entries, want %d:\n%s", len(found), len(v.Editions), contents)
	}
	for _, f := range found {
		number, page := f[1], f[2]
		if strconv.Itoa(docPages[number]) != page {
			t.Errorf("contents gives page %s for %s, its bookmark page %d", page, number, docPages[number])
		}
		// Read the page the contents point to: it shows the document's number and, in its
		// footer, the same page number.
		text := strings.TrimSpace(pageText(t, pdf, docPages[number]))
		if !strings.Contains(text, number) || !strings.HasSuffix(text, page) {
			t.Errorf("page %s does not start %s or is not numbered %s:\n%s", page, number, page, text)
		}
	}
	indexPages(t, pdf, top[len(top)-1].Page, docPages)
}

// indexPages reads the index of numbers back: every number with the page after its title.
func indexPages(t *testing.T, pdf []byte, page int, numbers map[string]int) {
	t.Helper()
	text := pageText(t, pdf, page)
	for number, want := range numbers {
		line := regexp.MustCompile(`(?m)^\s*` + regexp.QuoteMeta(number) + `\s.*?(\d+)\s*$`).FindStringSubmatch(text)
		if line == nil || line[1] != strconv.Itoa(want) {
			t.Errorf("index of numbers: %s has %v, want page %d:\n%s", number, line, want, text)
		}
	}
}

func pageText(t *testing.T, pdf []byte, page int) string {
	t.Helper()
	p := strconv.Itoa(page)
	cmd := exec.Command("pdftotext", "-layout", "-f", p, "-l", p, "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext page %d: %v", page, err)
	}
	return string(out)
}

func TestPDFEmptyVolumeRefused(t *testing.T) {
	v := compile.Select(library(t), stdkb.KindRegulation, nil, day(t, "1900-01-01"), nil)
	var b bytes.Buffer
	err := compile.PDF(context.Background(), &b, v, compile.PDFOptions{Browser: "/nonexistent/chromium"})
	if stdkb.ErrorCode(err) != stdkb.ENOTFOUND || !strings.Contains(err.Error(), "没有现行有效的规章制度") || b.Len() != 0 {
		t.Errorf("empty volume: %v, %d bytes", err, b.Len())
	}
}
