package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"stdkb"

	"stdkb/kb"
)

func (s *Server) apiUnits(w http.ResponseWriter, r *http.Request) {
	units, err := s.app.Units(caller(r))
	respond(s, w, r, http.StatusOK, map[string]any{"units": units}, err)
}

func (s *Server) apiUnit(w http.ResponseWriter, r *http.Request) {
	v, err := s.app.Unit(caller(r), chi.URLParam(r, "id"))
	respond(s, w, r, http.StatusOK, v, err)
}

// unitBundle sends the unit's sharing bundle as a download.
func (s *Server) unitBundle(w http.ResponseWriter, r *http.Request) {
	f, err := s.app.Bundle(caller(r), chi.URLParam(r, "id"), "知识库网站")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sendFile(w, f)
}

// volume serves a compiled volume: HTML to print from the browser, or a Word download.
func (s *Server) volume(w http.ResponseWriter, r *http.Request) {
	f, err := s.compileVolume(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sendVolume(w, f)
}

// uiVolume is the 汇编 forms' target: the volume on success, otherwise the units page again with
// the error next to the form and the choices kept.
func (s *Server) uiVolume(w http.ResponseWriter, r *http.Request) {
	f, err := s.compileVolume(r)
	if err != nil {
		if s.timedOut(w, r, err) {
			return
		}
		err = s.classify(r, err)
		extra := map[string]any{"VolumeError": stdkb.ShownMessage(err), "VolumeForm": r.URL.Query()}
		s.unitsPage(w, r, r.URL.Query().Get("unit"), stdkb.HTTPStatus(stdkb.ErrorCode(err)), extra)
		return
	}
	sendVolume(w, f)
}

func (s *Server) compileVolume(r *http.Request) (kb.File, error) {
	q := r.URL.Query()
	f, _, err := s.app.Volume(r.Context(), caller(r), kb.VolumeRequest{Type: q.Get("type"), Unit: q.Get("unit"), AsOf: q.Get("asof"), Format: q.Get("format")})
	return f, err
}

func sendVolume(w http.ResponseWriter, f kb.File) {
	if f.Type == kb.TypeDOCX || f.Type == kb.TypePDF {
		sendFile(w, f)
		return
	}
	w.Header().Set("Content-Type", f.Type)
	// The volume is a standalone print page: its paged-media CSS is inline.
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; frame-ancestors 'none'")
	w.Write(f.Data)
}
