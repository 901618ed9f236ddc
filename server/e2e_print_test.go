package server_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestPrintAndNarrowPages drives headless Chromium over what a reader prints and what a phone
// shows. A document page printed to PDF (honouring the page's @page size) is on A4 paper, and
// what it prints starts with the document's title: the site's header, navigation, search and
// forms are not printed. The indicators page fits a 360 px window, its wide tables scrolling
// inside their frame.
func TestPrintAndNarrowPages(t *testing.T) {
	bin := chromium(t)
	ts := testServer(t)
	ctx, step, shots := browserSession(t, bin)
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }

	step("1-document",
		chromedp.Navigate(ts.URL+"/docs/sample-office-maintenance"),
		chromedp.WaitVisible(css(`.doc .body`)))
	title, err := chromedp.Run(ctx, chromedp.Text(css(`.doc h1`)))
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFOutlineAndTagged()))
	if err != nil {
		t.Fatalf("print to PDF: %v", err)
	}
	os.WriteFile(filepath.Join(shots, "document.pdf"), pdf, 0o644)
	sizes := pdfPageSizes(pdf)
	if len(sizes) == 0 {
		t.Fatal("the PDF has no page with a MediaBox")
	}
	for i, s := range sizes {
		// A4 is 210 × 297 mm: 595.3 × 841.9 points. US Letter is 612 × 792.
		if s[0] < 593 || s[0] > 597 || s[1] < 840 || s[1] > 844 {
			t.Errorf("PDF page %d is %.1f × %.1f pt, want A4 (595 × 842)", i+1, s[0], s[1])
		}
	}
	if first := pdfFirstOutlineTitle(pdf); first != title {
		t.Errorf("the PDF's first heading is %q, want the document title %q", first, title)
	}

	// What print media shows first is the title; the site's furniture is not printed.
	printMedia := func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return chromedp.Void{}, err
	}
	step("2-print-media", printMedia)
	firstText, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let n = w.nextNode(); n; n = w.nextNode()) {
			if (n.textContent.trim() && n.parentElement.getClientRects().length > 0) return n.textContent.trim();
		}
		return "";
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(title, firstText) || firstText == "" {
		t.Errorf("printed, the page starts with %q, want the title %q", firstText, title)
	}
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('header.top, header.top nav, form, nav.toc, footer')).filter(e => e.getClientRects().length > 0).map(e => e.tagName.toLowerCase() + '.' + e.className)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(shown) > 0 {
		t.Errorf("printed, these still show: %v", shown)
	}
	step("3-screen-media", func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
		return chromedp.Void{}, err
	})

	step("4-narrow-indicators",
		chromedp.EmulateViewport(360, 800),
		chromedp.Navigate(ts.URL+"/indicators"),
		chromedp.WaitVisible(css(`table.milestones`)))
	wide, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('main *')).filter(e => (!e.closest('.table-wrap') || e.matches('.table-wrap')) && e.getBoundingClientRect().right > window.innerWidth + 1).map(e => e.tagName.toLowerCase() + ' ' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 8)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(wide) > 0 {
		t.Errorf("in a 360 px window these reach past the right edge of /indicators: %v", wide)
	}
	scroll, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if scroll > 360 {
		t.Errorf("/indicators is %d px wide in a 360 px window: the page scrolls sideways", scroll)
	}
}

var (
	mediaBoxRE = regexp.MustCompile(`/MediaBox\s*\[\s*[-\d.]+\s+[-\d.]+\s+([\d.]+)\s+([\d.]+)\s*\]`)
	outlinesRE = regexp.MustCompile(`/Outlines\s*(?:<<[^>]*?/First\s+(\d+)\s+0\s+R|(\d+)\s+0\s+R)`)
	hexTitleRE = regexp.MustCompile(`/Title\s*<([0-9A-Fa-f]*)>`)
)

// pdfPageSizes returns the width and height in points of every page of a PDF that Chromium
// wrote (uncompressed object dictionaries, one MediaBox a page).
func pdfPageSizes(pdf []byte) [][2]float64 {
	var sizes [][2]float64
	for _, m := range mediaBoxRE.FindAllSubmatch(pdf, -1) {
		w, _ := strconv.ParseFloat(string(m[1]), 64)
		h, _ := strconv.ParseFloat(string(m[2]), 64)
		sizes = append(sizes, [2]float64{w, h})
	}
	return sizes
}

// pdfFirstOutlineTitle returns the title of the first entry of a PDF's outline (its first
// printed heading), or "" when there is none.
func pdfFirstOutlineTitle(pdf []byte) string {
	s := string(pdf)
	m := outlinesRE.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	first := m[1]
	if first == "" { // the catalogue points at the outline dictionary
		root := objectBody(s, m[2])
		fm := regexp.MustCompile(`/First\s+(\d+)\s+0\s+R`).FindStringSubmatch(root)
		if fm == nil {
			return ""
		}
		first = fm[1]
	}
	tm := hexTitleRE.FindStringSubmatch(objectBody(s, first))
	if tm == nil {
		return ""
	}
	return decodePDFText(tm[1])
}

// objectBody returns the text of indirect object n.
func objectBody(pdf, n string) string {
	start := strings.Index(pdf, "\n"+n+" 0 obj")
	if start < 0 {
		return ""
	}
	end := strings.Index(pdf[start:], "endobj")
	if end < 0 {
		return ""
	}
	return pdf[start : start+end]
}

// decodePDFText decodes a hex PDF text string written as UTF-16BE with a byte-order mark.
func decodePDFText(hex string) string {
	var units []uint16
	for i := 0; i+4 <= len(hex); i += 4 {
		v, err := strconv.ParseUint(hex[i:i+4], 16, 16)
		if err != nil {
			return ""
		}
		units = append(units, uint16(v))
	}
	if len(units) > 0 && units[0] == 0xFEFF {
		units = units[1:]
	}
	return string(utf16.Decode(units))
}
