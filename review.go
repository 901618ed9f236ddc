package stdkb

import (
	"fmt"
	"sort"
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
	// PanelOverride is why experts the system lists as conflicted sit on the panel anyway;
	// without it such a panel is refused.
	PanelOverride string `json:"panel_override,omitempty"`
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
	StateReviewed = "reviewed" // reviewed recently, a revision decided and still in time, or withdrawn by review
	StateNone     = "none"     // not subject to review: not a standard, not in force, or a draft
	// StateRevisionOverdue: a review decided to revise (修订) the edition and no new edition was
	// issued within the policy's RevisionMonths.
	StateRevisionOverdue = "revision_overdue"
)

// StateNames are the Chinese names of the review states, the same in every front end.
var StateNames = map[string]string{
	StateOK: "正常", StateDue: "即将到期", StateOverdue: "已逾期", StateReviewed: "已复审",
	StateRevisionOverdue: "修订未完成", StateNone: "不适用",
}

// ReviewPolicy is the content's configuration of review cycles.
type ReviewPolicy struct {
	// RevisionMonths is how long after a 修订 decision the new edition may take before the state
	// shows 修订未完成; 0 takes DefaultReviewPolicy's.
	RevisionMonths int `json:"revision_months"`

	DefaultCycle   int            `json:"default_cycle"`   // years, when neither document nor level says
	Cycles         map[string]int `json:"cycles"`          // years per level (国家, 地方 …)
	WarningMonths  int            `json:"warning_months"`  // how long before the due date a review is "due"
	ReviewedMonths int            `json:"reviewed_months"` // how long after a review an edition shows as "reviewed"
	// Region is the framework's region: local standards of other regions are reviewed where
	// they were issued and owe no review here. The loader sets it from the framework.
	Region string `json:"region,omitempty"`
	// Title, Text (markdown) and Source are the policy file's, shown to readers as the rules;
	// the loader sets them.
	Title  string `json:"-"`
	Text   string `json:"-"`
	Source string `json:"-"`
}

