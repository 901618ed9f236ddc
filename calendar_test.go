package stdkb_test

import (
	"math/rand"
	"strings"
	"testing"

	"stdkb"
	"stdkb/content"
)

// Periods counted in years or months end on the corresponding day of the last month, or on its
// last day when it has none (《民法典》第二百零二条).
func TestCivilCodePeriods(t *testing.T) {
	for _, tt := range []struct {
		from          string
		years, months int
		want          string
	}{
		{"2020-02-29", 5, 0, "2025-02-28"},
		{"2020-02-29", 4, 0, "2024-02-29"},
		{"2019-03-01", 5, 0, "2024-03-01"},
		{"2021-08-31", 0, 6, "2022-02-28"},
		{"2023-08-31", 0, 6, "2024-02-29"},
		{"2026-08-31", 0, -6, "2026-02-28"},
		{"2026-03-31", 0, -1, "2026-02-28"},
		{"2026-01-15", 0, 13, "2027-02-15"},
	} {
		d := stdkb.MustDate(tt.from).AddYears(tt.years).AddMonths(tt.months)
		if d.String() != tt.want {
			t.Errorf("%s + %d years %d months = %s, want %s", tt.from, tt.years, tt.months, d, tt.want)
		}
	}
}

// A cycle that starts on 29 February falls due on 28 February of a common year: due that day,
// overdue the day after, and the on-time rate agrees.
func TestLeapDayCycle(t *testing.T) {
	d := standardDoc("x", "2020-02-29")
	policy := stdkb.ReviewPolicy{DefaultCycle: 5, WarningMonths: 6, ReviewedMonths: 12}
	for day, want := range map[string]string{"2025-02-28": stdkb.StateDue, "2025-03-01": stdkb.StateOverdue} {
		st := stdkb.StateOf(d, nil, policy, stdkb.MustDate(day))
		if st.State != want || st.Due.String() != "2025-02-28" {
			t.Errorf("%s: state %s due %s, want %s due 2025-02-28", day, st.State, st.Due, want)
		}
	}
	lib := testLibrary([]*stdkb.Document{d})
	lib.Policy = policy
	ledger := []stdkb.ReviewDecision{{ID: 1, DocID: "x", Edition: "2020", Date: stdkb.MustDate("2025-02-28"), Outcome: stdkb.OutcomeContinue}}
	r := stdkb.OnTimeReviews(lib, ledger, stdkb.MustDate("2025-01-01"), stdkb.MustDate("2025-12-31"), stdkb.MustDate("2026-01-01"))
	if r.Total != (stdkb.RateCount{Due: 1, OnTime: 1}) {
		t.Errorf("review on 2025-02-28 of a cycle from 2020-02-29: %+v, want on time", r.Reviews)
	}
}

// A review due today is due, not missed: the rate leaves it out until the day has passed.
func TestDueTodayIsNotMissed(t *testing.T) {
	lib := testLibrary([]*stdkb.Document{standardDoc("x", "2021-11-25")})
	lib.Policy = stdkb.ReviewPolicy{DefaultCycle: 5}
	from, to := stdkb.MustDate("2026-01-01"), stdkb.MustDate("2026-12-31")
	if r := stdkb.OnTimeReviews(lib, nil, from, to, stdkb.MustDate("2026-11-25")); r.Total.Due != 0 {
		t.Errorf("on the due day: %+v, want nothing counted yet", r.Reviews)
	}
	r := stdkb.OnTimeReviews(lib, nil, from, to, stdkb.MustDate("2026-11-26"))
	if r.Total != (stdkb.RateCount{Due: 1}) || r.Reviews[0].Result != "missing" {
		t.Errorf("the day after: %+v, want one missing", r.Reviews)
	}
}

// An early review restarts the cycle: the due date it replaced never falls due, in the state
// view or in the rate, and the review counts in the period it was made.
func TestEarlyReviewRestartsCycleInStateAndRate(t *testing.T) {
	d := standardDoc("x", "2020-01-01")
	lib := testLibrary([]*stdkb.Document{d})
	lib.Policy = stdkb.ReviewPolicy{DefaultCycle: 5, WarningMonths: 6, ReviewedMonths: 12}
	ledger := []stdkb.ReviewDecision{{ID: 1, DocID: "x", Edition: "2020", Date: stdkb.MustDate("2021-06-01"), Outcome: stdkb.OutcomeContinue}}
	today := stdkb.MustDate("2026-11-25")
	if st := stdkb.StateOf(d, ledger, lib.Policy, stdkb.MustDate("2025-01-02")); st.State != stdkb.StateOK || st.Due.String() != "2026-06-01" {
		t.Errorf("state on 2025-01-02: %s due %s, want ok due 2026-06-01", st.State, st.Due)
	}
	if r := stdkb.OnTimeReviews(lib, ledger, stdkb.MustDate("2025-01-01"), stdkb.MustDate("2025-12-31"), today); r.Total.Due != 0 {
		t.Errorf("2025: %+v, want nothing due (the early review moved the due date to 2026-06-01)", r.Reviews)
	}
	r := stdkb.OnTimeReviews(lib, ledger, stdkb.MustDate("2021-01-01"), stdkb.MustDate("2021-12-31"), today)
	if r.Total != (stdkb.RateCount{Due: 1, OnTime: 1}) || r.Reviews[0].Due.String() != "2025-01-01" {
		t.Errorf("2021: %+v, want the early review on time for the cycle due 2025-01-01", r.Reviews)
	}
}

