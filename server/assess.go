package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"
	"go.yaml.in/yaml/v3"

	"stdkb"
	"stdkb/evaluator"
	"stdkb/export"
	"stdkb/store"
)

// maxEvidenceFiles bounds the files uploaded for one checklist item in one form. Size, type,
// name and per-unit limits are the store's (store.PutEvidence).
const maxEvidenceFiles = 50

// submissionFor loads the stored submission named in the URL, if the signed-in user may see
// it: pilots see their own unit's only.
func (s *Server) submissionFor(r *http.Request) (stdkb.SubmissionVersion, stdkb.User, error) {
	return s.submission(r, chi.URLParam(r, "id"))
}

func (s *Server) submission(r *http.Request, idText string) (stdkb.SubmissionVersion, stdkb.User, error) {
	u, _ := currentUser(r) // the routes require a signed-in user
	id, err := strconv.ParseUint(idText, 10, 64)
	if err != nil {
		return stdkb.SubmissionVersion{}, u, stdkb.Errorf(stdkb.ENOTFOUND, "no submission %q", idText)
	}
	v, err := s.cfg.Store.Submission(id)
	if err != nil {
		return v, u, err
	}
	if !u.CanSeeUnit(v.Unit) {
		// Another unit's submission is reported as missing, not as forbidden: pilots learn
		// nothing about other units.
		return stdkb.SubmissionVersion{}, u, stdkb.Errorf(stdkb.ENOTFOUND, "no submission %d", id)
	}
	return v, u, nil
}

// requireUser sends anonymous users to the login page.
func (s *Server) requireUser(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, ok := currentUser(r); !ok {
			http.Redirect(w, r, "/login?next="+r.URL.RequestURI(), http.StatusSeeOther)
			return
		}
		next(w, r)
	}
}

func (s *Server) uiAssessList(w http.ResponseWriter, r *http.Request) {
	u, _ := currentUser(r)
	unit := ""
	if u.Role == stdkb.RolePilot {
		unit = u.Unit
	}
	subs, err := s.cfg.Store.Submissions(unit)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	s.page(w, r, http.StatusOK, "assess_list.html", "自评", map[string]any{"Checklists": s.current().lib.Checklists, "Submissions": subs})
}

// uiAssessForm shows a checklist as a form, filled from a stored draft when editing.
func (s *Server) uiAssessForm(w http.ResponseWriter, r *http.Request) {
	u, _ := currentUser(r)
	data := map[string]any{"Unit": u.Unit, "From": "", "To": ""}
	var sub evaluator.Submission
	checklistID := r.URL.Query().Get("checklist")
	if chi.URLParam(r, "id") != "" {
		v, _, err := s.submissionFor(r)
		if err != nil {
			s.uiError(w, r, err)
			return
		}
		decoded, err := evaluator.Decode(v.Body)
		if err != nil {
			s.uiError(w, r, err)
			return
		}
		sub = *decoded
		checklistID = v.Checklist
		data["ID"], data["Unit"] = v.ID, v.Unit
		data["From"], data["To"] = sub.Period.From.String(), sub.Period.To.String()
	}
	c, ok := s.current().lib.Checklist(checklistID)
	if !ok {
		s.uiError(w, r, stdkb.Errorf(stdkb.ENOTFOUND, "no checklist %q", checklistID))
		return
	}
	answers := map[string]evaluator.ItemResponse{}
	for _, it := range sub.Items {
		answers[it.ID] = it
	}
	extra, err := inventoryYAML(sub)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	data["Checklist"], data["Answers"], data["Extra"] = c, answers, extra
	s.page(w, r, http.StatusOK, "assess_form.html", c.Title, data)
}

// inventoryYAML renders a submission's standard inventory and indicator data as YAML for the
// form, with the field names the schema uses.
func inventoryYAML(sub evaluator.Submission) (string, error) {
	if len(sub.Standards) == 0 && len(sub.Indicators) == 0 {
		return "", nil
	}
	b, err := json.Marshal(struct {
		Standards  []evaluator.Standard      `json:"standards,omitempty"`
		Indicators []evaluator.IndicatorData `json:"indicators,omitempty"`
	}{sub.Standards, sub.Indicators})
	if err != nil {
		return "", err
	}
	var plain any
	if err := json.Unmarshal(b, &plain); err != nil {
		return "", err
	}
	out, err := yaml.Marshal(plain)
	return string(out), err
}

