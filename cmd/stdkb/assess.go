package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"

	"stdkb/kb"
)

// readSubmission reads a submission file from disk or, failing that, a sample from the content
// tree's submissions folder ("shapingba-2025-midterm" or "submissions/shapingba-2025-midterm.yaml").
func readSubmission(e *env, app *kb.App, name string) ([]byte, error) {
	b, err := os.ReadFile(e.path(name))
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return b, err
	}
	return app.Sample(admin(currentUser()), name)
}

func cmdAssess(ctx context.Context, e *env, args []string) error {
	flags := flag.NewFlagSet("assess", flag.ContinueOnError)
	contentDir := flags.String("content", "", "内容目录（默认：内置内容）")
	data := flags.String("data", "", "存放复审台账的数据目录")
	format := flags.String("format", "text", "text、json、md 或 xlsx")
	out := flags.String("o", "", "把报告写入该文件（xlsx 格式必须给出）")
	samples := flags.Bool("samples", false, "列出示例自评材料")
	rest, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	if err := oneOf("format", *format, "text", "json", "md", "xlsx"); err != nil {
		return err
	}
	if *samples {
		app, err := contentApp(ctx, e, *contentDir)
		if err != nil {
			return err
		}
		defer app.Close()
		names, err := app.Samples(admin(currentUser()))
		for _, n := range names {
			fmt.Fprintln(e.stdout, n)
		}
		return err
	}
	if len(rest) == 0 {
		return usageError{"需要一个或多个自评材料文件（YAML 或 JSON）或示例名称"}
	}
	if *format == "xlsx" && *out == "" {
		return usageError{"--format xlsx 需要同时给出 -o FILE"}
	}
	app, done, err := openApp(ctx, e, appOptions{content: *contentDir, data: *data, readOnly: true})
	if err != nil {
		return err
	}
	defer done()
	var reports []*kb.Report
	for _, name := range rest {
		src, err := readSubmission(e, app, name)
		if err != nil {
			return err
		}
		r, err := app.AssessFile(ctx, admin(currentUser()), kb.ParseOptions{Name: name}, src)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		reports = append(reports, r)
	}
	var buf bytes.Buffer
	w := io.Writer(e.stdout)
	if *out != "" {
		w = &buf
	}
	switch {
	case *format == "xlsx" && len(reports) == 1:
		return writeXLSX(e.path(*out), "评估报告", kb.ReportRows(reports[0]))
	case *format == "xlsx":
		return writeXLSX(e.path(*out), "对比", kb.CompareRows(reports))
	case *format == "json" && len(reports) == 1:
		err = writeJSON(w, reports[0])
	case *format == "json":
		err = writeJSON(w, reports)
	case len(reports) > 1:
		printTable(w, kb.CompareRows(reports))
	case *format == "md":
		err = kb.ReportMarkdown(w, reports[0])
	default:
		err = kb.ReportText(w, reports[0])
	}
	if err != nil || *out == "" {
		return err
	}
	return os.WriteFile(e.path(*out), buf.Bytes(), 0o644)
}
