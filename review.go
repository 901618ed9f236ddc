package stdkb

import (
	"strconv"
	"strings"
	"time"
)

// Review outcomes (复审结论).
const (
	OutcomeContinue = "继续有效"
	OutcomeRevise   = "修订"
	OutcomeWithdraw = "废止"
)

// ReviewDecision is one review decision recorded in the ledger. The ledger is append-only: a
// correction is a new decision whose Supersedes names the one it corrects.
type ReviewDecision struct {
	ID         uint64    `json:"id"` // assigned by the ledger, increasing from 1
	DocID      string    `json:"doc_id"`
	Edition    string    `json:"edition"`
	Date       Date      `json:"date"` // the day the committee decided
	Committee  string    `json:"committee"`
	Outcome    string    `json:"outcome"`
	Reasons    string    `json:"reasons,omitempty"`
	RecordedBy string    `json:"recorded_by"`
	RecordedAt time.Time `json:"recorded_at"`          // set by the ledger
	Supersedes uint64    `json:"supersedes,omitempty"` // ID of the decision this one corrects
	Panel      []string  `json:"panel,omitempty"`      // ids of the experts on the reviewing panel
}

// AuditEntry records one write to the store: who did what to which thing, and when.
type AuditEntry struct {
	ID     uint64    `json:"id"`
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"` // e.g. "review.record"
	Object string    `json:"object"` // e.g. "review/12" or "sample-canteen-service@2021"
	Detail string    `json:"detail"` // a JSON rendering of what was written
}

// Review states of an edition.
const (
	StateOK       = "ok"       // in force, next review not yet near
	StateDue      = "due"      // inside the warning window before the review falls due
	StateOverdue  = "overdue"  // the review date has passed without a review
	StateReviewed = "reviewed" // reviewed recently, or a review decided to revise or withdraw it
	StateNone     = "none"     // not subject to review: not a standard, not in force, or a draft
)

// ReviewPolicy is the content's configuration of review cycles.
type ReviewPolicy struct {
	DefaultCycle   int            `json:"default_cycle"`   // years, when neither document nor level says
	Cycles         map[string]int `json:"cycles"`          // years per level (国家, 地方 …)
	WarningMonths  int            `json:"warning_months"`  // how long before the due date a review is "due"
	ReviewedMonths int            `json:"reviewed_months"` // how long after a review an edition shows as "reviewed"
	// Region is the framework's region: local standards of other regions are reviewed where
	// they were issued and owe no review here. The loader sets it from the framework.
	Region string `json:"region,omitempty"`
}

// DefaultReviewPolicy applies when the content declares none: five-year cycles, the longest
// the Standardization Law allows, a six-month warning window.
var DefaultReviewPolicy = ReviewPolicy{DefaultCycle: 5, WarningMonths: 6, ReviewedMonths: 12}

// CycleFor returns the review cycle of an edition in years: its own, else its level's, else
// the default; 0 (not reviewed here) for another region's local standard.
func (p ReviewPolicy) CycleFor(e *Edition) int {
	if p.Region != "" && e.Region != "" && e.Region != p.Region {
		return 0 // another region's standard: a reference, not reviewed here
	}
	if e.ReviewCycle > 0 {
		return e.ReviewCycle
	}
	if c, ok := p.Cycles[e.Level]; ok && c > 0 {
		return c
	}
	return p.DefaultCycle
}

// ReviewEvent is a review of an edition from either source: front matter or the ledger.
type ReviewEvent struct {
	Date      Date   `json:"date"`
	Outcome   string `json:"outcome"`
	Committee string `json:"committee,omitempty"`
	Note      string `json:"note,omitempty"`
	Source    string `json:"source"`              // "content" or "ledger"
	LedgerID  uint64 `json:"ledger_id,omitempty"` // for ledger decisions
}

// Reviews merges an edition's declared reviews with the ledger's current decisions for it,
// ordered by date.
func Reviews(e *Edition, ledger []ReviewDecision) []ReviewEvent {
	var out []ReviewEvent
	for _, r := range e.Reviews {
		out = append(out, ReviewEvent{Date: r.Date, Outcome: r.Outcome, Committee: r.Committee, Note: r.Note, Source: "content"})
	}
	for _, d := range ledger {
		if d.DocID == e.DocID && d.Edition == e.Key {
			out = append(out, ReviewEvent{Date: d.Date, Outcome: d.Outcome, Committee: d.Committee, Note: d.Reasons, Source: "ledger", LedgerID: d.ID})
		}
	}
	sortEvents(out)
	return out
}

