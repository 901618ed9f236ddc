package server

import (
	"net/http"
	"strconv"
	"strings"

	"stdkb"
	"stdkb/evaluator"
)

// Experts are personal data: only reviewers and admins see the pool or panel suggestions,
// and nothing about them enters the search index.

// apiReviewer answers 401 for anonymous calls and 403 for pilots.
func (s *Server) apiReviewer(next http.HandlerFunc) http.HandlerFunc {
	return s.apiUser(func(w http.ResponseWriter, r *http.Request) {
		if u, _ := currentUser(r); !u.CanReview() {
			writeError(w, r, http.StatusForbidden, "forbidden", "only reviewers and administrators see the expert pool", nil)
			return
		}
		next(w, r)
	})
}

// panelSuggestion is a proposed panel with its reasons.
type panelSuggestion struct {
	evaluator.PanelScope
	Panel     []stdkb.PanelChoice `json:"panel"`
	Uncovered []string            `json:"uncovered"`
	Excluded  []string            `json:"excluded"`
}

func (s *Server) suggestPanel(target, size string) (*panelSuggestion, error) {
	n := 5
	if size != "" {
		v, err := strconv.Atoi(size)
		if err != nil || v < 1 || v > 20 {
			return nil, stdkb.Errorf(stdkb.EINVALID, "n: want a panel size from 1 to 20, not %q", size)
		}
		n = v
	}
	if strings.TrimSpace(target) == "" {
		return nil, stdkb.Errorf(stdkb.EINVALID, "for: want a document id or a submission number")
	}
	lib := s.current().lib
	scope, err := evaluator.PanelTarget(lib, s.cfg.Store, target)
	if err != nil {
		return nil, err
	}
	pool, err := s.cfg.Store.Experts()
	if err != nil {
		return nil, err
	}
	out := &panelSuggestion{PanelScope: scope}
	out.Panel, out.Uncovered, out.Excluded = stdkb.SuggestPanel(pool, lib.Framework, scope.Branches, scope.Units, n)
	if out.Panel == nil {
		out.Panel = []stdkb.PanelChoice{}
	}
	if out.Uncovered == nil {
		out.Uncovered = []string{}
	}
	if out.Excluded == nil {
		out.Excluded = []string{}
	}
	return out, nil
}

func (s *Server) apiExperts(w http.ResponseWriter, r *http.Request) {
	pool, err := s.cfg.Store.Experts()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if pool == nil {
		pool = []stdkb.Expert{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"experts": pool})
}

func (s *Server) apiSuggestPanel(w http.ResponseWriter, r *http.Request) {
	out, err := s.suggestPanel(r.URL.Query().Get("for"), r.URL.Query().Get("n"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// uiExperts shows the pool and, given ?for=, a suggested panel; admins also get a form to add.
func (s *Server) uiExperts(w http.ResponseWriter, r *http.Request) {
	s.expertsPage(w, r, http.StatusOK, "")
}

func (s *Server) expertsPage(w http.ResponseWriter, r *http.Request, status int, message string) {
	pool, err := s.cfg.Store.Experts()
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	data := map[string]any{"Experts": pool, "Message": message, "For": r.URL.Query().Get("for"), "Form": r.PostForm}
	if target := r.URL.Query().Get("for"); target != "" {
		sug, err := s.suggestPanel(target, r.URL.Query().Get("n"))
		if err != nil {
			data["Message"] = err.Error()
			status = http.StatusBadRequest
			if stdkb.ErrorCode(err) == stdkb.ENOTFOUND {
				status = http.StatusNotFound
			}
		}
		data["Suggestion"] = sug
	}
	s.page(w, r, status, "experts.html", "专家库", data)
}

// uiAddExpert adds or replaces an expert from the admin form.
func (s *Server) uiAddExpert(w http.ResponseWriter, r *http.Request) {
	u, _ := currentUser(r)
	x := stdkb.Expert{ID: strings.TrimSpace(r.PostFormValue("id")), Name: strings.TrimSpace(r.PostFormValue("name")),
		Unit: strings.TrimSpace(r.PostFormValue("unit")), Title: strings.TrimSpace(r.PostFormValue("title")),
		Specialties: stdkb.SplitList(r.PostFormValue("specialties")), Conflicts: stdkb.SplitList(r.PostFormValue("conflicts"))}
	if err := x.Validate(s.current().lib.Framework); err != nil {
		s.expertsPage(w, r, http.StatusBadRequest, err.Error())
		return
	}
	if err := s.cfg.Store.PutExpert(x, u.Name); err != nil {
		s.uiError(w, r, err)
		return
	}
	http.Redirect(w, r, "/experts", http.StatusSeeOther)
}
