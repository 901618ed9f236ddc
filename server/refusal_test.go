package server_test

import (
	"bytes"
	"net/http"
	"os"
	"strings"
	"testing"
)

// A submission the server refuses is not stored, on create or on update: the store's records
// are byte-identical before and after. period.from 0001-01-01 was once answered 400 yet stored,
// and the record then failed every read.
func TestRefusedSubmissionWritesNothing(t *testing.T) {
	ts, st := authServer(t)
	own, err := os.ReadFile("../content/kb/submissions/shapingba-2025-midterm.yaml")
	if err != nil {
		t.Fatal(err)
	}
	pilot := login(t, ts, "pilot")
	send := func(method, path string, body []byte) int {
		req, _ := http.NewRequest(method, ts.URL+path, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/yaml")
		res, err := pilot.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if code := send("POST", "/api/submissions", own); code != http.StatusCreated {
		t.Fatalf("create: %d", code)
	}
	bad := []byte(strings.Replace(string(own), "from: 2025-01-01", "from: 0001-01-01", 1))
	if bytes.Equal(bad, own) {
		t.Fatal("the sample has no period.from to replace")
	}
	before, err := st.Digest()
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []struct{ method, path string }{{"POST", "/api/submissions"}, {"PUT", "/api/submissions/1"}} {
		if code := send(w.method, w.path, bad); code != http.StatusBadRequest {
			t.Errorf("%s %s with period.from 0001-01-01: %d, want 400", w.method, w.path, code)
		}
		if after, _ := st.Digest(); after != before {
			t.Errorf("%s %s was refused but changed the store", w.method, w.path)
		}
	}
	if code := send("GET", "/api/submissions/1", nil); code != http.StatusOK {
		t.Errorf("the stored draft no longer reads: %d", code)
	}
}