func sortEvents(ev []ReviewEvent) {
	for i := 1; i < len(ev); i++ {
		for j := i; j > 0 && ev[j].Date.Before(ev[j-1].Date); j-- {
			ev[j], ev[j-1] = ev[j-1], ev[j]
		}
	}
}

// ReviewState is where an edition stands in its review cycle on a given day.
type ReviewState struct {
	DocID      string       `json:"doc_id"`
	Edition    string       `json:"edition"`
	Number     string       `json:"number"`
	Title      string       `json:"title"`
	Level      string       `json:"level"`
	Framework  []string     `json:"framework"`
	State      string       `json:"state"`
	Cycle      int          `json:"cycle"` // years
	Since      Date         `json:"since"` // start of the current cycle: effective date or last review
	Due        Date         `json:"due"`   // when the next review falls due
	LastReview *ReviewEvent `json:"last_review,omitempty"`
	Sample     bool         `json:"sample"`
}

// Status derives an edition's status on a day from dates and reviews: 即将实施 before it takes
// effect, 被代替 once its successor has, 废止 once withdrawn or a review decided so, else 现行.
// Drafts keep their declared status. ok is false when the dates say nothing (no effective date).
func Status(d *Document, e *Edition, reviews []ReviewEvent, today Date) (status string, ok bool) {
	if e.Draft() {
		return e.Status, true
	}
	if e.Effective.IsZero() {
		return "", false
	}
	for _, r := range reviews {
		if r.Outcome == OutcomeWithdraw && !today.Before(r.Date) {
			return "废止", true
		}
	}
	if !e.Withdrawn.IsZero() && !today.Before(e.Withdrawn) {
		return "废止", true
	}
	if next := d.Successor(e); next != nil && !next.Draft() && !next.Effective.IsZero() && !today.Before(next.Effective) {
		if e.Kind == KindRegulation {
			return "被修订", true
		}
		return "被代替", true
	}
	if today.Before(e.Effective) {
		return "即将实施", true
	}
	return "现行", true
}

// InForce returns the edition of d in force on day, or nil when none was.
func (d *Document) InForce(day Date) *Edition {
	var found *Edition
	for _, e := range d.Editions {
		if e.Draft() || e.Effective.IsZero() || day.Before(e.Effective) {
			continue
		}
		if !e.Withdrawn.IsZero() && !day.Before(e.Withdrawn) {
			continue
		}
		if next := d.Successor(e); next != nil && !next.Draft() && !next.Effective.IsZero() && !day.Before(next.Effective) {
			continue
		}
		found = e
	}
	return found
}

// StateOf computes the review state of document d's latest edition on day today.
func StateOf(d *Document, ledger []ReviewDecision, p ReviewPolicy, today Date) ReviewState {
	e := d.Latest()
	st := ReviewState{DocID: d.ID, Edition: e.Key, Number: e.Number, Title: e.Title, Level: e.Level,
		Framework: e.Framework, Cycle: p.CycleFor(e), Sample: e.Sample, State: StateNone}
	reviews := Reviews(e, ledger)
	if len(reviews) > 0 {
		last := reviews[len(reviews)-1]
		st.LastReview = &last
	}
	status, ok := Status(d, e, reviews, today)
	if d.Kind != KindStandard || !ok || st.Cycle <= 0 {
		return st
	}
	if status == "废止" && st.LastReview != nil && st.LastReview.Outcome == OutcomeWithdraw {
		st.State = StateReviewed
		return st
	}
	if status != "现行" {
		return st
	}
	st.Since = e.Effective
	if st.LastReview != nil && st.LastReview.Date.After(st.Since) {
		st.Since = st.LastReview.Date
	}
	st.Due = st.Since.AddYears(st.Cycle)
	switch {
	case st.LastReview != nil && st.LastReview.Outcome == OutcomeRevise:
		st.State = StateReviewed // revision decided; the new edition is awaited
	case st.LastReview != nil && today.Before(st.LastReview.Date.AddMonths(p.ReviewedMonths)):
		st.State = StateReviewed
	case !today.Before(st.Due):
		st.State = StateOverdue
	case !today.Before(st.Due.AddMonths(-p.WarningMonths)):
		st.State = StateDue
	default:
		st.State = StateOK
	}
	return st
}

