package kb

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"stdkb"
	"stdkb/evaluator"
	"stdkb/export"
)

// SubmissionView is a stored submission version as front ends show it: the document and its
// report (stored for submitted versions, computed now for drafts) when asked for.
type SubmissionView struct {
	ID        uint64   `json:"id"`
	Version   int      `json:"version"`
	Unit      string   `json:"unit"`
	Checklist string   `json:"checklist"`
	State     string   `json:"state"`
	Review    string   `json:"review,omitempty"`
	Panel     []string `json:"panel,omitempty"`
	// PanelOverride is why experts listed as conflicted sat on the committee (reviewers only).
	PanelOverride string      `json:"panel_override,omitempty"`
	UpdatedBy     string      `json:"updated_by"`
	UpdatedAt     string      `json:"updated_at"`
	Submission    *Submission `json:"submission,omitempty"`
	Report        *Report     `json:"report,omitempty"`

	Stored         stdkb.SubmissionVersion `json:"-"` // the record itself, for pages
	UnitName       string                  `json:"-"` // the unit's short name, for pages and the command line
	ChecklistTitle string                  `json:"-"` // the checklist's title, or 检查表已停用 when the content no longer has it
}

// forCaller hides the committee's expert ids from callers who may not see the expert pool:
// experts are personal data (issue: pilots saw panel ids on their reviewed submission). For the
// same reason they see who changed a version only when it is one of the unit's own accounts;
// a reviewer's or administrator's account is shown as its role (committeeView, as the ledger).
// Units are shown by their content id, whatever name an older record stored.
func (a *App) forCaller(c Caller, v SubmissionView) SubmissionView {
	v.Unit, v.UnitName = a.canonicalUnit(v.Unit), a.unitName(v.Unit)
	if !seesAccounts(c) {
		v.Panel, v.PanelOverride, v.Stored.Panel, v.Stored.PanelOverride = nil, "", nil, ""
		v.UpdatedBy = a.accountSeenBy(c, v.UpdatedBy)
		v.Stored.UpdatedBy = v.UpdatedBy
	}
	return v
}

// checklistTitle names a checklist for a reader: 《title》, or 检查表已停用 when the content no
// longer has it.
func (a *App) checklistTitle(id string) string {
	if cl, ok := a.lib().Checklist(id); ok {
		return "《" + cl.Title + "》"
	}
	return "（检查表已停用）"
}

// viewOf is the view of a stored version, its unit and checklist named for readers.
func (a *App) viewOf(v stdkb.SubmissionVersion) SubmissionView {
	return SubmissionView{ID: v.ID, Version: v.Version, Unit: v.Unit, Checklist: v.Checklist, State: v.State,
		Review: v.Review, Panel: v.Panel, PanelOverride: v.PanelOverride, UpdatedBy: v.UpdatedBy, UpdatedAt: v.UpdatedAt.UTC().Format("2006-01-02T15:04:05Z"), Stored: v,
		UnitName: a.unitName(v.Unit), ChecklistTitle: a.checklistTitle(v.Checklist)}
}

// ParseSubmissionID reads a submission number as users type it; anything else names no
// submission.
func ParseSubmissionID(text string) (uint64, error) {
	id, err := strconv.ParseUint(strings.TrimPrefix(strings.TrimSpace(text), "#"), 10, 64)
	if err != nil {
		return 0, stdkb.Errorf(stdkb.ENOTFOUND, "没有自评材料 %q。", text)
	}
	return id, nil
}

// MaxAnonymousAssessments bounds how many anonymous assessments run at once; further ones wait
// for a slot (or for their request to end). Parsing and scoring a large submission takes a
// second of CPU and tens of MB, so anonymous assessments run one at a time: two side by side
// took the server past its 320 MiB soft limit in the load test. Signed-in users are known and
// accountable, and are not held back.
const MaxAnonymousAssessments = 1

// Assess scores a submission document (YAML or JSON) without storing it.
func (a *App) Assess(ctx context.Context, c Caller, body []byte) (*Report, error) {
	return a.AssessFile(ctx, c, evaluator.ParseOptions{}, body)
}

