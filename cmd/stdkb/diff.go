package main

import (
	"context"
	"flag"
	"fmt"

	"stdkb"
	"stdkb/compare"
	"stdkb/indexer"
)

func cmdDiff(_ context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("diff", flag.ContinueOnError)
	dir := contentFlag(fs)
	format := fs.String("format", "text", "text, json or html")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := oneOf("format", *format, "text", "json", "html"); err != nil {
		return err
	}
	if len(rest) != 1 && len(rest) != 2 {
		return usageError{"want DOC@EDITION DOC@EDITION, or DOC to compare its last two editions"}
	}
	lib, _, err := loadLibrary(e, *dir)
	if err != nil {
		return err
	}
	var a, b *stdkb.Edition
	if len(rest) == 1 {
		ref := parseRef(rest[0])
		d, ok := lib.Document(ref.Doc)
		if !ok {
			return stdkb.Errorf(stdkb.ENOTFOUND, "no document %q", ref.Doc)
		}
		if len(d.Editions) < 2 {
			return stdkb.Errorf(stdkb.EINVALID, "%s has only one edition; name two editions to compare", d.ID)
		}
		a, b = d.Editions[len(d.Editions)-2], d.Latest()
	} else {
		for i, arg := range rest {
			ref := parseRef(arg)
			if ref.Edition == "" || ref.Section != "" {
				return usageError{fmt.Sprintf("%q: want DOC@EDITION", arg)}
			}
			ed, _, err := lib.Resolve(ref)
			if err != nil {
				return err
			}
			if i == 0 {
				a = ed
			} else {
				b = ed
			}
		}
	}
	seg, err := indexer.SegmenterFor(&lib.Lexicon)
	if err != nil {
		return err
	}
	d := compare.Editions(a, b, seg.Words)
	switch *format {
	case "json":
		return writeJSON(e.stdout, d)
	case "html":
		return compare.HTML(e.stdout, d)
	}
	return compare.Text(e.stdout, d)
}
