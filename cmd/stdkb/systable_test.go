package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestSystemTableCommand(t *testing.T) {
	dir := t.TempDir()
	for _, format := range []string{"xlsx", "docx", "html", "svg"} {
		out := filepath.Join(dir, "t."+format)
		code, stdout, errOut := runCLI(t, "system-table", "--unit", "沙坪坝区", "--format", format, "-o", out)
		if code != 0 || !strings.Contains(stdout, "沙坪坝区机关事务标准体系表") {
			t.Fatalf("%s: %d %s%s", format, code, stdout, errOut)
		}
		if b, err := os.ReadFile(out); err != nil || len(b) == 0 {
			t.Fatalf("%s: nothing written (%v)", format, err)
		}
	}
	f, err := excelize.OpenFile(filepath.Join(dir, "t.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("标准明细表", "C3"); v != "标准编号" {
		t.Errorf("detail header C3 = %q", v)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "t.docx")); !bytes.HasPrefix(b, []byte("PK")) {
		t.Error("docx output is not a zip package")
	}
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"system-table", "--format", "pdf", "-o", "x"}, 2, "--format"},
		{[]string{"system-table"}, 2, "必须给出 -o FILE"},
		{[]string{"system-table", "--unit", "nowhere", "-o", "x", "--data", t.TempDir()}, 1, `单位：没有单位 "nowhere"`},
	} {
		if code, _, errOut := runCLI(t, tt.args...); code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: %d %s", tt.args, code, errOut)
		}
	}
}
