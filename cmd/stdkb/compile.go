package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"stdkb/kb"
)

func cmdCompile(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("compile", flag.ContinueOnError)
	dir := contentFlag(fs)
	data := dataFlag(fs)
	typ := fs.String("type", "regulation", "regulation（制度）或 standard（标准）")
	unit := fs.String("unit", "", "只含该单位的标准体系（编号或名称）")
	asOf := fs.String("asof", "", "取该日期有效的版本（默认：今天）")
	format := fs.String("format", "html", "html、docx 或 pdf")
	out := fs.String("o", "", "输出文件")
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
	f, v, err := app.Volume(ctx, admin(currentUser()), kb.VolumeRequest{Type: *typ, Unit: *unit, AsOf: day.String(), Format: *format})
	if err != nil {
		return err
	}
	if err := os.WriteFile(e.path(*out), f.Data, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "已写入 %s：%s，%d 份在 %s 有效的文件\n", *out, v.Title, len(v.Editions), day)
	return nil
}
