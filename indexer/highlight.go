package indexer

import (
	"html"
	"sort"
	"strings"
	"unicode/utf8"
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
// matches, escapes it for HTML and wraps each match in <mark>. Cuts fall on rune boundaries and
// never inside a match; "…" marks text left out.
func snippet(text string, spans []span, maxRunes int) string {
	merged := mergeSpans(spans)
	var valid []span
	for _, s := range merged {
		if s.start >= 0 && s.end <= len(text) && s.start < s.end && utf8.RuneStart(text[s.start]) && (s.end == len(text) || utf8.RuneStart(text[s.end])) {
			valid = append(valid, s)
		}
	}
	// Byte offset of every rune, to move between runes and bytes.
	offsets := make([]int, 0, len(text)+1)
	for i := range text {
		offsets = append(offsets, i)
	}
	offsets = append(offsets, len(text))
	runeAt := func(b int) int { return sort.SearchInts(offsets, b) }
	total := len(offsets) - 1

	lo, hi := 0, min(total, maxRunes)
	if len(valid) > 0 && total > maxRunes {
		// Choose the window that contains the most matches, starting a little before the first.
		best, bestCount := 0, -1
		for i, s := range valid {
			startRune := runeAt(s.start)
			count := 0
			for _, t := range valid[i:] {
				if runeAt(t.end) <= startRune+maxRunes {
					count++
				}
			}
			if count > bestCount {
				best, bestCount = startRune, count
			}
		}
		lo = max(0, best-maxRunes/5)
		hi = min(total, lo+maxRunes)
		lo = max(0, hi-maxRunes)
	}
	from, to := offsets[lo], offsets[hi]
	// Never cut through a match.
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