// DueReview is one review that fell due for an edition, and what became of it.
type DueReview struct {
	DocID     string       `json:"doc_id"`
	Edition   string       `json:"edition"`
	Number    string       `json:"number"`
	Title     string       `json:"title"`
	Level     string       `json:"level"`
	Framework []string     `json:"framework"`
	Due       Date         `json:"due"`
	Review    *ReviewEvent `json:"review,omitempty"` // the review that answered it, if any
	Result    string       `json:"result"`           // "on_time", "late" or "missing"
}

// RateCount is a count of due reviews and of those done on time.
type RateCount struct {
	Due    int `json:"due"`
	OnTime int `json:"on_time"`
}

// Rate returns OnTime/Due, or -1 when nothing was due.
func (c RateCount) Rate() float64 {
	if c.Due == 0 {
		return -1
	}
	return float64(c.OnTime) / float64(c.Due)
}

// OnTimeRate is the on-time review rate (标准按期复审率) of a period.
type OnTimeRate struct {
	From     Date                 `json:"from"`
	To       Date                 `json:"to"`
	Total    RateCount            `json:"total"`
	ByLevel  map[string]RateCount `json:"by_level"`
	ByDomain map[string]RateCount `json:"by_domain"`
	Reviews  []DueReview          `json:"reviews"` // every review due in the period
}

// OnTimeReviews computes the on-time review rate for reviews that fell due between from and to
// (inclusive) and no later than today: the share done on or before their due date. Each
// standard edition's cycles run from its effective date; a review starts the next cycle, and an
// edition replaced or withdrawn before a due date owes no review then.
func OnTimeReviews(lib *Library, ledger []ReviewDecision, from, to, today Date) OnTimeRate {
	out := OnTimeRate{From: from, To: to, ByLevel: map[string]RateCount{}, ByDomain: map[string]RateCount{}, Reviews: []DueReview{}}
	last := to
	if today.Before(last) {
		last = today
	}
	for _, d := range lib.Documents {
		if d.Kind != KindStandard {
			continue
		}
		for _, e := range d.Editions {
			cycle := lib.Policy.CycleFor(e)
			if e.Effective.IsZero() || cycle <= 0 {
				continue
			}
			end := e.Withdrawn // the edition owes reviews only while in force
			if next := d.Successor(e); next != nil && !next.Effective.IsZero() && (end.IsZero() || next.Effective.Before(end)) {
				end = next.Effective
			}
			reviews := Reviews(e, ledger)
			start := e.Effective
			for {
				due := start.AddYears(cycle)
				if due.After(last) || (!end.IsZero() && !due.Before(end)) {
					break
				}
				var answer *ReviewEvent
				for i := range reviews {
					if reviews[i].Date.After(start) {
						answer = &reviews[i]
						break
					}
				}
				r := DueReview{DocID: d.ID, Edition: e.Key, Number: e.Number, Title: e.Title, Level: e.Level,
					Framework: e.Framework, Due: due, Review: answer, Result: "missing"}
				if answer != nil {
					r.Result = "late"
					if !answer.Date.After(due) {
						r.Result = "on_time"
					}
				}
				if !due.Before(from) {
					out.Reviews = append(out.Reviews, r)
					onTime := 0
					if r.Result == "on_time" {
						onTime = 1
					}
					add := func(m map[string]RateCount, k string) {
						c := m[k]
						c.Due++
						c.OnTime += onTime
						m[k] = c
					}
					out.Total.Due++
					out.Total.OnTime += onTime
					add(out.ByLevel, e.Level)
					for _, code := range lib.Framework.WithAncestors(e.Framework) {
						add(out.ByDomain, code)
					}
				}
				if answer == nil || answer.Outcome == OutcomeWithdraw {
					break
				}
				start = answer.Date
			}
		}
	}
	return out
}

