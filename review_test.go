package stdkb_test

import (
	"testing"

	"stdkb"
)

// standardDoc builds a standard with editions effective on the given days; each edition
// supersedes the one before.
func standardDoc(id string, effective ...string) *stdkb.Document {
	d := &stdkb.Document{ID: id, Kind: stdkb.KindStandard}
	for i, day := range effective {
		e := &stdkb.Edition{DocID: id, Key: day[:4], Kind: stdkb.KindStandard, Level: "地方", Status: "现行",
			Framework: []string{"B1"}, Effective: stdkb.MustDate(day), Number: "DB50/T 1-" + day[:4]}
		if i > 0 {
			e.Supersedes = d.Editions[i-1].Key
		}
		d.Editions = append(d.Editions, e)
	}
	return d
}

func TestInForceAndStatus(t *testing.T) {
	d := standardDoc("x", "2015-03-01", "2019-07-01", "2024-03-01")
	for _, tt := range []struct {
		day     string
		edition string // "" for none
	}{
		{"2015-02-28", ""},
		{"2015-03-01", "2015"},
		{"2019-06-30", "2015"},
		{"2019-07-01", "2019"},
		{"2024-02-29", "2019"},
		{"2024-03-01", "2024"},
		{"2030-01-01", "2024"},
	} {
		e := d.InForce(stdkb.MustDate(tt.day))
		got := ""
		if e != nil {
			got = e.Key
		}
		if got != tt.edition {
			t.Errorf("InForce(%s) = %q, want %q", tt.day, got, tt.edition)
		}
	}
	status := func(e *stdkb.Edition, day string, reviews ...stdkb.ReviewEvent) string {
		s, _ := stdkb.Status(d, e, reviews, stdkb.MustDate(day))
		return s
	}
	if got := status(d.Editions[0], "2020-01-01"); got != "被代替" {
		t.Errorf("first edition in 2020: %s, want 被代替", got)
	}
	if got := status(d.Editions[2], "2024-02-29"); got != "即将实施" {
		t.Errorf("latest edition the day before it takes effect: %s, want 即将实施", got)
	}
	if got := status(d.Editions[2], "2024-03-01"); got != "现行" {
		t.Errorf("latest edition on its effective day: %s, want 现行", got)
	}
	withdrawn := stdkb.ReviewEvent{Date: stdkb.MustDate("2026-01-10"), Outcome: stdkb.OutcomeWithdraw}
	if got := status(d.Editions[2], "2026-01-10", withdrawn); got != "废止" {
		t.Errorf("after a 废止 review: %s, want 废止", got)
	}
	if got := status(d.Editions[2], "2026-01-09", withdrawn); got != "现行" {
		t.Errorf("before the 废止 review: %s, want 现行", got)
	}
}

