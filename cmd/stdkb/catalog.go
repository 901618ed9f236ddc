package main

import (
	"context"
	"errors"
	"flag"
	"os"

	"stdkb"
	"stdkb/catalog"
	"stdkb/content"
)

func cmdImportCatalog(_ context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("import-catalog", flag.ContinueOnError)
	dir := fs.String("content", "", "content directory to import into (default: $STDKB_CONTENT)")
	skip := fs.Bool("skip-bad-rows", false, "import the usable rows and report the others")
	dryRun := fs.Bool("dry-run", false, "report what would change, write nothing")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{"want one catalogue file (.xlsx or .csv)"}
	}
	if *dir == "" {
		*dir = os.Getenv(content.EnvDir)
	}
	if *dir == "" {
		return usageError{"want --content DIR (or $" + content.EnvDir + "): the embedded content cannot be changed"}
	}
	f, err := os.Open(rest[0])
	if err != nil {
		return stdkb.Errorf(stdkb.ENOTFOUND, "无法打开 %s：%v", rest[0], err)
	}
	defer f.Close()
	sheet, err := catalog.Read(rest[0], f)
	if err != nil {
		return stdkb.Errorf(stdkb.EINVALID, "%v", err)
	}
	rep, err := catalog.Import(*dir, sheet, catalog.Options{SkipBadRows: *skip, DryRun: *dryRun})
	if rep != nil {
		if *asJSON {
			if jerr := writeJSON(e.stdout, rep); jerr != nil {
				return jerr
			}
		} else if werr := rep.WriteText(e.stdout); werr != nil {
			return werr
		}
	}
	if errors.Is(err, catalog.ErrBadRows) || errors.Is(err, catalog.ErrCheck) {
		return stdkb.Errorf(stdkb.EINVALID, "%v", err)
	}
	return err
}
