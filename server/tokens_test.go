package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"stdkb/kb"
	"stdkb/kb/kbtest"
	"stdkb/server"
)

// withBearer is a client that sends an API token (and no cookies) with every request.
type withBearer struct{ token string }

func (b withBearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return http.DefaultTransport.RoundTrip(r)
}

func bearerClient(token string) *http.Client {
	return &http.Client{Transport: withBearer{token}, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// TestRolesOverBearerToken drives kbtest's table of API use cases with each role's API token
// instead of its session: a token may do exactly what its user may.
func TestRolesOverBearerToken(t *testing.T) {
	f := kbtest.New(t)
	ts := httptest.NewServer(server.New(server.Config{App: f.App}).Handler())
	defer ts.Close()
	clients := map[string]*http.Client{kbtest.Anonymous: http.DefaultClient}
	for _, role := range kbtest.Roles {
		if role == kbtest.Anonymous {
			continue
		}
		tok, err := f.App.CreateToken(f.Caller(role), kb.TokenRequest{Name: "test"})
		if err != nil {
			t.Fatal(err)
		}
		clients[role] = bearerClient(tok.Token)
	}
	n := 0
	for _, c := range kbtest.Cases(t) {
		if c.HTTP == nil {
			continue
		}
		for _, role := range kbtest.Roles {
			req := c.HTTP(f)
			if req.Form != nil || !strings.HasPrefix(req.Path, "/api/") {
				continue
			}
			n++
			res := send(t, ts, clients[role], req)
			denied := res.StatusCode == http.StatusUnauthorized || res.StatusCode == http.StatusForbidden || res.StatusCode == http.StatusNotFound
			if ok := res.StatusCode < 400; c.Allows(role) != ok || (!ok && !denied) {
				t.Errorf("%s %s (%s) with %s's token: %d, want allowed=%v", req.Method, req.Path, c.Name, role, res.StatusCode, c.Allows(role))
			}
		}
	}
	if n == 0 {
		t.Fatal("no API case in the table")
	}
}

// TestBearerTokens: a token is shown once and works as a bearer header on /api/, also for
// writes a cross-site browser could not make with the cookie; a wrong, revoked or disabled
// user's token is a 401 (never an anonymous request); the UI does not take tokens; the store
// keeps no secret; creating and revoking are audited.
func TestBearerTokens(t *testing.T) {
	f := kbtest.New(t)
	ts := httptest.NewServer(server.New(server.Config{App: f.App}).Handler())
	defer ts.Close()
	pilot := login(t, ts, kbtest.PilotA)

	// The signed-in pilot creates a token through the API.
	res, body := apiCall(t, pilot, "POST", ts.URL+"/api/tokens", `{"name":"报表脚本","days":30}`, ts.URL)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %s", res.StatusCode, body)
	}
	var created struct {
		ID, Token, User string
	}
	json.Unmarshal([]byte(body), &created)
	if !strings.HasPrefix(created.Token, "stdkb_") || created.User != kbtest.PilotA || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("created %+v (%s)", created, res.Header.Get("Cache-Control"))
	}
	if res, body := apiCall(t, pilot, "GET", ts.URL+"/api/tokens", "", ""); res.StatusCode != 200 || !strings.Contains(body, created.ID) || strings.Contains(body, created.Token) || strings.Contains(body, "digest") {
		t.Errorf("list: %d %s", res.StatusCode, body)
	}
	// A cross-site browser cannot create one with the cookie.
	if res, _ := apiCall(t, pilot, "POST", ts.URL+"/api/tokens", `{"name":"x"}`, "http://evil.example"); res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site create: %d", res.StatusCode)
	}

	tok := bearerClient(created.Token)
	if res, body := apiCall(t, tok, "GET", ts.URL+"/api/submissions", "", ""); res.StatusCode != 200 {
		t.Errorf("submissions with the token: %d %s", res.StatusCode, body)
	}
	// A bearer write needs no same-origin check: the token is no ambient credential.
	req, _ := http.NewRequest("POST", ts.URL+"/api/submissions", bytes.NewReader(kbtest.SampleJSON(t, "shapingba-2025-midterm")))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "http://elsewhere.example")
	if res, err := tok.Do(req); err != nil || res.StatusCode != http.StatusCreated {
		t.Errorf("submission created with the token: %v %v", res.StatusCode, err)
	}
	// Scoped to the user's unit.
	if res, _ := apiCall(t, tok, "GET", ts.URL+"/api/submissions?unit="+kbtest.UnitB, "", ""); res.StatusCode != 200 {
		t.Errorf("pilot token listing: %d", res.StatusCode)
	}
	if res, _ := apiCall(t, tok, "GET", ts.URL+"/api/experts", "", ""); res.StatusCode != http.StatusForbidden {
		t.Errorf("pilot token on experts: %d, want 403", res.StatusCode)
	}
	// The UI takes no tokens: a bearer request to a page is anonymous.
	if res, body := apiCall(t, tok, "GET", ts.URL+"/assess", "", ""); res.StatusCode != http.StatusSeeOther || strings.Contains(body, kbtest.PilotA) {
		t.Errorf("UI with a token: %d", res.StatusCode)
	}

	for name, client := range map[string]*http.Client{
		"unknown token": bearerClient("stdkb_" + strings.Repeat("A", 52)),
		"not a token":   bearerClient("x"),
		"basic auth":    {Transport: headerRT{"Authorization", "Basic YWRtaW46eA=="}},
	} {
		res, body := apiCall(t, client, "GET", ts.URL+"/api/documents", "", "")
		if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "令牌") || !strings.Contains(res.Header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("%s: %d %s %q, want 401 naming the token", name, res.StatusCode, body, res.Header.Get("WWW-Authenticate"))
		}
	}

	// The secret is nowhere in the database; the digest is.
	raw := backupBytes(t, f)
	if bytes.Contains(raw, []byte(created.Token)) {
		t.Error("the database holds the token's secret")
	}

	// Disabling the account stops its token; enabling it again restores it.
	admin := f.Caller(kbtest.Admin)
	if _, err := f.App.SetUserDisabled(admin, kbtest.PilotA, true); err != nil {
		t.Fatal(err)
	}
	if res, _ := apiCall(t, tok, "GET", ts.URL+"/api/submissions", "", ""); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("token of a disabled account: %d", res.StatusCode)
	}
	f.App.SetUserDisabled(admin, kbtest.PilotA, false)

	// Revoked by its user through the API (with the token itself): gone at once.
	if res, body := apiCall(t, tok, "DELETE", ts.URL+"/api/tokens/"+created.ID, "", ""); res.StatusCode != http.StatusNoContent {
		t.Fatalf("revoke: %d %s", res.StatusCode, body)
	}
	if res, _ := apiCall(t, tok, "GET", ts.URL+"/api/submissions", "", ""); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("revoked token: %d", res.StatusCode)
	}
	audit, err := f.Store.Audit()
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range audit {
		if strings.HasPrefix(e.Action, "token.") {
			actions = append(actions, e.Action+" "+e.Object+" by "+e.Actor)
			if strings.Contains(e.Detail, created.Token) {
				t.Error("the audit log holds the token's secret")
			}
		}
	}
	if want := "token.create user/pilotA by pilotA,token.revoke user/pilotA by pilotA"; strings.Join(actions, ",") != want {
		t.Errorf("audit %v, want %s", actions, want)
	}
}

