package server_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

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

// TestAPIConsistency: a 405 says which methods the route takes, and an unknown filter value is
// a 400 in the document list as it is in search, not an empty list.
func TestAPIConsistency(t *testing.T) {
	ts := testServer(t)
	for _, c := range []struct{ method, path, allow string }{
		{"GET", "/api/assess", "POST"},
		{"DELETE", "/api/documents/cq-jgsw-14th-plan", "GET"},
		{"POST", "/api/submissions/1", "GET, PUT"},
	} {
		req, _ := http.NewRequest(c.method, ts.URL+c.path, nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != c.allow {
			t.Errorf("%s %s: %d, Allow %q; want 405 with Allow %q", c.method, c.path, res.StatusCode, res.Header.Get("Allow"), c.allow)
		}
	}
	for _, path := range []string{"/api/documents?type=bogus", "/api/search?q=%E5%85%AC%E8%BD%A6&type=bogus"} {
		if res, body := get(t, path); res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `"code":"invalid"`) {
			t.Errorf("GET %s: %d %s, want 400", path, res.StatusCode, body)
		}
	}
}

// TestSlowBodyTimesOut: a body that stops arriving before the server's read timeout is answered
// 408, not 500.
func TestSlowBodyTimesOut(t *testing.T) {
	f := kbtest.New(t)
	ts := httptest.NewUnstartedServer(server.New(server.Config{App: f.App}).Handler())
	ts.Config.ReadTimeout = 300 * time.Millisecond
	ts.Start()
	defer ts.Close()
	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/assess HTTP/1.1\r\nHost: stdkb\r\nContent-Type: application/yaml\r\nContent-Length: 1000\r\n\r\nunit: x\n")
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestTimeout {
		t.Errorf("slow body: %d, want 408", res.StatusCode)
	}
}

// TestAssessBodyIsBounded: POST /api/assess, open to anyone, takes at most MaxAssessBytes, and
// the sign-in form at most MaxLoginBytes.
func TestAssessBodyIsBounded(t *testing.T) {
	ts := testServer(t)
	body := strings.NewReader("unit: x\nnote: " + strings.Repeat("a", server.MaxAssessBytes) + "\n")
	res, err := http.Post(ts.URL+"/api/assess", "application/yaml", body)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(b), "512 KiB") {
		t.Errorf("oversized assessment: %d %s", res.StatusCode, b)
	}
	res, err = http.PostForm(ts.URL+"/login", url.Values{"name": {strings.Repeat("名", 1<<18)}, "password": {"x"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("sign-in with a 768 KiB name: %d, want 413", res.StatusCode)
	}
}

// TestAssessYAMLFloodIsRefused: an anonymous YAML assessment holding ~100,000 mappings in the
// 512 KiB cap is answered 400 with a Chinese message at the line where the schema's bound was
// passed (it is refused while read; evaluator's TestYAMLCountsWhileDecoding bounds the cost).
func TestAssessYAMLFloodIsRefused(t *testing.T) {
	ts := testServer(t)
	head := "unit: 沙坪坝区机关事务管理局\nperiod: {from: 2025-01-01, to: 2025-12-31}\nchecklist: pilot-midterm\nstage: 中期评估\nitems:\n"
	body := head + strings.Repeat("- {}\n", (server.MaxAssessBytes-len(head))/5)
	res, err := http.Post(ts.URL+"/api/assess", "application/yaml", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest || !regexp.MustCompile(`第 \d+ 行 至多 \d+ 项，这里已超过`).Match(b) {
		t.Errorf("flood of mappings: %d %s", res.StatusCode, b)
	}
}

// TestEvidenceLimitIsReachable: a 9 MiB evidence file (under the documented 10 MiB) goes
// through the form, which the 8 MiB body cap refused before; a form over its own cap gets a
// Chinese page, not JSON.
func TestEvidenceLimitIsReachable(t *testing.T) {
	f := kbtest.New(t)
	ts := httptest.NewServer(server.New(server.Config{App: f.App}).Handler())
	defer ts.Close()
	pilot := login(t, ts, kbtest.PilotA)
	fields := map[string]string{"csrf_token": token(t, pilot, ts.URL+"/assess/new?checklist=pilot-midterm"),
		"checklist": "pilot-midterm", "from": "2025-01-01", "to": "2025-12-31", "item_org-1": "符合"}
	pdf := "%PDF-1.4\n" + strings.Repeat("0", 9<<20)
	res, body := multipartPost(t, pilot, ts.URL+"/assess/save", fields, map[string][2]string{"evidence_org-1": {"成立文件.pdf", pdf}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("9 MiB evidence: %d %.300s", res.StatusCode, body)
	}
	big := "%PDF-1.4\n" + strings.Repeat("0", server.MaxFormBytes)
	res, body = multipartPost(t, pilot, ts.URL+"/assess/save", fields, map[string][2]string{"evidence_org-1": {"太大.pdf", big}})
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") || !strings.Contains(body, "32 MiB") {
		t.Errorf("oversized form: %d %s %.200s", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
}