// ValidateDecision checks a review decision against the library before it is recorded: the
// document and edition exist, the edition is a standard in force (not withdrawn or replaced),
// the outcome is known, and the date is neither in the future nor before the edition took
// effect. It returns an EINVALID or ENOTFOUND error that says what is wrong.
func ValidateDecision(lib *Library, d ReviewDecision, ledger []ReviewDecision, today Date) error {
	doc, ok := lib.Document(d.DocID)
	if !ok {
		return Errorf(ENOTFOUND, "no document %q", d.DocID)
	}
	e, ok := doc.Edition(d.Edition)
	if !ok {
		return Errorf(ENOTFOUND, "document %q has no edition %q", d.DocID, d.Edition)
	}
	if doc.Kind != KindStandard {
		return Errorf(EINVALID, "%s is a %s; only standards are reviewed (复审)", d.DocID, doc.Kind)
	}
	switch d.Outcome {
	case OutcomeContinue, OutcomeRevise, OutcomeWithdraw:
	default:
		return Errorf(EINVALID, "outcome %q: want %s, %s or %s", d.Outcome, OutcomeContinue, OutcomeRevise, OutcomeWithdraw)
	}
	switch {
	case d.Date.IsZero():
		return Errorf(EINVALID, "the decision needs a date")
	case d.Date.After(today):
		return Errorf(EINVALID, "date %s is in the future", d.Date)
	case !e.Effective.IsZero() && d.Date.Before(e.Effective):
		return Errorf(EINVALID, "date %s is before %s took effect (%s)", d.Date, e.Ref(), e.Effective)
	}
	if strings.TrimSpace(d.Committee) == "" {
		return Errorf(EINVALID, "the decision needs the committee that took it")
	}
	// A correction may restate a decision on a withdrawn edition; a new decision may not.
	if d.Supersedes == 0 {
		status, ok := Status(doc, e, Reviews(e, ledger), d.Date)
		if ok && (status == "废止" || status == "被代替") {
			return Errorf(EINVALID, "%s was %s on %s and is no longer reviewed", e.Ref(), status, d.Date)
		}
	}
	return nil
}

// EditionHistory is one edition of a document with what its dates and reviews say of it.
type EditionHistory struct {
	Edition      *Edition      `json:"edition"`
	Derived      string        `json:"derived_status,omitempty"` // status on the day asked, when the dates tell
	SupersededBy string        `json:"superseded_by,omitempty"`
	RevisedBy    string        `json:"revised_by,omitempty"` // the new edition a 修订 decision led to
	Reviews      []ReviewEvent `json:"reviews"`
}

// History lists a document's editions, oldest first, with their derived status on day today and
// their reviews from front matter and the ledger.
func History(d *Document, ledger []ReviewDecision, today Date) []EditionHistory {
	out := make([]EditionHistory, 0, len(d.Editions))
	for _, e := range d.Editions {
		h := EditionHistory{Edition: e, Reviews: Reviews(e, ledger)}
		if h.Reviews == nil {
			h.Reviews = []ReviewEvent{}
		}
		if st, ok := Status(d, e, h.Reviews, today); ok {
			h.Derived = st
		}
		if next := d.Successor(e); next != nil {
			h.SupersededBy = next.Key
			for _, ev := range h.Reviews {
				if ev.Outcome == OutcomeRevise {
					h.RevisedBy = next.Key
				}
			}
		}
		out = append(out, h)
	}
	return out
}

// LedgerRows lays review decisions out as a table with a header row, for CSV and xlsx.
func LedgerRows(ds []ReviewDecision) [][]string {
	rows := [][]string{{"序号", "文件", "版本", "复审日期", "复审结论", "审查组织", "评审专家", "理由", "更正序号", "记录人", "记录时间"}}
	for _, d := range ds {
		sup := ""
		if d.Supersedes != 0 {
			sup = strconv.FormatUint(d.Supersedes, 10)
		}
		rows = append(rows, []string{strconv.FormatUint(d.ID, 10), d.DocID, d.Edition, d.Date.String(), d.Outcome,
			d.Committee, strings.Join(d.Panel, "、"), d.Reasons, sup, d.RecordedBy, d.RecordedAt.Format("2006-01-02 15:04:05")})
	}
	return rows
}
