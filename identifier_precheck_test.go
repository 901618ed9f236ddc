package stdkb

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestMayHoldStandardNumber checks the cheap test before standardRE: true wherever the pattern
// matches in a text holding an ASCII letter (what findAll required before), on examples and on
// random mixtures of the pieces standard numbers are made of.
func TestMayHoldStandardNumber(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"DB50/T 1234—2019", true},
		{"依据GB/T 29118-2012执行", true},
		{"T/CAS 123", true},
		{"db50t1234", true},
		{"ſſ/T 12", true}, // (?i) folds ſ to s
		{"\u212aA/T 12", true},
		{"ſ/T", false},
		{"PUE值不高于1.3", false},
		{"公共机构PUE", false},
		{"2025年", false},
		{"", false},
		{"ſſ 12", false}, // no ASCII letter, so the pattern was never tried
	} {
		if got := mayHoldStandardNumber(tc.text); got != tc.want {
			t.Errorf("mayHoldStandardNumber(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
	pieces := []string{"GB", "gb", "DB", "50", "/", "T", "t", "Z", " ", "\t", "\n", "\v", "1234", "-", "—", "2019", ".", "1",
		"ſ", "\u212a", "Q", "CAS", "公务", "用车", "，", "PUE", "值", "ａ", "\xff"}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 200000 {
		var b strings.Builder
		for range rng.IntN(10) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		if standardRE.MatchString(s) && strings.IndexFunc(s, isASCIILetter) >= 0 && !mayHoldStandardNumber(s) {
			t.Fatalf("mayHoldStandardNumber(%q) = false, but the pattern matches", s)
		}
	}
}
