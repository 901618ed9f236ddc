package indexer

import (
	"strings"
	"unicode/utf8"

	"stdkb"
)

// A regulation entry often holds no text of its own but what the plan says of it (its section
// "规划中的相关表述" quotes the plan, and its front matter mentions the sections quoted). Such a
// section matches the same words as the section it quotes, and, being short, outranks it. So a
// section that quotes one of its edition's mentioned sections is linked to it (entry.QuoteOf)
// and search shows it under its source (Hit.Quotes) rather than above it.

// minQuoted is the share of a section's clauses, by characters, found word for word in a
// mentioned section for the section to count as quoting it.
const minQuoted = 0.5

// linkQuotes sets QuoteOf on every entry that quotes a section its edition mentions: the
// mentioned sections it quotes, the most quoted first.
func linkQuotes(lib *stdkb.Library, byID map[string]*entry, entries []*entry) {
	for _, e := range entries {
		d, ok := lib.Document(e.DocID)
		if !ok {
			continue
		}
		ed, ok := d.Edition(e.Edition)
		if !ok || len(ed.Mentions) == 0 {
			continue
		}
		best := 0.0
		for _, m := range ed.Mentions {
			srcEd, srcSec, err := lib.Resolve(m)
			if err != nil || srcSec == nil {
				continue
			}
			src := byID[srcEd.Ref()+"#"+srcSec.ID]
			if src == nil || src == e {
				continue
			}
			share := quotedShare(e.Text, src.Text)
			if share < minQuoted {
				continue
			}
			if share > best {
				best = share
				e.QuoteOf = append([]string{src.ID}, e.QuoteOf...)
			} else {
				e.QuoteOf = append(e.QuoteOf, src.ID)
			}
		}
	}
}

// quotedShare returns the share of text's clauses, counted in characters, that source holds
// word for word. A bracketed note ending a clause, such as the quoted section's place
// （第四章第二节）, is not counted.
func quotedShare(text, source string) float64 {
	total, found := 0, 0
	for _, clause := range strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune("。！？；\n", r) }) {
		clause = strings.TrimSpace(stripNote(clause))
		n := utf8.RuneCountInString(clause)
		total += n
		if n > 0 && strings.Contains(source, clause) {
			found += n
		}
	}
	if total == 0 {
		return 0
	}
	return float64(found) / float64(total)
}

// stripNote removes a bracketed note （…） that ends s, such as a quote's place.
func stripNote(s string) string {
	s = strings.TrimSpace(s)
	if !strings.HasSuffix(s, "）") {
		return s
	}
	if open := strings.LastIndex(s, "（"); open >= 0 {
		return s[:open]
	}
	return s
}
