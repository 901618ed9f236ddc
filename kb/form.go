package kb

import (
	"encoding/json"
	"errors"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"stdkb"
	"stdkb/store"
)

// SubmissionForm is the self-assessment form as a front end reads it: per checklist item an
// answer, a comment, the evidence kept from before and newly uploaded files; the standard
// inventory, campaigns and indicator data as table rows. No field holds YAML.
type SubmissionForm struct {
	ID        uint64 // 0 for a new submission
	Checklist string
	Unit      string // ignored for pilots, who speak for their own unit
	From, To  string // the assessment period, YYYY-MM-DD
	Answers   map[string]string
	Comments  map[string]string
	// Evidence is, per item, what the item's evidence list keeps: references to stored files
	// ("evidence:12", also files uploaded with a form that was refused) and descriptions of
	// material that was not uploaded.
	Evidence   map[string][]string
	Files      map[string][]Upload
	Standards  []StandardRow
	Campaigns  []CampaignRow
	Indicators []IndicatorRow
}

// StandardRow is one row of the standard inventory table, as typed.
type StandardRow struct {
	Doc         string // the library document chosen from the list, or ""
	Number      string
	Title       string
	Level       string
	Framework   string // framework codes separated by spaces, commas or 、
	Applicable  bool
	Implemented bool
	Evaluations []EvaluationRow
	Publicity   string // the latest publicity (宣传贯彻) on this standard, YYYY-MM-DD
	Effective   string // internal standards: the day it took effect
	Reviews     []string
}

// EvaluationRow is one effect evaluation (实施效果评价) of a standard.
type EvaluationRow struct{ Date, Report string }

// CampaignRow is one publicity or implementation-assessment campaign.
type CampaignRow struct {
	Date, Kind, Title string
	Standards         string // numbers or titles of inventory standards, separated by 、 or commas
}

// IndicatorRow is one value of one indicator: a year's figure or the baseline.
type IndicatorRow struct {
	Indicator   string
	Year, Value string
	Baseline    bool
}

// FormProblem is one thing wrong with a form, keyed by what it concerns: "period", "unit",
// "item:<checklist item id>", "standard:<row>", "campaign:<row>", "indicator:<row>" (rows
// counted from 0 as the form lists them) or "form".
type FormProblem struct {
	Key     string
	Message string
}

// FormError refuses a form and gives it back to show again: everything typed, and the files
// uploaded with it kept as stored evidence (references in Evidence), so nothing is lost.
type FormError struct {
	Form     SubmissionForm
	Problems []FormProblem
}

func (e *FormError) Error() string { return e.Unwrap().Error() }

// Unwrap is the refusal as an application error (EINVALID), every problem a detail.
func (e *FormError) Unwrap() error {
	details := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		details[i] = p.Message
	}
	return &stdkb.Error{Code: stdkb.EINVALID, Message: "自评表填写有误，请逐项修改：", Details: details}
}

// ByKey groups the problems by what they concern, for showing each beside its field.
func (e *FormError) ByKey() map[string][]string {
	out := map[string][]string{}
	for _, p := range e.Problems {
		out[p.Key] = append(out[p.Key], p.Message)
	}
	return out
}

// Upload is one uploaded evidence file.
type Upload struct {
	Name string // as the client named it
	Size int64
	Open func() (io.ReadCloser, error)
}

// MaxEvidenceFiles bounds the files uploaded for one checklist item in one form. Size, type,
// name and per-unit limits are the store's (store.PutEvidence).
const MaxEvidenceFiles = 50

// MaxFormRows bounds each table of the form (inventory, campaigns, indicator values).
const MaxFormRows = 1000

// SaveForm stores the form as a draft: a new submission or a new draft of an existing one, and
// returns the submission's number. A form with problems is refused with a *FormError holding
// the form to show again; the files uploaded with it are stored as the unit's pending evidence
// and the returned form refers to them, so they need not be uploaded again (a pending upload no
// draft takes up is deleted after a day).
func (a *App) SaveForm(c Caller, f SubmissionForm) (uint64, error) {
	if err := needEditor(c); err != nil {
		return 0, err
	}
	if err := a.needStore(); err != nil {
		return 0, err
	}
	if len(f.Files) > 0 {
		done, err := a.startHeavy(c.context(), workUploads)
		if err != nil {
			return 0, err
		}
		defer done()
	}
	sub, rows, problems, err := a.formSubmission(c, &f)
	if err != nil {
		return 0, err
	}
	if f.ID == 0 {
		a.createMu.Lock() // the cap is checked and the submission created as one step
		defer a.createMu.Unlock()
		if err := a.checkSubmissionCap(sub.Unit); err != nil {
			problems = append(problems, FormProblem{"unit", stdkb.ErrorMessage(err)})
		}
	}
	problems = append(problems, a.keepUploads(c, &f, sub.Unit)...)
	if len(problems) == 0 {
		problems = a.checkFormSubmission(sub, rows)
	}
	if len(problems) > 0 {
		return 0, &FormError{Form: f, Problems: problems}
	}
	sub.Items = withEvidence(sub.Items, f.Evidence)
	body, err := json.Marshal(sub)
	if err != nil {
		return 0, err
	}
	var v stdkb.SubmissionVersion
	if f.ID == 0 {
		v, err = a.cfg.Store.CreateSubmission(sub.Unit, sub.Checklist, body, c.Name)
	} else {
		v, err = a.cfg.Store.SaveDraft(f.ID, body, c.Name)
	}
	if err != nil {
		return 0, err
	}
	return v.ID, nil
}

