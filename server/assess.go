package server

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"stdkb"
	"stdkb/kb"
)

// records are the stored versions behind views, as the pages show them.
func records(vs []kb.SubmissionView) []stdkb.SubmissionVersion {
	out := make([]stdkb.SubmissionVersion, len(vs))
	for i, v := range vs {
		out[i] = v.Stored
	}
	return out
}

func (s *Server) uiAssessList(w http.ResponseWriter, r *http.Request) {
	subs, err := s.app.Submissions(caller(r), "")
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	cls, err := s.app.Checklists(caller(r))
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	units, err := s.app.Units(caller(r))
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	// Submissions name their checklist and unit by id; the page shows title and name.
	titles := make(map[string]string, len(cls))
	for _, cl := range cls {
		titles[cl.ID] = cl.Title
	}
	s.page(w, r, http.StatusOK, "assess_list.html", "自评",
		map[string]any{"Checklists": cls, "Submissions": records(subs), "ChecklistTitles": titles, "Units": units})
}

// uiAssessForm shows a checklist as a form: empty, or filled from a stored draft when editing.
func (s *Server) uiAssessForm(w http.ResponseWriter, r *http.Request) {
	c := caller(r)
	var f kb.SubmissionForm
	var err error
	if chi.URLParam(r, "id") != "" {
		var id uint64
		if id, err = submissionID(r); err == nil {
			f, err = s.app.EditForm(c, id)
		}
	} else if cl := r.URL.Query().Get("checklist"); cl != "" {
		f, err = s.app.NewForm(c, cl)
	} else {
		// No checklist chosen (an address typed or cut short): the list of checklists is where
		// one is chosen.
		http.Redirect(w, r, "/assess", http.StatusSeeOther)
		return
	}
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	s.assessFormPage(w, r, http.StatusOK, f, nil, formExtras{})
}

// formExtras says how many blank rows to add to each table of the form, and whether the form
// is shown after its post could not be read (nothing of it kept).
type formExtras struct {
	standards, campaigns, indicators int
	unread                           bool
}

// blankRows is how many empty rows each table offers without JavaScript.
const blankRows = 2

// assessFormPage renders the form with its problems, ending each table with blank rows.
func (s *Server) assessFormPage(w http.ResponseWriter, r *http.Request, status int, f kb.SubmissionForm, problems []kb.FormProblem, more formExtras) {
	f.Standards = padRows(f.Standards, kb.StandardRow.Blank, kb.StandardRow{Applicable: true}, more.standards)
	f.Campaigns = padRows(f.Campaigns, kb.CampaignRow.Blank, kb.CampaignRow{Kind: "宣传贯彻"}, more.campaigns)
	f.Indicators = padRows(f.Indicators, kb.IndicatorRow.Blank, kb.IndicatorRow{}, more.indicators)
	p, err := s.app.FormPageOf(caller(r), f, problems)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	s.page(w, r, status, "assess_form.html", p.Checklist.Title, map[string]any{"P": p, "F": p.Form, "Unread": more.unread})
}

// padRows drops the blank rows at the end of a table and adds as many as were there (at least
// blankRows) plus more.
func padRows[T any](rows []T, blank func(T) bool, empty T, more int) []T {
	n := 0
	for len(rows) > 0 && blank(rows[len(rows)-1]) {
		rows, n = rows[:len(rows)-1], n+1
	}
	for i := 0; i < max(n, blankRows)+more; i++ {
		rows = append(rows, empty)
	}
	return rows
}

// maxFormMemory is how much of a multipart form is kept in memory; the rest goes to
// temporary files.
const maxFormMemory = 32 << 20