// AssessFile is Assess for a named file: a name ending in .json is read as strict JSON.
func (a *App) AssessFile(ctx context.Context, c Caller, opts evaluator.ParseOptions, body []byte) (*Report, error) {
	if err := a.mayRead(c); err != nil {
		return nil, err
	}
	if !c.SignedIn() {
		select {
		case a.anonAssess <- struct{}{}:
			defer func() { <-a.anonAssess }()
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	} else {
		done, err := a.startHeavy(ctx, workSubmission)
		if err != nil {
			return nil, err
		}
		defer done()
	}
	sub, err := evaluator.ParseWith(body, a.lib(), opts)
	if err != nil {
		return nil, fold(err)
	}
	return a.evaluate(sub)
}

func (a *App) evaluate(sub *Submission) (*Report, error) {
	ledger, err := a.ledger()
	if err != nil {
		return nil, err
	}
	rep, err := evaluator.Evaluate(sub, a.lib(), ledger, a.Today())
	return rep, fold(err)
}

// Submissions lists the latest version of each stored submission the caller may see: a pilot
// sees its own unit's only, whatever unit it asks for.
func (a *App) Submissions(c Caller, unit string) ([]SubmissionView, error) {
	if err := needUser(c); err != nil {
		return nil, err
	}
	if err := a.needStore(); err != nil {
		return nil, err
	}
	if c.Role == stdkb.RolePilot {
		unit = c.Unit
	}
	// Older records may name their unit by an alias: list all and compare canonical ids.
	vs, err := a.cfg.Store.Submissions("")
	if err != nil {
		return nil, err
	}
	out := []SubmissionView{}
	for _, v := range vs {
		if unit == "" || a.sameUnit(v.Unit, unit) {
			out = append(out, a.forCaller(c, a.viewOf(v)))
		}
	}
	return out, nil
}

// stored loads a submission the caller may see. Another unit's submission is reported as
// missing, not as forbidden: pilots learn nothing about other units.
func (a *App) stored(c Caller, id uint64) (stdkb.SubmissionVersion, error) {
	if err := needUser(c); err != nil {
		return stdkb.SubmissionVersion{}, err
	}
	if err := a.needStore(); err != nil {
		return stdkb.SubmissionVersion{}, err
	}
	v, err := a.cfg.Store.Submission(id)
	if err != nil {
		return v, err
	}
	if !a.speaksFor(c, v.Unit) {
		return stdkb.SubmissionVersion{}, stdkb.Errorf(stdkb.ENOTFOUND, "没有自评材料 #%d。", id)
	}
	return v, nil
}

// Submission is the latest version of a stored submission with its document and report.
func (a *App) Submission(c Caller, id uint64) (SubmissionView, error) {
	v, err := a.stored(c, id)
	if err != nil {
		return SubmissionView{}, err
	}
	view, err := a.fullView(v, nil)
	return a.forCaller(c, view), err
}

// fullView adds the document and the report to a version's view. sub is the version's
// document when the caller has it parsed already (nil to decode the stored one).
func (a *App) fullView(v stdkb.SubmissionVersion, sub *Submission) (SubmissionView, error) {
	out := a.viewOf(v)
	if sub == nil {
		if d, err := evaluator.Decode(v.Body); err == nil {
			sub = d
		}
	}
	out.Submission = sub
	var err error
	if len(v.Report) > 0 {
		var rep Report
		err = json.Unmarshal(v.Report, &rep)
		out.Report = &rep
	} else {
		out.Report, err = a.draftReport(v, sub)
	}
	return out, err
}

// draftReport evaluates a draft now. A document the caller already parsed is checked against
// the current content, not parsed again.
func (a *App) draftReport(v stdkb.SubmissionVersion, sub *Submission) (*Report, error) {
	if sub == nil {
		// Stored bodies are the JSON every front end normalises to (parseFor, SaveForm).
		parsed, err := evaluator.ParseWith(v.Body, a.lib(), evaluator.ParseOptions{Name: "submission.json"})
		if err != nil {
			return nil, fold(err)
		}
		sub = parsed
	}
	return a.evaluate(sub)
}

// report returns the stored report of a submitted version, or evaluates a draft now.
func (a *App) report(v stdkb.SubmissionVersion) (*Report, error) {
	view, err := a.fullView(v, nil)
	return view.Report, err
}

// parseFor parses a submission document once, read as opts say, checks it and checks the caller
// may speak for its unit; it returns the document and its normalised JSON, the form every front
// end stores.
func (a *App) parseFor(c Caller, opts ParseOptions, body []byte) (*Submission, []byte, error) {
	done, err := a.startHeavy(c.context(), workSubmission)
	if err != nil {
		return nil, nil, err
	}
	defer done()
	sub, err := evaluator.ParseWith(body, a.lib(), opts)
	if err != nil {
		return nil, nil, fold(err)
	}
	if !a.speaksFor(c, sub.Unit) {
		return nil, nil, stdkb.Errorf(stdkb.EFORBIDDEN, "单位 %q：试点单位只能为本单位（%s）填报。", sub.Unit, a.unitName(c.Unit))
	}
	sub.Unit = a.canonicalUnit(sub.Unit) // the parse refused units the content does not know
	stored, err := json.Marshal(sub)
	return sub, stored, err
}

// CreateSubmission stores a new submission as a draft. opts say how body is read: a name ending
// in .json makes it strict JSON (the API), any other YAML or JSON (files on the command line).
func (a *App) CreateSubmission(c Caller, opts ParseOptions, body []byte) (SubmissionView, error) {
	if err := needEditor(c); err != nil {
		return SubmissionView{}, err
	}
	if err := a.needStore(); err != nil {
		return SubmissionView{}, err
	}
	sub, stored, err := a.parseFor(c, opts, body)
	if err != nil {
		return SubmissionView{}, err
	}
	a.createMu.Lock() // the cap is checked and the submission created as one step
	defer a.createMu.Unlock()
	if err := a.checkSubmissionCap(sub.Unit); err != nil {
		return SubmissionView{}, err
	}
	v, err := a.cfg.Store.CreateSubmission(sub.Unit, sub.Checklist, stored, c.Name)
	if err != nil {
		return SubmissionView{}, err
	}
	return a.fullView(v, sub)
}

// UpdateSubmission saves a new draft of a stored submission; the document must be the same
// unit's assessment against the same checklist. opts are CreateSubmission's.
func (a *App) UpdateSubmission(c Caller, id uint64, opts ParseOptions, body []byte) (SubmissionView, error) {
	if err := needEditor(c); err != nil {
		return SubmissionView{}, err
	}
	cur, err := a.stored(c, id)
	if err != nil {
		return SubmissionView{}, err
	}
	sub, stored, err := a.parseFor(c, opts, body)
	if err != nil {
		return SubmissionView{}, err
	}
	if !a.sameUnit(sub.Unit, cur.Unit) || sub.Checklist != cur.Checklist {
		return SubmissionView{}, stdkb.Errorf(stdkb.EINVALID, "自评材料 #%d 是%s的%s；提交的材料是%s的%s。", cur.ID, a.unitName(cur.Unit), a.checklistTitle(cur.Checklist), a.unitName(sub.Unit), a.checklistTitle(sub.Checklist))
	}
	v, err := a.cfg.Store.SaveDraft(cur.ID, stored, c.Name)
	if err != nil {
		return SubmissionView{}, err
	}
	return a.fullView(v, sub)
}

// SaveSubmission creates a submission (id 0) or saves a new draft of one.
func (a *App) SaveSubmission(c Caller, id uint64, opts ParseOptions, body []byte) (SubmissionView, error) {
	if id == 0 {
		return a.CreateSubmission(c, opts, body)
	}
	return a.UpdateSubmission(c, id, opts, body)
}

// Submit freezes the latest version of a submission with its report.
func (a *App) Submit(c Caller, id uint64) (SubmissionView, error) {
	if err := needEditor(c); err != nil {
		return SubmissionView{}, err
	}
	cur, err := a.stored(c, id)
	if err != nil {
		return SubmissionView{}, err
	}
	rep, err := a.report(cur)
	if err != nil {
		return SubmissionView{}, err
	}
	b, err := json.Marshal(rep)
	if err != nil {
		return SubmissionView{}, err
	}
	v, err := a.cfg.Store.Submit(cur.ID, b, c.Name)
	if err != nil {
		return SubmissionView{}, err
	}
	return a.fullView(v, nil)
}

// ReviewSubmission records the committee's conclusion on a submitted version (0: the latest):
// reviewers and administrators only. A committee with an expert listed as conflicted with the
// unit is refused unless the review says why they sit on it anyway (recorded and audited).
func (a *App) ReviewSubmission(c Caller, id uint64, version int, rev stdkb.SubmissionReview) (SubmissionView, error) {
	if err := needReviewer(c); err != nil {
		return SubmissionView{}, err
	}
	cur, err := a.stored(c, id)
	if err != nil {
		return SubmissionView{}, err
	}
	if version == 0 {
		version = cur.Version
	}
	if rev.PanelOverride, err = a.checkConflicts(strconv.FormatUint(cur.ID, 10), rev.Panel, rev.PanelOverride); err != nil {
		return SubmissionView{}, err
	}
	v, err := a.cfg.Store.ReviewSubmission(cur.ID, version, rev, c.Name)
	if err != nil {
		return SubmissionView{}, err
	}
	return a.viewOf(v), nil
}

// SubmissionVersions lists every version of a submission, oldest first.
func (a *App) SubmissionVersions(c Caller, id uint64) ([]SubmissionView, error) {
	cur, err := a.stored(c, id)
	if err != nil {
		return nil, err
	}
	vs, err := a.cfg.Store.SubmissionVersions(cur.ID)
	if err != nil {
		return nil, err
	}
	out := []SubmissionView{}
	for _, v := range vs {
		out = append(out, a.forCaller(c, a.viewOf(v)))
	}
	return out, nil
}

// SubmissionReport is the latest version's report as an Excel workbook.
func (a *App) SubmissionReport(c Caller, id uint64) (File, error) {
	v, err := a.stored(c, id)
	if err != nil {
		return File{}, err
	}
	rep, err := a.report(v)
	if err != nil {
		return File{}, err
	}
	var buf bytes.Buffer
	if err := export.XLSX(&buf, "评估报告", evaluator.Rows(rep)); err != nil {
		return File{}, err
	}
	return File{Name: submissionFileName(a.lib(), v), Type: TypeXLSX, Data: buf.Bytes()}, nil
}

// Comparison sets the latest reports of several submissions side by side: one column per
// submission, one row per figure.
type Comparison struct {
	Columns []ComparedSubmission
	Rows    [][]string // each row the figure's name, then one cell per column
}

// ComparedSubmission says which submission a column of the comparison is, so that two columns
// of one unit read as different submissions.
type ComparedSubmission struct {
	UnitName string
	Period   evaluator.Period
	Stage    string
	// ID, Version and State are the stored submission's; ID is 0 for a content sample.
	ID      uint64
	Version int
	State   string
	// Sample marks sample data: every content sample, and a stored submission that says so.
	Sample bool
	// SampleName names a content sample submission ("bishan-2025-midterm"), for its page; it
	// is empty for a stored submission.
	SampleName string
}

// CompareSubmissions sets the latest reports of every stored submission and of the content's
// sample submissions side by side, the columns of one unit next to each other (its stored
// submissions before the content's samples): reviewers and administrators only.
func (a *App) CompareSubmissions(c Caller) (*Comparison, error) {
	if err := needReviewer(c); err != nil {
		return nil, err
	}
	if err := a.needStore(); err != nil {
		return nil, err
	}
	subs, err := a.cfg.Store.Submissions("")
	if err != nil {
		return nil, err
	}
	var cols []comparedReport
	for _, v := range subs {
		if rep, err := a.report(v); err == nil {
			cols = append(cols, comparedReport{rep, ComparedSubmission{ID: v.ID, Version: v.Version, State: v.State}})
		}
	}
	for _, sr := range a.sampleReports() {
		cols = append(cols, comparedReport{sr.report, ComparedSubmission{SampleName: sr.name}})
	}
	if len(cols) == 0 {
		return &Comparison{}, nil
	}
	sort.SliceStable(cols, func(i, j int) bool {
		if a, b := cols[i].rep.UnitName, cols[j].rep.UnitName; a != b {
			return a < b
		}
		return cols[i].col.SampleName == "" && cols[j].col.SampleName != ""
	})
	out := &Comparison{}
	reports := make([]*Report, len(cols))
	for i, cr := range cols {
		cr.col.UnitName, cr.col.Period, cr.col.Stage, cr.col.Sample = cr.rep.UnitName, cr.rep.Period, cr.rep.Stage, cr.rep.Sample
		out.Columns = append(out.Columns, cr.col)
		reports[i] = cr.rep
	}
	out.Rows = evaluator.CompareRows(reports)[1:] // the columns say which submission each is
	return out, nil
}

// comparedReport is a report with the column that shows it.
type comparedReport struct {
	rep *Report
	col ComparedSubmission
}

// sampleReport is the report of a content sample submission and the sample's name.
type sampleReport struct {
	name   string
	report *Report
}

// sampleReports are the reports of the content's sample submissions, each marked as a sample
// whatever its file says: they illustrate the comparison beside the units' real ones.
func (a *App) sampleReports() []sampleReport {
	entries, _ := fs.ReadDir(a.cfg.Content, "submissions")
	var out []sampleReport
	for _, en := range entries {
		if rep, err := a.sampleFile(en.Name()); err == nil {
			out = append(out, sampleReport{strings.TrimSuffix(en.Name(), path.Ext(en.Name())), rep})
		}
	}
	return out
}

// sampleFile evaluates the content's sample submission in the given file of its submissions
// folder, marked as a sample.
func (a *App) sampleFile(file string) (*Report, error) {
	name := path.Join("submissions", file)
	b, err := fs.ReadFile(a.cfg.Content, name)
	if err != nil {
		return nil, err
	}
	sub, err := evaluator.ParseWith(b, a.lib(), evaluator.ParseOptions{Name: file})
	if err != nil {
		a.log.Warn("sample submission does not validate", "file", name, "err", err)
		return nil, err
	}
	rep, err := a.evaluate(sub)
	if err != nil {
		return nil, err
	}
	rep.Sample = true
	return rep, nil
}

// SampleReport is the report of one of the content's sample submissions, by name without
// extension ("bishan-2025-midterm"), for everyone who may read the library.
func (a *App) SampleReport(c Caller, name string) (*Report, error) {
	if err := a.mayRead(c); err != nil {
		return nil, err
	}
	entries, _ := fs.ReadDir(a.cfg.Content, "submissions")
	for _, en := range entries {
		if strings.TrimSuffix(en.Name(), path.Ext(en.Name())) == name {
			rep, err := a.sampleFile(en.Name())
			if err != nil {
				return nil, stdkb.WrapError(stdkb.EINTERNAL, err, "示例自评“%s”无法评分。", name)
			}
			return rep, nil
		}
	}
	return nil, stdkb.Errorf(stdkb.ENOTFOUND, "没有示例自评“%s”。", name)
}

// IndicatorBar is one unit's progress towards one indicator.
type IndicatorBar = evaluator.Bar

// IndicatorProgress is, per indicator, each unit's progress from the latest version of its
// stored self-assessments, as bars.
func (a *App) IndicatorProgress(c Caller) (map[string][]IndicatorBar, error) {
	if err := a.mayRead(c); err != nil {
		return nil, err
	}
	progress := map[string][]IndicatorBar{}
	if a.cfg.Store == nil {
		return progress, nil
	}
	subs, err := a.cfg.Store.Submissions("")
	if err != nil {
		return nil, err
	}
	for _, v := range subs {
		rep, err := a.report(v)
		if err != nil {
			continue // a draft that no longer validates against the content shows no progress
		}
		for _, in := range rep.Indicators {
			b := IndicatorBar{Label: a.unitName(v.Unit), Note: indicatorStatusText(in)}
			if in.Progress != nil {
				b.Share = *in.Progress
			}
			progress[in.ID] = append(progress[in.ID], b)
		}
	}
	return progress, nil
}

// BarChart draws bars as inline SVG.
func BarChart(bars []IndicatorBar) string { return evaluator.BarChart(bars) }

func indicatorStatusText(in evaluator.IndicatorResult) string {
	name := evaluator.StatusName(in.Status)
	if in.Value != nil && !in.NotApplicable {
		return fmt.Sprintf("%s（%g%s）", name, *in.Value, in.Unit)
	}
	return name
}

// StartSubmission is the checklist a signed-in caller is about to fill in.
func (a *App) StartSubmission(c Caller, checklist string) (*stdkb.Checklist, error) {
	if err := needEditor(c); err != nil {
		return nil, err
	}
	return a.Checklist(c, checklist)
}
