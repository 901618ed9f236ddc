package indexer

import (
	"slices"
	"strings"
	"unicode"

	"stdkb"
)

// Staff ask yes-no questions in the A-not-A form (公车能不能私用, 有没有标准, 可不可以报销) and
// list questions with 哪 before a figure cue (哪几个区县). The segmenter cuts the A-not-A form
// into pieces that look like content words (能 | 不能, 可不 | 可以, 好不好 | 不好), which match
// prohibitions and unrelated sections, and 哪几个 reads as a count question. Before a query's
// text is analysed, questionForms rewrites such questions (dict/question-forms.txt):
//
//   - an A-not-A question X不X, X没X, X不XY or XY不XY whose affirmative (X, XY, or X with the
//     next character) is an ask verb (能, 可以, 需要) only asks whether: it becomes a space,
//     which also breaks the character view's stretch as a stop word does;
//   - any other A-not-A question becomes its affirmative (报不报销 → 报销, 合不合规 → 合规);
//   - a which word followed by a figure cue (哪几个, 哪几项, 哪几) becomes a space, so the
//     query asks for no figure either.
//
// Only a negation between two equal halves is a question: 不得, 不超过, 不少于 and a typed 不能
// stay as they are. And a question starts a word: where the segmenter joins the first half to
// the characters before it, that half ends another word (标准不准确 is 标准 | 不 | 准确, 节能不能
// is 节能 | 不能, 所有没有 is 所有 | 没有), and rewriting would cut that word and drop the
// negation after it.
type questionForms struct {
	askVerbs map[string]bool
	which    []string // longest first
	cues     []string // every figure cue, longest first
}

// newQuestionForms compiles the lexicon's question forms.
func newQuestionForms(lex stdkb.Lexicon) *questionForms {
	qf := &questionForms{askVerbs: map[string]bool{}, which: slices.Clone(lex.WhichWords), cues: slices.Clone(lex.FigureCues)}
	for _, v := range lex.AskVerbs {
		qf.askVerbs[v] = true
	}
	for _, k := range lex.FigureKinds {
		qf.cues = append(qf.cues, k.Cues...)
	}
	longestFirst := func(a, b string) int { return len(b) - len(a) }
	slices.SortStableFunc(qf.which, longestFirst)
	slices.SortStableFunc(qf.cues, longestFirst)
	return qf
}

// plain returns text with its question forms rewritten. seg tells where words start; nil
// lets a question start at any character.
func (qf *questionForms) plain(text string, seg *Segmenter) string {
	if qf == nil || (len(qf.which) == 0 && len(qf.askVerbs) == 0) {
		return text
	}
	text = qf.withoutWhich(text)
	rs := []rune(text)
	starts := wordStarts(text, len(rs), seg)
	var b strings.Builder
	for i := 0; i < len(rs); {
		n, out := 0, ""
		if starts == nil || starts[i] {
			n, out = qf.aNotA(rs, i)
		}
		if n == 0 {
			b.WriteRune(rs[i])
			i++
			continue
		}
		b.WriteString(out)
		i += n
	}
	return b.String()
}

// wordStarts marks the characters of text (n of them, as []rune counts them) that start a
// word as seg cuts it; nil when seg is nil.
func wordStarts(text string, n int, seg *Segmenter) []bool {
	if seg == nil {
		return nil
	}
	at := map[int]bool{} // byte offsets where words start
	off := 0
	for _, w := range seg.Words(text) {
		at[off] = true
		off += len(w)
	}
	starts := make([]bool, n)
	i := 0
	for b := range text { // one step per rune, as []rune counts them, invalid bytes included
		starts[i] = at[b]
		i++
	}
	return starts
}

// withoutWhich replaces each which word followed by a figure cue, and the cue, by a space.
func (qf *questionForms) withoutWhich(text string) string {
	for _, w := range qf.which {
		var b strings.Builder
		for rest := text; ; {
			i := strings.Index(rest, w)
			if i < 0 {
				b.WriteString(rest)
				break
			}
			after := rest[i+len(w):]
			c := qf.cueAt(after)
			if c == "" {
				b.WriteString(rest[:i+len(w)])
				rest = after
				continue
			}
			b.WriteString(rest[:i])
			b.WriteByte(' ')
			rest = after[len(c):]
		}
		text = b.String()
	}
	return text
}

// cueAt returns the longest figure cue s starts with, or "".
func (qf *questionForms) cueAt(s string) string {
	for _, c := range qf.cues {
		if strings.HasPrefix(s, c) {
			return c
		}
	}
	return ""
}

// aNotA recognises an A-not-A question starting at rs[i]: it returns how many characters it
// takes up and what replaces them, or 0 when none starts there. An affirmative that is not an
// ask verb is kept in place, before the characters that follow it (报不报销 → 报销), so the
// segmenter joins it with them as it would have without the question.
func (qf *questionForms) aNotA(rs []rune, i int) (n int, out string) {
	at := func(j int) rune {
		if j < len(rs) {
			return rs[j]
		}
		return 0
	}
	x, y := rs[i], at(i+1)
	if !halfOfQuestion(x) {
		return 0, ""
	}
	// XY不XY: 可以不可以, 需要不需要.
	if halfOfQuestion(y) && negation(at(i+2)) && at(i+3) == x && at(i+4) == y {
		if qf.askVerbs[string([]rune{x, y})] {
			return 5, " "
		}
		return 3, "" // the second XY stays
	}
	if !negation(y) || at(i+2) != x {
		return 0, ""
	}
	// X不X, X不XY: 能不能, 可不可以, 需不需要.
	if next := at(i + 3); next != 0 && qf.askVerbs[string([]rune{x, next})] {
		return 4, " "
	}
	if qf.askVerbs[string(x)] {
		return 3, " "
	}
	return 2, "" // the second X stays
}

// halfOfQuestion reports whether r can be a character of an A-not-A question's halves.
func halfOfQuestion(r rune) bool { return unicode.Is(unicode.Han, r) && !negation(r) }

func negation(r rune) bool { return r == '不' || r == '没' }
