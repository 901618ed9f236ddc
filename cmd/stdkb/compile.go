package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"

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
	case "pdf":
		err = compile.PDF(ctx, &buf, v, compile.PDFOptions{})
	default:
		err = compile.HTML(&buf, v)
	}
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s: %s, %d documents in force on %s\n", *out, v.Title, len(v.Editions), day)
	return nil
}
