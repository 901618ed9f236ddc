package evaluator_test

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"

	"stdkb/evaluator"
	"stdkb/schemas"
)

// TestJSONCountsWhileDecoding: a JSON submission with more items than the schema allows is
// refused when the first item past the limit is read — the rest of the body, here not even
// valid JSON, is never decoded — and the refusal names the list and its limit.
func TestJSONCountsWhileDecoding(t *testing.T) {
	head := `{"unit":"璧山区","period":{"from":"2025-01-01","to":"2025-12-31"},"checklist":"pilot-midterm","stage":"中期评估","items":[`
	items := strings.Repeat(`{"id":"sys-1","score":1},`, 2001)
	src := []byte(head + items + ` this is not JSON and would fail the full decoder`)
	_, err := evaluator.Parse(src, library(t))
	var ie *evaluator.InvalidError
	if !errors.As(err, &ie) || len(ie.Errors) != 1 || ie.Errors[0].Field != "items" || !strings.Contains(ie.Errors[0].Message, "至多 2000 项") {
		t.Fatalf("2001 items: %v, want one error on items naming the limit", err)
	}
	// At the limit the count passes, and the full checks speak (here: the item repeats).
	at := []byte(head + strings.TrimSuffix(strings.Repeat(`{"id":"sys-1","score":1},`, 2000), ",") + `]}`)
	_, err = evaluator.Parse(at, library(t))
	if err == nil || strings.Contains(err.Error(), "至多 2000 项") {
		t.Errorf("2000 items: %v, want the full checks' errors, not the count", err)
	}
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestYAMLCountsWhileDecoding: a 512 KiB YAML submission of ~100,000 item mappings (the
// anonymous /api/assess cap) is refused while it is read, allocating a few MiB where parsing
// and validating it whole took ~120 MiB; a flood of scalars, which opens no mapping, is refused
// by the list count before validation (~150 MiB before). Both refusals name the limit.
func TestYAMLCountsWhileDecoding(t *testing.T) {
	lib := library(t)
	shape, err := schemas.ShapeOf("submission")
	if err != nil {
		t.Fatal(err)
	}
	wide := fmt.Sprintf("至多 %d 项，这里已超过", shape.MaxFanOut)
	head := "unit: 璧山区\nperiod: {from: 2025-01-01, to: 2025-12-31}\nchecklist: pilot-midterm\nstage: 中期评估\nitems:\n"
	fill := func(entry string) []byte {
		return []byte(head + strings.Repeat(entry, (512<<10-len(head))/len(entry)))
	}
	for _, tt := range []struct {
		name     string
		src      []byte
		field    string
		message  string
		maxBytes uint64
	}{
		{"mappings", fill("- {}\n"), "", wide, 8 << 20},
		{"item mappings", fill("- id: a\n"), "", wide, 16 << 20},
		{"scalars", fill("- a\n"), "items", "至多 2000 项，这里已超过", 48 << 20},
		{"2001 items", []byte(head + strings.Repeat("- {id: sys-1, score: 1}\n", 2001)), "items", "至多 2000 项，这里已超过", 16 << 20},
	} {
		var err error
		n := allocated(func() { _, err = evaluator.Parse(tt.src, lib) })
		var ie *evaluator.InvalidError
		if !errors.As(err, &ie) || len(ie.Errors) != 1 || ie.Errors[0].Field != tt.field || !strings.HasPrefix(ie.Errors[0].Message, tt.message) {
			t.Errorf("%s: %v, want one refusal %q on %q", tt.name, err, tt.message, tt.field)
		}
		t.Logf("%s: %.1f MiB", tt.name, float64(n)/(1<<20))
		if n > tt.maxBytes {
			t.Errorf("%s: %d bytes allocated to refuse it, want at most %d", tt.name, n, tt.maxBytes)
		}
	}
}

// BenchmarkYAMLFlood compares, in one run, decoding and validating a submission as Parse now
// does (shape checked while reading, top-level lists counted before validation) with the
// baseline of decoding it whole and then validating it, as before: on two 512 KiB floods and on
// a real sample, where the checks must cost next to nothing.
//
//	go test ./evaluator/ -run '^$' -bench BenchmarkYAMLFlood -benchmem
func BenchmarkYAMLFlood(b *testing.B) {
	sample, err := os.ReadFile("../content/kb/submissions/shapingba-2025-midterm.yaml")
	if err != nil {
		b.Fatal(err)
	}
	shape, err := schemas.ShapeOf("submission")
	if err != nil {
		b.Fatal(err)
	}
	limits, err := schemas.ListLimits("submission")
	if err != nil {
		b.Fatal(err)
	}
	head := "unit: 璧山区\nperiod: {from: 2025-01-01, to: 2025-12-31}\nchecklist: pilot-midterm\nstage: 中期评估\nitems:\n"
	fill := func(entry string) []byte {
		return []byte(head + strings.Repeat(entry, (512<<10-len(head))/len(entry)))
	}
	for _, in := range []struct {
		name string
		src  []byte
	}{{"mappings", fill("- {}\n")}, {"scalars", fill("- a\n")}, {"sample", sample}} {
		for _, mode := range []struct {
			name string
			opts schemas.DecodeOptions
		}{{"whole", schemas.DecodeOptions{}}, {"checked", schemas.DecodeOptions{Shape: &shape, ListLimits: limits}}} {
			b.Run(in.name+"/"+mode.name, func(b *testing.B) {
				for b.Loop() {
					if doc, errs := schemas.DecodeYAMLWith(in.src, mode.opts); len(errs) == 0 {
						schemas.Validate("submission", doc.Value)
					}
				}
			})
		}
	}
}
