package server

import (
	"bytes"
	"html"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"stdkb/kb/kbtest"
)

// signedInClient signs name in on ts and returns its client (cookies kept, redirects not
// followed) and a CSRF token of its session.
func signedInClient(t *testing.T, ts *httptest.Server, name string) (*http.Client, string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	csrf := func() string {
		res, err := c.Get(ts.URL + "/login")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		m := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindSubmatch(b)
		if m == nil {
			t.Fatal("no CSRF token on the sign-in page")
		}
		return html.UnescapeString(string(m[1]))
	}
	form := url.Values{"csrf_token": {csrf()}, "name": {name}, "password": {kbtest.Password}}
	req, _ := http.NewRequest("POST", ts.URL+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", ts.URL)
	res, err := c.Do(req)
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in %s: %v %v", name, res, err)
	}
	res.Body.Close()
	return c, csrf()
}

func readAll(t *testing.T, res *http.Response) string {
	t.Helper()
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return string(b)
}

// zeros is an endless reader of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// TestOversizedChunkedForm: a self-assessment form past MaxFormBytes sent chunked (no length
// announced) is answered 413 with the form page and a Chinese message, not as a CSRF failure.
func TestOversizedChunkedForm(t *testing.T) {
	f := kbtest.New(t)
	ts := httptest.NewServer(New(Config{App: f.App}).Handler())
	defer ts.Close()
	c, csrf := signedInClient(t, ts, kbtest.PilotA)
	var head bytes.Buffer
	mw := multipart.NewWriter(&head)
	mw.WriteField("csrf_token", csrf)
	mw.WriteField("checklist", "pilot-midterm")
	mw.CreateFormFile("evidence_org-1", "大文件.pdf")
	body := io.MultiReader(&head, io.LimitReader(zeros{}, MaxFormBytes+1<<20))
	req, _ := http.NewRequest("POST", ts.URL+"/assess/save?checklist=pilot-midterm", body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", ts.URL)
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page := readAll(t, res)
	if res.StatusCode != http.StatusRequestEntityTooLarge || strings.Contains(page, "CSRF") {
		t.Fatalf("oversized chunked form: %d, want 413 (not a CSRF refusal)", res.StatusCode)
	}
	for _, want := range []string{"请求内容超过 32 MiB", "未能读取", `id="assess-form"`, `name="csrf_token"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the 413 page lacks %q", want)
		}
	}
}

// TestNULInUploadedFileName: a file name holding a NUL makes the form unreadable: 400 with a
// Chinese message, not a CSRF failure.
func TestNULInUploadedFileName(t *testing.T) {
	f := kbtest.New(t)
	ts := httptest.NewServer(New(Config{App: f.App}).Handler())
	defer ts.Close()
	c, csrf := signedInClient(t, ts, kbtest.PilotA)
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf_token", csrf)
	mw.WriteField("checklist", "pilot-midterm")
	w, _ := mw.CreateFormFile("evidence_org-1", "a\x00b.pdf")
	w.Write([]byte("%PDF-1.4 x"))
	mw.Close()
	req, _ := http.NewRequest("POST", ts.URL+"/assess/save", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", ts.URL)
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page := readAll(t, res)
	if res.StatusCode != http.StatusBadRequest || strings.Contains(page, "CSRF") || !strings.Contains(page, "文件名") {
		t.Errorf("NUL in a file name: %d, want 400 naming the file name", res.StatusCode)
	}
}

// cutOff is a body whose client goes away after a few bytes.
type cutOff struct{ sent bool }

func (c *cutOff) Read(p []byte) (int, error) {
	if c.sent {
		return 0, io.ErrUnexpectedEOF
	}
	c.sent = true
	return copy(p, "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nabc"), nil
}

func (c *cutOff) Close() error { return nil }

// TestClientClosingMidBody: a body cut off by its client is no server error: no 500, nothing
// logged above info, on the form routes and the API alike.
func TestClientClosingMidBody(t *testing.T) {
	f := kbtest.New(t)
	var logs bytes.Buffer
	h := New(Config{App: f.App, Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))}).Handler()
	for _, tc := range []struct{ path, contentType string }{
		{"/assess/save", "multipart/form-data; boundary=b"},
		{"/login", "application/x-www-form-urlencoded"},
		{"/api/assess", "application/json"},
	} {
		logs.Reset()
		req := httptest.NewRequest("POST", tc.path, nil)
		req.Body = &cutOff{}
		req.ContentLength = 1000
		req.Header.Set("Content-Type", tc.contentType)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 || strings.Contains(logs.String(), "level=ERROR") || strings.Contains(logs.String(), "level=WARN") {
			t.Errorf("%s cut off: %d, log:\n%s", tc.path, rec.Code, logs.String())
		}
		if !strings.Contains(logs.String(), "client closed the connection mid-body") {
			t.Errorf("%s cut off: not logged at info:\n%s", tc.path, logs.String())
		}
	}
}

// TestStaticNotFoundIsChinese: a missing static file gets the Chinese 404 page.
func TestStaticNotFoundIsChinese(t *testing.T) {
	f := kbtest.New(t)
	h := New(Config{App: f.App}).Handler()
	for _, p := range []string{"/static/nope.css", "/static/", "/static/sub/"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
		if rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "没有这个页面") || strings.Contains(rec.Body.String(), "page not found") {
			t.Errorf("GET %s: %d %.80s", p, rec.Code, rec.Body.String())
		}
	}
}
