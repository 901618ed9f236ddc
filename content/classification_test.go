package content_test

import (
	"io/fs"
	"strings"
	"testing"

	"stdkb/content"
)

// ICS and CCS numbers load when an entry states them, and malformed ones are refused.
func TestClassificationNumbers(t *testing.T) {
	base, err := fs.ReadFile(content.Default(), "standards/gb-t-29118/2023.md")
	if err != nil {
		t.Fatal(err)
	}
	with := func(lines string) []byte {
		return []byte(strings.Replace(string(base), "\nstatus:", "\n"+lines+"\nstatus:", 1))
	}
	lib, err := content.LoadWith(content.Default(), map[string][]byte{"standards/gb-t-29118/2023.md": with("ics: 03.080.99\nccs: A12")})
	if err != nil {
		t.Fatal(err)
	}
	d, _ := lib.Document("gb-t-29118")
	if e := d.Latest(); e.ICS != "03.080.99" || e.CCS != "A12" {
		t.Errorf("ICS %q CCS %q, want 03.080.99 and A12", e.ICS, e.CCS)
	}
	if _, err := content.LoadWith(content.Default(), map[string][]byte{"standards/gb-t-29118/2023.md": with("ics: 分类")}); err == nil || !strings.Contains(err.Error(), "ics") {
		t.Errorf("a malformed ICS number loads: %v", err)
	}
}
