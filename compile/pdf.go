package compile

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"

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
// the second print, laid out identically, shows those numbers. Chromium runs as a command
// (--print-to-pdf with --generate-pdf-document-outline) rather than through chromedp, which
// would add 2 MB to the binary for two calls.
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
	first, err := printPass(ctx, bin, tmp, v, make([]int, len(v.Editions)))
	if err != nil {
		return err
	}
	pages, err := documentPages(first, v)
	if err != nil {
		return fmt.Errorf("page numbers of the contents: %w", err)
	}
	final, err := printPass(ctx, bin, tmp, v, pages)
	if err != nil {
		return err
	}
	_, err = w.Write(final)
	return err
}

// printPass renders the volume with the given contents page numbers and prints it with
// Chromium, which gets its own profile under dir so it neither reads nor disturbs any other
// browser on the machine.
func printPass(ctx context.Context, bin, dir string, v *Volume, pages []int) ([]byte, error) {
	var html bytes.Buffer
	if err := render(&html, v, pages); err != nil {
		return nil, err
	}
	src, out := filepath.Join(dir, "volume.html"), filepath.Join(dir, "volume.pdf")
	if err := os.WriteFile(src, html.Bytes(), 0o600); err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--no-pdf-header-footer",
		"--generate-pdf-document-outline", "--print-to-pdf="+out, "file://"+src)
	if b, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("chromium: %v\n%s", err, b)
	}
	return os.ReadFile(out)
}
