package server

import (
	"errors"
	"net/http"
	"path"

	"stdkb"
)

const draftTitle = "由 Word 起草"

// uiDraftForm offers the upload of a Word file to draft a new standard or regulation.
func (s *Server) uiDraftForm(w http.ResponseWriter, r *http.Request) {
	if err := s.app.DraftAllowed(caller(r)); err != nil {
		s.uiError(w, r, err)
		return
	}
	s.page(w, r, http.StatusOK, "draft.html", draftTitle, map[string]any{"Kind": "standard"})
}

// uiDraft converts an uploaded .docx into a markdown edition and checks it against the current
// content, listing what is left to complete. Nothing is stored.
func (s *Server) uiDraft(w http.ResponseWriter, r *http.Request) {
	data := map[string]any{"Kind": "standard"}
	fail := func(err error) {
		if c := stdkb.ErrorCode(err); c != stdkb.EINVALID && c != stdkb.ETOOLARGE {
			s.uiError(w, r, err)
			return
		}
		data["Message"] = stdkb.ShownMessage(err)
		s.page(w, r, stdkb.HTTPStatus(stdkb.EINVALID), "draft.html", draftTitle, data)
	}
	if err := s.app.DraftAllowed(caller(r)); err != nil {
		s.uiError(w, r, err)
		return
	}
	if err := r.ParseMultipartForm(MaxBodyBytes); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			fail(stdkb.Errorf(stdkb.EINVALID, "文件超过 8 MiB。"))
			return
		}
		fail(stdkb.WrapError(stdkb.EINVALID, err, "表单无法读取。"))
		return
	}
	defer r.MultipartForm.RemoveAll()
	kind := stdkb.Kind(r.FormValue("kind"))
	data["Kind"] = string(kind)
	f, h, err := r.FormFile("file")
	if err != nil {
		fail(stdkb.Errorf(stdkb.EINVALID, "请选择一个 .docx 文件。"))
		return
	}
	defer f.Close()
	d, err := s.app.DraftFromWord(caller(r), f, h.Size, kind)
	if err != nil {
		if stdkb.ErrorCode(err) == stdkb.EINVALID {
			err = stdkb.WrapError(stdkb.EINVALID, err, "%s：%s", h.Filename, stdkb.ShownMessage(err))
		}
		fail(err)
		return
	}
	data["Result"], data["Path"], data["File"], data["Exists"], data["Problems"] = d.Result, d.Path, h.Filename, d.Exists, d.Problems
	s.page(w, r, http.StatusOK, "draft.html", draftTitle, data)
}

// uiDraftDownload sends the (possibly edited) draft back as a markdown file.
func (s *Server) uiDraftDownload(w http.ResponseWriter, r *http.Request) {
	if err := s.app.DraftAllowed(caller(r)); err != nil {
		s.uiError(w, r, err)
		return
	}
	name := path.Base(r.PostFormValue("path"))
	if name == "." || name == "/" || path.Ext(name) != ".md" {
		name = "draft.md"
	}
	w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
	w.Header().Set("Content-Disposition", attachment(name))
	w.Write([]byte(r.PostFormValue("markdown")))
}
