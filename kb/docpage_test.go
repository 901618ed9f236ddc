package kb_test

import (
	"testing"

	"stdkb"
	"stdkb/kb"
	"stdkb/kb/kbtest"
)

// TestDocumentPageAsOf: a document page as of a past day lists an edition issued later as
// 尚未发布 (not 即将实施) and gives the review state that held on that day.
func TestDocumentPageAsOf(t *testing.T) {
	f := kbtest.New(t)
	for _, tt := range []struct {
		asof, edition, newer, newerStatus, review string
	}{
		{"2020-01-01", "2012", "2023", "尚未发布", stdkb.StateOverdue},
		{"2023-10-01", "2012", "2023", "即将实施", stdkb.StateNone}, // the new edition is issued: no review owed,
		{"2025-01-01", "2023", "2023", "现行", stdkb.StateOK},
	} {
		p, err := f.App.DocumentPage(f.Caller(kbtest.Reviewer), kb.EditionRequest{Doc: "gb-t-29118", AsOf: tt.asof})
		if err != nil {
			t.Fatal(err)
		}
		if p.Edition.Key != tt.edition {
			t.Errorf("as of %s: edition %s, want %s", tt.asof, p.Edition.Key, tt.edition)
		}
		for _, h := range p.History {
			if h.Edition.Key == tt.newer && h.Status != tt.newerStatus {
				t.Errorf("as of %s: edition %s listed as %s, want %s", tt.asof, tt.newer, h.Status, tt.newerStatus)
			}
		}
		if tt.newerStatus == "尚未发布" && p.ReplacedBy != nil {
			t.Errorf("as of %s: replaced by %s, which was not issued yet", tt.asof, p.ReplacedBy.Key)
		}
		if p.Review.State != tt.review {
			t.Errorf("as of %s: review state %s (edition %s, due %s), want %s", tt.asof, p.Review.State, p.Review.Edition, p.Review.Due, tt.review)
		}
	}
}

// TestDiffPageOrder: a pair given newer first is compared older → newer and the page says so;
// a bare edition is taken as the named document's; the summary counts front-matter changes.
func TestDiffPageOrder(t *testing.T) {
	f := kbtest.New(t)
	c := f.Caller(kbtest.Reviewer)
	for _, r := range []kb.DiffRequest{
		{Doc: "gb-t-29118", From: "gb-t-29118@2023", To: "gb-t-29118@2012"},
		{Doc: "gb-t-29118", From: "2023", To: "2012"},
	} {
		p, err := f.App.DiffPage(c, r)
		if err != nil {
			t.Fatalf("%+v: %v", r, err)
		}
		if p.From.Key != "2012" || p.To.Key != "2023" || !p.Reordered {
			t.Errorf("%+v: compared %s → %s (reordered %v), want 2012 → 2023 reordered", r, p.From.Key, p.To.Key, p.Reordered)
		}
		if p.Diff.Summary.Fields != len(p.Diff.Fields) || p.Diff.Summary.Fields == 0 {
			t.Errorf("%+v: summary counts %d field changes of %d", r, p.Diff.Summary.Fields, len(p.Diff.Fields))
		}
	}
	p, err := f.App.DiffPage(c, kb.DiffRequest{From: "gb-t-29118@2012", To: "gb-t-29118@2023"})
	if err != nil || p.Reordered || p.From.Key != "2012" {
		t.Errorf("pair in order: %v, reordered %v", err, p != nil && p.Reordered)
	}
	if _, err := f.App.Diff(c, kb.DiffRequest{From: "2023", To: "2012"}); stdkb.ErrorCode(err) != stdkb.EINVALID {
		t.Errorf("bare editions without a document: %v, want EINVALID", err)
	}
}
