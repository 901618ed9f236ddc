package server

import (
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"os"

	"stdkb"
)

// apiError is the JSON body of every error response.
type apiError struct {
	Error struct {
		Code    string               `json:"code"`
		Message string               `json:"message"`
		Details []string             `json:"details,omitempty"`
		Fields  []stdkb.FieldProblem `json:"fields,omitempty"`
	} `json:"error"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func writeError(w http.ResponseWriter, status int, code, msg string, details []string) {
	var e apiError
	e.Error.Code, e.Error.Message, e.Error.Details = code, msg, details
	writeErrorBody(w, status, e)
}

func writeErrorBody(w http.ResponseWriter, status int, e apiError) {
	if e.Error.Code == stdkb.EBUSY {
		w.Header().Set("Retry-After", retryAfterBusy)
	}
	writeJSON(w, status, e)
}

// retryAfterBusy is the Retry-After (seconds) of a 503 for heavy work at its limit: long enough
// for a Word import or a form with evidence to finish.
const retryAfterBusy = "10"

// tooLarge is the error of a request body past the global limit.
var tooLarge = tooLargeError(MaxBodyBytes)

// tooLargeError is the error of a request body past a limit of n bytes.
func tooLargeError(n int64) error {
	if n < 1<<20 {
		return stdkb.Errorf(stdkb.ETOOLARGE, "请求内容超过 %d KiB。", n>>10)
	}
	return stdkb.Errorf(stdkb.ETOOLARGE, "请求内容超过 %d MiB。", n>>20)
}

// classify adds the transport's own errors to the error system and logs what users are not
// shown: internal errors with their whole chain.
func (s *Server) classify(r *http.Request, err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return tooLargeError(mbe.Limit)
	}
	if stdkb.ErrorCode(err) == stdkb.EINTERNAL {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	} else if errors.Unwrap(err) != nil {
		s.log.Info("request refused", "path", r.URL.Path, "code", stdkb.ErrorCode(err), "err", err)
	}
	return err
}

// timedOut reports whether err is a request body that stopped arriving: the server's read
// timeout ended it. Such a request is answered 408 and logged at info; it is the client's doing.
func (s *Server) timedOut(w http.ResponseWriter, r *http.Request, err error) bool {
	var ne net.Error
	if !errors.Is(err, os.ErrDeadlineExceeded) && !(errors.As(err, &ne) && ne.Timeout()) {
		return false
	}
	s.log.Info("request body too slow", "method", r.Method, "path", r.URL.Path, "remote", r.RemoteAddr)
	w.Header().Set("Connection", "close")
	writeError(w, http.StatusRequestTimeout, "timeout", "请求内容发送太慢，已超时，请重试。", nil)
	return true
}

// fail is the JSON API's renderer of errors.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if s.timedOut(w, r, err) {
		return
	}
	if clientGone(r) {
		s.closeQuietly(w, r)
		return
	}
	err = s.classify(r, err)
	var e apiError
	e.Error.Code, e.Error.Message = stdkb.ErrorCode(err), stdkb.ShownMessage(err)
	e.Error.Details, e.Error.Fields = stdkb.ShownDetails(err), stdkb.ShownFields(err)
	writeErrorBody(w, stdkb.HTTPStatus(e.Error.Code), e)
}

// uiError is the HTML UI's renderer of errors. Anonymous visitors asked to sign in are sent to
// the sign-in page.
func (s *Server) uiError(w http.ResponseWriter, r *http.Request, err error) {
	if s.timedOut(w, r, err) {
		return
	}
	if clientGone(r) {
		s.closeQuietly(w, r)
		return
	}
	err = s.classify(r, err)
	code := stdkb.ErrorCode(err)
	if code == stdkb.EUNAUTHORIZED && r.Method == http.MethodGet {
		redirectToLogin(w, r)
		return
	}
	titles := map[string]string{stdkb.EINVALID: "填写有误", stdkb.ENOTFOUND: "未找到", stdkb.ECONFLICT: "操作冲突",
		stdkb.EUNAUTHORIZED: "请先登录", stdkb.EFORBIDDEN: "无权操作", stdkb.ETOOLARGE: "内容过大",
		stdkb.EMEDIATYPE: "格式不受支持", stdkb.EBUSY: "服务器正忙"}
	if code == stdkb.EBUSY {
		w.Header().Set("Retry-After", retryAfterBusy)
	}
	title, ok := titles[code]
	if !ok {
		title = "出错了"
	}
	s.page(w, r, stdkb.HTTPStatus(code), "error.html", title, map[string]any{"Message": stdkb.ShownMessage(err), "Details": stdkb.ShownDetails(err)})
}
