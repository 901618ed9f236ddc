package server

import (
	"io"
	"mime"
	"net/http"

	"github.com/go-chi/chi/v5"

	"stdkb"
	"stdkb/kb"
)

// submissionID reads the {id} of a submission route.
func submissionID(r *http.Request) (uint64, error) {
	return kb.ParseSubmissionID(chi.URLParam(r, "id"))
}

func (s *Server) apiSubmissions(w http.ResponseWriter, r *http.Request) {
	vs, err := s.app.Submissions(caller(r), r.URL.Query().Get("unit"))
	respond(s, w, r, http.StatusOK, vs, err)
}

// withID runs a use case on the submission the route names and renders its result.
func withID[T any](s *Server, status int, use func(r *http.Request, id uint64) (T, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := submissionID(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v, err := use(r, id)
		respond(s, w, r, status, v, err)
	}
}

// submissionJSON names a submission the API receives: its name makes the evaluator read it as
// strict JSON (one object, nothing after it, no duplicate or unknown field).
var submissionJSON = kb.ParseOptions{Name: "请求体.json"}

// submissionBody reads the body of a submission write. The API takes JSON only, declared as
// application/json: a body in another format, or in none declared, is refused with 415 before
// it is read (YAML files go through the command line or the web form). An anonymous request is
// left to the use case, which answers 401 whatever it sends.
func submissionBody(r *http.Request) ([]byte, error) {
	ct := r.Header.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); caller(r).SignedIn() && (err != nil || mt != "application/json") {
		if ct == "" {
			ct = "未声明"
		}
		return nil, stdkb.Errorf(stdkb.EMEDIATYPE, "自评材料须以 JSON 提交（Content-Type: application/json），本次请求的类型为“%s”。", ct)
	}
	return io.ReadAll(r.Body)
}

func (s *Server) apiCreateSubmission(w http.ResponseWriter, r *http.Request) {
	body, err := submissionBody(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.app.CreateSubmission(caller(r), submissionJSON, body)
	respond(s, w, r, http.StatusCreated, v, err)
}

func (s *Server) apiUpdateSubmission(r *http.Request, id uint64) (kb.SubmissionView, error) {
	body, err := submissionBody(r)
	if err != nil {
		return kb.SubmissionView{}, err
	}
	return s.app.UpdateSubmission(caller(r), id, submissionJSON, body)
}

// apiSubmissionReport sends the report as an xlsx workbook.
func (s *Server) apiSubmissionReport(w http.ResponseWriter, r *http.Request) {
	id, err := submissionID(r)
	if err == nil {
		var f kb.File
		if f, err = s.app.SubmissionReport(caller(r), id); err == nil {
			sendFile(w, f)
			return
		}
	}
	s.fail(w, r, err)
}

// submissionRoutes are the API's submission endpoints.
func (s *Server) submissionRoutes(r chi.Router) {
	write := s.apiWrite
	r.Get("/submissions", s.apiSubmissions)
	r.Method(http.MethodPost, "/submissions", write(s.apiCreateSubmission))
	r.Get("/submissions/{id}", withID(s, http.StatusOK, func(r *http.Request, id uint64) (kb.SubmissionView, error) {
		return s.app.Submission(caller(r), id)
	}))
	r.Method(http.MethodPut, "/submissions/{id}", write(withID(s, http.StatusOK, s.apiUpdateSubmission)))
	r.Method(http.MethodPost, "/submissions/{id}/submit", write(withID(s, http.StatusOK, func(r *http.Request, id uint64) (kb.SubmissionView, error) {
		return s.app.Submit(caller(r), id)
	})))
	r.Get("/submissions/{id}/versions", withID(s, http.StatusOK, func(r *http.Request, id uint64) ([]kb.SubmissionView, error) {
		return s.app.SubmissionVersions(caller(r), id)
	}))
	r.Get("/submissions/{id}/report.xlsx", s.apiSubmissionReport)
}
