package kb

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"io/fs"
	"stdkb"
	"stdkb/content"
)

func testContent(t *testing.T, body string) fstest.MapFS {
	fw, err := fs.ReadFile(content.Default(), "framework.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := "---\nkind: regulation\ntitle: 测试文件\nstatus: 现行\nframework: [A]\n---\n## 一\n\n" + body + "\n"
	return fstest.MapFS{"framework.md": {Data: fw}, "regulations/x/2020.md": {Data: []byte(doc)}}
}

// TestSnapshotOutlivesReload: a reader holding the snapshot keeps searching its index across a
// reload; the old index is closed when, and only when, the last reader releases it.
func TestSnapshotOutlivesReload(t *testing.T) {
	ctx := context.Background()
	fsys := testContent(t, "公物仓管理")
	app, err := New(ctx, Config{Content: fsys, Name: "test", DataDir: t.TempDir(), Today: func() stdkb.Date { return stdkb.MustDate("2026-11-25") }})
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	held := app.Acquire()
	fsys["regulations/x/2020.md"].Data = []byte(strings.Replace(string(fsys["regulations/x/2020.md"].Data), "公物仓管理", "分时租赁", 1))
	if err := app.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	if app.Acquire() == held {
		t.Fatal("reload did not swap the snapshot")
	}
	app.snap.Load().Release() // the reference taken just above
	ix, err := held.index(ctx)
	if err != nil {
		t.Fatalf("held snapshot lost its index at reload: %v", err)
	}
	res, err := ix.Search(ctx, SearchRequest{Query: "公物仓"})
	if err != nil || res.Total == 0 {
		t.Fatalf("search on the held snapshot: %v, %+v", err, res)
	}
	if held.closed {
		t.Fatal("old snapshot closed while a reader holds it")
	}
	held.Release()
	if !held.closed || held.ix != nil {
		t.Fatal("old snapshot not closed when its last reader released it")
	}
	if _, err := held.index(ctx); err == nil {
		t.Error("a released snapshot still hands out its index")
	}
	res, err = app.Search(ctx, Anonymous, SearchRequest{Query: "分时租赁"})
	if err != nil || res.Total == 0 {
		t.Fatalf("search after reload: %v", err)
	}
}
