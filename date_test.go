package stdkb_test

import (
	"encoding/json"
	"testing"

	"stdkb"
)

// 0001-01-01 is how the zero Date (not given) would print, so it is refused rather than
// silently turned into a missing date; its neighbours parse.
func TestParseDateRefusesTheZeroDay(t *testing.T) {
	for _, tt := range []struct {
		in string
		ok bool
	}{{"0001-01-01", false}, {"0001-01-02", true}, {"2025-01-01", true}, {"2021-02-30", false}} {
		d, err := stdkb.ParseDate(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("ParseDate(%q) = %v, %v; want ok=%v", tt.in, d, err, tt.ok)
		}
		if err == nil && d.String() != tt.in {
			t.Errorf("ParseDate(%q) prints as %q", tt.in, d)
		}
	}
	var v struct{ From stdkb.Date }
	if err := json.Unmarshal([]byte(`{"From":"0001-01-01"}`), &v); err == nil {
		t.Errorf("decoding 0001-01-01 gave %v, want an error", v.From)
	}
}
