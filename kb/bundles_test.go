package kb

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"stdkb"
	"stdkb/content"
)

// copyContent copies the embedded content into memory, where a test can edit it.
func copyContent(t *testing.T) fstest.MapFS {
	t.Helper()
	out := fstest.MapFS{}
	err := fs.WalkDir(content.Default(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(content.Default(), p)
		out[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBundleAfterEditWithoutReload: a content file edited (or deleted) after the content was
// loaded makes the unit's bundle refuse with a Chinese message naming the file, never fail as
// an internal error; after a reload the bundle is built again.
func TestBundleAfterEditWithoutReload(t *testing.T) {
	ctx := context.Background()
	fsys := copyContent(t)
	app, err := New(ctx, Config{Content: fsys, Name: "test", DataDir: t.TempDir(), LazyIndex: true,
		Today: func() stdkb.Date { return stdkb.MustDate("2026-11-25") }})
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	_, m, err := app.ExportBundle(Anonymous, "dadukou", "test")
	if err != nil {
		t.Fatal(err)
	}
	edited := ""
	for _, f := range m.Files {
		if f.Document != "" {
			edited = f.Path
			break
		}
	}
	if edited == "" {
		t.Fatal("the bundle holds no document")
	}
	for name, change := range map[string]func(){
		"edited":  func() { fsys[edited] = &fstest.MapFile{Data: append(fsys[edited].Data, "\n补充。\n"...)} },
		"deleted": func() { delete(fsys, edited) },
	} {
		keep := fsys[edited]
		change()
		_, err := app.Bundle(Anonymous, "dadukou", "test")
		if stdkb.ErrorCode(err) != stdkb.ECONFLICT || !strings.Contains(stdkb.ErrorMessage(err), edited) || !strings.Contains(stdkb.ErrorMessage(err), "重新加载") {
			t.Errorf("%s %s: %v (code %s), want a conflict naming the file", name, edited, err, stdkb.ErrorCode(err))
		}
		fsys[edited] = keep
	}
	fsys[edited] = &fstest.MapFile{Data: append(fsys[edited].Data, "\n补充。\n"...)}
	if err := app.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Bundle(Anonymous, "dadukou", "test"); err != nil {
		t.Errorf("after the reload: %v", err)
	}
}