// KeepUploads stores the files uploaded with a form that is shown again rather than saved (a
// row added, a workbook imported) as the unit's pending evidence, and returns the form
// referring to them. Files the store refuses are reported as problems of their items.
func (a *App) KeepUploads(c Caller, f SubmissionForm) (SubmissionForm, []FormProblem, error) {
	if err := needUser(c); err != nil {
		return f, nil, err
	}
	if err := a.needStore(); err != nil {
		return f, nil, err
	}
	unit, err := a.formUnit(c, f)
	if err != nil {
		return f, nil, err
	}
	if len(f.Files) > 0 {
		done, err := a.startHeavy(c.context(), workUploads)
		if err != nil {
			return f, nil, err
		}
		defer done()
	}
	problems := a.keepUploads(c, &f, unit)
	return f, problems, nil
}

// formUnit is the unit a form speaks for: the pilot's own, the stored submission's, or the one
// the form names.
func (a *App) formUnit(c Caller, f SubmissionForm) (string, error) {
	if f.ID != 0 {
		cur, err := a.stored(c, f.ID)
		return cur.Unit, err
	}
	if c.Role == stdkb.RolePilot {
		return a.canonicalUnit(c.Unit), nil
	}
	return a.canonicalUnit(strings.TrimSpace(f.Unit)), nil
}

// keepUploads stores each item's uploads and moves them into the item's kept evidence.
func (a *App) keepUploads(c Caller, f *SubmissionForm, unit string) []FormProblem {
	var problems []FormProblem
	if f.Evidence == nil {
		f.Evidence = map[string][]string{}
	}
	for item, uploads := range f.Files {
		if len(uploads) == 0 {
			continue
		}
		if _, ok := a.lib().Unit(unit); !ok {
			problems = append(problems, FormProblem{"item:" + item, "请先选择单位，再上传佐证材料（本次上传的文件未保存）。"})
			continue
		}
		if len(uploads) > MaxEvidenceFiles {
			problems = append(problems, FormProblem{"item:" + item, "一项最多上传 " + strconv.Itoa(MaxEvidenceFiles) + " 个佐证材料。"})
			continue
		}
		for _, up := range uploads {
			id, err := a.putUpload(up, unit, c.Name)
			if err != nil {
				problems = append(problems, FormProblem{"item:" + item, uploadMessage(up.Name, err)})
				continue
			}
			f.Evidence[item] = append(f.Evidence[item], stdkb.EvidenceRef(id))
		}
	}
	f.Files = nil
	return problems
}

// uploadMessage says why a file was refused, in the user's terms.
func uploadMessage(name string, err error) string {
	var e *stdkb.Error
	if errors.As(err, &e) && e.Code != stdkb.EINTERNAL {
		return "文件“" + filepath.Base(name) + "”未能保存：" + e.Message
	}
	return "文件“" + filepath.Base(name) + "”未能保存，请稍后重试。"
}

func (a *App) putUpload(up Upload, unit, actor string) (uint64, error) {
	r, err := up.Open()
	if err != nil {
		return 0, err
	}
	defer r.Close()
	e, err := a.cfg.Store.PutEvidence(store.EvidenceUpload{Unit: unit, Name: up.Name, Content: r, Actor: actor})
	return e.ID, err
}

// withEvidence sets each answered item's evidence to what the form keeps.
func withEvidence(items []ItemResponse, kept map[string][]string) []ItemResponse {
	for i := range items {
		items[i].Evidence = nonEmpty(kept[items[i].ID])
	}
	return items
}

func nonEmpty(list []string) []string {
	var out []string
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Evidence is a stored evidence file of a submission the caller may see, addressed by its ID:
// its record and its bytes. The store answers only for a file bound to that submission.
func (a *App) Evidence(c Caller, submission uint64, idText string) (stdkb.Evidence, []byte, error) {
	v, err := a.stored(c, submission)
	if err != nil {
		return stdkb.Evidence{}, nil, err
	}
	id, err := strconv.ParseUint(idText, 10, 64)
	if err != nil {
		return stdkb.Evidence{}, nil, stdkb.Errorf(stdkb.ENOTFOUND, "没有这份佐证材料。")
	}
	return a.cfg.Store.EvidenceFile(v.ID, id)
}

// SubmissionEvidence lists the evidence files of a submission the caller may see (the unit's
// pilots, reviewers and administrators), for linking them on its pages.
func (a *App) SubmissionEvidence(c Caller, id uint64) ([]stdkb.Evidence, error) {
	v, err := a.stored(c, id)
	if err != nil {
		return nil, err
	}
	return a.cfg.Store.SubmissionEvidence(v.ID)
}

// AdoptLegacyEvidence takes the evidence files an older version kept in the data directory's
// evidence folder into the database: administrators only.
func (a *App) AdoptLegacyEvidence(c Caller) (*store.LegacyReport, error) {
	if err := needAdmin(c); err != nil {
		return nil, err
	}
	if err := a.needStore(); err != nil {
		return nil, err
	}
	return a.cfg.Store.AdoptLegacyEvidence(filepath.Join(a.cfg.DataDir, "evidence"), c.Name)
}
