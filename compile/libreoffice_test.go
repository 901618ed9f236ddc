package compile_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"stdkb"
	"stdkb/compile"
)

// TestDOCXInLibreOffice opens the Word volume in a real office suite: LibreOffice converts it to
// PDF, whose bookmarks are the headings LibreOffice recognised and whose pages are the sizes
// the section properties asked for. LibreOffice runs with a profile of its own.
func TestDOCXInLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("SKIP: LibreOffice is not installed (apt-get install --no-install-recommends libreoffice-writer-nogui to run this test)")
	}
	v := compile.Select(library(t), stdkb.KindRegulation, nil, day(t, "2023-06-01"), nil)
	dir := t.TempDir()
	var b bytes.Buffer
	if err := compile.DOCX(&b, v); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "volume.docx")
	if err := os.WriteFile(src, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "pdf", "--outdir", dir, src)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out)
	}
	pdf, err := os.ReadFile(filepath.Join(dir, "volume.pdf"))
	if err != nil {
		t.Fatal(err)
	}

	boxes := regexp.MustCompile(`/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]`).FindAllSubmatch(pdf, -1)
	if len(boxes) < len(v.Editions)+3 {
		t.Errorf("%d pages: want a cover, the contents, %d documents and the index, each starting a page", len(boxes), len(v.Editions))
	}
	for _, m := range boxes {
		w, _ := strconv.ParseFloat(string(m[1]), 64)
		h, _ := strconv.ParseFloat(string(m[2]), 64)
		if w < 594 || w > 596 || h < 841 || h > 843 {
			t.Fatalf("page of %s × %s pt, want A4 portrait (595 × 842)", m[1], m[2])
		}
	}

	marks, err := compile.PDFOutline(pdf)
	if err != nil {
		t.Fatal(err)
	}
	var top []string
	deepest := 0
	for _, m := range marks {
		if m.Depth == 0 {
			top = append(top, m.Title)
		}
		deepest = max(deepest, m.Depth)
	}
	want := []string{"目录"}
	for _, e := range v.Editions {
		want = append(want, e.Title)
	}
	want = append(want, "文号索引")
	if strings.Join(top, "|") != strings.Join(want, "|") {
		t.Errorf("LibreOffice's outline, top level:\n%s\nwant\n%s", strings.Join(top, "|"), strings.Join(want, "|"))
	}
	if deepest != 2 {
		t.Errorf("outline depth %d, want sections at heading 2 and 3 below the documents", deepest)
	}
}