// uiAssessSave handles the form's buttons: save the draft (the default), add rows, add the
// unit's system standards, import the tables from Excel or export them. Every path but a
// successful save shows the form again with everything typed and uploaded kept.
func (s *Server) uiAssessSave(w http.ResponseWriter, r *http.Request) {
	form, err := readSubmissionForm(r)
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	c := caller(r)
	action := r.FormValue("action")
	if action == "" || action == "save" {
		id, err := s.app.SaveForm(c, form)
		var fe *kb.FormError
		if errors.As(err, &fe) {
			s.assessFormPage(w, r, http.StatusBadRequest, fe.Form, fe.Problems, formExtras{})
			return
		}
		if s.busyForm(w, r, form, err) {
			return
		}
		if err != nil {
			s.uiError(w, r, err)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/assess/%d?saved=1", id), http.StatusSeeOther)
		return
	}
	if action == "export" {
		f, err := s.app.InventoryWorkbook(c, form)
		if err != nil {
			s.uiError(w, r, err)
			return
		}
		sendFile(w, f)
		return
	}
	form, problems, err := s.app.KeepUploads(c, form)
	if s.busyForm(w, r, form, err) {
		return
	}
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	var more formExtras
	switch action {
	case "add-standard":
		more.standards = 1
	case "add-campaign":
		more.campaigns = 1
	case "add-indicator":
		more.indicators = 1
	case "add-system":
		form = s.app.AddSystemStandards(c, form)
	case "import":
		form, problems = s.importInventory(r, form, problems)
	}
	s.assessFormPage(w, r, http.StatusOK, form, problems, more)
}

// busyForm shows the form again, everything typed kept, when the server was too busy to take
// it (EBUSY); the files chosen were not stored and must be chosen again.
func (s *Server) busyForm(w http.ResponseWriter, r *http.Request, form kb.SubmissionForm, err error) bool {
	if stdkb.ErrorCode(err) != stdkb.EBUSY {
		return false
	}
	form.Files = nil
	w.Header().Set("Retry-After", retryAfterBusy)
	msg := stdkb.ShownMessage(err) + "填写的内容已保留；所选的佐证文件未保存，请稍后重新选择并保存。"
	s.assessFormPage(w, r, http.StatusServiceUnavailable, form, []kb.FormProblem{{Key: "form", Message: msg}}, formExtras{})
	return true
}

// importInventory replaces the form's tables with the uploaded workbook's.
func (s *Server) importInventory(r *http.Request, f kb.SubmissionForm, problems []kb.FormProblem) (kb.SubmissionForm, []kb.FormProblem) {
	file, _, err := r.FormFile("inventory_xlsx")
	if err != nil {
		return f, append(problems, kb.FormProblem{Key: "import", Message: "请先选择要导入的 Excel 文件。"})
	}
	defer file.Close()
	imported, unread, err := s.app.ImportInventory(caller(r), f, file)
	if err != nil {
		return f, append(problems, kb.FormProblem{Key: "import", Message: stdkb.ShownMessage(err)})
	}
	return imported, append(problems, unread...)
}

// readSubmissionForm reads the self-assessment form: per checklist item the fields item_ID,
// comment_ID, keep_ID (evidence kept) and files evidence_ID; the tables' rows as
// standard-N-field, campaign-N-field and indicator-N-field, with their counts.
func readSubmissionForm(r *http.Request) (kb.SubmissionForm, error) {
	f := kb.SubmissionForm{Answers: map[string]string{}, Comments: map[string]string{}, Evidence: map[string][]string{}, Files: map[string][]kb.Upload{}}
	if err := r.ParseMultipartForm(maxFormMemory); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return f, tooLargeError(mbe.Limit)
		}
		return f, stdkb.WrapError(stdkb.EINVALID, err, "表单无法读取。")
	}
	if v := r.FormValue("id"); v != "" {
		id, err := kb.ParseSubmissionID(v)
		if err != nil {
			return f, err
		}
		f.ID = id
	}
	f.Checklist, f.Unit, f.From, f.To = r.FormValue("checklist"), r.FormValue("unit"), r.FormValue("from"), r.FormValue("to")
	for key, vs := range r.Form {
		if id, ok := strings.CutPrefix(key, "item_"); ok && len(vs) > 0 {
			f.Answers[id] = vs[0]
		}
		if id, ok := strings.CutPrefix(key, "comment_"); ok && len(vs) > 0 {
			f.Comments[id] = vs[0]
		}
		if id, ok := strings.CutPrefix(key, "keep_"); ok {
			f.Evidence[id] = vs
		}
	}
	if r.MultipartForm != nil {
		for key, headers := range r.MultipartForm.File {
			if id, ok := strings.CutPrefix(key, "evidence_"); ok {
				for _, h := range headers {
					f.Files[id] = append(f.Files[id], upload(h))
				}
			}
		}
	}
	form := r.Form
	row := func(table string, i int, field string) string {
		return form.Get(fmt.Sprintf("%s-%d-%s", table, i, field))
	}
	rows := func(table string) int {
		n, _ := strconv.Atoi(form.Get(table + "_count"))
		return min(max(n, 0), kb.MaxFormRows)
	}
	for i := 0; i < rows("standard"); i++ {
		if row("standard", i, "delete") != "" {
			continue
		}
		x := kb.StandardRow{Doc: row("standard", i, "doc"), Number: row("standard", i, "number"), Title: row("standard", i, "title"),
			Level: row("standard", i, "level"), Framework: row("standard", i, "framework"), Applicable: row("standard", i, "applicable") != "",
			Implemented: row("standard", i, "implemented") != "", Publicity: row("standard", i, "publicity"), Effective: row("standard", i, "effective"),
			Reviews: form[fmt.Sprintf("standard-%d-review", i)]}
		reports := form[fmt.Sprintf("standard-%d-report", i)]
		for j, d := range form[fmt.Sprintf("standard-%d-evaluation", i)] {
			e := kb.EvaluationRow{Date: d}
			if j < len(reports) {
				e.Report = reports[j]
			}
			x.Evaluations = append(x.Evaluations, e)
		}
		f.Standards = append(f.Standards, x)
	}
	for i := 0; i < rows("campaign"); i++ {
		if row("campaign", i, "delete") == "" {
			f.Campaigns = append(f.Campaigns, kb.CampaignRow{Date: row("campaign", i, "date"), Kind: row("campaign", i, "kind"),
				Title: row("campaign", i, "title"), Standards: row("campaign", i, "standards")})
		}
	}
	for i := 0; i < rows("indicator"); i++ {
		if row("indicator", i, "delete") == "" {
			f.Indicators = append(f.Indicators, kb.IndicatorRow{Indicator: row("indicator", i, "indicator"), Year: row("indicator", i, "year"),
				Value: row("indicator", i, "value"), Baseline: row("indicator", i, "baseline") != ""})
		}
	}
	return f, nil
}

