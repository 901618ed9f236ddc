package stdkb_test

import (
	"testing"
	"unicode/utf8"

	"stdkb"
)

// FuzzIdentifiers: on any text, identifiers are found without panicking; the rest keeps the
// (folded) text's length, as each identifier is blanked and nothing else moves; spans lie in
// the text, in order, on character boundaries, and name an identifier.
func FuzzIdentifiers(f *testing.F) {
	for _, s := range []string{"渝机管发〔2021〕104号", "国务院令第738号", "296号令", "重庆市人民政府令第296号令", "认真执行第3号令的规定",
		"渝府发[2021）10号和国务院第738号令", "DB50/T 1234—2019", "ＤＢ５０／Ｔ　１２３４", "第3号", "号令号令", "令第号", "\xe4\xb8号令"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		_, rest := stdkb.FindIdentifiers(text)
		if len(rest) != len(text) && len(rest) != len(stdkb.NormalizeWidth(text)) {
			t.Fatalf("FindIdentifiers(%q): rest %q is not the text blanked", text, rest)
		}
		prev := 0
		for _, sp := range stdkb.IdentifierSpans(text) {
			if sp.Start < prev || sp.Start > sp.End || sp.End > len(text) {
				t.Fatalf("IdentifierSpans(%q): span %d:%d out of order or of the text", text, sp.Start, sp.End)
			}
			if utf8.ValidString(text) && (!utf8.RuneStart(text[sp.Start]) || sp.End < len(text) && !utf8.RuneStart(text[sp.End])) {
				t.Fatalf("IdentifierSpans(%q): span %d:%d cuts a character", text, sp.Start, sp.End)
			}
			if sp.Canonical == "" {
				t.Fatalf("IdentifierSpans(%q): an empty identifier", text)
			}
			prev = sp.Start
		}
	})
}
