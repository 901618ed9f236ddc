package stdkb_test

import (
	"strings"
	"testing"

	"stdkb"
)

func TestClipLine(t *testing.T) {
	long := strings.Repeat("长", 100)
	tests := []struct{ in, want string }{
		{"没有这个字段", "没有这个字段"},
		{"“" + long + "”不可用", "“" + long[:80*3] + "…”不可用"},
		{`"` + long + `" bad`, `"` + long[:80*3] + `…" bad`},
		{strings.Repeat("错", 400), strings.Repeat("错", 300) + "…"},
	}
	for _, tt := range tests {
		if got := stdkb.ClipLine(tt.in); got != tt.want {
			t.Errorf("ClipLine(%.20q…) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBoundDetails(t *testing.T) {
	var many []string
	for range 25 {
		many = append(many, "问题")
	}
	got := stdkb.BoundDetails(many)
	if len(got) != 21 || got[20] != "另有 5 处问题未列出。" {
		t.Errorf("25 details shown as %d, last %q", len(got), got[len(got)-1])
	}
	if got := stdkb.BoundDetails(many[:20]); len(got) != 20 {
		t.Errorf("20 details shown as %d", len(got))
	}
	if stdkb.BoundDetails(nil) != nil {
		t.Error("no details became some")
	}
}
