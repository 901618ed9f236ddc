package server_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"stdkb"
	"stdkb/kb/kbtest"
	"stdkb/server"
)

// TestErrorRepliesAreBounded: an anonymous assessment with 40,000 unknown fields was answered
// with 40,000 details (2.5 MB), and a field name of 300 KB came back whole. Replies now list
// at most 20 details and count the rest, and clip what they echo.
func TestErrorRepliesAreBounded(t *testing.T) {
	f := kbtest.New(t)
	ts := httptest.NewServer(server.New(server.Config{App: f.App}).Handler())
	defer ts.Close()
	var many strings.Builder
	for i := range 40000 {
		fmt.Fprintf(&many, "k%05d: 1\n", i)
	}
	long := strings.Repeat("长", 100<<10) + ": 1\n"
	for _, tt := range []struct {
		name, body string
		rest       bool
	}{{"40,000 unknown fields", many.String(), true}, {"a 300 KB field name", long, false}} {
		t.Run(tt.name, func(t *testing.T) {
			res, err := http.Post(ts.URL+"/api/assess", "application/yaml", strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			var reply struct {
				Error struct {
					Message string
					Details []string
					Fields  []stdkb.FieldProblem
				}
			}
			if err := json.Unmarshal(b, &reply); err != nil || res.StatusCode != http.StatusBadRequest {
				t.Fatalf("%d %v %.300s", res.StatusCode, err, b)
			}
			t.Logf("%d-byte body: %d-byte reply, %d details", len(tt.body), len(b), len(reply.Error.Details))
			if len(b) > 16<<10 || len(reply.Error.Details) > stdkb.MaxShownDetails+1 || len(reply.Error.Fields) > stdkb.MaxShownDetails {
				t.Errorf("reply of %d bytes with %d details and %d fields", len(b), len(reply.Error.Details), len(reply.Error.Fields))
			}
			for _, f := range reply.Error.Fields {
				if utf8.RuneCountInString(f.Field) > stdkb.MaxEchoRunes+1 || utf8.RuneCountInString(f.Label) > stdkb.MaxLineRunes+1 {
					t.Errorf("a field of %d characters, labelled in %d", utf8.RuneCountInString(f.Field), utf8.RuneCountInString(f.Label))
				}
			}
			d := reply.Error.Details
			if tt.rest && (len(d) != stdkb.MaxShownDetails+1 || !strings.HasPrefix(d[len(d)-1], "另有 ") || !strings.HasSuffix(d[len(d)-1], " 处问题未列出。")) {
				t.Errorf("the last detail does not count the rest: %q", d[len(d)-1])
			}
			for _, line := range append(d, reply.Error.Message) {
				if utf8.RuneCountInString(line) > stdkb.MaxLineRunes+1 {
					t.Errorf("a line of %d characters", utf8.RuneCountInString(line))
				}
			}
		})
	}
}
