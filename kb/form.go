package kb

import (
	"encoding/json"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"stdkb"
	"stdkb/evaluator"
	"stdkb/store"
)

// SubmissionForm is the self-assessment form as a front end read it: one answer, comment and
// list of uploaded evidence files per checklist item.
type SubmissionForm struct {
	ID        uint64 // 0 for a new submission
	Checklist string
	Unit      string // ignored for pilots, who speak for their own unit
	From, To  string // the assessment period, YYYY-MM-DD
	Extra     string // the standard inventory and indicator data, as YAML
	Answers   map[string]string
	Comments  map[string]string
	Files     map[string][]Upload
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

// SaveForm stores the form as a draft: a new submission or a new draft of an existing one. The
// answers are checked before any evidence file is written, so a refused form leaves nothing
// behind. It returns the submission's number.
func (a *App) SaveForm(c Caller, f SubmissionForm) (uint64, error) {
	if err := needEditor(c); err != nil {
		return 0, err
	}
	sub, err := a.formSubmission(c, f)
	if err != nil {
		return 0, err
	}
	b, err := json.Marshal(sub)
	if err != nil {
		return 0, err
	}
	if _, err := evaluator.Parse(b, a.lib()); err != nil {
		return 0, fold(err)
	}
	saved, err := a.storeUploads(sub, f.Files, c.Name)
	if err != nil {
		return 0, err
	}
	body, err := json.Marshal(sub)
	if err != nil {
		a.removeEvidence(sub.Unit, c.Name, saved)
		return 0, err
	}
	var v stdkb.SubmissionVersion
	if f.ID == 0 {
		v, err = a.cfg.Store.CreateSubmission(sub.Unit, sub.Checklist, body, c.Name)
	} else {
		v, err = a.cfg.Store.SaveDraft(f.ID, body, c.Name)
	}
	if err != nil {
		a.removeEvidence(sub.Unit, c.Name, saved)
		return 0, err
	}
	return v.ID, nil
}

// formSubmission turns the form into a submission document, keeping the evidence an earlier
// draft holds.
func (a *App) formSubmission(c Caller, f SubmissionForm) (*Submission, error) {
	cl, ok := a.lib().Checklist(f.Checklist)
	if !ok {
		return nil, stdkb.Errorf(stdkb.EINVALID, "没有检查表 %q。", f.Checklist)
	}
	unit := strings.TrimSpace(f.Unit)
	if c.Role == stdkb.RolePilot {
		unit = c.Unit // a pilot speaks for its own unit only
	}
	previous := map[string][]string{}
	if f.ID != 0 {
		cur, err := a.stored(c, f.ID)
		if err != nil {
			return nil, err
		}
		unit = cur.Unit
		if p, err := evaluator.Decode(cur.Body); err == nil {
			for _, it := range p.Items {
				previous[it.ID] = it.Evidence
			}
		}
	}
	sub := &Submission{Unit: unit, Checklist: cl.ID, Stage: cl.Stage}
	var err error
	if sub.Period.From, err = stdkb.ParseDate(f.From); err == nil {
		sub.Period.To, err = stdkb.ParseDate(f.To)
	}
	if err != nil {
		return nil, stdkb.Errorf(stdkb.EINVALID, "评估期间的日期格式应为 YYYY-MM-DD。")
	}
	if extra := strings.TrimSpace(f.Extra); extra != "" {
		inv, err := evaluator.Decode([]byte(extra))
		if err != nil {
			return nil, stdkb.WrapError(stdkb.EINVALID, err, "标准清单与指标数据不是有效的 YAML。")
		}
		sub.Standards, sub.Indicators = inv.Standards, inv.Indicators
	}
	for _, sec := range cl.Sections {
		for _, it := range sec.Items {
			v := strings.TrimSpace(f.Answers[it.ID])
			if v == "" {
				continue
			}
			resp := ItemResponse{ID: it.ID, Comment: f.Comments[it.ID], Evidence: previous[it.ID], Level: v}
			if it.Rule == stdkb.RuleScore {
				if x, err := strconv.ParseFloat(v, 64); err == nil {
					resp.Score, resp.Level = &x, ""
				}
			}
			sub.Items = append(sub.Items, resp)
		}
	}
	return sub, nil
}

// storeUploads stores each answered item's uploads as the unit's evidence and adds references
// to them to the item.
func (a *App) storeUploads(sub *Submission, files map[string][]Upload, actor string) ([]uint64, error) {
	var saved []uint64
	for i := range sub.Items {
		ids, err := a.saveEvidence(files[sub.Items[i].ID], sub.Unit, actor)
		saved = append(saved, ids...)
		if err != nil {
			a.removeEvidence(sub.Unit, actor, saved)
			return nil, err
		}
		for _, id := range ids {
			sub.Items[i].Evidence = append(sub.Items[i].Evidence, stdkb.EvidenceRef(id))
		}
	}
	return saved, nil
}

// removeEvidence deletes evidence uploaded for a form that was then refused. Failing that, the
// store deletes uploads no draft refers to after a day.
func (a *App) removeEvidence(unit, actor string, ids []uint64) {
	if len(ids) == 0 {
		return
	}
	if err := a.cfg.Store.DiscardEvidence(unit, actor, ids...); err != nil {
		a.log.Warn("discard evidence of a refused form", "err", err)
	}
}

// saveEvidence stores uploaded files as the unit's evidence and returns their IDs; the store
// checks names, types, sizes and the unit's total.
func (a *App) saveEvidence(uploads []Upload, unit, actor string) ([]uint64, error) {
	if len(uploads) > MaxEvidenceFiles {
		return nil, stdkb.Errorf(stdkb.EINVALID, "一项最多上传 %d 个佐证材料。", MaxEvidenceFiles)
	}
	var ids []uint64
	for _, up := range uploads {
		f, err := up.Open()
		if err != nil {
			return ids, err
		}
		e, err := a.cfg.Store.PutEvidence(store.EvidenceUpload{Unit: unit, Name: up.Name, Content: f, Actor: actor})
		f.Close()
		if err != nil {
			return ids, err // the caller removes what was saved
		}
		ids = append(ids, e.ID)
	}
	return ids, nil
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
