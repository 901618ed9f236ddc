package store

import (
	"bytes"
	"testing"
)

// Every refused submission write leaves the database byte-identical: buckets, sequences, keys
// and values, the audit log included.
func TestRefusedWritesLeaveTheStoreUnchanged(t *testing.T) {
	s := openTemp(t)
	e := upload(t, s, "甲单位", "一.pdf", pdf)
	v, err := s.CreateSubmission("甲单位", "c", draftBody(e.ID), "alice")
	if err != nil {
		t.Fatal(err)
	}
	submitted, err := s.CreateSubmission("甲单位", "c", draftBody(), "alice")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Submit(submitted.ID, []byte(`{}`), "alice"); err != nil {
		t.Fatal(err)
	}
	foreign := upload(t, s, "乙单位", "乙.pdf", pdf)
	oversize := bytes.Repeat([]byte("x"), maxSubmissionBody+1)
	before := digestOf(t, s)
	for name, write := range map[string]func() error{
		"create without unit": func() error { _, err := s.CreateSubmission("", "c", draftBody(), "alice"); return err },
		"create oversize":     func() error { _, err := s.CreateSubmission("甲单位", "c", oversize, "alice"); return err },
		"create with foreign evidence": func() error {
			_, err := s.CreateSubmission("甲单位", "c", draftBody(foreign.ID), "alice")
			return err
		},
		"save without actor":         func() error { _, err := s.SaveDraft(v.ID, draftBody(), ""); return err },
		"save unknown":               func() error { _, err := s.SaveDraft(99, draftBody(), "alice"); return err },
		"save with foreign evidence": func() error { _, err := s.SaveDraft(v.ID, draftBody(foreign.ID), "alice"); return err },
		"submit twice":               func() error { _, err := s.Submit(submitted.ID, []byte(`{}`), "alice"); return err },
		"submit bad report":          func() error { _, err := s.Submit(v.ID, []byte(`{`), "alice"); return err },
		"review a draft":             func() error { _, err := s.MarkReviewed(v.ID, 1, "通过", "bob"); return err },
		"upload a page as pdf": func() error {
			_, err := s.PutEvidence(EvidenceUpload{Unit: "甲单位", Name: "a.pdf", Content: bytes.NewReader([]byte("<html>")), Actor: "a"})
			return err
		},
		"discard a bound file": func() error { return s.DiscardEvidence("甲单位", "alice", e.ID) },
	} {
		err := write()
		if name != "discard a bound file" && err == nil {
			t.Errorf("%s: accepted", name)
		}
		if digestOf(t, s) != before {
			t.Errorf("%s: the store changed", name)
		}
	}
	if _, _, err := s.EvidenceFile(v.ID, e.ID); err != nil {
		t.Errorf("the bound file: %v", err)
	}
}
