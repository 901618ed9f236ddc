package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// evidence adopt takes a file an older version stored on disk into the database, once.
func TestEvidenceAdopt(t *testing.T) {
	data := t.TempDir()
	st, err := openStore(data)
	if err != nil {
		t.Fatal(err)
	}
	legacy := "0123456789abcdef-领导小组成立文件.pdf"
	if _, err := st.CreateSubmission("沙坪坝区机关事务管理局", "pilot-midterm", []byte(`{"items":[{"id":"org-1","evidence":["`+legacy+`"]}]}`), "alice"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	os.MkdirAll(filepath.Join(data, "evidence"), 0o750)
	os.WriteFile(filepath.Join(data, "evidence", legacy), []byte("%PDF-1.4 x"), 0o600)
	code, out, errOut := runCLI(t, "evidence", "adopt", "--data", data)
	if code != 0 || !strings.Contains(out, "已迁入") || !strings.Contains(out, "自评 1，佐证编号 1") {
		t.Fatalf("adopt: exit %d\n%s%s", code, out, errOut)
	}
	if _, out, _ = runCLI(t, "evidence", "adopt", "--data", data); !strings.Contains(out, "此前已迁入") {
		t.Errorf("second run:\n%s", out)
	}
}
