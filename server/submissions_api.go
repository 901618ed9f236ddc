package server

import (
	"encoding/json"
	"io"
	"net/http"

	"github.com/go-chi/chi/v5"

	"stdkb"
	"stdkb/evaluator"
)

// submissionView is a stored submission version as the API shows it: the document as JSON and
// the report (stored for submitted versions, computed now for drafts).
type submissionView struct {
	ID         uint64                `json:"id"`
	Version    int                   `json:"version"`
	Unit       string                `json:"unit"`
	Checklist  string                `json:"checklist"`
	State      string                `json:"state"`
	Review     string                `json:"review,omitempty"`
	Panel      []string              `json:"panel,omitempty"`
	UpdatedBy  string                `json:"updated_by"`
	UpdatedAt  string                `json:"updated_at"`
	Submission *evaluator.Submission `json:"submission,omitempty"`
	Report     *evaluator.Report     `json:"report,omitempty"`
}

// view builds the API form of a version; withReport adds the submission and its report.
func (s *Server) view(v stdkb.SubmissionVersion, withReport bool) (submissionView, error) {
	out := submissionView{ID: v.ID, Version: v.Version, Unit: v.Unit, Checklist: v.Checklist, State: v.State,
		Review: v.Review, Panel: v.Panel, UpdatedBy: v.UpdatedBy, UpdatedAt: v.UpdatedAt.UTC().Format("2006-01-02T15:04:05Z")}
	if !withReport {
		return out, nil
	}
	if sub, err := evaluator.Decode(v.Body); err == nil {
		out.Submission = sub
	}
	rep, err := s.reportOf(v)
	if err != nil {
		return out, err
	}
	out.Report = rep
	return out, nil
}

// apiUser answers 401 for anonymous API calls that need a user.
func (s *Server) apiUser(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, ok := currentUser(r); !ok {
			writeError(w, r, http.StatusUnauthorized, "unauthorized", "sign in first", nil)
			return
		}
		next(w, r)
	}
}

func (s *Server) apiSubmissions(w http.ResponseWriter, r *http.Request) {
	u, _ := currentUser(r)
	unit := r.URL.Query().Get("unit")
	if u.Role == stdkb.RolePilot {
		unit = u.Unit
	}
	vs, err := s.cfg.Store.Submissions(unit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := []submissionView{}
	for _, v := range vs {
		view, _ := s.view(v, false)
		out = append(out, view)
	}
	writeJSON(w, http.StatusOK, out)
}

// readSubmissionBody parses a submission (YAML or JSON) and checks the caller may speak for its
// unit; it returns the submission as JSON, the form stored.
func (s *Server) readSubmissionBody(r *http.Request) (*evaluator.Submission, []byte, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, nil, err
	}
	sub, err := evaluator.Parse(body, s.current().lib)
	if err != nil {
		return nil, nil, err
	}
	if u, _ := currentUser(r); !u.CanSeeUnit(sub.Unit) {
		return nil, nil, stdkb.Errorf(stdkb.EINVALID, "unit %q: a pilot submits for its own unit, %s", sub.Unit, u.Unit)
	}
	stored, err := json.Marshal(sub)
	return sub, stored, err
}

func (s *Server) apiCreateSubmission(w http.ResponseWriter, r *http.Request) {
	sub, body, err := s.readSubmissionBody(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, _ := currentUser(r)
	v, err := s.cfg.Store.CreateSubmission(sub.Unit, sub.Checklist, body, u.Name)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeView(w, r, http.StatusCreated, v)
}

func (s *Server) apiUpdateSubmission(w http.ResponseWriter, r *http.Request) {
	cur, u, err := s.submissionFor(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sub, body, err := s.readSubmissionBody(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if sub.Unit != cur.Unit || sub.Checklist != cur.Checklist {
		s.fail(w, r, stdkb.Errorf(stdkb.EINVALID, "submission %d is %s's %s; this one is %s's %s", cur.ID, cur.Unit, cur.Checklist, sub.Unit, sub.Checklist))
		return
	}
	v, err := s.cfg.Store.SaveDraft(cur.ID, body, u.Name)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeView(w, r, http.StatusOK, v)
}

func (s *Server) apiSubmitSubmission(w http.ResponseWriter, r *http.Request) {
	cur, u, err := s.submissionFor(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.submit(cur, u.Name)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeView(w, r, http.StatusOK, v)
}

func (s *Server) apiSubmission(w http.ResponseWriter, r *http.Request) {
	v, _, err := s.submissionFor(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeView(w, r, http.StatusOK, v)
}

func (s *Server) apiSubmissionVersions(w http.ResponseWriter, r *http.Request) {
	v, _, err := s.submissionFor(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	vs, err := s.cfg.Store.SubmissionVersions(v.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := []submissionView{}
	for _, x := range vs {
		view, _ := s.view(x, false)
		out = append(out, view)
	}
	writeJSON(w, http.StatusOK, out)
}

// apiSubmissionReport sends the report as an xlsx workbook.
func (s *Server) apiSubmissionReport(w http.ResponseWriter, r *http.Request) {
	v, _, err := s.submissionFor(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.sendReportXLSX(w, v); err != nil {
		s.fail(w, r, err)
	}
}

func (s *Server) writeView(w http.ResponseWriter, r *http.Request, status int, v stdkb.SubmissionVersion) {
	view, err := s.view(v, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, status, view)
}

// submissionRoutes are the API's submission endpoints. Writes use the session cookie, so they
// refuse cross-origin browser requests (net/http's CrossOriginProtection); clients that are not
// browsers are unaffected.
func (s *Server) submissionRoutes(r chi.Router) {
	cop := http.NewCrossOriginProtection()
	write := func(h http.HandlerFunc) http.HandlerFunc {
		return s.apiUser(cop.Handler(h).ServeHTTP)
	}
	r.Get("/submissions", s.apiUser(s.apiSubmissions))
	r.Post("/submissions", write(s.apiCreateSubmission))
	r.Get("/submissions/{id}", s.apiUser(s.apiSubmission))
	r.Put("/submissions/{id}", write(s.apiUpdateSubmission))
	r.Post("/submissions/{id}/submit", write(s.apiSubmitSubmission))
	r.Get("/submissions/{id}/versions", s.apiUser(s.apiSubmissionVersions))
	r.Get("/submissions/{id}/report.xlsx", s.apiUser(s.apiSubmissionReport))
}
