package server_test

import (
	"net/http"
	"testing"
)

// Pages a signed-in user merely reads leave the database as it was: the session's idle
// deadline is extended in the cookie, and written back only when it has moved far enough.
// Every such request used to write the session.
func TestSignedInReadsDoNotWrite(t *testing.T) {
	ts, st := authServer(t)
	pilot := login(t, ts, "pilot")
	getWith(t, pilot, ts.URL+"/assess") // the first request after signing in may settle the session
	before, err := st.Digest()
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/assess", "/", "/api/submissions", "/assess"} {
		if res, _ := getWith(t, pilot, ts.URL+path); res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", path, res.StatusCode)
		}
	}
	if after, _ := st.Digest(); after != before {
		t.Error("signed-in reads wrote to the database")
	}
}
