package server

import (
	"context"
	"errors"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"

	"stdkb"
	"stdkb/kb"
)

// Request bodies are read through a trackedBody, so that an error answering a request can tell
// the client's doing (a body cut off, past its limit, too slow) from the server's.

type bodyKeyType struct{}

var bodyKey bodyKeyType

// trackedBody remembers the first error reading a request body other than its end.
type trackedBody struct {
	io.ReadCloser
	err error
}

func (b *trackedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF && b.err == nil {
		b.err = err
	}
	return n, err
}

// trackBody returns r reading its body through a trackedBody.
func trackBody(r *http.Request) *http.Request {
	tb := &trackedBody{ReadCloser: r.Body}
	r.Body = tb
	return r.WithContext(context.WithValue(r.Context(), bodyKey, tb))
}

// bodyError is the error reading r's body failed with, if any.
func bodyError(r *http.Request) error {
	if tb, ok := r.Context().Value(bodyKey).(*trackedBody); ok {
		return tb.err
	}
	return nil
}

// clientGone reports whether reading r's body failed because the client stopped sending it
// (closed the connection mid-body): not the server's fault, nothing to tell anyone.
func clientGone(r *http.Request) bool {
	err := bodyError(r)
	if err == nil {
		return false
	}
	var mbe *http.MaxBytesError
	var ne net.Error
	return !errors.As(err, &mbe) && !errors.Is(err, os.ErrDeadlineExceeded) && !(errors.As(err, &ne) && ne.Timeout())
}

// closeQuietly answers a request whose client went away mid-body: logged at info, the
// connection closed.
func (s *Server) closeQuietly(w http.ResponseWriter, r *http.Request) {
	s.log.Info("client closed the connection mid-body", "method", r.Method, "path", r.URL.Path, "remote", r.RemoteAddr, "err", bodyError(r))
	w.Header().Set("Connection", "close")
	w.WriteHeader(http.StatusBadRequest)
}

type formErrKeyType struct{}

var formErrKey formErrKeyType

// readForm parses a posted form before the CSRF check does, so that a form that cannot be read
// is answered for what it is — too large (413), malformed such as a NUL in a file name (400), cut
// off by the client (closed quietly) — rather than as a missing CSRF token. The error is kept
// in the context for csrf's failure handler and for refuseUnreadForm.
func (s *Server) readForm(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			next.ServeHTTP(w, r)
			return
		}
		var err error
		switch mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt {
		case "multipart/form-data":
			err = r.ParseMultipartForm(maxFormMemory)
			if r.MultipartForm != nil {
				defer r.MultipartForm.RemoveAll() // requests copied by middleware escape the server's cleanup
			}
		case "application/x-www-form-urlencoded":
			err = r.ParseForm()
		}
		if err != nil {
			if clientGone(r) {
				s.closeQuietly(w, r)
				return
			}
			r = r.WithContext(context.WithValue(r.Context(), formErrKey, err))
		}
		next.ServeHTTP(w, r)
	})
}

// refuseUnreadForm answers a form readForm could not read: the CSRF check refuses such forms
// (their token is unread) and this is its answer; it also guards the handlers behind the check.
func (s *Server) refuseUnreadForm(w http.ResponseWriter, r *http.Request) bool {
	err, _ := r.Context().Value(formErrKey).(error)
	if err == nil {
		return false
	}
	r = s.withCaller(r)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		s.formTooLarge(w, r, mbe.Limit)
		return true
	}
	s.log.Info("form refused", "path", r.URL.Path, "err", err)
	s.page(w, r, http.StatusBadRequest, "error.html", "填写有误", map[string]any{
		"Message": "表单无法读取（格式不正确，例如上传的文件名含有不允许的字符），未保存任何内容。请修改文件名后重新提交。",
		"Back":    backLink(r)})
	return true
}

// guardUnreadForm is refuseUnreadForm as a middleware, behind the CSRF check.
func (s *Server) guardUnreadForm(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.refuseUnreadForm(w, r) {
			next.ServeHTTP(w, r)
		}
	})
}

// formTooLarge answers a form past its limit. Its body was not read, so nothing typed can be
// shown again; the self-assessment form is shown as it was last saved (the draft named in its
// address, or a blank form for its checklist) with the message on it, other forms with the
// message and a link back, where browsers usually still hold what was typed.
func (s *Server) formTooLarge(w http.ResponseWriter, r *http.Request, limit int64) {
	w.Header().Set("Connection", "close")
	msg := stdkb.ErrorMessage(tooLargeError(limit)) + "本次填写的内容和上传的文件均未保存。"
	if r.URL.Path == "/assess/save" {
		if f, err := s.lastSavedForm(r); err == nil {
			problem := kb.FormProblem{Key: "form", Message: msg + "下面是最近保存的内容；请减少或压缩佐证文件（单个文件不超过 10 MiB）后重新填写提交，或用浏览器的“后退”找回刚才填写的内容。"}
			s.assessFormPage(w, r, http.StatusRequestEntityTooLarge, f, []kb.FormProblem{problem}, formExtras{unread: true})
			return
		}
	}
	s.page(w, r, http.StatusRequestEntityTooLarge, "error.html", "内容过大", map[string]any{
		"Message": msg + "请减少或压缩上传的文件后重新提交。", "Back": backLink(r)})
}

// lastSavedForm is the self-assessment form as last saved: the draft the form's address names
// (?id=), else a new form for its checklist (?checklist=).
func (s *Server) lastSavedForm(r *http.Request) (kb.SubmissionForm, error) {
	q := r.URL.Query()
	if v := q.Get("id"); v != "" {
		id, err := kb.ParseSubmissionID(v)
		if err != nil {
			return kb.SubmissionForm{}, err
		}
		return s.app.EditForm(caller(r), id)
	}
	return s.app.NewForm(caller(r), q.Get("checklist"))
}

// backLink is the local page the request came from, for a link back; "" if none.
func backLink(r *http.Request) string {
	ref := r.Referer()
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil || (u.Host != "" && u.Host != r.Host) {
		return ""
	}
	if p := localPath(u.RequestURI()); p != "/" || u.Path == "/" {
		return p
	}
	return ""
}
