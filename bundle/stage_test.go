package bundle_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"stdkb/bundle"
)

const unitA = "---\nkind: unit\nid: a\nname: 甲区\nlevel: 区县\n---\n"

func TestStageLoadsBeforeWriting(t *testing.T) {
	dir := contentDir(t, map[string]string{})
	s, err := bundle.NewStage(dir)
	if err != nil {
		t.Fatal(err)
	}
	s.Add["units/a.md"] = []byte(unitA)
	s.Add["units/b.md"] = []byte("---\nkind: unit\nid: b\nname: 乙区\nlevel: 区县\nparent: nowhere\n---\n")
	if _, err := s.Load(); err == nil {
		t.Fatal("a unit with an unknown parent must fail to load")
	}
	if _, err := os.Stat(filepath.Join(dir, "units")); err == nil {
		t.Fatal("Load wrote into the content directory")
	}
	delete(s.Add, "units/b.md")
	if _, err := s.Load(); err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "units", "a.md")); string(b) != unitA {
		t.Fatalf("committed %q", b)
	}
}

func TestStageCommitRefusesAChangedDirectory(t *testing.T) {
	dir := contentDir(t, map[string]string{"units/a.md": unitA})
	s, _ := bundle.NewStage(dir)
	renamed := []byte(unitA[:len(unitA)-4] + "source: 改\n---\n")
	s.Replace["units/a.md"] = bundle.Rewrite{Old: []byte(unitA), New: renamed}
	s.Add["units/c.md"] = []byte("---\nkind: unit\nid: c\nname: 丙区\nlevel: 区县\n---\n")
	os.WriteFile(filepath.Join(dir, "units", "a.md"), []byte(unitA+"本地修改\n"), 0o644)
	if err := s.Commit(); !errors.Is(err, bundle.ErrChangedMeanwhile) {
		t.Fatalf("want ErrChangedMeanwhile, got %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "units", "c.md")); err == nil {
		t.Fatal("a refused commit wrote a new file")
	}
	os.WriteFile(filepath.Join(dir, "units", "a.md"), []byte(unitA), 0o644)
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "units", "a.md")); string(b) != string(renamed) {
		t.Errorf("rewrite not applied: %q", b)
	}
}