// Property: over random histories, every due review the rate counts in a period is one the
// state view showed as the due date on the eve of the day it counts, and every overdue state
// the view shows is counted as missing or late once its due date lies in the period.
func TestStateAndRateAgreeOnRandomHistories(t *testing.T) {
	rng := rand.New(rand.NewSource(14))
	policy := stdkb.ReviewPolicy{DefaultCycle: 5, WarningMonths: 6, ReviewedMonths: 12}
	base := stdkb.MustDate("2010-01-01")
	for n := 0; n < 300; n++ {
		eff := base.AddDays(rng.Intn(3000))
		d := standardDoc("x", eff.String())
		var ledger []stdkb.ReviewDecision
		day := eff
		for k := rng.Intn(4); k > 0; k-- {
			day = day.AddDays(1 + rng.Intn(2500))
			ledger = append(ledger, stdkb.ReviewDecision{ID: uint64(k), DocID: "x", Edition: d.Editions[0].Key, Date: day, Outcome: stdkb.OutcomeContinue})
		}
		lib := testLibrary([]*stdkb.Document{d})
		lib.Policy = policy
		today := stdkb.MustDate("2040-01-01")
		r := stdkb.OnTimeReviews(lib, ledger, base, today, today)
		for _, due := range r.Reviews {
			eve := due.CountsOn.AddDays(-1)
			if st := stdkb.StateOf(d, ledger, policy, eve); !st.Due.Equal(due.Due) {
				t.Fatalf("history %d (effective %s, ledger %v): rate counts due %s on %s, state view on %s shows due %s",
					n, eff, ledger, due.Due, due.CountsOn, eve, st.Due)
			}
		}
		// Every day the state view shows overdue, its due date is counted as missing or late.
		counted := map[string]string{}
		for _, due := range r.Reviews {
			counted[due.Due.String()] = due.Result
		}
		for probe := eff; probe.Before(today); probe = probe.AddDays(97) {
			if st := stdkb.StateOf(d, ledger, policy, probe); st.State == stdkb.StateOverdue {
				if res := counted[st.Due.String()]; res != "missing" && res != "late" {
					t.Fatalf("history %d: overdue on %s (due %s) but the rate says %q", n, probe, st.Due, res)
				}
			}
		}
	}
}

// Refusals name the day the edition was replaced or withdrawn, not the day of the decision.
func TestValidateDecisionNamesEndDate(t *testing.T) {
	d := standardDoc("x", "2015-03-01", "2019-07-01")
	w := standardDoc("w", "2016-01-01")
	w.Editions[0].Withdrawn = stdkb.MustDate("2022-05-10")
	lib := testLibrary([]*stdkb.Document{d, w})
	for _, tt := range []struct {
		doc, edition string
		want         []string
	}{
		{"x", "2015", []string{"2019-07-01", "被代替", "DB50/T 1-2019"}},
		{"w", "2016", []string{"2022-05-10", "废止"}},
	} {
		dec := stdkb.ReviewDecision{DocID: tt.doc, Edition: tt.edition, Date: stdkb.MustDate("2024-01-15"), Outcome: stdkb.OutcomeContinue, Committee: "c"}
		err := stdkb.ValidateDecision(lib, dec, nil, stdkb.MustDate("2026-01-01"))
		if err == nil {
			t.Fatalf("%s@%s: accepted", tt.doc, tt.edition)
		}
		for _, s := range tt.want {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("%s@%s: %q lacks %q", tt.doc, tt.edition, err, s)
			}
		}
	}
	withdrawnByReview := []stdkb.ReviewDecision{{ID: 1, DocID: "w", Edition: "2016", Date: stdkb.MustDate("2021-03-02"), Outcome: stdkb.OutcomeWithdraw}}
	dec := stdkb.ReviewDecision{DocID: "w", Edition: "2016", Date: stdkb.MustDate("2021-09-15"), Outcome: stdkb.OutcomeContinue, Committee: "c"}
	if err := stdkb.ValidateDecision(lib, dec, withdrawnByReview, stdkb.MustDate("2026-01-01")); err == nil || !strings.Contains(err.Error(), "2021-03-02") {
		t.Errorf("after a 废止 review: %v, want the review's date 2021-03-02", err)
	}
}

