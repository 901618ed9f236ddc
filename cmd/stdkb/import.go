package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"stdkb"
)

// cmdImport converts a Word standard or regulation into a markdown edition.
func cmdImport(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	kind := fs.String("kind", "standard", "standard（标准）或 regulation（制度）")
	out := fs.String("o", "", "写入的内容目录（默认：直接输出 markdown）")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{"需要且只能给出一个 .docx 文件"}
	}
	if err := oneOf("kind", *kind, "standard", "regulation"); err != nil {
		return err
	}
	f, err := os.Open(e.path(rest[0]))
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	app, err := contentApp(ctx, e, "")
	if err != nil {
		return err
	}
	defer app.Close()
	r, err := app.ConvertWord(admin(currentUser()), f, info.Size(), stdkb.Kind(*kind))
	if err != nil {
		return fmt.Errorf("%s: %w", rest[0], err)
	}
	if *out == "" {
		fmt.Fprint(e.stdout, r.Markdown)
	} else {
		path := filepath.Join(e.path(*out), filepath.FromSlash(r.Path))
		if _, err := os.Stat(path); err == nil {
			return stdkb.Errorf(stdkb.ECONFLICT, "%s 已存在：请移走它或换一个目录", path)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, []byte(r.Markdown), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "已写入 %s\n", path)
	}
	// Fields are named in Chinese, with the key the author writes in the file beside them.
	named := func(k string) string {
		if l := stdkb.FieldLabel(stdkb.Kind(*kind), k); l != k {
			return l + "（" + k + "）"
		}
		return k
	}
	for _, k := range []string{"number", "title", "level", "nature", "issuer", "issued", "effective"} {
		if v := r.Found[k]; v != "" {
			fmt.Fprintf(e.stderr, "  %s：%s\n", named(k), v)
		}
	}
	if len(r.Missing) > 0 {
		missing := make([]string, len(r.Missing))
		for i, k := range r.Missing {
			missing[i] = named(k)
		}
		fmt.Fprintf(e.stderr, "待补充：%s（stdkb check 会列出所在行）\n", strings.Join(missing, "、"))
	}
	return nil
}
