package content_test

import (
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"stdkb"
	"stdkb/content"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/broken/*.txtar")

// TestBrokenContent loads each archive in testdata/broken as a content tree and compares the
// problems reported with the archive's "want" file, one problem per line.
func TestBrokenContent(t *testing.T) {
	files, err := filepath.Glob("testdata/broken/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test archives: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			fsys := fstest.MapFS{}
			wantAt := -1
			for i, f := range ar.Files {
				if f.Name == "want" {
					wantAt = i
					continue
				}
				fsys[f.Name] = &fstest.MapFile{Data: f.Data}
			}
			if wantAt < 0 {
				t.Fatal("archive has no want file")
			}
			lib, err := content.LoadAt(fsys, stdkb.MustDate("2026-11-25"))
			if err == nil {
				t.Fatalf("loaded without problems (%d documents); want problems", len(lib.Documents))
			}
			var ps stdkb.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("error is %T, want stdkb.Problems: %v", err, err)
			}
			got := ps.Error() + "\n"
			if *update {
				ar.Files[wantAt].Data = []byte(got)
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want := string(ar.Files[wantAt].Data); got != want {
				t.Errorf("problems differ (run with -update to accept)\ngot:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestDefaultContentLoads(t *testing.T) {
	lib := loadDefault(t)
	if got := len(lib.Framework.Roots); got != 3 {
		t.Errorf("framework has %d parts, want 3", got)
	}
	b, ok := lib.Framework.Node("B")
	if !ok || len(b.Children) != 7 {
		t.Fatalf("运行保障 must have 7 domains, got %+v", b)
	}
	if len(lib.Hash) != 64 {
		t.Errorf("content hash %q is not a SHA-256", lib.Hash)
	}
	for _, d := range lib.Documents {
		for _, e := range d.Editions {
			if len(e.Framework) == 0 {
				t.Errorf("%s has no framework codes", e.Ref())
			}
		}
	}
}

// TestBodyTextIsPlain checks the plain text the loader derives from checklist and indicator
// bodies for search: every body has one, without markdown markup, one block a line.
func TestBodyTextIsPlain(t *testing.T) {
	lib := loadDefault(t)
	bodies := map[string][2]string{} // id → markdown, plain text
	for _, c := range lib.Checklists {
		bodies[c.ID] = [2]string{c.Body, c.BodyText}
	}
	for _, set := range lib.Indicators {
		bodies[set.ID] = [2]string{set.Body, set.BodyText}
	}
	for id, b := range bodies {
		if strings.TrimSpace(b[0]) != "" && b[1] == "" {
			t.Errorf("%s: body has no plain text", id)
		}
		for _, markup := range []string{"`", "> ", "- ", "**"} {
			if strings.Contains(b[1], markup) {
				t.Errorf("%s: plain text holds markup %q:\n%s", id, markup, b[1])
			}
		}
	}
	const item = "levels：按“符合/部分符合/不符合”分别得满分、一半、零分；“不适用”的条目不计入总分。"
	if got := bodies["pilot-midterm"][1]; !strings.Contains("\n"+got+"\n", "\n"+item+"\n") {
		t.Errorf("pilot-midterm plain text lacks the line %q:\n%s", item, got)
	}
}

// A problem knows its file's kind, so a person reads the field as that kind names it: a
// regulation's number is its 文号, a standard's its 标准编号, each with the key beside it.
func TestProblemsNameFieldsByKind(t *testing.T) {
	fw, err := content.Default().Open("framework.md")
	if err != nil {
		t.Fatal(err)
	}
	defer fw.Close()
	var b strings.Builder
	if _, err := io.Copy(&b, fw); err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"framework.md":          {Data: []byte(b.String())},
		"regulations/r/2020.md": {Data: []byte("---\nkind: regulation\ntitle: 办法\nnumber: [1]\nstatus: 现行\nframework: [A]\n---\n正文\n")},
		"standards/s/2020.md":   {Data: []byte("---\nkind: standard\nnumber: [1]\ntitle: 规范\nlevel: 地方\nnature: 推荐性\nissuer: 某局\nissued: 2020-01-01\neffective: 2020-02-01\nstatus: 现行\nframework: [A]\n---\n正文\n")},
	}
	_, err = content.LoadAt(fsys, stdkb.MustDate("2026-11-25"))
	got := strings.Join(stdkb.ErrorDetails(err), "\n")
	for _, want := range []string{"regulations/r/2020.md:4: 文号（number）：应填文字", "standards/s/2020.md:3: 标准编号（number）：应填文字"} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q:\n%s", want, got)
		}
	}
}
