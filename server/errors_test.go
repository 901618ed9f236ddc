package server_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"stdkb/kb/kbtest"
	"stdkb/server"
)

// TestUIErrorsFollowTheirCode: the pages answer a conflict with 409 and a Chinese message (they
// answered 500 before), and a pilot writing for another unit is forbidden.
func TestUIErrorsFollowTheirCode(t *testing.T) {
	f := kbtest.New(t)
	ts := httptest.NewServer(server.New(server.Config{App: f.App}).Handler())
	defer ts.Close()
	pilot := login(t, ts, kbtest.PilotA)
	id := strconv.FormatUint(f.SubmittedA(), 10)
	res, body := post(t, pilot, ts.URL+"/assess/"+id+"/submit", url.Values{"csrf_token": {token(t, pilot, ts.URL+"/login")}, "confirm": {"yes"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "操作冲突") {
		t.Errorf("submitting a submitted version again: %d, want 409\n%.300s", res.StatusCode, body)
	}
	req, _ := http.NewRequest("POST", ts.URL+"/api/submissions", strings.NewReader(string(kbtest.SampleJSON(t, "bishan-2025-midterm"))))
	req.Header.Set("Content-Type", "application/json")
	res, err := pilot.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("pilot creating another unit's submission: %d, want 403", res.StatusCode)
	}
}
