package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"stdkb"
	"stdkb/bundle"
	"stdkb/content"
)

func cmdExport(_ context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	dir := contentFlag(fs)
	unit := fs.String("unit", "", "the unit whose standard system to export (id or name)")
	out := fs.String("o", "", "bundle file to write (.tar.gz)")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if *unit == "" || *out == "" {
		return usageError{"want --unit U and -o FILE"}
	}
	lib, _, err := loadLibrary(e, *dir)
	if err != nil {
		return err
	}
	u, ok := lib.Unit(*unit)
	if !ok {
		return usageError{fmt.Sprintf("--unit %q: no such unit", *unit)}
	}
	fsys, _ := content.Source(*dir)
	var buf bytes.Buffer
	m, err := bundle.Export(&buf, fsys, lib, u, programVersion(), time.Now())
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s: %s, %d files\n", *out, u.Name, len(m.Files))
	return nil
}

func cmdImportBundle(_ context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("import-bundle", flag.ContinueOnError)
	dir := fs.String("content", "", "content directory to import into (default: $STDKB_CONTENT)")
	dryRun := fs.Bool("dry-run", false, "report what would change, write nothing")
	skip := fs.Bool("skip-conflicts", false, "import the other files and keep the local version of conflicting ones")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{"want one bundle file"}
	}
	if *dir == "" {
		*dir = os.Getenv(content.EnvDir)
	}
	if *dir == "" {
		return usageError{"want --content DIR (or $" + content.EnvDir + "): the embedded content cannot be changed"}
	}
	f, err := os.Open(rest[0])
	if err != nil {
		return err
	}
	defer f.Close()
	rep, err := bundle.Import(f, *dir, bundle.Options{DryRun: *dryRun, SkipConflicts: *skip})
	if rep != nil {
		if *asJSON {
			if jerr := writeJSON(e.stdout, rep); jerr != nil {
				return jerr
			}
		} else {
			printBundleReport(e, rep)
		}
	}
	if errors.Is(err, bundle.ErrConflicts) {
		return stdkb.Errorf(stdkb.ECONFLICT, "%d conflict(s); nothing was written (resolve them, or --skip-conflicts to keep the local files)", len(rep.Conflicts))
	}
	if err != nil {
		return fmt.Errorf("%s: %w", rest[0], err)
	}
	return nil
}

func printBundleReport(e *env, rep *bundle.Report) {
	m := rep.Manifest
	fmt.Fprintf(e.stdout, "bundle of %s (%s), %s, %d files\n", m.Unit.Name, m.Unit.ID, m.Created.Format(time.DateOnly), len(m.Files))
	verb := "would add"
	if rep.Written {
		verb = "added"
	}
	for _, p := range rep.Added {
		fmt.Fprintf(e.stdout, "  %s %s\n", verb, p)
	}
	for _, c := range rep.Conflicts {
		fmt.Fprintf(e.stdout, "  CONFLICT %s: the local file differs (local %.12s, bundle %.12s); kept local\n", c.Path, c.Local, c.Bundle)
	}
	added := "added"
	if !rep.Written {
		added = "to add, nothing written"
	}
	fmt.Fprintf(e.stdout, "%d %s, %d unchanged, %d conflicts\n", len(rep.Added), added, len(rep.Unchanged), len(rep.Conflicts))
}
