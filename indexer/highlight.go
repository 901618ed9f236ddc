package indexer

import (
	"bytes"
	"html"
	"sort"
	"strings"
	"unicode/utf8"

	"stdkb"
)

// snippetRunes is the length of a snippet, in characters.
const snippetRunes = 120

// span is a byte range [start, end) of a match in a text.
type span struct{ start, end int }

// mergeSpans sorts spans and merges overlapping or touching ones. bleve's own highlighter
// fails here: with sub-words indexed at the same position as their word, matches overlap, and
// its merge never advances past the first span, breaking the marks.
func mergeSpans(spans []span) []span {
	if len(spans) == 0 {
		return nil
	}
	sort.Slice(spans, func(i, j int) bool {
		if spans[i].start != spans[j].start {
			return spans[i].start < spans[j].start
		}
		return spans[i].end > spans[j].end
	})
	out := []span{spans[0]}
	for _, s := range spans[1:] {
		last := &out[len(out)-1]
		if s.start <= last.end {
			last.end = max(last.end, s.end)
			continue
		}
		out = append(out, s)
	}
	return out
}

// snippet cuts a fragment of about maxRunes characters from text around the densest cluster of
// spans, escapes it for HTML and wraps each span in <mark>. Cuts fall on rune boundaries and
// never inside a match; "…" marks text left out.
func snippet(text string, spans []span, maxRunes int) string {
	valid := validSpans(text, spans)
	from, to := snippetWindow(text, valid, maxRunes)
	return renderSnippet(text, valid, from, to)
}

// validSpans merges spans and drops those outside text or not on rune boundaries.
func validSpans(text string, spans []span) []span {
	var valid []span
	for _, s := range mergeSpans(spans) {
		if s.start >= 0 && s.end <= len(text) && s.start < s.end && utf8.RuneStart(text[s.start]) && (s.end == len(text) || utf8.RuneStart(text[s.end])) {
			valid = append(valid, s)
		}
	}
	return valid
}

// snippetWindow returns the byte range of the window of maxRunes characters holding the most
// of the (valid, merged) spans, starting a little before the first of them.
func snippetWindow(text string, valid []span, maxRunes int) (from, to int) {
	if len(valid) == 0 {
		return 0, runesAfter(text, 0, maxRunes)
	}
	// Character positions of the spans, which are sorted and disjoint.
	starts, ends := make([]int, len(valid)), make([]int, len(valid))
	at, n := 0, 0
	for i, s := range valid {
		n += utf8.RuneCountInString(text[at:s.start])
		starts[i] = n
		n += utf8.RuneCountInString(text[s.start:s.end])
		ends[i], at = n, s.end
	}
	// The spans a window starting at span i holds are i up to (not including) j.
	best, bestCount := 0, -1
	for i, j := 0, 0; i < len(valid); i++ {
		j = max(j, i)
		for j < len(valid) && ends[j] <= starts[i]+maxRunes {
			j++
		}
		if j-i > bestCount {
			best, bestCount = i, j-i
		}
	}
	from = runesBefore(text, valid[best].start, maxRunes/5)
	to = runesAfter(text, from, maxRunes)
	if to == len(text) { // the text ends first: the window ends with it
		from = runesBefore(text, to, maxRunes)
	}
	return from, to
}

// runesBefore returns the byte offset n characters before byte i of text, or 0.
func runesBefore(text string, i, n int) int {
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(text[:i])
		i -= size
	}
	return i
}

// runesAfter returns the byte offset n characters after byte i of text, or len(text).
func runesAfter(text string, i, n int) int {
	for ; n > 0 && i < len(text); n-- {
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
	}
	return i
}

