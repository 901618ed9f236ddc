package server

import (
	"net/http"
	"strconv"
	"strings"

	"stdkb"
	"stdkb/kb"
)

// panelSize reads ?n=, the panel size (default 5).
func panelSize(r *http.Request) (int, error) {
	v := r.URL.Query().Get("n")
	if v == "" {
		return 5, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, stdkb.Errorf(stdkb.EINVALID, "n：专家组人数应为 1 到 20 的整数，而不是 %q。", v)
	}
	return n, nil
}

func (s *Server) suggestPanel(r *http.Request) (*kb.PanelSuggestion, error) {
	n, err := panelSize(r)
	if err != nil {
		return nil, err
	}
	return s.app.SuggestPanel(caller(r), r.URL.Query().Get("for"), n)
}

func (s *Server) apiExperts(w http.ResponseWriter, r *http.Request) {
	pool, err := s.app.Experts(caller(r))
	respond(s, w, r, http.StatusOK, map[string]any{"experts": pool}, err)
}

func (s *Server) apiSuggestPanel(w http.ResponseWriter, r *http.Request) {
	out, err := s.suggestPanel(r)
	respond(s, w, r, http.StatusOK, out, err)
}

// uiExperts shows the pool and, given ?for=, a suggested panel; admins also get a form to add.
func (s *Server) uiExperts(w http.ResponseWriter, r *http.Request) {
	s.expertsPage(w, r, http.StatusOK, "")
}

func (s *Server) expertsPage(w http.ResponseWriter, r *http.Request, status int, message string) {
	pool, err := s.app.Experts(caller(r))
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	data := map[string]any{"Experts": pool, "Message": message, "For": r.URL.Query().Get("for"), "Form": r.PostForm}
	if r.URL.Query().Get("for") != "" {
		sug, err := s.suggestPanel(r)
		if err != nil {
			data["Message"] = stdkb.ErrorMessage(err)
			status = stdkb.HTTPStatus(stdkb.ErrorCode(err))
		}
		data["Suggestion"] = sug
	}
	s.page(w, r, status, "experts.html", "专家库", data)
}

// uiAddExpert adds or replaces an expert from the admin form.
func (s *Server) uiAddExpert(w http.ResponseWriter, r *http.Request) {
	x := stdkb.Expert{ID: strings.TrimSpace(r.PostFormValue("id")), Name: strings.TrimSpace(r.PostFormValue("name")),
		Unit: strings.TrimSpace(r.PostFormValue("unit")), Title: strings.TrimSpace(r.PostFormValue("title")),
		Specialties: stdkb.SplitList(r.PostFormValue("specialties")), Conflicts: stdkb.SplitList(r.PostFormValue("conflicts"))}
	if err := s.app.AddExpert(caller(r), x); err != nil {
		if stdkb.ErrorCode(err) == stdkb.EINVALID {
			s.expertsPage(w, r, http.StatusBadRequest, stdkb.ErrorMessage(err))
			return
		}
		s.uiError(w, r, err)
		return
	}
	http.Redirect(w, r, "/experts", http.StatusSeeOther)
}