// The time a 修订 may take comes from content, and review states come sorted by urgency.
func TestRevisionTimeFromContentAndUrgency(t *testing.T) {
	lib, err := content.Load(content.Default())
	if err != nil {
		t.Fatal(err)
	}
	if lib.Policy.RevisionMonths != 12 {
		t.Errorf("revision_months from content = %d, want 12", lib.Policy.RevisionMonths)
	}
	policy := stdkb.ReviewPolicy{DefaultCycle: 5, WarningMonths: 6, ReviewedMonths: 12, RevisionMonths: 24}
	d := standardDoc("x", "2015-01-01")
	ledger := []stdkb.ReviewDecision{{ID: 1, DocID: "x", Edition: "2015", Date: stdkb.MustDate("2025-06-01"), Outcome: stdkb.OutcomeRevise}}
	if st := stdkb.StateOf(d, ledger, policy, stdkb.MustDate("2026-11-25")); st.State != stdkb.StateReviewed {
		t.Errorf("18 months after 修订 with 24 allowed: %s, want reviewed", st.State)
	}

	docs := []*stdkb.Document{
		standardDoc("ok-later", "2025-01-01"),     // due 2030-01-01
		standardDoc("overdue-less", "2021-06-01"), // due 2026-06-01
		standardDoc("due-soon", "2021-12-20"),     // due 2026-12-20
		standardDoc("ok-sooner", "2023-01-01"),    // due 2028-01-01
		standardDoc("overdue-more", "2020-01-01"), // due 2025-01-01
		standardDoc("revising", "2015-01-01"),     // 修订 decided 2024-01-01, no new edition
		standardDoc("due-later", "2022-03-01"),    // due 2027-03-01
	}
	lib = testLibrary(docs)
	lib.Policy = stdkb.ReviewPolicy{DefaultCycle: 5, WarningMonths: 6, ReviewedMonths: 12}
	ledger = []stdkb.ReviewDecision{{ID: 1, DocID: "revising", Edition: "2015", Date: stdkb.MustDate("2024-01-01"), Outcome: stdkb.OutcomeRevise}}
	var got []string
	for _, st := range stdkb.ReviewStates(lib, ledger, stdkb.MustDate("2026-11-25")) {
		got = append(got, st.DocID)
	}
	want := "overdue-more overdue-less revising due-soon due-later ok-sooner ok-later"
	if strings.Join(got, " ") != want {
		t.Errorf("order %v\nwant  %s", got, want)
	}
}

// testLibrary holds the documents under a one-branch framework (B > B1) and a five-year policy.
func testLibrary(docs []*stdkb.Document) *stdkb.Library {
	fw, err := stdkb.NewFramework("fw", "t", []*stdkb.FrameworkNode{{Code: "B", Children: []*stdkb.FrameworkNode{{Code: "B1"}}}})
	if err != nil {
		panic(err)
	}
	return stdkb.NewLibrary(fw, docs, nil, nil)
}

// A revision not finished in time asks for action, as due and overdue reviews do.
func TestNeedsAction(t *testing.T) {
	for state, want := range map[string]bool{stdkb.StateOverdue: true, stdkb.StateDue: true, stdkb.StateRevisionOverdue: true,
		stdkb.StateOK: false, stdkb.StateReviewed: false, stdkb.StateNone: false} {
		if got := (stdkb.ReviewState{State: state}).NeedsAction(); got != want {
			t.Errorf("%s: NeedsAction %v, want %v", state, got, want)
		}
	}
}

// A draft successor is a revision under way: the edition in force keeps its review state and
// keeps owing reviews, in the state view and in the rate.
func TestDraftSuccessorDoesNotEndReviews(t *testing.T) {
	d := standardDoc("x", "2019-01-01", "2026-06-01")
	d.Editions[1].Status = "征求意见稿"
	lib := testLibrary([]*stdkb.Document{d})
	lib.Policy = stdkb.ReviewPolicy{DefaultCycle: 5, WarningMonths: 6, ReviewedMonths: 12}
	today := stdkb.MustDate("2026-11-25")
	if st := stdkb.StateOf(d, nil, lib.Policy, today); st.Edition != "2019" || st.State != stdkb.StateOverdue {
		t.Errorf("state %s of %s, want overdue of the 2019 edition", st.State, st.Edition)
	}
	r := stdkb.OnTimeReviews(lib, nil, stdkb.MustDate("2024-01-01"), stdkb.MustDate("2024-12-31"), today)
	if r.Total != (stdkb.RateCount{Due: 1}) {
		t.Errorf("rate %+v, want the 2024-01-01 review missing", r.Reviews)
	}
}