// TestTokensForOthers: only administrators manage other accounts' tokens.
func TestTokensForOthers(t *testing.T) {
	f := kbtest.New(t)
	if _, err := f.App.CreateToken(f.Caller(kbtest.PilotA), kb.TokenRequest{User: kbtest.PilotB, Name: "x"}); !kbtest.Denied(err) {
		t.Errorf("pilot creating pilot B's token: %v", err)
	}
	tok, err := f.App.CreateToken(f.Caller(kbtest.Admin), kb.TokenRequest{User: kbtest.PilotB, Name: "导入脚本"})
	if err != nil || tok.CreatedBy != kbtest.Admin || tok.User != kbtest.PilotB {
		t.Fatalf("admin creating pilot B's token: %+v %v", tok, err)
	}
	if c, err := f.App.CallerForToken(tok.Token); err != nil || c.Name != kbtest.PilotB || c.Unit != kbtest.UnitB {
		t.Errorf("the token acts as %+v (%v), want pilot B with its unit", c, err)
	}
	if err := f.App.RevokeToken(f.Caller(kbtest.PilotA), kbtest.PilotB, tok.ID); !kbtest.Denied(err) {
		t.Errorf("pilot revoking pilot B's token: %v", err)
	}
	if err := f.App.RevokeToken(f.Caller(kbtest.PilotA), "", tok.ID); !kbtest.Denied(err) {
		t.Errorf("pilot revoking pilot B's token as its own: %v", err)
	}
	for _, bad := range []kb.TokenRequest{{Name: ""}, {Name: "x", Days: 400}, {Name: strings.Repeat("长", 30)}} {
		if _, err := f.App.CreateToken(f.Caller(kbtest.PilotA), bad); err == nil {
			t.Errorf("token %+v accepted", bad)
		}
	}
}

type headerRT struct{ k, v string }

func (h headerRT) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set(h.k, h.v)
	return http.DefaultTransport.RoundTrip(r)
}

// apiCall sends a request with an optional JSON body and Origin, and returns the response and
// its body.
func apiCall(t *testing.T, c *http.Client, method, u, body, origin string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, u, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if origin != "" {
		req.Header.Set("Origin", origin)
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		if strings.HasPrefix(u, origin) {
			req.Header.Set("Sec-Fetch-Site", "same-origin")
		}
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return res, string(b)
}

// backupBytes is the fixture's database as a file.
func backupBytes(t *testing.T, f *kbtest.Fixture) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := f.Store.Backup(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
