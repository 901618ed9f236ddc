package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestCompileCommand(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "v.html")
	code, stdout, errOut := runCLI(t, "compile", "--type", "standard", "--asof", "2022-06-01", "-o", out)
	if code != 0 || !strings.Contains(stdout, "机关事务标准汇编") {
		t.Fatalf("compile html: %d %s%s", code, stdout, errOut)
	}
	if b, _ := os.ReadFile(out); !bytes.Contains(b, []byte("DB50/T 9901-2019")) || bytes.Contains(b, []byte("DB50/T 9901-2024")) {
		t.Error("volume as of 2022-06-01 must hold the 2019 edition only")
	}
	docxOut := filepath.Join(dir, "v.docx")
	if code, stdout, errOut := runCLI(t, "compile", "--type", "standard", "--unit", "璧山区", "--format", "docx", "-o", docxOut); code != 0 || !strings.Contains(stdout, "璧山区机关事务标准汇编") {
		t.Fatalf("compile docx: %d %s%s", code, stdout, errOut)
	}
	if b, _ := os.ReadFile(docxOut); !bytes.HasPrefix(b, []byte("PK")) {
		t.Error("docx output is not a zip package")
	}
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"compile", "--type", "checklist", "-o", out}, 2, "--type"},
		{[]string{"compile", "--format", "odt", "-o", out}, 2, "--format"},
		{[]string{"compile"}, 2, "必须给出 -o FILE"},
		{[]string{"compile", "--asof", "2022-13-01", "-o", out}, 2, "--asof"},
		{[]string{"compile", "--unit", "nowhere", "-o", out}, 1, `单位：没有单位 "nowhere"`},
	} {
		if code, _, errOut := runCLI(t, tt.args...); code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: %d %s", tt.args, code, errOut)
		}
	}
}

func TestCompilePDF(t *testing.T) {
	found := false
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if _, err := exec.LookPath(name); err == nil {
			found = true
		}
	}
	if !found {
		t.Skip("no Chromium on PATH: PDF output not tested")
	}
	out := filepath.Join(t.TempDir(), "v.pdf")
	if code, stdout, errOut := runCLI(t, "compile", "--type", "regulation", "--format", "pdf", "-o", out); code != 0 {
		t.Fatalf("compile pdf: %d %s%s", code, stdout, errOut)
	}
	if b, err := os.ReadFile(out); err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
		t.Fatalf("not a PDF (%v)", err)
	}
}
