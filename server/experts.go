package server

import (
	"net/http"
	"net/url"
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
		return 0, stdkb.Errorf(stdkb.EINVALID, "专家组人数应为 1 到 20 的整数，而不是 %q。", v)
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
	c := caller(r)
	pool, err := s.app.Experts(c)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	units, err := s.app.Units(c)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	docs, err := s.app.Documents(c, string(stdkb.KindStandard), "")
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	var rows []expertRow
	for _, x := range pool {
		rows = append(rows, expertRow{Expert: x, Specialties: s.branchNames(x.Specialties), Conflicts: s.app.UnitNames(x.Conflicts)})
	}
	data := map[string]any{"Experts": rows, "Message": message, "Error": status >= 400, "For": r.URL.Query().Get("for"),
		"Form": r.PostForm, "Branches": s.branchOptions(), "Units": units, "Standards": docs,
		"Added": r.URL.Query().Get("added")}
	if r.URL.Query().Get("for") != "" {
		sug, err := s.suggestPanel(r)
		if err != nil {
			data["Message"], data["Error"] = stdkb.ShownMessage(err), true
			status = stdkb.HTTPStatus(stdkb.ErrorCode(err))
		}
		data["Suggestion"] = sug
	}
	s.page(w, r, status, "experts.html", "专家库", data)
}

// expertRow is an expert as the pool's table shows them: specialties and conflicts by name.
type expertRow struct {
	stdkb.Expert
	Specialties []string
	Conflicts   []string
}

// branchOption is a framework branch an administrator may pick as a specialty.
type branchOption struct {
	Code, Name string
	Depth      int
}

// branchOptions lists the "3+7N" framework's branches, parents before children.
func (s *Server) branchOptions() []branchOption {
	var out []branchOption
	s.app.Library().Framework.Walk(func(n *stdkb.FrameworkNode, depth int) {
		out = append(out, branchOption{n.Code, n.Name, depth})
	})
	return out
}

// branchNames names framework codes: B3 公务用车.
func (s *Server) branchNames(codes []string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = c
		if n, ok := s.app.Library().Framework.Node(c); ok {
			out[i] = c + " " + n.Name
		}
	}
	return out
}

// uiAddExpert adds an expert from the admin form, under a generated id; the form comes back
// with what was typed when it is refused.
func (s *Server) uiAddExpert(w http.ResponseWriter, r *http.Request) {
	f := r.PostForm
	x := stdkb.Expert{Name: strings.TrimSpace(f.Get("name")), Unit: strings.TrimSpace(f.Get("unit")),
		Title: strings.TrimSpace(f.Get("title")), Specialties: f["specialties"], Conflicts: f["conflicts"]}
	x, err := s.app.NewExpert(caller(r), x)
	if err != nil {
		s.refused(w, r, err, func(status int, msg string) { s.expertsPage(w, r, status, msg) })
		return
	}
	http.Redirect(w, r, "/experts?added="+url.QueryEscape(x.ID), http.StatusSeeOther)
}