// DefaultReviewPolicy applies when the content declares none: five-year cycles, the longest
// the Standardization Law allows, a six-month warning window.
var DefaultReviewPolicy = ReviewPolicy{DefaultCycle: 5, WarningMonths: 6, ReviewedMonths: 12, RevisionMonths: 12}

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
	Cycle      int          `json:"cycle"`          // years
	Since      Date         `json:"since,omitzero"` // start of the current cycle: effective date or last review
	Due        Date         `json:"due,omitzero"`   // when the next review falls due
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
	if !e.Issued.IsZero() && today.Before(e.Issued) {
		return "尚未发布", true // the edition did not exist yet: not 即将实施
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

// inForceUntil returns the day edition e stopped (or will stop) being in force by its dates: the
// earlier of its withdrawal date and the day a successor that is not a draft took effect, with
// that successor; the zero Date when neither is known.
func inForceUntil(d *Document, e *Edition) (Date, *Edition) {
	end := e.Withdrawn
	if next := d.Successor(e); next != nil && !next.Draft() && !next.Effective.IsZero() && (end.IsZero() || next.Effective.Before(end)) {
		return next.Effective, next
	}
	return end, nil
}

// ReviewCycle is one review cycle of an edition. It starts on the effective date or on the
// review that ended the cycle before, falls due the cycle's length in years later (AddYears:
// 29 February ends on the last day of February), and ends with the first review after its start.
type ReviewCycle struct {
	Start  Date         `json:"start"`
	Due    Date         `json:"due"`
	Review *ReviewEvent `json:"review,omitempty"` // the review that ended it; nil while open
}

// OnTime reports whether the cycle was ended by a review on or before its due date.
func (c ReviewCycle) OnTime() bool { return c.Review != nil && !c.Review.Date.After(c.Due) }

// CountsOn is the day the cycle counts towards an on-time rate: the day of a review made on
// time (an early review ends the cycle there, so the due date it replaced never falls due),
// otherwise the due date.
func (c ReviewCycle) CountsOn() Date {
	if c.OnTime() {
		return c.Review.Date
	}
	return c.Due
}

// Cycles lists the review cycles of edition e of document d as known on day today, oldest first:
// the closed ones, then the open one (Review nil) unless the edition stopped being in force
// before it fell due. Reviews after today are ignored; a 废止 review ends the list. The state
// view (StateOf) and the on-time rate (OnTimeReviews) both read cycles from here, so they agree
// on when a cycle restarts.
func Cycles(d *Document, e *Edition, reviews []ReviewEvent, years int, today Date) []ReviewCycle {
	if e.Effective.IsZero() || years <= 0 {
		return nil
	}
	end, _ := inForceUntil(d, e)
	var out []ReviewCycle
	for start := e.Effective; ; {
		c := ReviewCycle{Start: start, Due: start.AddYears(years)}
		for i := range reviews {
			r := &reviews[i]
			if r.Date.After(start) && !r.Date.After(today) && (end.IsZero() || r.Date.Before(end)) {
				c.Review = r
				break
			}
		}
		if c.Review == nil {
			if end.IsZero() || c.Due.Before(end) {
				out = append(out, c)
			}
			return out
		}
		out = append(out, c)
		if c.Review.Outcome == OutcomeWithdraw {
			return out
		}
		start = c.Review.Date
	}
}

// latestIssued returns the newest edition that is not a draft and was issued by day (an
// edition without an issue date counts as issued), or nil.
func (d *Document) latestIssued(day Date) *Edition {
	for i := len(d.Editions) - 1; i >= 0; i-- {
		e := d.Editions[i]
		if !e.Draft() && (e.Issued.IsZero() || !day.Before(e.Issued)) {
			return e
		}
	}
	return nil
}

// StateOf computes the review state on day today of document d's newest edition that is not a
// draft (a draft successor is a revision under way, not a new edition) and was issued by today,
// from the decisions taken by today: a state as of a past day is the one that held then.
func StateOf(d *Document, ledger []ReviewDecision, p ReviewPolicy, today Date) ReviewState {
	e := d.latestIssued(today)
	if e == nil {
		e = d.Latest()
	}
	st := ReviewState{DocID: d.ID, Edition: e.Key, Number: e.Number, Title: e.Title, Level: e.Level,
		Framework: e.Framework, Cycle: p.CycleFor(e), Sample: e.Sample, State: StateNone}
	reviews := reviewsBy(Reviews(e, ledger), today)
	var done *ReviewEvent // the latest review made by today
	for i := range reviews {
		if !reviews[i].Date.After(today) {
			done = &reviews[i]
		}
	}
	if len(reviews) > 0 {
		last := reviews[len(reviews)-1]
		st.LastReview = &last
	}
	status, ok := Status(d, e, reviews, today)
	if d.Kind != KindStandard || !ok || st.Cycle <= 0 || e.Draft() {
		return st
	}
	if status == "废止" && done != nil && done.Outcome == OutcomeWithdraw {
		st.State = StateReviewed
		return st
	}
	cycles := Cycles(d, e, reviews, st.Cycle, today)
	if status != "现行" || len(cycles) == 0 {
		return st
	}
	open := cycles[len(cycles)-1]
	st.Since, st.Due = open.Start, open.Due
	st.State = cycleState(open, done, p, today)
	return st
}

// reviewsBy keeps the reviews decided by day: a state as of a past day ignores later decisions.
func reviewsBy(reviews []ReviewEvent, day Date) []ReviewEvent {
	out := reviews[:0:0]
	for _, r := range reviews {
		if !r.Date.After(day) {
			out = append(out, r)
		}
	}
	return out
}

func (p ReviewPolicy) revisionMonths() int {
	if p.RevisionMonths > 0 {
		return p.RevisionMonths
	}
	return DefaultReviewPolicy.RevisionMonths
}

// cycleState is the state of an edition in force whose open cycle is c and whose latest review
// by today is done (nil if none).
func cycleState(c ReviewCycle, done *ReviewEvent, p ReviewPolicy, today Date) string {
	switch {
	case done != nil && done.Outcome == OutcomeRevise && !today.Before(done.Date.AddMonths(p.revisionMonths())):
		return StateRevisionOverdue
	case done != nil && done.Outcome == OutcomeRevise:
		return StateReviewed // revision decided; the new edition is awaited
	case done != nil && today.Before(done.Date.AddMonths(p.ReviewedMonths)):
		return StateReviewed
	case today.After(c.Due): // a review due today is still due, not missed
		return StateOverdue
	case !today.Before(c.Due.AddMonths(-p.WarningMonths)):
		return StateDue
	}
	return StateOK
}

// NeedsAction reports whether the state asks the committee to act: a review due or missed, or a
// revision not finished in time.
func (st ReviewState) NeedsAction() bool {
	return st.State == StateDue || st.State == StateOverdue || st.State == StateRevisionOverdue
}

// urgency ranks states for a list of reviews to act on: missed first, then revisions not
// finished, then those coming due.
var urgency = map[string]int{StateOverdue: 0, StateRevisionOverdue: 1, StateDue: 2, StateOK: 3, StateReviewed: 4, StateNone: 5}

// SortByUrgency orders review states most urgent first: by state (已逾期, 修订未完成, 即将到期,
// 正常, 已复审, 不适用), then by due date, earliest first, then by number.
func SortByUrgency(states []ReviewState) {
	sort.SliceStable(states, func(i, j int) bool {
		a, b := states[i], states[j]
		if urgency[a.State] != urgency[b.State] {
			return urgency[a.State] < urgency[b.State]
		}
		if !a.Due.Equal(b.Due) {
			return a.Due.Before(b.Due)
		}
		if a.Number != b.Number {
			return a.Number < b.Number
		}
		return a.DocID < b.DocID
	})
}

// ReviewStates returns the review state on day today of every document subject to review, most
// urgent first (SortByUrgency).
func ReviewStates(lib *Library, ledger []ReviewDecision, today Date) []ReviewState {
	states := []ReviewState{}
	for _, d := range lib.Documents {
		if st := StateOf(d, ledger, lib.Policy, today); st.State != StateNone {
			states = append(states, st)
		}
	}
	SortByUrgency(states)
	return states
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
	CountsOn  Date         `json:"counts_on"`        // the day that places it in a period (ReviewCycle.CountsOn)
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

// OnTimeReviews computes the on-time review rate of the period from..to (inclusive) as known on
// day today, over the review cycles of every standard edition (Cycles). A cycle counts in the
// period holding its CountsOn day: a review on or before the due date is on time and counts on
// its own day; a cycle not reviewed by its due date counts on the due date, as late if a review
// came afterwards and as missing if none has. A cycle due today or later and not yet reviewed
// is not counted: it is due, not missed.
func OnTimeReviews(lib *Library, ledger []ReviewDecision, from, to, today Date) OnTimeRate {
	out := OnTimeRate{From: from, To: to, ByLevel: map[string]RateCount{}, ByDomain: map[string]RateCount{}, Reviews: []DueReview{}}
	for _, d := range lib.Documents {
		if d.Kind != KindStandard {
			continue
		}
		for _, e := range d.Editions {
			if e.Draft() {
				continue
			}
			for _, c := range Cycles(d, e, Reviews(e, ledger), lib.Policy.CycleFor(e), today) {
				r := DueReview{DocID: d.ID, Edition: e.Key, Number: e.Number, Title: e.Title, Level: e.Level,
					Framework: e.Framework, Due: c.Due, CountsOn: c.CountsOn(), Review: c.Review, Result: "late"}
				switch {
				case c.OnTime():
					r.Result = "on_time"
				case c.Review == nil && !today.After(c.Due):
					continue
				case c.Review == nil:
					r.Result = "missing"
				}
				if r.CountsOn.Before(from) || r.CountsOn.After(to) {
					continue
				}
				out.add(r, lib.Framework.WithAncestors(e.Framework))
			}
		}
	}
	return out
}

// add counts one due review under the total, its level and the given framework codes.
func (out *OnTimeRate) add(r DueReview, codes []string) {
	onTime := 0
	if r.Result == "on_time" {
		onTime = 1
	}
	inc := func(m map[string]RateCount, k string) {
		c := m[k]
		c.Due++
		c.OnTime += onTime
		m[k] = c
	}
	out.Reviews = append(out.Reviews, r)
	out.Total.Due++
	out.Total.OnTime += onTime
	inc(out.ByLevel, r.Level)
	for _, code := range codes {
		inc(out.ByDomain, code)
	}
}

// ValidateDecision checks a review decision against the library before it is recorded: the
// document and edition exist, the edition is a standard in force (not withdrawn or replaced),
// the outcome is known, and the date is neither in the future nor before the edition took
// effect. It returns an EINVALID or ENOTFOUND error that says what is wrong.
func ValidateDecision(lib *Library, d ReviewDecision, ledger []ReviewDecision, today Date) error {
	doc, ok := lib.Document(d.DocID)
	if !ok {
		return Errorf(ENOTFOUND, "找不到文件 %q", d.DocID)
	}
	e, ok := doc.Edition(d.Edition)
	if !ok {
		return Errorf(ENOTFOUND, "文件 %q 没有版本 %q", d.DocID, d.Edition)
	}
	if doc.Kind != KindStandard {
		return Errorf(EINVALID, "%s 不是标准（%s），只有标准需要复审", d.DocID, kindNames[doc.Kind])
	}
	switch d.Outcome {
	case OutcomeContinue, OutcomeRevise, OutcomeWithdraw:
	default:
		return Errorf(EINVALID, "复审结论 %q 无效：应为%s、%s或%s", d.Outcome, OutcomeContinue, OutcomeRevise, OutcomeWithdraw)
	}
	switch {
	case d.Date.IsZero():
		return Errorf(EINVALID, "复审决定须填写复审日期")
	case d.Date.After(today):
		return Errorf(EINVALID, "复审日期 %s 晚于今天", d.Date)
	case !e.Effective.IsZero() && d.Date.Before(e.Effective):
		return Errorf(EINVALID, "复审日期 %s 早于 %s 的实施日期 %s", d.Date, e.Ref(), e.Effective)
	}
	if strings.TrimSpace(d.Committee) == "" {
		return Errorf(EINVALID, "复审决定须填写作出决定的审查组织")
	}
	// A correction may restate a decision on a withdrawn edition; a new decision may not.
	if d.Supersedes == 0 {
		reviews := Reviews(e, ledger)
		status, ok := Status(doc, e, reviews, d.Date)
		if ok && (status == "废止" || status == "被代替") {
			return Errorf(EINVALID, "%s", endedMessage(doc, e, reviews, d.Date))
		}
	}
	return nil
}

// kindNames are the Chinese names of document kinds, for messages.
var kindNames = map[Kind]string{KindStandard: "标准", KindRegulation: "法规", KindFramework: "体系框架",
	KindChecklist: "检查表", KindIndicator: "指标", KindPolicy: "规则", KindUnit: "单位"}

// endedMessage explains why edition e, no longer in force on day, takes no new review decision,
// naming the day it was withdrawn or replaced (not the day of the refused decision) and what
// replaced it.
func endedMessage(d *Document, e *Edition, reviews []ReviewEvent, day Date) string {
	name := e.Number
	if name == "" {
		name = e.Title
	}
	name += "（" + e.Ref() + "）"
	for _, r := range reviews {
		if r.Outcome == OutcomeWithdraw && !day.Before(r.Date) {
			return fmt.Sprintf("%s 已于 %s 经复审决定废止，%s 不能再记录复审结论", name, r.Date, day)
		}
	}
	end, next := inForceUntil(d, e)
	if next != nil && !day.Before(end) {
		by := next.Number
		if by == "" {
			by = next.Title
		}
		return fmt.Sprintf("%s 已于 %s 被代替（新版本 %s，%s），%s 不能再记录复审结论；请对新版本记录复审", name, end, by, next.Ref(), day)
	}
	return fmt.Sprintf("%s 已于 %s 废止，%s 不能再记录复审结论", name, e.Withdrawn, day)
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

// LedgerPanelColumn heads the column of LedgerRows that lists the panel.
const LedgerPanelColumn = "评审专家"

// LedgerRows lays review decisions out as a table with a header row, for CSV and xlsx.
func LedgerRows(ds []ReviewDecision) [][]string {
	rows := [][]string{{"序号", "文件", "版本", "复审日期", "复审结论", "审查组织", LedgerPanelColumn, "理由", "更正序号", "记录人", "记录时间"}}
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