// renderSnippet escapes text[from:to] for HTML with each span in <mark>, widening the range
// rather than cutting through a span.
func renderSnippet(text string, valid []span, from, to int) string {
	for _, s := range valid {
		if s.start < from && s.end > from {
			from = s.start
		}
		if s.start < to && s.end > to {
			to = s.end
		}
	}
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	pos := from
	for _, s := range valid {
		if s.end <= from || s.start >= to {
			continue
		}
		b.WriteString(html.EscapeString(text[pos:s.start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[s.start:s.end]))
		b.WriteString("</mark>")
		pos = s.end
	}
	b.WriteString(html.EscapeString(text[pos:to]))
	if to < len(text) {
		b.WriteString("…")
	}
	return strings.ReplaceAll(b.String(), "\n", " ")
}

// highlight returns the snippet of text for the query terms (index terms: lowercased words)
// and quoted phrases (lowercased), which are marked wherever they occur literally and chosen
// for the window when they occur.
// The index keeps no term positions, which made building it half again as slow; instead the
// window is chosen from where the terms occur as plain substrings, and only the clauses in it
// that hold such an occurrence are analysed again, so the marks are exactly the words the
// index holds.
func (ix *Index) highlight(text string, terms map[string]bool, phrases []string) string {
	folded, _ := lowerASCII([]byte(text), nil)
	var exact, found []span
	for _, ph := range phrases {
		exact = append(exact, occurrences(folded, ph)...)
	}
	for t := range terms {
		found = append(found, occurrences(folded, t)...)
	}
	found = validSpans(text, found)
	rough := found
	if len(exact) > 0 { // the window shows a phrase the query asked for
		rough = validSpans(text, exact)
	}
	from, to := snippetWindow(text, rough, snippetRunes)
	if !anyWithin(rough, from, to) {
		return renderSnippet(text, nil, from, to)
	}
	for _, c := range clausesAround(text, found, from, to) {
		for _, tk := range ix.analyze(text[c.start:c.end]) {
			if terms[tk.Text] {
				exact = append(exact, span{c.start + tk.Start, c.start + tk.End})
			}
		}
	}
	return renderSnippet(text, validSpans(text, exact), from, to)
}

// clausesAround returns the clauses (merged) that hold a span overlapping [from, to). A clause
// ends at a mark no dictionary word contains, so it is cut into the same words alone as within
// the whole text (but for ties between paths of equal length, which float rounding can settle
// either way).
func clausesAround(text string, spans []span, from, to int) []span {
	var out []span
	for _, s := range spans {
		if s.start < to && s.end > from {
			out = append(out, span{clauseStart(text, s.start), clauseEnd(text, s.end)})
		}
	}
	return mergeSpans(out)
}

// occurrences returns the spans of every occurrence of needle in text, left to right and not
// overlapping.
func occurrences(text []byte, needle string) []span {
	if needle == "" {
		return nil
	}
	var out []span
	nb := []byte(needle)
	for i := 0; i < len(text); {
		j := bytes.Index(text[i:], nb)
		if j < 0 {
			break
		}
		out = append(out, span{i + j, i + j + len(nb)})
		i += j + len(nb)
	}
	return out
}

// anyWithin reports whether a span overlaps [from, to).
func anyWithin(spans []span, from, to int) bool {
	for _, s := range spans {
		if s.start < to && s.end > from {
			return true
		}
	}
	return false
}

// clauseReach bounds how far a clause boundary is looked for around a match; clauses are far
// shorter, except in text without punctuation, where the words around the match are still cut
// as in the whole text.
const clauseReach = 1024

// clauseStart returns the start of the clause holding byte i (just after the mark ending the
// one before), or a rune boundary at most clauseReach bytes before i.
func clauseStart(text string, i int) int {
	lo := max(0, i-clauseReach)
	if j := strings.LastIndexAny(text[lo:i], stdkb.ClauseMarks); j >= 0 {
		_, n := utf8.DecodeRuneInString(text[lo+j:])
		return lo + j + n
	}
	for lo > 0 && !utf8.RuneStart(text[lo]) {
		lo++
	}
	return lo
}

// clauseEnd returns the end of the clause holding byte i (its closing mark included), or a
// rune boundary at most clauseReach bytes after i.
func clauseEnd(text string, i int) int {
	hi := min(len(text), i+clauseReach)
	if j := strings.IndexAny(text[i:hi], stdkb.ClauseMarks); j >= 0 {
		_, n := utf8.DecodeRuneInString(text[i+j:])
		return i + j + n
	}
	for hi < len(text) && !utf8.RuneStart(text[hi]) {
		hi--
	}
	return hi
}
