package store

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"

	"stdkb"
)

var pdf = []byte("%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

func upload(t *testing.T, s *Store, unit, name string, content []byte) stdkb.Evidence {
	t.Helper()
	e, err := s.PutEvidence(EvidenceUpload{Unit: unit, Name: name, Content: bytes.NewReader(content), Actor: "alice"})
	if err != nil {
		t.Fatalf("upload %s for %s: %v", name, unit, err)
	}
	return e
}

// draftBody is a submission body whose items refer to the given evidence.
func draftBody(ids ...uint64) []byte {
	var refs []string
	for _, id := range ids {
		refs = append(refs, stdkb.EvidenceRef(id))
	}
	return []byte(fmt.Sprintf("unit: x\nitems:\n  - id: a\n    level: 符合\n    evidence: [%s, 制度文件（未上传）]\n", strings.Join(refs, ", ")))
}

func digestOf(t *testing.T, s *Store) string {
	t.Helper()
	d, err := s.Digest()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Evidence belongs to the unit that uploaded it and to the submission that first refers to it:
// another unit's file, or another submission's, cannot be put into a draft, and a file is read
// only through its own submission. A refused write leaves the store byte-identical.
func TestEvidenceIsBoundToItsSubmission(t *testing.T) {
	s := openTemp(t)
	a1 := upload(t, s, "甲单位", "甲的报告.pdf", pdf)
	subA, err := s.CreateSubmission("甲单位", "c", draftBody(a1.ID), "alice")
	if err != nil {
		t.Fatal(err)
	}
	if len(subA.Evidence) != 1 || subA.Evidence[0] != a1.ID {
		t.Errorf("submission evidence %v, want [%d]", subA.Evidence, a1.ID)
	}
	b1 := upload(t, s, "乙单位", "乙的报告.pdf", pdf)
	subB, err := s.CreateSubmission("乙单位", "c", draftBody(b1.ID), "bob")
	if err != nil {
		t.Fatal(err)
	}
	aPending := upload(t, s, "甲单位", "未保存.pdf", pdf)

	before := digestOf(t, s)
	refused := map[string]func() error{
		"another unit's file in a draft":        func() error { _, err := s.SaveDraft(subA.ID, draftBody(a1.ID, b1.ID), "alice"); return err },
		"another unit's file in a new draft":    func() error { _, err := s.CreateSubmission("甲单位", "c", draftBody(b1.ID), "alice"); return err },
		"another unit's upload":                 func() error { _, err := s.SaveDraft(subB.ID, draftBody(b1.ID, aPending.ID), "bob"); return err },
		"the unit's file of another submission": func() error { _, err := s.CreateSubmission("甲单位", "c", draftBody(a1.ID), "alice"); return err },
		"a file that does not exist":            func() error { _, err := s.SaveDraft(subA.ID, draftBody(a1.ID, 999), "alice"); return err },
	}
	for name, write := range refused {
		if err := write(); stdkb.ErrorCode(err) != stdkb.EINVALID || !strings.Contains(err.Error(), "不能引用") {
			t.Errorf("%s: %v, want EINVALID", name, err)
		}
		if digestOf(t, s) != before {
			t.Errorf("%s: refused, yet the store changed", name)
		}
	}
	if _, _, err := s.EvidenceFile(subA.ID, b1.ID); stdkb.ErrorCode(err) != stdkb.ENOTFOUND {
		t.Errorf("B's file through A's submission: %v, want ENOTFOUND", err)
	}
	if _, _, err := s.EvidenceFile(0, aPending.ID); stdkb.ErrorCode(err) != stdkb.ENOTFOUND {
		t.Errorf("an unbound upload: %v, want ENOTFOUND", err)
	}
	e, data, err := s.EvidenceFile(subB.ID, b1.ID)
	if err != nil || !bytes.Equal(data, pdf) || e.Name != "乙的报告.pdf" || e.Type != "application/pdf" {
		t.Errorf("B's own file: %+v %v", e, err)
	}
}

// Evidence a draft no longer refers to is deleted with the save that dropped it, unless an
// earlier, submitted version still refers to it.
func TestDroppedEvidenceIsDeleted(t *testing.T) {
	s := openTemp(t)
	e1 := upload(t, s, "甲单位", "一.pdf", pdf)
	e2 := upload(t, s, "甲单位", "二.pdf", pdf)
	v, err := s.CreateSubmission("甲单位", "c", draftBody(e1.ID, e2.ID), "alice")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveDraft(v.ID, draftBody(e1.ID), "alice"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.EvidenceFile(v.ID, e2.ID); stdkb.ErrorCode(err) != stdkb.ENOTFOUND {
		t.Errorf("dropped file still stored: %v", err)
	}
	if _, err := s.Submit(v.ID, []byte(`{}`), "alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveDraft(v.ID, draftBody(), "alice"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.EvidenceFile(v.ID, e1.ID); err != nil {
		t.Errorf("a file the submitted version refers to was deleted: %v", err)
	}
	list, _ := s.SubmissionEvidence(v.ID)
	if len(list) != 1 || list[0].ID != e1.ID {
		t.Errorf("submission evidence %+v, want only %d", list, e1.ID)
	}
	log, _ := s.Audit()
	deletes := 0
	for _, a := range log {
		if a.Action == actionDeleteEvidence {
			deletes++
		}
	}
	if deletes != 1 {
		t.Errorf("%d evidence deletions audited, want 1", deletes)
	}
}

// The original name is metadata: a long Chinese name is kept whole (it once exceeded the file
// system's limit and gave a 500), a name past the cap is refused with a message, and a path in
// the name is reduced to its base.
func TestEvidenceNames(t *testing.T) {
	s := openTemp(t)
	long := strings.Repeat("机关事务标准化试点佐证", 8) + ".pdf" // 88 characters, 256 bytes
	if e := upload(t, s, "甲单位", long, pdf); e.Name != long {
		t.Errorf("name %q, want %q", e.Name, long)
	}
	if e := upload(t, s, "甲单位", `C:\Users\甲\报告.pdf`, pdf); e.Name != "报告.pdf" {
		t.Errorf("name %q, want the base name", e.Name)
	}
	tooLong := strings.Repeat("长", MaxEvidenceName) + ".pdf"
	before := digestOf(t, s)
	for _, name := range []string{tooLong, "", ".pdf", "../"} {
		_, err := s.PutEvidence(EvidenceUpload{Unit: "甲单位", Name: name, Content: bytes.NewReader(pdf), Actor: "alice"})
		if stdkb.ErrorCode(err) != stdkb.EINVALID {
			t.Errorf("name %q: %v, want EINVALID", name, err)
		}
	}
	if _, err := s.PutEvidence(EvidenceUpload{Unit: "甲单位", Name: tooLong, Content: bytes.NewReader(pdf), Actor: "alice"}); err == nil || !strings.Contains(err.Error(), "超过 100 个字") {
		t.Errorf("too long a name: %v", err)
	}
	if digestOf(t, s) != before {
		t.Error("a refused upload changed the store")
	}
}

func officeFile(t *testing.T, part string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.Create(part)
	w.Write([]byte("<x/>"))
	zw.Close()
	return b.Bytes()
}

// The content must be what the name says: pages and scripts under a document's name are refused.
func TestEvidenceContentMatchesItsType(t *testing.T) {
	s := openTemp(t)
	html := []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")
	svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>`)
	for _, tt := range []struct {
		name    string
		content []byte
		ok      bool
	}{
		{"报告.pdf", pdf, true},
		{"报告.PDF", pdf, true},
		{"照片.png", []byte("\x89PNG\r\n\x1a\nrest"), true},
		{"照片.jpg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10}, true},
		{"制度.docx", officeFile(t, "word/document.xml"), true},
		{"台账.xlsx", officeFile(t, "xl/workbook.xml"), true},
		{"旧制度.doc", append(bytes.Clone(oleMagic), 0, 0), true},
		{"说明.txt", []byte("本单位已完成标准宣贯。\n"), true},
		{"页面.pdf", html, false},
		{"图.pdf", svg, false},
		{"图.png", svg, false},
		{"说明.txt", html, false},
		{"说明.txt", svg, false},
		{"制度.docx", officeFile(t, "xl/workbook.xml"), false},
		{"制度.docx", pdf, false},
		{"台账.xlsx", []byte("PK\x03\x04 not a zip"), false},
		{"页面.html", html, false},
		{"图.svg", svg, false},
		{"空.pdf", nil, false},
	} {
		_, err := s.PutEvidence(EvidenceUpload{Unit: "甲单位", Name: tt.name, Content: bytes.NewReader(tt.content), Actor: "alice"})
		if (err == nil) != tt.ok || (err != nil && stdkb.ErrorCode(err) != stdkb.EINVALID) {
			t.Errorf("%s (%.20q): %v, want ok=%v", tt.name, tt.content, err, tt.ok)
		}
	}
}

// A unit's evidence is capped in bytes, uploads not yet in a draft included; other units are
// not affected, and a deleted file frees its share.
func TestUnitEvidenceCap(t *testing.T) {
	defer func(old int64) { unitEvidenceLimit = old }(unitEvidenceLimit)
	unitEvidenceLimit = 3 * int64(len(pdf))
	s := openTemp(t)
	e1 := upload(t, s, "甲单位", "一.pdf", pdf)
	upload(t, s, "甲单位", "二.pdf", pdf)
	upload(t, s, "甲单位", "三.pdf", pdf)
	_, err := s.PutEvidence(EvidenceUpload{Unit: "甲单位", Name: "四.pdf", Content: bytes.NewReader(pdf), Actor: "alice"})
	if stdkb.ErrorCode(err) != stdkb.EINVALID || !strings.Contains(err.Error(), "上限") {
		t.Fatalf("fourth file: %v, want the cap", err)
	}
	upload(t, s, "乙单位", "一.pdf", pdf)
	if err := s.DiscardEvidence("甲单位", "alice", e1.ID); err != nil {
		t.Fatal(err)
	}
	upload(t, s, "甲单位", "四.pdf", pdf)
	big := bytes.Repeat([]byte("x"), MaxEvidenceSize+1)
	copy(big, pdf)
	if _, err := s.PutEvidence(EvidenceUpload{Unit: "乙单位", Name: "大.pdf", Content: bytes.NewReader(big), Actor: "bob"}); stdkb.ErrorCode(err) != stdkb.EINVALID {
		t.Errorf("file over %d bytes: %v", MaxEvidenceSize, err)
	}
}

// A body naming more evidence than a unit can hold is refused before any lookup.
func TestTooManyEvidenceReferences(t *testing.T) {
	s := openTemp(t)
	ids := make([]uint64, MaxUnitEvidenceFiles+1)
	for i := range ids {
		ids[i] = uint64(i + 1)
	}
	if _, err := s.CreateSubmission("甲单位", "c", draftBody(ids...), "alice"); err == nil || !strings.Contains(err.Error(), "超过每个单位") {
		t.Errorf("error %v, want the reference cap", err)
	}
}
