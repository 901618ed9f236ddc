package server

import (
	"errors"
	"io/fs"
	"net/http"
	"net/url"
	"path"

	"stdkb"
	"stdkb/content"
	"stdkb/wordimport"
)

// uiDraftForm offers the upload of a Word file to draft a new standard or regulation.
func (s *Server) uiDraftForm(w http.ResponseWriter, r *http.Request) {
	s.page(w, r, http.StatusOK, "draft.html", "由 Word 起草", map[string]any{"Kind": "standard"})
}

// uiDraft converts an uploaded .docx into a markdown edition and checks it against the current
// content, listing what is left to complete. Nothing is stored: content changes go through the
// content directory and a reload, where they are reviewed.
func (s *Server) uiDraft(w http.ResponseWriter, r *http.Request) {
	data := map[string]any{"Kind": "standard"}
	fail := func(msg string) {
		data["Message"] = msg
		s.page(w, r, http.StatusBadRequest, "draft.html", "由 Word 起草", data)
	}
	if err := r.ParseMultipartForm(MaxBodyBytes); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			fail("文件超过 8 MiB。")
			return
		}
		fail("表单无法读取：" + err.Error())
		return
	}
	defer r.MultipartForm.RemoveAll()
	kind := stdkb.Kind(r.FormValue("kind"))
	if kind != stdkb.KindStandard && kind != stdkb.KindRegulation {
		fail("类别应为标准或规章制度。")
		return
	}
	data["Kind"] = string(kind)
	f, h, err := r.FormFile("file")
	if err != nil {
		fail("请选择一个 .docx 文件。")
		return
	}
	defer f.Close()
	res, err := wordimport.Convert(f, h.Size, kind)
	if err != nil {
		fail(h.Filename + "：" + err.Error())
		return
	}
	target := path.Join(string(kind)+"s", res.DocID, res.Edition+".md")
	data["Result"], data["Path"], data["File"] = res, target, h.Filename
	if _, err := fs.Stat(s.cfg.Content, target); err == nil {
		data["Exists"] = true
	}
	var problems stdkb.Problems
	if _, err := content.LoadWith(s.cfg.Content, map[string][]byte{target: []byte(res.Markdown)}); err != nil {
		if !errors.As(err, &problems) {
			s.uiError(w, r, err)
			return
		}
	}
	data["Problems"] = problems
	s.page(w, r, http.StatusOK, "draft.html", "由 Word 起草", data)
}

// uiDraftDownload sends the (possibly edited) draft back as a markdown file.
func (s *Server) uiDraftDownload(w http.ResponseWriter, r *http.Request) {
	name := path.Base(r.PostFormValue("path"))
	if name == "." || name == "/" || path.Ext(name) != ".md" {
		name = "draft.md"
	}
	w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	w.Write([]byte(r.PostFormValue("markdown")))
}