func TestStateOf(t *testing.T) {
	policy := stdkb.ReviewPolicy{DefaultCycle: 5, Cycles: map[string]int{"团体": 3}, WarningMonths: 6, ReviewedMonths: 12}
	today := stdkb.MustDate("2026-11-25")
	review := func(day, outcome string) []stdkb.ReviewDecision {
		return []stdkb.ReviewDecision{{ID: 1, DocID: "x", Edition: "2020", Date: stdkb.MustDate(day), Outcome: outcome}}
	}
	tests := []struct {
		name      string
		effective string
		level     string
		ledger    []stdkb.ReviewDecision
		state     string
		due       string
	}{
		{"never reviewed, far from due", "2023-01-01", "地方", nil, stdkb.StateOK, "2028-01-01"},
		{"the window opens today", "2022-05-25", "地方", nil, stdkb.StateDue, "2027-05-25"},
		{"inside the warning window", "2021-12-01", "地方", nil, stdkb.StateDue, "2026-12-01"},
		{"the day before the window", "2022-05-26", "地方", nil, stdkb.StateOK, "2027-05-26"},
		{"due today is still due", "2021-11-25", "地方", nil, stdkb.StateDue, "2026-11-25"},
		{"due yesterday is overdue", "2021-11-24", "地方", nil, stdkb.StateOverdue, "2026-11-24"},
		{"overdue", "2020-09-01", "地方", nil, stdkb.StateOverdue, "2025-09-01"},
		{"level cycle", "2023-12-01", "团体", nil, stdkb.StateDue, "2026-12-01"},
		{"recently reviewed", "2020-01-01", "地方", review("2026-03-15", stdkb.OutcomeContinue), stdkb.StateReviewed, "2031-03-15"},
		{"reviewed long ago starts a new cycle", "2015-01-01", "地方", review("2020-01-01", stdkb.OutcomeContinue), stdkb.StateOverdue, "2025-01-01"},
		{"revision decided, new edition still in time", "2015-01-01", "地方", review("2026-01-10", stdkb.OutcomeRevise), stdkb.StateReviewed, "2031-01-10"},
		{"revision decided, no new edition in 12 months", "2015-01-01", "地方", review("2025-11-25", stdkb.OutcomeRevise), stdkb.StateRevisionOverdue, "2030-11-25"},
		{"revision decided long ago", "2015-01-01", "地方", review("2020-01-01", stdkb.OutcomeRevise), stdkb.StateRevisionOverdue, "2025-01-01"},
		{"withdrawn by review", "2015-01-01", "地方", review("2020-01-01", stdkb.OutcomeWithdraw), stdkb.StateReviewed, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := standardDoc("x", tt.effective)
			d.Editions[0].Key, d.Editions[0].Level = "2020", tt.level
			st := stdkb.StateOf(d, tt.ledger, policy, today)
			if st.State != tt.state || st.Due.String() != tt.due {
				t.Errorf("state %s due %s, want %s due %s", st.State, st.Due, tt.state, tt.due)
			}
		})
	}
	reg := standardDoc("r", "2020-01-01")
	reg.Kind = stdkb.KindRegulation
	if st := stdkb.StateOf(reg, nil, policy, today); st.State != stdkb.StateNone {
		t.Errorf("regulation state %s, want none", st.State)
	}
}

// TestOnTimeReviews checks the on-time rate against figures worked out by hand.
func TestOnTimeReviews(t *testing.T) {
	fw, _ := stdkb.NewFramework("fw", "t", []*stdkb.FrameworkNode{{Code: "B", Children: []*stdkb.FrameworkNode{{Code: "B1"}, {Code: "B2"}}}})
	a := standardDoc("a", "2015-01-01") // due 2020-01-01, reviewed on the day: on time; next due 2025-01-01, reviewed late 2025-06-01
	b := standardDoc("b", "2016-06-01") // due 2021-06-01, never reviewed: missing
	c := standardDoc("c", "2016-01-01", "2020-06-01")
	// c@2016 was replaced before its due date (2021-01-01): owes nothing; c@2020 is due 2025-06-01, reviewed 2025-05-01: on time.
	b.Editions[0].Framework = []string{"B2"}
	c.Editions[1].Level = "团体"
	lib := stdkb.NewLibrary(fw, []*stdkb.Document{a, b, c}, nil, nil)
	lib.Policy = stdkb.ReviewPolicy{DefaultCycle: 5}
	ledger := []stdkb.ReviewDecision{
		{ID: 1, DocID: "a", Edition: "2015", Date: stdkb.MustDate("2020-01-01"), Outcome: stdkb.OutcomeContinue},
		{ID: 2, DocID: "a", Edition: "2015", Date: stdkb.MustDate("2025-06-01"), Outcome: stdkb.OutcomeContinue},
		{ID: 3, DocID: "c", Edition: "2020", Date: stdkb.MustDate("2025-05-01"), Outcome: stdkb.OutcomeContinue},
	}
	r := stdkb.OnTimeReviews(lib, ledger, stdkb.MustDate("2020-01-01"), stdkb.MustDate("2025-12-31"), stdkb.MustDate("2026-11-25"))
	// Due in the period: a 2020-01-01 (on time), a 2025-01-01 (late), b 2021-06-01 (missing), c@2020 2025-06-01 (on time).
	if r.Total != (stdkb.RateCount{Due: 4, OnTime: 2}) || r.Total.Rate() != 0.5 {
		t.Errorf("total %+v (rate %v), want 2 of 4", r.Total, r.Total.Rate())
	}
	results := map[string]string{}
	for _, d := range r.Reviews {
		results[d.DocID+"@"+d.Edition+" "+d.Due.String()] = d.Result
	}
	want := map[string]string{
		"a@2015 2020-01-01": "on_time", "a@2015 2025-01-01": "late", "b@2016 2021-06-01": "missing", "c@2020 2025-06-01": "on_time",
	}
	if len(results) != len(want) {
		t.Errorf("due reviews %v, want %v", results, want)
	}
	for k, v := range want {
		if results[k] != v {
			t.Errorf("%s: %q, want %q", k, results[k], v)
		}
	}
	if got := r.ByLevel["团体"]; got != (stdkb.RateCount{Due: 1, OnTime: 1}) {
		t.Errorf("团体 %+v", got)
	}
	if got := r.ByDomain["B"]; got != (stdkb.RateCount{Due: 4, OnTime: 2}) {
		t.Errorf("domain B %+v", got)
	}
	if got := r.ByDomain["B2"]; got != (stdkb.RateCount{Due: 1, OnTime: 0}) || got.Rate() != 0 {
		t.Errorf("domain B2 %+v", got)
	}
	// A period with nothing due has no rate rather than 0% or 100%.
	empty := stdkb.OnTimeReviews(lib, ledger, stdkb.MustDate("2010-01-01"), stdkb.MustDate("2010-12-31"), stdkb.MustDate("2026-11-25"))
	if empty.Total.Due != 0 || empty.Total.Rate() != -1 {
		t.Errorf("empty period: %+v", empty.Total)
	}
}

