package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"stdkb"
	"stdkb/kb"
)

func cmdCompile(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("compile", flag.ContinueOnError)
	dir := contentFlag(fs)
	data := dataFlag(fs)
	typ := fs.String("type", "regulation", "regulation or standard")
	unit := fs.String("unit", "", "only this unit's standard system (id or name)")
	asOf := fs.String("asof", "", "the editions in force on this date (default: today)")
	format := fs.String("format", "html", "html, docx or pdf")
	out := fs.String("o", "", "output file")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if err := oneOf("type", *typ, "regulation", "standard"); err != nil {
		return err
	}
	if err := oneOf("format", *format, "html", "docx", "pdf"); err != nil {
		return err
	}
	if *out == "" {
		return usageError{"-o FILE is required"}
	}
	day, err := optionalDate("asof", *asOf, today())
	if err != nil {
		return err
	}
	app, done, err := openApp(ctx, e, appOptions{content: *dir, data: *data, readOnly: true})
	if err != nil {
		return err
	}
	defer done()
	render := *format
	if render == "pdf" {
		render = "html"
	}
	f, v, err := app.Volume(admin(currentUser()), kb.VolumeRequest{Type: *typ, Unit: *unit, AsOf: day.String(), Format: render})
	if err != nil {
		return err
	}
	if *format == "pdf" {
		if err := printPDF(ctx, f.Data, e.path(*out)); err != nil {
			return err
		}
	} else if err := os.WriteFile(e.path(*out), f.Data, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s: %s, %d documents in force on %s\n", *out, v.Title, len(v.Editions), day)
	return nil
}

// printPDF prints the HTML volume to PDF with headless Chromium.
func printPDF(ctx context.Context, html []byte, out string) error {
	bin := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			bin = p
			break
		}
	}
	if bin == "" {
		return stdkb.Errorf(stdkb.EINVALID, "PDF output needs Chromium (Debian: apt-get install chromium); or write --format html and print it from a browser")
	}
	tmp, err := os.MkdirTemp("", "stdkb-compile-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	src := filepath.Join(tmp, "volume.html")
	if err := os.WriteFile(src, html, 0o644); err != nil {
		return err
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(tmp, "profile"), "--no-pdf-header-footer", "--print-to-pdf="+abs, "file://"+src)
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("chromium: %v\n%s", err, b)
	}
	return nil
}
