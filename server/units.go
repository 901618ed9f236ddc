package server

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/go-chi/chi/v5"

	"stdkb"
	"stdkb/bundle"
	"stdkb/compile"
)

// unitView is a unit's standard system as the API and the UI show it.
type unitView struct {
	Unit      *stdkb.Unit          `json:"unit"`
	Documents []unitDocument       `json:"documents"`
	Framework []*stdkb.BranchCount `json:"framework"` // the framework tree with this unit's counts
	Gaps      []string             `json:"gaps"`
	Overlaps  [][2]string          `json:"overlaps"`
}

type unitDocument struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Number    string `json:"number,omitempty"`
	Owner     string `json:"owner,omitempty"`
	OwnerName string `json:"owner_name,omitempty"`
	Adopted   bool   `json:"adopted"`
	Sample    bool   `json:"sample"`
}

func (s *Server) unitView(key string) (*unitView, error) {
	lib := s.current().lib
	u, ok := lib.Unit(key)
	if !ok {
		return nil, stdkb.Errorf(stdkb.ENOTFOUND, "no unit %q", key)
	}
	sys := lib.SystemOf(u)
	v := &unitView{Unit: u, Documents: []unitDocument{}, Gaps: sys.Gaps, Overlaps: sys.Overlaps, Framework: lib.FrameworkTree(sys.Counts)}
	if v.Gaps == nil {
		v.Gaps = []string{}
	}
	if v.Overlaps == nil {
		v.Overlaps = [][2]string{}
	}
	for _, d := range sys.Documents {
		e := d.Latest()
		ud := unitDocument{ID: d.ID, Title: e.Title, Number: e.Number, Owner: e.Owner, Adopted: e.Owner != u.ID, Sample: e.Sample}
		if o, ok := lib.Unit(e.Owner); ok {
			ud.OwnerName = o.Name
		}
		v.Documents = append(v.Documents, ud)
	}
	return v, nil
}

func (s *Server) apiUnits(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"units": s.current().lib.Units})
}

func (s *Server) apiUnit(w http.ResponseWriter, r *http.Request) {
	v, err := s.unitView(chi.URLParam(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// unitBundle sends the unit's sharing bundle (see package bundle) as a download.
func (s *Server) unitBundle(w http.ResponseWriter, r *http.Request) {
	sn := s.current()
	u, ok := sn.lib.Unit(chi.URLParam(r, "id"))
	if !ok {
		s.fail(w, r, stdkb.Errorf(stdkb.ENOTFOUND, "no unit %q", chi.URLParam(r, "id")))
		return
	}
	var b bytes.Buffer
	if _, err := bundle.Export(&b, s.cfg.Content, sn.lib, u, "stdkb server", time.Now()); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/gzip")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", u.ID+"-bundle.tar.gz"))
	w.Write(b.Bytes())
}

// volumeRequest reads the parameters of a compiled volume; errors name the parameter.
func (s *Server) volumeRequest(q url.Values) (*compile.Volume, string, error) {
	lib := s.current().lib
	kind := q.Get("type")
	if kind == "" {
		kind = string(stdkb.KindRegulation)
	}
	if kind != string(stdkb.KindRegulation) && kind != string(stdkb.KindStandard) {
		return nil, "", stdkb.Errorf(stdkb.EINVALID, "type: %q is not regulation or standard", kind)
	}
	format := q.Get("format")
	if format == "" {
		format = "html"
	}
	if format != "html" && format != "docx" {
		return nil, "", stdkb.Errorf(stdkb.EINVALID, "format: %q is not html or docx", format)
	}
	day := s.cfg.Today()
	if a := q.Get("asof"); a != "" {
		d, err := stdkb.ParseDate(a)
		if err != nil {
			return nil, "", stdkb.Errorf(stdkb.EINVALID, "asof: %v", err)
		}
		day = d
	}
	var unit *stdkb.Unit
	if key := q.Get("unit"); key != "" {
		u, ok := lib.Unit(key)
		if !ok {
			return nil, "", stdkb.Errorf(stdkb.EINVALID, "unit: no unit %q", key)
		}
		unit = u
	}
	ledger, err := s.cfg.Store.CurrentReviews()
	if err != nil {
		return nil, "", err
	}
	return compile.Select(lib, stdkb.Kind(kind), unit, day, ledger), format, nil
}

// volume serves a compiled volume: HTML to print from the browser, or a Word download.
func (s *Server) volume(w http.ResponseWriter, r *http.Request) {
	v, format, err := s.volumeRequest(r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var b bytes.Buffer
	if format == "docx" {
		err = compile.DOCX(&b, v)
	} else {
		err = compile.HTML(&b, v)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if format == "docx" {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
		w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename*=UTF-8''%s", url.PathEscape(fmt.Sprintf("%s（%s）.docx", v.Title, v.AsOf))))
	} else {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		// The volume is a standalone print page: its paged-media CSS is inline.
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; frame-ancestors 'none'")
	}
	w.Write(b.Bytes())
}

func (s *Server) uiUnits(w http.ResponseWriter, r *http.Request) {
	key := chi.URLParam(r, "id")
	if key == "" {
		key = r.URL.Query().Get("unit")
	}
	data := map[string]any{"Units": s.current().lib.Units, "Today": s.cfg.Today()}
	title := "单位标准体系"
	if key != "" {
		v, err := s.unitView(key)
		if err != nil {
			s.uiError(w, r, err)
			return
		}
		gaps := map[string]bool{}
		for _, g := range v.Gaps {
			gaps[g] = true
		}
		data["View"], data["GapSet"] = v, gaps
		title = v.Unit.Name + "标准体系"
	}
	s.page(w, r, http.StatusOK, "units.html", title, data)
}
