package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"stdkb"
	"stdkb/compile"
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
	lib, _, err := loadLibrary(e, *dir)
	if err != nil {
		return err
	}
	var u *stdkb.Unit
	if *unit != "" {
		var ok bool
		if u, ok = lib.Unit(*unit); !ok {
			return usageError{fmt.Sprintf("--unit %q: no such unit", *unit)}
		}
	}
	ledger, err := readLedger(*data)
	if err != nil {
		return err
	}
	v := compile.Select(lib, stdkb.Kind(*typ), u, day, ledger)
	var buf bytes.Buffer
	switch *format {
	case "docx":
		err = compile.DOCX(&buf, v)
	default:
		err = compile.HTML(&buf, v)
	}
	if err != nil {
		return err
	}
	if *format == "pdf" {
		if err := printPDF(ctx, buf.Bytes(), *out); err != nil {
			return err
		}
	} else if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
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