func upload(h *multipart.FileHeader) kb.Upload {
	return kb.Upload{Name: h.Filename, Size: h.Size, Open: func() (io.ReadCloser, error) { return h.Open() }}
}

// uiEvidence serves a stored evidence file, addressed by its ID, as a download, never as a
// page.
func (s *Server) uiEvidence(w http.ResponseWriter, r *http.Request) {
	id, err := submissionID(r)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	e, data, err := s.app.Evidence(caller(r), id, chi.URLParam(r, "name"))
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", attachment(e.Name))
	w.Write(data)
}

// uiAssessView shows a submission: its report when submitted, the draft's score otherwise,
// with every figure explained and the evidence files linked.
func (s *Server) uiAssessView(w http.ResponseWriter, r *http.Request) {
	s.assessReportPage(w, r, "assess_view.html", http.StatusOK, nil)
}

// uiAssessConfirm asks the pilot to confirm before submitting, showing what will be frozen.
func (s *Server) uiAssessConfirm(w http.ResponseWriter, r *http.Request) {
	s.assessReportPage(w, r, "assess_confirm.html", http.StatusOK, nil)
}

// assessReportPage renders a submission's page with extra data, such as a refused review form.
func (s *Server) assessReportPage(w http.ResponseWriter, r *http.Request, tmpl string, status int, extra map[string]any) {
	id, err := submissionID(r)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	c := caller(r)
	v, err := s.app.Submission(c, id)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	versions, err := s.app.SubmissionVersions(c, id)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	files, err := s.app.SubmissionEvidence(c, id)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	var pool []stdkb.Expert
	names := map[string]string{}
	if c.CanReview() {
		if pool, err = s.app.Experts(c); err != nil {
			s.uiError(w, r, err)
			return
		}
		for _, x := range pool {
			names[x.ID] = x.Name
		}
	}
	title := v.Report.UnitName + " " + v.Report.Stage
	if tmpl == "assess_confirm.html" {
		title = "确认提交：" + title
	}
	data := map[string]any{
		"V": v.Stored, "R": v.Report, "RV": kb.ReportViewOf(v.Report, v.Submission, files), "Chart": kb.ReportChart(v.Report),
		"Versions": records(versions), "CanReview": c.CanReview(), "CanEdit": c.CanEditSubmissions(),
		"Pool": pool, "Experts": names,
		"Saved": r.URL.Query().Get("saved") != "", "Submitted": r.URL.Query().Get("submitted") != "",
		"Reviewed": r.URL.Query().Get("reviewed") != "",
	}
	for k, v := range extra {
		data[k] = v
	}
	s.page(w, r, status, tmpl, title, data)
}