// uiAssessSave stores the form as a draft: a new submission or a new draft of an existing one.
func (s *Server) uiAssessSave(w http.ResponseWriter, r *http.Request) {
	u, _ := currentUser(r)
	if err := r.ParseMultipartForm(32 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		s.uiError(w, r, stdkb.Errorf(stdkb.EINVALID, "表单无法读取：%v", err))
		return
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	lib := s.current().lib
	c, ok := lib.Checklist(r.FormValue("checklist"))
	if !ok {
		s.uiError(w, r, stdkb.Errorf(stdkb.EINVALID, "no checklist %q", r.FormValue("checklist")))
		return
	}
	unit := strings.TrimSpace(r.FormValue("unit"))
	if u.Role == stdkb.RolePilot {
		unit = u.Unit // a pilot speaks for its own unit only
	}
	var id uint64
	var prev evaluator.Submission
	if v := r.FormValue("id"); v != "" {
		cur, _, err := s.submission(r, v)
		if err != nil {
			s.uiError(w, r, err)
			return
		}
		id, unit = cur.ID, cur.Unit
		if p, err := evaluator.Decode(cur.Body); err == nil {
			prev = *p
		}
	}
	sub := evaluator.Submission{Unit: unit, Checklist: c.ID, Stage: c.Stage}
	var err error
	if sub.Period.From, err = stdkb.ParseDate(r.FormValue("from")); err == nil {
		sub.Period.To, err = stdkb.ParseDate(r.FormValue("to"))
	}
	if err != nil {
		s.uiError(w, r, stdkb.Errorf(stdkb.EINVALID, "评估期间的日期格式应为 YYYY-MM-DD"))
		return
	}
	if extra := strings.TrimSpace(r.FormValue("extra")); extra != "" {
		inv, err := evaluator.Decode([]byte(extra))
		if err != nil {
			s.uiError(w, r, stdkb.Errorf(stdkb.EINVALID, "标准清单与指标数据不是有效的 YAML：%v", err))
			return
		}
		sub.Standards, sub.Indicators = inv.Standards, inv.Indicators
	}
	previous := map[string][]string{}
	for _, it := range prev.Items {
		previous[it.ID] = it.Evidence
	}
	for _, sec := range c.Sections {
		for _, it := range sec.Items {
			resp := evaluator.ItemResponse{ID: it.ID, Comment: r.FormValue("comment_" + it.ID), Evidence: previous[it.ID]}
			switch v := strings.TrimSpace(r.FormValue("item_" + it.ID)); {
			case v == "":
				continue
			case it.Rule == stdkb.RuleScore:
				f, err := strconv.ParseFloat(v, 64)
				if err != nil {
					resp.Level = v
				} else {
					resp.Score = &f
				}
			default:
				resp.Level = v
			}
			sub.Items = append(sub.Items, resp)
		}
	}
	// Check the answers before any file is written, so a refused form leaves nothing behind.
	if b, err := json.Marshal(sub); err != nil {
		s.uiError(w, r, err)
		return
	} else if _, err := evaluator.Parse(b, lib); err != nil {
		s.uiError(w, r, err)
		return
	}
	var saved []uint64
	for i := range sub.Items {
		ids, err := s.saveEvidence(r, "evidence_"+sub.Items[i].ID, unit, u.Name)
		saved = append(saved, ids...)
		if err != nil {
			s.removeEvidence(unit, u.Name, saved)
			s.uiError(w, r, err)
			return
		}
		for _, id := range ids {
			sub.Items[i].Evidence = append(sub.Items[i].Evidence, stdkb.EvidenceRef(id))
		}
	}
	body, err := json.Marshal(sub)
	if err != nil {
		s.removeEvidence(unit, u.Name, saved)
		s.uiError(w, r, err)
		return
	}
	var v stdkb.SubmissionVersion
	if id == 0 {
		v, err = s.cfg.Store.CreateSubmission(unit, c.ID, body, u.Name)
	} else {
		v, err = s.cfg.Store.SaveDraft(id, body, u.Name)
	}
	if err != nil {
		s.removeEvidence(unit, u.Name, saved)
		s.uiError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/assess/%d", v.ID), http.StatusSeeOther)
}

// removeEvidence deletes evidence uploaded for a form that was then refused. Failing that, the
// store deletes uploads no draft refers to after a day.
func (s *Server) removeEvidence(unit, actor string, ids []uint64) {
	if err := s.cfg.Store.DiscardEvidence(unit, actor, ids...); err != nil {
		s.log.Warn("discard evidence of a refused form", "err", err)
	}
}

// saveEvidence stores the files uploaded in a form field as the unit's evidence and returns
// their IDs; the store checks names, types, sizes and the unit's total.
func (s *Server) saveEvidence(r *http.Request, field, unit, actor string) ([]uint64, error) {
	if r.MultipartForm == nil || len(r.MultipartForm.File[field]) == 0 {
		return nil, nil
	}
	headers := r.MultipartForm.File[field]
	if len(headers) > maxEvidenceFiles {
		return nil, stdkb.Errorf(stdkb.EINVALID, "一项最多上传 %d 个佐证材料", maxEvidenceFiles)
	}
	var ids []uint64
	for _, fh := range headers {
		f, err := fh.Open()
		if err != nil {
			return ids, err
		}
		e, err := s.cfg.Store.PutEvidence(store.EvidenceUpload{Unit: unit, Name: fh.Filename, Content: f, Actor: actor})
		f.Close()
		if err != nil {
			return ids, err // the caller removes what was saved
		}
		ids = append(ids, e.ID)
	}
	return ids, nil
}

// uiEvidence serves a stored evidence file, addressed by its ID, as a download, never as a
// page. The store answers only for a file bound to this submission.
func (s *Server) uiEvidence(w http.ResponseWriter, r *http.Request) {
	v, _, err := s.submissionFor(r)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	id, err := strconv.ParseUint(chi.URLParam(r, "name"), 10, 64)
	if err != nil {
		s.uiError(w, r, stdkb.Errorf(stdkb.ENOTFOUND, "没有这份佐证材料"))
		return
	}
	e, data, err := s.cfg.Store.EvidenceFile(v.ID, id)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", `attachment; filename*=UTF-8''`+url.PathEscape(e.Name))
	w.Write(data)
}

// uiAssessView shows a submission: its report when submitted, the draft's score otherwise.
func (s *Server) uiAssessView(w http.ResponseWriter, r *http.Request) {
	v, u, err := s.submissionFor(r)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	rep, err := s.reportOf(v)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	versions, err := s.cfg.Store.SubmissionVersions(v.ID)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	s.page(w, r, http.StatusOK, "assess_view.html", v.Unit+" "+rep.Stage, map[string]any{
		"V": v, "R": rep, "Chart": template.HTML(evaluator.Chart(rep)), "Versions": versions, "CanReview": u.CanReview(),
	})
}

// reportOf returns the stored report of a submitted version, or evaluates a draft now.
func (s *Server) reportOf(v stdkb.SubmissionVersion) (*evaluator.Report, error) {
	if len(v.Report) > 0 {
		var rep evaluator.Report
		return &rep, json.Unmarshal(v.Report, &rep)
	}
	return s.evaluate(v.Body)
}

// evaluate parses a submission document and scores it against the current content and ledger.
func (s *Server) evaluate(body []byte) (*evaluator.Report, error) {
	lib := s.current().lib
	sub, err := evaluator.Parse(body, lib)
	if err != nil {
		return nil, err
	}
	ledger, err := s.ledger()
	if err != nil {
		return nil, err
	}
	return evaluator.Evaluate(sub, lib, ledger, s.cfg.Today())
}

// submit freezes the latest version of a submission with its report.
func (s *Server) submit(v stdkb.SubmissionVersion, by string) (stdkb.SubmissionVersion, error) {
	rep, err := s.reportOf(v)
	if err != nil {
		return v, err
	}
	b, err := json.Marshal(rep)
	if err != nil {
		return v, err
	}
	return s.cfg.Store.Submit(v.ID, b, by)
}

// sendReportXLSX answers with the version's report as an Excel workbook.
func (s *Server) sendReportXLSX(w http.ResponseWriter, v stdkb.SubmissionVersion) error {
	rep, err := s.reportOf(v)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := export.XLSX(&buf, "评估报告", evaluator.Rows(rep)); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="submission-%d-v%d.xlsx"`, v.ID, v.Version))
	_, err = w.Write(buf.Bytes())
	return err
}

func (s *Server) uiAssessSubmit(w http.ResponseWriter, r *http.Request) {
	v, u, err := s.submissionFor(r)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	if _, err := s.submit(v, u.Name); err != nil {
		s.uiError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/assess/%d", v.ID), http.StatusSeeOther)
}

func (s *Server) uiAssessReview(w http.ResponseWriter, r *http.Request) {
	v, u, err := s.submissionFor(r)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	if !u.CanReview() {
		s.page(w, r, http.StatusForbidden, "error.html", "无权操作", map[string]any{"Message": "只有评审人员可以给出评审结论。"})
		return
	}
	if _, err := s.cfg.Store.MarkReviewed(v.ID, v.Version, r.PostFormValue("conclusion"), u.Name, stdkb.SplitList(r.PostFormValue("panel"))...); err != nil {
		s.uiError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/assess/%d", v.ID), http.StatusSeeOther)
}

// uiAssessExport sends the report as an Excel workbook.
func (s *Server) uiAssessExport(w http.ResponseWriter, r *http.Request) {
	v, _, err := s.submissionFor(r)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	if err := s.sendReportXLSX(w, v); err != nil {
		s.uiError(w, r, err)
	}
}

// uiAssessCompare shows the latest reports of several submissions side by side.
func (s *Server) uiAssessCompare(w http.ResponseWriter, r *http.Request) {
	u, _ := currentUser(r)
	if !u.CanReview() {
		s.page(w, r, http.StatusForbidden, "error.html", "无权操作", map[string]any{"Message": "评审人员才能对比各单位的评估结果。"})
		return
	}
	subs, err := s.cfg.Store.Submissions("")
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	var reports []*evaluator.Report
	for _, v := range subs {
		if rep, err := s.reportOf(v); err == nil {
			reports = append(reports, rep)
		}
	}
	var rows [][]string
	if len(reports) > 0 {
		rows = evaluator.CompareRows(reports)
	}
	s.page(w, r, http.StatusOK, "assess_compare.html", "评估对比", map[string]any{"Rows": rows})
}
