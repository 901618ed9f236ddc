package main

import (
	"context"
	"flag"
	"fmt"

	"stdkb/kb"
)

func cmdDiff(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("diff", flag.ContinueOnError)
	dir := contentFlag(fs)
	format := fs.String("format", "text", "text、json 或 html")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := oneOf("format", *format, "text", "json", "html"); err != nil {
		return err
	}
	var req kb.DiffRequest
	switch len(rest) {
	case 1:
		req.Doc = parseRef(rest[0]).Doc
	case 2:
		for _, arg := range rest {
			if ref := parseRef(arg); ref.Edition == "" || ref.Section != "" {
				return usageError{fmt.Sprintf("%q：应为 DOC@EDITION 形式", arg)}
			}
		}
		req.From, req.To = rest[0], rest[1]
	default:
		return usageError{"需要给出 DOC@EDITION DOC@EDITION，或只给 DOC 以比较其最近两个版本"}
	}
	app, err := contentApp(ctx, e, *dir)
	if err != nil {
		return err
	}
	defer app.Close()
	d, err := app.Diff(admin(currentUser()), req)
	if err != nil {
		return err
	}
	switch *format {
	case "json":
		return writeJSON(e.stdout, d)
	case "html":
		return kb.DiffHTMLTo(e.stdout, d)
	}
	return kb.DiffText(e.stdout, d)
}
