package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportCatalogCommand(t *testing.T) {
	tree := filepath.Join(t.TempDir(), "c")
	if err := os.CopyFS(tree, os.DirFS("../../catalog/testdata/content")); err != nil {
		t.Fatal(err)
	}
	sheet := "../../catalog/testdata/good.csv"
	if code, out, errOut := runCLI(t, "import-catalog", sheet, "--content", tree, "--dry-run"); code != 0 || !strings.Contains(out, "新增 4 条") || !strings.Contains(out, "未写入任何文件") {
		t.Fatalf("dry run: %d %s%s", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(tree, "standards", "gb-t-29118")); err == nil {
		t.Fatal("dry run wrote files")
	}
	bad := "../../catalog/testdata/bad-rows.csv"
	code, out, errOut := runCLI(t, "import-catalog", bad, "--content", tree)
	if code != 1 || !strings.Contains(out, "第 5 行：级别") || !strings.Contains(errOut, "未写入任何文件") {
		t.Fatalf("bad rows: %d %s%s", code, out, errOut)
	}
	if code, out, errOut := runCLI(t, "import-catalog", sheet, "--content", tree, "--json"); code != 0 || !strings.Contains(out, `"written": true`) {
		t.Fatalf("import: %d %s%s", code, out, errOut)
	}
	if code, out, errOut := runCLI(t, "check", "--content", tree); code != 0 {
		t.Fatalf("check after import: %d %s%s", code, out, errOut)
	}
	t.Setenv("STDKB_CONTENT", "")
	if code, _, errOut := runCLI(t, "import-catalog", sheet); code != 2 || !strings.Contains(errOut, "需要给出 --content DIR") {
		t.Errorf("no content dir: %d %s", code, errOut)
	}
}
