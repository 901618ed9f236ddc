package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"stdkb"
	"stdkb/content"
	"stdkb/kb"
)

func cmdExport(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	dir := contentFlag(fs)
	unit := fs.String("unit", "", "导出哪个单位的标准体系（编号或名称）")
	out := fs.String("o", "", "要写入的内容包文件（.tar.gz）")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if *unit == "" || *out == "" {
		return usageError{"需要给出 --unit U 和 -o FILE"}
	}
	app, err := contentApp(ctx, e, *dir)
	if err != nil {
		return err
	}
	defer app.Close()
	f, m, err := app.ExportBundle(admin(currentUser()), *unit, programVersion())
	if err != nil {
		return err
	}
	if err := os.WriteFile(e.path(*out), f.Data, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "已写入 %s：%s，%d 个文件\n", *out, m.Unit.Name, len(m.Files))
	return nil
}

func cmdImportBundle(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("import-bundle", flag.ContinueOnError)
	dir := fs.String("content", "", "导入到的内容目录（默认：$STDKB_CONTENT）")
	dryRun := fs.Bool("dry-run", false, "只报告将会发生的变更，不写入任何文件")
	skip := fs.Bool("skip-conflicts", false, "导入其余文件，有冲突的文件保留本地版本")
	asJSON := fs.Bool("json", false, "以 JSON 输出报告")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{"需要且只能给出一个内容包文件"}
	}
	if *dir == "" {
		*dir = os.Getenv(content.EnvDir)
	}
	if *dir == "" {
		return usageError{"需要给出 --content DIR（或设置 $" + content.EnvDir + "）：内置内容不能修改"}
	}
	f, err := os.Open(e.path(rest[0]))
	if err != nil {
		return err
	}
	defer f.Close()
	app, err := contentApp(ctx, e, "")
	if err != nil {
		return err
	}
	defer app.Close()
	rep, err := app.ImportBundle(admin(currentUser()), f, e.path(*dir), kb.BundleOptions{DryRun: *dryRun, SkipConflicts: *skip})
	if rep != nil {
		if *asJSON {
			if jerr := writeJSON(e.stdout, rep); jerr != nil {
				return jerr
			}
		} else {
			printBundleReport(e, rep)
		}
	}
	if errors.Is(err, kb.ErrBundleConflicts) {
		return stdkb.Errorf(stdkb.ECONFLICT, "有 %d 处冲突，什么也没有写入（请先解决冲突，或用 --skip-conflicts 保留本地文件）", len(rep.Conflicts))
	}
	if err != nil {
		return fmt.Errorf("%s: %w", rest[0], err)
	}
	return nil
}

func printBundleReport(e *env, rep *kb.BundleReport) {
	m := rep.Manifest
	fmt.Fprintf(e.stdout, "%s（%s）的内容包，%s，%d 个文件\n", m.Unit.Name, m.Unit.ID, m.Created.Format(time.DateOnly), len(m.Files))
	verb := "将新增"
	if rep.Written {
		verb = "已新增"
	}
	for _, p := range rep.Added {
		fmt.Fprintf(e.stdout, "  %s %s\n", verb, p)
	}
	for _, c := range rep.Conflicts {
		fmt.Fprintf(e.stdout, "  冲突 %s：本地文件不同（本地 %.12s，内容包 %.12s）；已保留本地文件\n", c.Path, c.Local, c.Bundle)
	}
	added := "已新增"
	if !rep.Written {
		added = "将新增（未写入任何文件）"
	}
	fmt.Fprintf(e.stdout, "%s %d 个，未变 %d 个，冲突 %d 个\n", added, len(rep.Added), len(rep.Unchanged), len(rep.Conflicts))
}