// uiSubmissionAction runs a use case on the submission in the URL and returns to its page.
func (s *Server) uiSubmissionAction(use func(r *http.Request, id uint64) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := submissionID(r)
		if err == nil {
			err = use(r, id)
		}
		if err != nil {
			s.uiError(w, r, err)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/assess/%d", id), http.StatusSeeOther)
	}
}

// uiAssessSubmit freezes the submission once the pilot has confirmed on the confirmation page;
// a submit without that confirmation goes to the page.
func (s *Server) uiAssessSubmit(w http.ResponseWriter, r *http.Request) {
	id, err := submissionID(r)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	if r.PostFormValue("confirm") != "yes" {
		http.Redirect(w, r, fmt.Sprintf("/assess/%d/confirm", id), http.StatusSeeOther)
		return
	}
	if _, err := s.app.Submit(caller(r), id); err != nil {
		s.uiError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/assess/%d?submitted=1", id), http.StatusSeeOther)
}

// uiAssessReview records a review's conclusion; a refused one (a conclusion missing, a
// conflicted expert without a reason) shows the page again with the message by the form and
// what was typed kept.
func (s *Server) uiAssessReview(w http.ResponseWriter, r *http.Request) {
	id, err := submissionID(r)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	_, err = s.app.ReviewSubmission(caller(r), id, 0, stdkb.SubmissionReview{Conclusion: r.PostFormValue("conclusion"),
		Panel: panelField(r), PanelOverride: r.PostFormValue("override")})
	switch {
	case stdkb.ErrorCode(err) == stdkb.EINVALID:
		extra := map[string]any{"ReviewError": stdkb.ShownMessage(err), "ReviewForm": r.PostForm}
		s.assessReportPage(w, r, "assess_view.html", http.StatusBadRequest, extra)
	case err != nil:
		s.uiError(w, r, err)
	default:
		http.Redirect(w, r, fmt.Sprintf("/assess/%d?reviewed=1", id), http.StatusSeeOther)
	}
}

// uiAssessExport sends the report as an Excel workbook.
func (s *Server) uiAssessExport(w http.ResponseWriter, r *http.Request) {
	id, err := submissionID(r)
	if err == nil {
		var f kb.File
		if f, err = s.app.SubmissionReport(caller(r), id); err == nil {
			sendFile(w, f)
			return
		}
	}
	s.uiError(w, r, err)
}

// uiAssessCompare shows the latest reports of several submissions side by side.
func (s *Server) uiAssessCompare(w http.ResponseWriter, r *http.Request) {
	cmp, err := s.app.CompareSubmissions(caller(r))
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	s.page(w, r, http.StatusOK, "assess_compare.html", "评估对比", map[string]any{"C": cmp})
}

// uiAssessSample shows the report of one of the content's sample submissions.
func (s *Server) uiAssessSample(w http.ResponseWriter, r *http.Request) {
	c := caller(r)
	rep, err := s.app.SampleReport(c, chi.URLParam(r, "name"))
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	s.page(w, r, http.StatusOK, "assess_sample.html", rep.UnitName+" "+rep.Stage+"（示例）", map[string]any{
		"R": rep, "RV": kb.ReportViewOf(rep, nil, nil), "Chart": kb.ReportChart(rep), "CanReview": c.CanReview(),
	})
}

// submissionStates are a submission version's states as pilots and reviewers read them.
var submissionStates = map[string]string{
	stdkb.SubmissionDraft: "草稿", stdkb.SubmissionSubmitted: "已提交", stdkb.SubmissionReviewed: "已评审",
}
