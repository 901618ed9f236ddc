package server_test

import (
	"bytes"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"stdkb"
	"stdkb/content"
	"stdkb/kb"
	"stdkb/kb/kbtest"
	"stdkb/store"
)

// authServer is a server with its own database holding a pilot, a reviewer and an admin.
func authServer(t *testing.T) (*httptest.Server, *store.Store) {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "stdkb.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, u := range []struct{ name, role, unit string }{
		{"pilot", stdkb.RolePilot, "沙坪坝区机关事务管理局"}, {"reviewer", stdkb.RoleReviewer, ""}, {"admin", stdkb.RoleAdmin, ""},
	} {
		user, err := stdkb.NewUser(u.name, u.role, u.unit, "correct horse battery")
		if err != nil {
			t.Fatal(err)
		}
		if err := st.AddUser(user, "test"); err != nil {
			t.Fatal(err)
		}
	}
	s, err := newServer(kb.Config{Content: content.Default(), Name: "embedded", DataDir: dir, Store: st, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(func() { ts.Close(); s.Close() })
	return ts, st
}

// browser is a client with cookies that does not follow redirects.
func browser(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

var tokenRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// token loads a page and returns its CSRF token.
func token(t *testing.T, c *http.Client, u string) string {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := tokenRE.FindSubmatch(b)
	if m == nil {
		t.Fatalf("no CSRF token on %s", u)
	}
	return html.UnescapeString(string(m[1]))
}

// post submits a form as a browser does, with its page's origin in the Origin header.
func post(t *testing.T, c *http.Client, u string, form url.Values) (*http.Response, string) {
	t.Helper()
	return postFrom(t, c, u, form, "")
}

func postFrom(t *testing.T, c *http.Client, u string, form url.Values, origin string) (*http.Response, string) {
	t.Helper()
	if origin == "" {
		pu := mustURL(u)
		origin = pu.Scheme + "://" + pu.Host
	}
	req, _ := http.NewRequest("POST", u, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", origin)
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return res, string(b)
}

func login(t *testing.T, ts *httptest.Server, name string) *http.Client {
	t.Helper()
	c := browser(t)
	res, body := post(t, c, ts.URL+"/login", url.Values{"csrf_token": {token(t, c, ts.URL+"/login")}, "name": {name}, "password": {"correct horse battery"}, "next": {"/reviews"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/reviews" {
		t.Fatalf("login %s: %d %s", name, res.StatusCode, body)
	}
	for _, ck := range c.Jar.Cookies(mustURL(ts.URL)) {
		if ck.Name == "stdkb_session" && ck.Value == "" {
			t.Fatal("empty session cookie")
		}
	}
	return c
}

func mustURL(s string) *url.URL { u, _ := url.Parse(s); return u }

func TestFormsNeedCSRFTokens(t *testing.T) {
	ts, _ := authServer(t)
	c := browser(t)
	token(t, c, ts.URL+"/login") // has the CSRF cookie, but posts without the token
	res, _ := post(t, c, ts.URL+"/login", url.Values{"name": {"reviewer"}, "password": {"correct horse battery"}})
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("login without CSRF token: %d, want 403", res.StatusCode)
	}
	// A valid token from another origin is refused too.
	res, _ = postFrom(t, c, ts.URL+"/login", url.Values{"csrf_token": {token(t, c, ts.URL+"/login")}, "name": {"reviewer"}, "password": {"correct horse battery"}}, "http://evil.example")
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-origin login: %d, want 403", res.StatusCode)
	}
	rc := login(t, ts, "reviewer")
	res, _ = post(t, rc, ts.URL+"/reviews/record", url.Values{"doc": {"sample-nev-time-share"}, "date": {"2026-01-15"}, "outcome": {"继续有效"}, "committee": {"c"}})
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("signed-in post without CSRF token: %d, want 403", res.StatusCode)
	}
}

func TestReviewRecordingByRole(t *testing.T) {
	ts, st := authServer(t)
	form := func(c *http.Client) url.Values {
		return url.Values{"csrf_token": {token(t, c, ts.URL+"/login")}, "doc": {"sample-nev-time-share"}, "date": {"2026-01-15"},
			"outcome": {"继续有效"}, "committee": {"标准化技术委员会"}, "reason": {"仍适用"}}
	}
	anon := browser(t)
	if res, _ := post(t, anon, ts.URL+"/reviews/record", form(anon)); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("anonymous: %d, want 401", res.StatusCode)
	}
	pilot := login(t, ts, "pilot")
	if res, _ := post(t, pilot, ts.URL+"/reviews/record", form(pilot)); res.StatusCode != http.StatusForbidden {
		t.Errorf("pilot: %d, want 403", res.StatusCode)
	}
	if got, _ := st.Reviews(); len(got) != 0 {
		t.Fatalf("refused posts wrote %d decisions", len(got))
	}
	rev := login(t, ts, "reviewer")
	res, body := post(t, rev, ts.URL+"/reviews/record", form(rev))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reviewer: %d %s", res.StatusCode, body)
	}
	got, _ := st.Reviews()
	if len(got) != 1 || got[0].RecordedBy != "reviewer" || got[0].Edition != "2020" {
		t.Errorf("ledger %+v", got)
	}
	audit, _ := st.Audit()
	if n := len(audit); n == 0 || audit[n-1].Actor != "reviewer" || audit[n-1].Action != "review.record" {
		t.Errorf("audit %+v", audit)
	}
	// Invalid decisions are shown on the page and not written.
	bad := form(rev)
	bad.Set("date", "2030-01-01")
	res, body = post(t, rev, ts.URL+"/reviews/record", bad)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "晚于今天") {
		t.Errorf("future date: %d", res.StatusCode)
	}
	if got, _ := st.Reviews(); len(got) != 1 {
		t.Errorf("invalid post wrote a decision")
	}
	// The dashboard shows the form only to reviewers.
	_, page := getWith(t, rev, ts.URL+"/reviews")
	_, anonPage := getWith(t, anon, ts.URL+"/reviews")
	if !strings.Contains(page, "登记复审结论") || strings.Contains(anonPage, "登记复审结论") {
		t.Error("the record form must show for reviewers only")
	}
}

