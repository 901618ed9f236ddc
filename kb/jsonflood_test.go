package kb_test

import (
	"runtime"
	"strings"
	"testing"

	"stdkb"
	"stdkb/kb"
	"stdkb/kb/kbtest"
)

// floodBytes is the size of each hostile body: just under the 4 MiB a submission may be.
var floodBytes = 4<<20 - 1024

// repeatTo is open, then part repeated up to about floodBytes, then close (the first element
// written without the separator that starts part).
func repeatTo(open, first, part, close string) string {
	var b strings.Builder
	b.WriteString(open + first)
	for b.Len() < floodBytes-len(close)-len(part) {
		b.WriteString(part)
	}
	b.WriteString(close)
	return b.String()
}

// TestSubmissionJSONFloodsRefusedWhileDecoding: the API's strict JSON bodies that cost most per
// byte — long arrays of scalars (counted or not by the schema), deep nesting, objects with
// hundreds of thousands of fields — are refused as invalid while being read, allocating a
// bounded amount whatever the body's size.
func TestSubmissionJSONFloodsRefusedWhileDecoding(t *testing.T) {
	f := kbtest.New(t)
	pilot := f.Caller(kbtest.PilotA)
	head := `{"unit":"沙坪坝区机关事务管理局","checklist":"` + firstChecklist(t, f) + `","period":{"from":"2025-01-01","to":"2025-06-30"},`
	tests := []struct {
		name string
		body string
	}{
		{"scalars in a counted list", repeatTo(head+`"items":[`, `"a"`, `,"a"`, `]}`)},
		{"scalars in an uncounted list", repeatTo(head+`"items":[{"id":"x","evidence":[`, `"a"`, `,"a"`, `]}]}`)},
		{"numbers in an uncounted list", repeatTo(head+`"items":[{"id":"x","evidence":[`, `1`, `,1`, `]}]}`)},
		{"deep nesting", strings.Repeat(`{"a":`, floodBytes/10) + strings.Repeat(`}`, floodBytes/10)},
		{"deep arrays", head + `"items":` + strings.Repeat(`[`, floodBytes/2)},
		{"wide top-level object", repeatTo(`{`, `"k0":1`, `,"k":1`, `}`)},
		{"wide item", repeatTo(head+`"items":[{`, `"k0":1`, `,"k":1`, `}]}`)},
		{"long string", head + `"items":[{"id":"` + strings.Repeat("长", floodBytes/3-100) + `"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := []byte(tt.body)
			var err error
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err = f.App.CreateSubmission(pilot, kb.ParseOptions{Name: "请求体.json"}, body)
			runtime.ReadMemStats(&after)
			n := after.TotalAlloc - before.TotalAlloc
			t.Logf("%d-byte body: %.1f MiB allocated, %d details, %.60s", len(body), float64(n)/(1<<20), len(stdkb.ErrorDetails(err)), err)
			if stdkb.ErrorCode(err) != stdkb.EINVALID {
				t.Fatalf("error %v, want invalid", err)
			}
			if n > 64<<20 {
				t.Errorf("allocated %d MiB refusing a %d MiB body, want at most 64 MiB", n>>20, len(body)>>20)
			}
		})
	}
}

func firstChecklist(t *testing.T, f *kbtest.Fixture) string {
	t.Helper()
	return f.App.Library().Checklists[0].ID
}