// A draft that names a future effective date never ends the edition in force, nor is in force.
func TestInForceIgnoresDrafts(t *testing.T) {
	current := &stdkb.Edition{Key: "2021", Status: "现行", Effective: stdkb.MustDate("2021-12-01")}
	draft := &stdkb.Edition{Key: "draft", Status: "征求意见稿", Effective: stdkb.MustDate("2027-12-01")}
	d := &stdkb.Document{ID: "x", Editions: []*stdkb.Edition{current, draft}}
	for _, day := range []string{"2022-01-01", "2028-01-01"} {
		if got := d.InForce(stdkb.MustDate(day)); got != current {
			t.Errorf("InForce(%s) = %v, want the 2021 edition", day, got)
		}
	}
	if st, _ := stdkb.Status(d, current, nil, stdkb.MustDate("2028-01-01")); st != "现行" {
		t.Errorf("status with a draft successor = %s, want 现行", st)
	}
}

// TestAsOfBeforeIssue: an edition not yet issued on a day did not exist then; the review state
// as of a past day is computed for the edition issued by then, from the decisions taken by then.
func TestAsOfBeforeIssue(t *testing.T) {
	d := standardDoc("x", "2013-06-01", "2024-04-01")
	d.Editions[0].Issued = stdkb.MustDate("2012-12-31")
	d.Editions[1].Issued = stdkb.MustDate("2023-09-07")
	for _, tt := range []struct{ day, want string }{
		{"2020-01-01", "尚未发布"},
		{"2023-09-06", "尚未发布"},
		{"2023-09-07", "即将实施"},
		{"2024-04-01", "现行"},
	} {
		if got, _ := stdkb.Status(d, d.Editions[1], nil, stdkb.MustDate(tt.day)); got != tt.want {
			t.Errorf("2023 edition on %s: %s, want %s", tt.day, got, tt.want)
		}
	}
	p := stdkb.ReviewPolicy{DefaultCycle: 5, WarningMonths: 6, ReviewedMonths: 12}
	later := []stdkb.ReviewDecision{{DocID: "x", Edition: "2013", Date: stdkb.MustDate("2021-05-01"), Outcome: stdkb.OutcomeContinue}}
	st := stdkb.StateOf(d, later, p, stdkb.MustDate("2020-01-01"))
	if st.Edition != "2013" || st.State != stdkb.StateOverdue || st.LastReview != nil {
		t.Errorf("as of 2020: edition %s state %s last review %v, want 2013 %s and no review yet",
			st.Edition, st.State, st.LastReview, stdkb.StateOverdue)
	}
}
