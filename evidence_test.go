package stdkb_test

import (
	"slices"
	"testing"

	"stdkb"
)

func TestEvidenceRefs(t *testing.T) {
	for _, tt := range []struct {
		body string
		want []uint64
	}{
		{"evidence: [evidence:3, 制度文件, \"evidence:12\", evidence:3]", []uint64{3, 12}},
		{`{"evidence":["evidence:7"]}`, []uint64{7}},
		{"noevidence:5 evidence:0 evidence:x evidence:", nil},
		{"", nil},
	} {
		if got := stdkb.EvidenceRefs([]byte(tt.body)); !slices.Equal(got, tt.want) {
			t.Errorf("EvidenceRefs(%q) = %v, want %v", tt.body, got, tt.want)
		}
	}
	if id, ok := stdkb.ParseEvidenceRef(stdkb.EvidenceRef(42)); !ok || id != 42 {
		t.Errorf("round trip: %d %v", id, ok)
	}
	for _, bad := range []string{"evidence:007", "evidence:-1", "42", "evidence:0"} {
		if _, ok := stdkb.ParseEvidenceRef(bad); ok {
			t.Errorf("ParseEvidenceRef(%q) accepted", bad)
		}
	}
}
