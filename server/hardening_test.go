package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"stdkb/content"
	"stdkb/kb"
	"stdkb/kb/kbtest"
	"stdkb/server"
)

// TestHealthAndStaticDisclosure: /healthz is public under --require-login but says only ok or
// degraded; administrators see the details. /static/ lists no directory.
func TestHealthAndStaticDisclosure(t *testing.T) {
	f := kbtest.New(t)
	app, err := kb.New(context.Background(), kb.Config{Content: content.Default(), Name: "embedded", DataDir: t.TempDir(), Store: f.Store, RequireLogin: true})
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	ts := httptest.NewServer(server.New(server.Config{App: app}).Handler())
	defer ts.Close()
	health := func(c *http.Client) map[string]any {
		res, body := getWith(t, c, ts.URL+"/healthz")
		var h map[string]any
		if err := json.Unmarshal([]byte(body), &h); err != nil || res.StatusCode != 200 {
			t.Fatalf("healthz: %d %s", res.StatusCode, body)
		}
		return h
	}
	if h := health(browser(t)); len(h) != 1 || h["status"] != "ok" {
		t.Errorf("anonymous healthz under --require-login: %v, want only the status", h)
	}
	if h := health(login(t, ts, kbtest.Reviewer)); len(h) != 1 {
		t.Errorf("reviewer's healthz: %v, want only the status", h)
	}
	if h := health(login(t, ts, kbtest.Admin)); h["content"] == nil || h["loaded"] == nil {
		t.Errorf("admin's healthz lacks the details: %v", h)
	}
	for path, want := range map[string]int{"/static/": 404, "/static/app.css": 200} {
		if res, body := getWith(t, browser(t), ts.URL+path); res.StatusCode != want || strings.Contains(body, "app.css</a>") {
			t.Errorf("GET %s: %d, want %d", path, res.StatusCode, want)
		}
	}
}
