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
	unit := fs.String("unit", "", "只含该单位的标准体系（编号或名称）")
	data := dataFlag(fs) // review decisions recorded in the ledger count too
	asOf := fs.String("asof", "", "按该日期的状态（默认：今天）")
	format := fs.String("format", "xlsx", "xlsx、docx、html 或 svg（仅结构图）")
	out := fs.String("o", "", "输出文件")
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
