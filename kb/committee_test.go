package kb_test

import (
	"testing"

	"stdkb"
	"stdkb/kb"
	"stdkb/kb/kbtest"
)

// TestReviewsDueByUrgency: the dashboard's list is sorted by urgency and lists revisions not
// finished in time; the default request lists only states that need action.
func TestReviewsDueByUrgency(t *testing.T) {
	f := kbtest.New(t)
	admin := f.Caller(kbtest.Admin)
	// A 修订 decision more than RevisionMonths ago without a new edition: 修订未完成.
	if _, err := f.App.RecordReview(admin, stdkb.ReviewDecision{DocID: "sample-nev-time-share", Date: stdkb.MustDate("2025-06-01"),
		Committee: "市机关事务标准化技术委员会（示例）", Outcome: stdkb.OutcomeRevise}); err != nil {
		t.Fatal(err)
	}
	all, err := f.App.ReviewsDue(admin, kb.DueRequest{All: true, Within: -1})
	if err != nil {
		t.Fatal(err)
	}
	sorted := append([]stdkb.ReviewState(nil), all...)
	stdkb.SortByUrgency(sorted)
	for i := range all {
		if all[i].DocID != sorted[i].DocID {
			t.Fatalf("ReviewsDue is not sorted by urgency: %s at %d, want %s", all[i].DocID, i, sorted[i].DocID)
		}
	}
	due, err := f.App.ReviewsDue(admin, kb.DueRequest{Within: -1})
	if err != nil {
		t.Fatal(err)
	}
	revision := false
	for _, st := range due {
		if !st.NeedsAction() {
			t.Errorf("%s (%s) listed as needing action", st.DocID, st.State)
		}
		revision = revision || (st.DocID == "sample-nev-time-share" && st.State == stdkb.StateRevisionOverdue)
	}
	if !revision {
		t.Errorf("the overdue revision is not listed: %+v", due)
	}
}

// TestConflictedPanel: a panel with the standard's own bureau's expert is refused without a
// reason and nothing is written; with one the reason is recorded.
func TestConflictedPanel(t *testing.T) {
	f := kbtest.New(t)
	rev := f.Caller(kbtest.Reviewer)
	if err := f.Store.PutExpert(stdkb.Expert{ID: "e2", Name: "贾专家", Unit: "重庆市机关事务管理局", Specialties: []string{"B3"}}, "test"); err != nil {
		t.Fatal(err)
	}
	d := stdkb.ReviewDecision{DocID: "sample-nev-time-share", Date: stdkb.MustDate("2026-01-15"), Committee: "委员会", Outcome: stdkb.OutcomeContinue,
		Panel: []string{"e1", "e2"}}
	if _, err := f.App.RecordReview(rev, d); stdkb.ErrorCode(err) != stdkb.EINVALID {
		t.Fatalf("conflicted panel: %v, want EINVALID", err)
	}
	if ds, _ := f.Store.CurrentReviews(); len(ds) != 0 {
		t.Fatalf("refused decision written: %+v", ds)
	}
	d.PanelOverride = "经委员会同意"
	saved, err := f.App.RecordReview(rev, d)
	if err != nil || saved.PanelOverride != "经委员会同意" {
		t.Fatalf("with a reason: %+v, %v", saved, err)
	}
	d.Panel, d.PanelOverride = []string{"e1"}, "无冲突时不记录"
	if saved, err := f.App.RecordReview(rev, d); err != nil || saved.PanelOverride != "" {
		t.Errorf("a panel without conflicts keeps the reason %q (%v)", saved.PanelOverride, err)
	}
	pub, _ := f.App.Ledger(f.Caller(kbtest.PilotA), true)
	for _, x := range pub {
		if x.PanelOverride != "" || len(x.Panel) > 0 {
			t.Errorf("a pilot sees the panel: %+v", x)
		}
	}
}

// TestConflictByUnitShortName: an expert whose unit is typed by a name the content knows for the
// owner (here the plan's short name 市机关事务管理局) is left out of the suggestion and refused on
// a panel without a reason; the suggestion names the units to avoid once each, by name.
func TestConflictByUnitShortName(t *testing.T) {
	for _, unit := range []string{"市机关事务管理局", "市机关事务局", "cq-municipal"} {
		t.Run(unit, func(t *testing.T) {
			f := kbtest.New(t)
			rev := f.Caller(kbtest.Reviewer)
			if err := f.Store.PutExpert(stdkb.Expert{ID: "e2", Name: "贾专家", Unit: unit, Specialties: []string{"B4"}}, "test"); err != nil {
				t.Fatal(err)
			}
			sug, err := f.App.SuggestPanel(rev, "sample-office-maintenance", 5)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range sug.Panel {
				if c.Expert.ID == "e2" {
					t.Errorf("the owner's own expert is suggested: %+v", sug.Panel)
				}
			}
			if len(sug.Avoid) != 1 || sug.Avoid[0] != "重庆市机关事务管理局" {
				t.Errorf("units to avoid: %q, want the owner's name once", sug.Avoid)
			}
			d := stdkb.ReviewDecision{DocID: "sample-office-maintenance", Date: stdkb.MustDate("2026-01-15"), Committee: "委员会",
				Outcome: stdkb.OutcomeContinue, Panel: []string{"e2"}}
			if _, err := f.App.RecordReview(rev, d); stdkb.ErrorCode(err) != stdkb.EINVALID {
				t.Errorf("conflicted panel: %v, want EINVALID", err)
			}
		})
	}
}
