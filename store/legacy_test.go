package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Files of the old evidence folder are adopted for the one submission that names them, checked
// like uploads; files several submissions name, or none, or that are not what their name says,
// stay out. A second run adopts nothing twice.
func TestAdoptLegacyEvidence(t *testing.T) {
	s := openTemp(t)
	dir := t.TempDir()
	files := map[string]string{
		"0123456789abcdef-报告&附件.pdf": string(pdf),
		"1111111111111111-页面.pdf":    "<html><script>alert(1)</script></html>",
		"2222222222222222-共享.pdf":    string(pdf),
		"3333333333333333-孤儿.pdf":    string(pdf),
		"not-legacy.pdf":             string(pdf),
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	body := func(names ...string) []byte {
		return []byte(`{"items":[{"id":"a","evidence":["` + strings.Join(names, `","`) + `"]}]}`)
	}
	own, err := s.CreateSubmission("甲单位", "c", body(`0123456789abcdef-报告\u0026附件.pdf`, "1111111111111111-页面.pdf", "2222222222222222-共享.pdf"), "alice")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateSubmission("乙单位", "c", body("2222222222222222-共享.pdf"), "bob"); err != nil {
		t.Fatal(err)
	}
	rep, err := s.AdoptLegacyEvidence(dir, "admin")
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Adopted) != 1 || rep.Adopted[0].Name != "报告&附件.pdf" || rep.Adopted[0].Submission != own.ID || rep.Adopted[0].Unit != "甲单位" {
		t.Errorf("adopted %+v", rep.Adopted)
	}
	if len(rep.Refused) != 1 || rep.Refused[0].File != "1111111111111111-页面.pdf" {
		t.Errorf("refused %+v", rep.Refused)
	}
	if len(rep.Contested) != 1 || len(rep.Contested[0].Submissions) != 2 {
		t.Errorf("contested %+v", rep.Contested)
	}
	if len(rep.Unreferenced) != 1 || rep.Unreferenced[0] != "3333333333333333-孤儿.pdf" {
		t.Errorf("unreferenced %+v", rep.Unreferenced)
	}
	e, data, err := s.EvidenceFile(own.ID, rep.Adopted[0].ID)
	if err != nil || string(data) != string(pdf) || e.LegacyName != "0123456789abcdef-报告&附件.pdf" {
		t.Errorf("adopted file: %+v %v", e, err)
	}
	again, err := s.AdoptLegacyEvidence(dir, "admin")
	if err != nil || len(again.Adopted) != 0 || len(again.AlreadyDone) != 1 {
		t.Errorf("second run: %+v %v", again, err)
	}
}