func getWith(t *testing.T, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return res, string(b)
}

func TestLoginThrottling(t *testing.T) {
	ts, _ := authServer(t)
	c := browser(t)
	attempt := func(password string) int {
		res, _ := post(t, c, ts.URL+"/login", url.Values{"csrf_token": {token(t, c, ts.URL+"/login")}, "name": {"admin"}, "password": {password}})
		return res.StatusCode
	}
	for i := 0; i < 5; i++ {
		if code := attempt("wrong password!"); code != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d, want 401", i+1, code)
		}
	}
	if code := attempt("correct horse battery"); code != http.StatusTooManyRequests {
		t.Errorf("after 5 failures the right password answered %d, want 429", code)
	}
	// Another user name is not locked out.
	res, _ := post(t, c, ts.URL+"/login", url.Values{"csrf_token": {token(t, c, ts.URL+"/login")}, "name": {"reviewer"}, "password": {"correct horse battery"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("other user: %d", res.StatusCode)
	}
}

func TestLogoutAndOpenRedirect(t *testing.T) {
	ts, _ := authServer(t)
	c := browser(t)
	// Each of these is read by a browser as a link to another site.
	for _, next := range []string{"//evil.example/", "/\\evil.example", "/\t/evil.example", "/\n/evil.example", "https://evil.example/"} {
		c := browser(t)
		res, _ := post(t, c, ts.URL+"/login", url.Values{"csrf_token": {token(t, c, ts.URL+"/login")}, "name": {"admin"}, "password": {"correct horse battery"}, "next": {next}})
		if loc := res.Header.Get("Location"); loc != "/" {
			t.Errorf("next=%q redirected to %q", next, loc)
		}
	}
	res, _ := post(t, c, ts.URL+"/login", url.Values{"csrf_token": {token(t, c, ts.URL+"/login")}, "name": {"admin"}, "password": {"correct horse battery"}, "next": {"/docs/gb-t-41568?asof=2024-01-01"}})
	if loc := res.Header.Get("Location"); loc != "/docs/gb-t-41568?asof=2024-01-01" {
		t.Errorf("a local next redirected to %q", loc)
	}
	_, page := getWith(t, c, ts.URL+"/")
	if !strings.Contains(page, "退出") {
		t.Fatal("signed-in page lacks the sign-out button")
	}
	res, _ = post(t, c, ts.URL+"/logout", url.Values{"csrf_token": {token(t, c, ts.URL+"/")}})
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("logout: %d", res.StatusCode)
	}
	_, page = getWith(t, c, ts.URL+"/")
	if strings.Contains(page, "退出") {
		t.Error("still signed in after logout")
	}
}

