package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"stdkb"
	"stdkb/kb"
)

func cmdSystemTable(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("system-table", flag.ContinueOnError)
	dir := contentFlag(fs)
	unit := fs.String("unit", "", "only this unit's standard system (id or name)")
	data := dataFlag(fs) // review decisions recorded in the ledger count too
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
		return usageError{"必须给出 -o FILE"}
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
	f, t, err := app.SystemTable(admin(currentUser()), kb.SystemTableRequest{Unit: *unit, AsOf: day, Format: *format})
	if err != nil {
		return err
	}
	if err := os.WriteFile(e.path(*out), f.Data, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "已写入 %s：%s，标准 %d 项（现行 %d、制定中 %d、待修订 %d、废止 %d），截至 %s\n", *out, t.Title, t.Total.Total,
		t.Total.ByCategory[kb.CatInForce], t.Total.ByCategory[kb.CatDrafting],
		t.Total.ByCategory[kb.CatRevising], t.Total.ByCategory[kb.CatRepealed], stdkb.Date(day))
	return nil
}
