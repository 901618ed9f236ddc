package main

import (
	"context"
	"flag"
	"os"

	"stdkb"
	"stdkb/content"
	"stdkb/kb"
)

func cmdImportCatalog(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("import-catalog", flag.ContinueOnError)
	dir := fs.String("content", "", "导入到的内容目录（默认：$STDKB_CONTENT）")
	skip := fs.Bool("skip-bad-rows", false, "导入可用的行，并报告其余的行")
	dryRun := fs.Bool("dry-run", false, "只报告将会发生的变更，不写入任何文件")
	asJSON := fs.Bool("json", false, "以 JSON 输出报告")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{"需要且只能给出一个目录文件（.xlsx 或 .csv）"}
	}
	if *dir == "" {
		*dir = os.Getenv(content.EnvDir)
	}
	if *dir == "" {
		return usageError{"需要给出 --content DIR（或设置 $" + content.EnvDir + "）：内置内容不能修改"}
	}
	f, err := os.Open(e.path(rest[0]))
	if err != nil {
		return stdkb.Errorf(stdkb.ENOTFOUND, "无法打开 %s：%v", rest[0], err)
	}
	defer f.Close()
	app, err := contentApp(ctx, e, "")
	if err != nil {
		return err
	}
	defer app.Close()
	rep, err := app.ImportCatalog(admin(currentUser()), rest[0], f, e.path(*dir), kb.CatalogOptions{SkipBadRows: *skip, DryRun: *dryRun})
	if rep != nil {
		if *asJSON {
			if jerr := writeJSON(e.stdout, rep); jerr != nil {
				return jerr
			}
		} else if werr := rep.WriteText(e.stdout); werr != nil {
			return werr
		}
	}
	return err
}
