package kb

import (
	"bytes"
	"fmt"
	"sort"

	"stdkb"
	"stdkb/export"
)

// ledger is the ledger's current decisions (none without a store).
func (a *App) ledger() ([]stdkb.ReviewDecision, error) {
	if a.cfg.Store == nil {
		return nil, nil
	}
	return a.cfg.Store.CurrentReviews()
}

// DueRequest filters the review dashboard. Zero values list what is due or overdue.
type DueRequest struct {
	Domain string // framework code; includes its sub-branches
	Unit   string // only a unit's own and adopted standards (id or name)
	Within int    // also list reviews falling due within this many days; -1 for none
	All    bool   // every standard with its state
}

// ReviewsDue lists the review states of documents under review policy, as a request filters
// them, most urgent first (stdkb.SortByUrgency). The zero request (with Within -1 meaning none)
// lists the states that ask the committee to act (ReviewState.NeedsAction): due, overdue and
// revisions not finished in time.
func (a *App) ReviewsDue(c Caller, r DueRequest) ([]stdkb.ReviewState, error) {
	if err := a.mayRead(c); err != nil {
		return nil, err
	}
	lib := a.lib()
	if r.Domain != "" {
		if _, ok := lib.Framework.Node(r.Domain); !ok {
			return nil, stdkb.Errorf(stdkb.EINVALID, "体系：没有体系代码 %q。", r.Domain)
		}
	}
	inUnit := func(string) bool { return true }
	if r.Unit != "" {
		u, ok := lib.Unit(r.Unit)
		if !ok {
			return nil, stdkb.Errorf(stdkb.EINVALID, "单位：没有单位 %q。", r.Unit)
		}
		mine := map[string]bool{}
		for _, d := range lib.SystemOf(u).Documents {
			mine[d.ID] = true
		}
		inUnit = func(id string) bool { return mine[id] }
	}
	ledger, err := a.ledger()
	if err != nil {
		return nil, err
	}
	day := a.Today()
	states := []stdkb.ReviewState{}
	for _, st := range stdkb.ReviewStates(lib, ledger, day) { // most urgent first
		if (r.Domain != "" && !lib.Framework.Covers(r.Domain, st.Framework)) || !inUnit(st.DocID) {
			continue
		}
		show := r.All || st.NeedsAction()
		if r.Within >= 0 && st.State == stdkb.StateOK && !st.Due.After(day.AddDays(r.Within)) {
			show = true
		}
		if show {
			states = append(states, st)
		}
	}
	return states, nil
}

// ReviewRate is the on-time review rate of reviews falling due from..to.
func (a *App) ReviewRate(c Caller, from, to stdkb.Date) (stdkb.OnTimeRate, error) {
	if err := a.mayRead(c); err != nil {
		return stdkb.OnTimeRate{}, err
	}
	if to.Before(from) || from.IsZero() || to.IsZero() {
		return stdkb.OnTimeRate{}, stdkb.Errorf(stdkb.EINVALID, "from 和 to 应为 YYYY-MM-DD 格式的日期，且 from 不晚于 to。")
	}
	ledger, err := a.ledger()
	if err != nil {
		return stdkb.OnTimeRate{}, err
	}
	return stdkb.OnTimeReviews(a.lib(), ledger, from, to, a.Today()), nil
}

// ReviewPolicy is the review rules the content declares: cycles, warning windows, and the text
// of the policy file.
func (a *App) ReviewPolicy(c Caller) (stdkb.ReviewPolicy, error) {
	if err := a.mayRead(c); err != nil {
		return stdkb.ReviewPolicy{}, err
	}
	return a.lib().Policy, nil
}

// DefaultRatePeriod is the period the review dashboard's on-time rate covers unless the user
// chooses another: from the first day of last year to today.
func DefaultRatePeriod(today stdkb.Date) (from, to stdkb.Date) {
	return stdkb.MustDate(fmt.Sprintf("%04d-01-01", today.Year()-1)), today
}

