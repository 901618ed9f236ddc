package compile

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"stdkb"
)

// PDFOptions says how to print a volume to PDF.
type PDFOptions struct {
	// Browser is the Chromium executable; empty looks for chromium, chromium-browser or
	// google-chrome on PATH.
	Browser string
}

// FindBrowser returns the Chromium executable opts name or PATH holds, or a Chinese error saying
// how to get one.
func (opts PDFOptions) FindBrowser() (string, error) {
	if opts.Browser != "" {
		return opts.Browser, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", stdkb.Errorf(stdkb.EINVALID, "生成 PDF 需要 Chromium 浏览器（Debian：apt-get install chromium）；也可导出 HTML 后在浏览器中打印")
}

// PDF prints the volume to A4 PDF with headless Chromium: bookmarks for the cover, the
// contents, every document and its headings, and a contents page that gives the page each
// document starts on. Chromium cannot number pages in CSS (no target-counter), so the volume
// is printed twice: the first print's bookmarks tell on which page each document starts, and
// the second print, laid out identically, shows those numbers.
func PDF(ctx context.Context, w io.Writer, v *Volume, opts PDFOptions) error {
	if err := v.check(); err != nil {
		return err
	}
	bin, err := opts.FindBrowser()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "stdkb-pdf-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bctx, cancel := browser(ctx, bin, tmp)
	defer cancel()

	first, err := printPass(bctx, tmp, v, make([]int, len(v.Editions)))
	if err != nil {
		return err
	}
	pages, err := documentPages(first, v)
	if err != nil {
		return err
	}
	final, err := printPass(bctx, tmp, v, pages)
	if err != nil {
		return err
	}
	_, err = w.Write(final)
	return err
}

// browser starts headless Chromium with its own profile under dir, so it neither reads nor
// disturbs any other browser on the machine.
func browser(ctx context.Context, bin, dir string) (context.Context, context.CancelFunc) {
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.UserDataDir(filepath.Join(dir, "profile")))...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	return bctx, func() { cancelBrowser(); cancelAlloc() }
}

// printPass renders the volume with the given contents page numbers and prints it.
func printPass(ctx context.Context, dir string, v *Volume, pages []int) ([]byte, error) {
	var html bytes.Buffer
	if err := render(&html, v, pages); err != nil {
		return nil, err
	}
	src := filepath.Join(dir, "volume.html")
	if err := os.WriteFile(src, html.Bytes(), 0o600); err != nil {
		return nil, err
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+src)); err != nil {
		return nil, fmt.Errorf("chromium: open the volume: %w", err)
	}
	yes := true
	pdf, err := chromedp.Run(ctx, func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		res, err := cdp.Call(ctx, t, page.PrintToPDF, page.PrintToPDFParams{
			PreferCSSPageSize: &yes, PrintBackground: &yes, GenerateTaggedPDF: &yes, GenerateDocumentOutline: &yes,
		})
		return res.Data, err
	})
	if err != nil {
		return nil, fmt.Errorf("chromium: print to PDF: %w", err)
	}
	return pdf, nil
}
