package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"stdkb/bundle"
	"stdkb/content"
)

func TestExportImportBundle(t *testing.T) {
	dir := t.TempDir()
	b := filepath.Join(dir, "d.tar.gz")
	if code, out, errOut := runCLI(t, "export", "--unit", "大渡口区", "-o", b); code != 0 || !strings.Contains(out, "9 个文件") {
		t.Fatalf("export: %d %s%s", code, out, errOut)
	}
	tree := filepath.Join(dir, "c")
	os.MkdirAll(tree, 0o755)
	fw, _ := fs.ReadFile(content.Default(), "framework.md")
	os.WriteFile(filepath.Join(tree, "framework.md"), fw, 0o644)

	if code, out, errOut := runCLI(t, "import-bundle", b, "--content", tree, "--dry-run"); code != 0 || !strings.Contains(out, "将新增（未写入任何文件） 9 个") {
		t.Fatalf("dry run: %d %s%s", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(tree, "units")); err == nil {
		t.Fatal("dry run wrote files")
	}
	if code, out, errOut := runCLI(t, "import-bundle", b, "--content", tree); code != 0 || !strings.Contains(out, "已新增 9 个") {
		t.Fatalf("import: %d %s%s", code, out, errOut)
	}
	if code, out, errOut := runCLI(t, "framework", "--content", tree, "--unit", "dadukou"); code != 0 || !strings.Contains(out, "大渡口区") {
		t.Fatalf("imported unit's framework: %d %s%s", code, out, errOut)
	}
	unitFile := filepath.Join(tree, "units", "dadukou.md")
	local, _ := os.ReadFile(unitFile)
	local = append(local, "本地补充说明。\n"...)
	os.WriteFile(unitFile, local, 0o644)
	code, out, errOut := runCLI(t, "import-bundle", b, "--content", tree)
	if code != 1 || !strings.Contains(out, "冲突 units/dadukou.md") || !strings.Contains(errOut, "有 1 处冲突，什么也没有写入") {
		t.Fatalf("conflict: %d %s%s", code, out, errOut)
	}
	if now, _ := os.ReadFile(unitFile); string(now) != string(local) {
		t.Error("the conflicting local file was overwritten")
	}
	t.Setenv(content.EnvDir, "")
	if code, _, errOut := runCLI(t, "import-bundle", b); code != 2 || !strings.Contains(errOut, "需要给出 --content DIR") {
		t.Errorf("no content dir: %d %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, "export", "--unit", "nowhere", "-o", b); code != 1 || !strings.Contains(errOut, "没有单位") {
		t.Errorf("unknown unit: %d %s", code, errOut)
	}
}

// A bundle's manifest and `stdkb version` name the program for a person: a release by its
// version, a development build as 开发版本 with what Go recorded of its revision — never Go's
// "(devel)" or a pseudo-version.
func TestDescribeBuild(t *testing.T) {
	vcs := []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.time", Value: "2026-12-01T10:20:30Z"}, {Key: "vcs.modified", Value: "true"}}
	for _, tt := range []struct {
		name     string
		bi       *debug.BuildInfo
		want     string
		mustLack string
	}{
		{"no build info", nil, "stdkb 开发版本", "devel"},
		{"go run", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "stdkb 开发版本", "devel"},
		{"working copy", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs}, "stdkb 开发版本（修订 0123456789ab，提交于 2026-12-01 10:20 UTC，含未提交的改动）", "devel"},
		{"pseudo-version", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261201102030-0123456789ab+dirty"}, Settings: vcs[:1]}, "stdkb 开发版本（修订 0123456789ab）", "v0.0.0"},
		{"release", &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}}, "stdkb v1.4.0", "开发版本"},
	} {
		got := describeBuild(tt.bi)
		if got != tt.want || strings.Contains(got, tt.mustLack) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// The bundle a development build exports says so in words: its manifest names no "(devel)".
func TestExportedBundleNamesItsProgram(t *testing.T) {
	b := filepath.Join(t.TempDir(), "d.tar.gz")
	if code, out, errOut := runCLI(t, "export", "--unit", "大渡口区", "-o", b); code != 0 {
		t.Fatalf("export: %d %s%s", code, out, errOut)
	}
	f, err := os.Open(b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, _, err := bundle.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(m.Generator, "stdkb ") || strings.Contains(m.Generator, "devel") {
		t.Errorf("generator %q", m.Generator)
	}
}
