package server

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
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
	s.page(w, r, http.StatusOK, "assess_list.html", "自评", map[string]any{"Checklists": cls, "Submissions": records(subs)})
}

// uiAssessForm shows a checklist as a form, filled from a stored draft when editing.
func (s *Server) uiAssessForm(w http.ResponseWriter, r *http.Request) {
	c := caller(r)
	data := map[string]any{"Unit": c.Unit, "From": "", "To": ""}
	var sub *kb.Submission
	checklistID := r.URL.Query().Get("checklist")
	if chi.URLParam(r, "id") != "" {
		id, err := submissionID(r)
		if err != nil {
			s.uiError(w, r, err)
			return
		}
		v, err := s.app.Submission(c, id)
		if err != nil {
			s.uiError(w, r, err)
			return
		}
		sub, checklistID = v.Submission, v.Checklist
		data["ID"], data["Unit"] = v.ID, v.Unit
		if sub != nil {
			data["From"], data["To"] = sub.Period.From.String(), sub.Period.To.String()
		}
	}
	cl, err := s.app.StartSubmission(c, checklistID)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	answers := map[string]kb.ItemResponse{}
	if sub != nil {
		for _, it := range sub.Items {
			answers[it.ID] = it
		}
	}
	extra, err := kb.InventoryYAML(sub)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	data["Checklist"], data["Answers"], data["Extra"] = cl, answers, extra
	s.page(w, r, http.StatusOK, "assess_form.html", cl.Title, data)
}

// maxFormMemory is how much of a multipart form is kept in memory; the rest goes to
// temporary files.
const maxFormMemory = 32 << 20

// uiAssessSave stores the form as a draft: a new submission or a new draft of an existing one.
func (s *Server) uiAssessSave(w http.ResponseWriter, r *http.Request) {
	form, err := readSubmissionForm(r)
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	id, err := s.app.SaveForm(caller(r), form)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/assess/%d", id), http.StatusSeeOther)
}

// readSubmissionForm reads the self-assessment form: fields item_ID, comment_ID and files
// evidence_ID per checklist item.
func readSubmissionForm(r *http.Request) (kb.SubmissionForm, error) {
	f := kb.SubmissionForm{Answers: map[string]string{}, Comments: map[string]string{}, Files: map[string][]kb.Upload{}}
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
	f.Checklist, f.Unit, f.From, f.To, f.Extra = r.FormValue("checklist"), r.FormValue("unit"), r.FormValue("from"), r.FormValue("to"), r.FormValue("extra")
	for key, vs := range r.Form {
		if id, ok := strings.CutPrefix(key, "item_"); ok && len(vs) > 0 {
			f.Answers[id] = vs[0]
		}
		if id, ok := strings.CutPrefix(key, "comment_"); ok && len(vs) > 0 {
			f.Comments[id] = vs[0]
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

// uiAssessView shows a submission: its report when submitted, the draft's score otherwise.
func (s *Server) uiAssessView(w http.ResponseWriter, r *http.Request) {
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
	s.page(w, r, http.StatusOK, "assess_view.html", v.Unit+" "+v.Report.Stage, map[string]any{
		"V": v.Stored, "R": v.Report, "Chart": kb.ReportChart(v.Report), "Versions": records(versions), "CanReview": c.CanReview(),
	})
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

func (s *Server) uiAssessSubmit(w http.ResponseWriter, r *http.Request) {
	s.uiSubmissionAction(func(r *http.Request, id uint64) error {
		_, err := s.app.Submit(caller(r), id)
		return err
	})(w, r)
}

func (s *Server) uiAssessReview(w http.ResponseWriter, r *http.Request) {
	s.uiSubmissionAction(func(r *http.Request, id uint64) error {
		_, err := s.app.ReviewSubmission(caller(r), id, 0, r.PostFormValue("conclusion"), stdkb.SplitList(r.PostFormValue("panel")))
		return err
	})(w, r)
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
	rows, err := s.app.CompareSubmissions(caller(r))
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	s.page(w, r, http.StatusOK, "assess_compare.html", "评估对比", map[string]any{"Rows": rows})
}
