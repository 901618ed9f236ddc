package server_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"stdkb/kb/kbtest"
	"stdkb/server"
)

// TestRolesOverHTTP drives kbtest's table of use cases and roles through the server: what kb
// allows answers 2xx or a redirect onward, what it refuses answers 401, 403 or 404 (or sends
// an anonymous browser to sign in).
func TestRolesOverHTTP(t *testing.T) {
	f := kbtest.New(t)
	ts := httptest.NewServer(server.New(server.Config{App: f.App}).Handler())
	defer ts.Close()
	clients := map[string]*http.Client{kbtest.Anonymous: browser(t)}
	for _, role := range kbtest.Roles {
		if role != kbtest.Anonymous {
			clients[role] = login(t, ts, role)
		}
	}
	for _, c := range kbtest.Cases(t) {
		if c.HTTP == nil {
			continue
		}
		for _, role := range kbtest.Roles {
			req := c.HTTP(f)
			res := send(t, ts, clients[role], req)
			denied := res.StatusCode == http.StatusUnauthorized || res.StatusCode == http.StatusForbidden || res.StatusCode == http.StatusNotFound ||
				(res.StatusCode == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/login"))
			ok := res.StatusCode < 400 && !denied
			if c.Allows(role) != ok || (!ok && !denied) {
				t.Errorf("%s %s (%s) as %s: %d %s, want allowed=%v", req.Method, req.Path, c.Name, role, res.StatusCode, res.Header.Get("Location"), c.Allows(role))
			}
		}
	}
}

// send makes a table request as the client: API calls as they are, form posts with the CSRF
// token and the site's origin as a browser sends them.
func send(t *testing.T, ts *httptest.Server, c *http.Client, r kbtest.Request) *http.Response {
	t.Helper()
	if r.Form != nil {
		r.Form.Set("csrf_token", token(t, c, ts.URL+"/login"))
		res, _ := post(t, c, ts.URL+r.Path, r.Form)
		return res
	}
	req, _ := http.NewRequest(r.Method, ts.URL+r.Path, bytes.NewReader(r.Body))
	if r.ContentType != "" {
		req.Header.Set("Content-Type", r.ContentType)
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res
}