// RecordReview records a review decision: reviewers and administrators only. The decision's
// edition defaults to the document's latest; its panel must name experts in the pool, and one
// with an expert listed as conflicted needs the reason they sit on it anyway (PanelOverride).
func (a *App) RecordReview(c Caller, d stdkb.ReviewDecision) (stdkb.ReviewDecision, error) {
	if err := needReviewer(c); err != nil {
		return d, err
	}
	if err := a.needStore(); err != nil {
		return d, err
	}
	lib := a.lib()
	if d.RecordedBy == "" {
		d.RecordedBy = c.Name
	}
	if doc, ok := lib.Document(d.DocID); ok && d.Edition == "" {
		d.Edition = doc.Latest().Key
	}
	ledger, err := a.cfg.Store.CurrentReviews()
	if err != nil {
		return d, err
	}
	if err := stdkb.ValidateDecision(lib, d, ledger, a.Today()); err != nil {
		return d, invalid(err)
	}
	if d.PanelOverride, err = a.checkConflicts(d.DocID, d.Panel, d.PanelOverride); err != nil {
		return d, err
	}
	return a.cfg.Store.RecordReview(d)
}

// Ledger lists the recorded decisions: the current ones, or with all every decision including
// those later corrections superseded.
func (a *App) Ledger(c Caller, all bool) ([]stdkb.ReviewDecision, error) {
	if err := a.mayRead(c); err != nil {
		return nil, err
	}
	out := []stdkb.ReviewDecision{}
	if a.cfg.Store == nil {
		return out, nil
	}
	list := a.cfg.Store.CurrentReviews
	if all {
		list = a.cfg.Store.Reviews
	}
	ds, err := list()
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		if !seesAccounts(c) {
			// Experts and accounts are personal data: others see the committee, not who sat
			// on its panel or which account typed the decision in.
			d.Panel, d.PanelOverride, d.RecordedBy = nil, "", d.Committee
		}
		out = append(out, d)
	}
	return out, nil
}

// DeclaredReview is a review an edition's content records (its front matter): part of the
// standard's published history, as opposed to a decision registered in the committee ledger.
type DeclaredReview struct {
	DocID, Edition, Number, Title string
	Sample                        bool
	stdkb.Review
}

// DeclaredReviews lists the reviews the content records for standards' editions, newest first.
// The review dashboard shows them apart from the ledger, which holds the committee's own
// decisions only; both count towards the review states.
func (a *App) DeclaredReviews(c Caller) ([]DeclaredReview, error) {
	if err := a.mayRead(c); err != nil {
		return nil, err
	}
	out := []DeclaredReview{}
	for _, d := range a.lib().Documents {
		for _, e := range d.Editions {
			for _, r := range e.Reviews {
				out = append(out, DeclaredReview{DocID: d.ID, Edition: e.Key, Number: e.Number, Title: e.Title, Sample: e.Sample, Review: r})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[j].Date.Before(out[i].Date) })
	return out, nil
}

// LedgerFile is the ledger as a download: CSV (UTF-8 with BOM) or xlsx.
func (a *App) LedgerFile(c Caller, all bool, format string) (File, error) {
	ds, err := a.Ledger(c, all)
	if err != nil {
		return File{}, err
	}
	rows, err := a.LedgerRows(c, ds)
	if err != nil {
		return File{}, err
	}
	var buf bytes.Buffer
	name := "复审台账"
	if all {
		name = "复审台账（含已更正）"
	}
	switch format {
	case "xlsx":
		err = export.XLSX(&buf, "复审台账", rows)
		return File{Name: downloadName("xlsx", name, a.Today().String()), Type: TypeXLSX, Data: buf.Bytes()}, err
	case "csv":
		err = export.CSV(&buf, rows)
		return File{Name: downloadName("csv", name, a.Today().String()), Type: "text/csv; charset=utf-8", Data: buf.Bytes()}, err
	}
	return File{}, stdkb.Errorf(stdkb.EINVALID, "格式 %q 不可用：应为 csv 或 xlsx（Excel）。", format)
}

// File is a download a use case produces.
type File struct {
	Name string // file name offered to the user
	Type string // media type
	Data []byte
}

// Media types of the downloads.
const (
	TypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	TypeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	TypePDF  = "application/pdf"
)

func (a *App) needStore() error {
	if a.cfg.Store == nil {
		return stdkb.Errorf(stdkb.ENOTFOUND, "数据目录中还没有数据库。")
	}
	return nil
}

// invalid marks a rule violation from the domain model (a plain error) as EINVALID, keeping
// errors that already carry a code.
func invalid(err error) error {
	if err == nil || stdkb.ErrorCode(err) != stdkb.EINTERNAL {
		return err
	}
	return stdkb.WrapError(stdkb.EINVALID, nil, "%s", err.Error())
}
