package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"

	"stdkb"
	"stdkb/systable"
)

func cmdSystemTable(_ context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("system-table", flag.ContinueOnError)
	dir := contentFlag(fs)
	unit := fs.String("unit", "", "only this unit's standard system (id or name)")
	// Review decisions from the content count; the ledger's (in the data directory) are for the
	// application layer to pass once it offers the table as a use case.
	asOf := fs.String("asof", "", "statuses as they stand on this date (default: today)")
	format := fs.String("format", "xlsx", "xlsx, docx, html or svg (the structure diagram alone)")
	out := fs.String("o", "", "output file")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if err := oneOf("format", *format, "xlsx", "docx", "html", "svg"); err != nil {
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
	opt := systable.Options{AsOf: day}
	if *unit != "" {
		u, ok := lib.Unit(*unit)
		if !ok {
			return usageError{fmt.Sprintf("--unit %q: no such unit", *unit)}
		}
		opt.Unit = u
	}
	t := systable.Build(lib, opt)
	var buf bytes.Buffer
	write := map[string]func(*bytes.Buffer, *systable.Table) error{
		"xlsx": func(b *bytes.Buffer, t *systable.Table) error { return systable.XLSX(b, t) },
		"docx": func(b *bytes.Buffer, t *systable.Table) error { return systable.DOCX(b, t) },
		"html": func(b *bytes.Buffer, t *systable.Table) error { return systable.HTML(b, t) },
		"svg":  func(b *bytes.Buffer, t *systable.Table) error { return systable.SVG(b, t) },
	}[*format]
	if err := write(&buf, t); err != nil {
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "已写入 %s：%s，标准 %d 项（现行 %d、制定中 %d、待修订 %d、废止 %d），截至 %s\n", *out, t.Title, t.Total.Total,
		t.Total.ByCategory[systable.CatInForce], t.Total.ByCategory[systable.CatDrafting],
		t.Total.ByCategory[systable.CatRevising], t.Total.ByCategory[systable.CatRepealed], stdkb.Date(day))
	return nil
}