func TestAdminPageAndReload(t *testing.T) {
	ts, _ := authServer(t)
	rev := login(t, ts, "reviewer")
	if res, _ := getWith(t, rev, ts.URL+"/admin"); res.StatusCode != http.StatusForbidden {
		t.Errorf("reviewer /admin: %d, want 403", res.StatusCode)
	}
	admin := login(t, ts, "admin")
	res, page := getWith(t, admin, ts.URL+"/admin")
	if res.StatusCode != 200 || !strings.Contains(page, "pilot") || !strings.Contains(page, "重新加载内容") || strings.Contains(page, "$2a$") {
		t.Errorf("admin page: %d", res.StatusCode)
	}
	res, _ = post(t, admin, ts.URL+"/admin/reload", url.Values{"csrf_token": {token(t, admin, ts.URL+"/admin")}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin?reloaded=ok" {
		t.Errorf("reload: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestRequireLogin(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "stdkb.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s, err := newServer(kb.Config{Content: content.Default(), Name: "embedded", DataDir: t.TempDir(), Store: st, Today: today, RequireLogin: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	c := browser(t)
	if res, _ := getWith(t, c, ts.URL+"/search?q=公物仓"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("anonymous search with login required: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := getWith(t, c, ts.URL+"/api/search?q=公物仓"); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("anonymous API search with login required: %d, want 401", res.StatusCode)
	}
	if res, _ := getWith(t, c, ts.URL+"/login"); res.StatusCode != 200 {
		t.Errorf("login page: %d", res.StatusCode)
	}
}

func TestSubmissionAPIRoleBoundaries(t *testing.T) {
	ts, _ := authServer(t)
	bishan := kbtest.SampleJSON(t, "bishan-2025-midterm")
	send := func(c *http.Client, method, path string, body []byte) int {
		req, _ := http.NewRequest(method, ts.URL+path, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	pilot, rev, admin := login(t, ts, "pilot"), login(t, ts, "reviewer"), login(t, ts, "admin")
	if code := send(pilot, "POST", "/api/submissions", bishan); code != http.StatusForbidden {
		t.Errorf("pilot submitting for another unit: %d, want 403", code)
	}
	if code := send(rev, "POST", "/api/submissions", bishan); code != http.StatusForbidden {
		t.Errorf("reviewer creating a submission: %d, want 403 (reviewers only conclude)", code)
	}
	if code := send(admin, "POST", "/api/submissions", bishan); code != http.StatusCreated {
		t.Fatalf("admin creating a submission: %d", code)
	}
	for _, path := range []string{"/api/submissions/1", "/api/submissions/1/versions", "/api/submissions/1/report.xlsx"} {
		if code := send(pilot, "GET", path, nil); code != http.StatusNotFound {
			t.Errorf("pilot GET %s of another unit: %d, want 404", path, code)
		}
	}
	if code := send(pilot, "POST", "/api/submissions/1/submit", nil); code != http.StatusNotFound {
		t.Errorf("pilot submitting another unit's submission: %d, want 404", code)
	}
	_, list := getWith(t, pilot, ts.URL+"/api/submissions")
	if strings.TrimSpace(list) != "[]" {
		t.Errorf("pilot's list shows other units: %s", list)
	}
}

// A refused sign-in shows the form again with the name as typed, so only the password is typed
// anew; a name longer than any account's is not echoed.
func TestRefusedSignInKeepsTheName(t *testing.T) {
	ts, _ := authServer(t)
	for name, want := range map[string]string{"reviewer": `value="reviewer"`, strings.Repeat("长", 100): `name="name" value=""`} {
		c := browser(t)
		res, body := post(t, c, ts.URL+"/login", url.Values{"csrf_token": {token(t, c, ts.URL+"/login")}, "name": {name}, "password": {"wrong password!"}})
		if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, want) {
			t.Errorf("%.12s…: %d, page lacks %s", name, res.StatusCode, want)
		}
	}
}
