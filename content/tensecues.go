package content

import (
	"strings"

	"stdkb"
)

// The kinds of line of dict/tense-cues.txt.
const (
	tensePast    = "问过去"
	tenseFuture  = "问今后"
	tenseReviews = "回顾章节"
)

// tenseCueLines holds dict/tense-cues.txt as read: the line listing each word, and the line of
// each heading word, until checkTenseCues can compare those with the content's headings.
type tenseCueLines struct {
	words      cueWords
	reviewLine []int // line of each of lexicon.TenseCues.Reviews
}

// tenseCueLine reads a line of dict/tense-cues.txt: "问过去：以前 之前", "问今后：今后 这五年" or
// "回顾章节：发展基础".
func (l *loader) tenseCueLine(n int, line string) {
	kind, words, ok := splitKind(line)
	if !ok || len(words) == 0 {
		l.add(tenseCues, n, "", "每行应为 \"%s：说法 说法\"、\"%s：说法 说法\" 或 \"%s：标题用词\"", tensePast, tenseFuture, tenseReviews)
		return
	}
	var list *[]string
	switch kind {
	case tensePast:
		list = &l.lexicon.TenseCues.Past
	case tenseFuture:
		list = &l.lexicon.TenseCues.Future
	case tenseReviews:
		list = &l.lexicon.TenseCues.Reviews
	default:
		l.add(tenseCues, n, "", "种类 %q 无法识别：应为 %s、%s 或 %s", kind, tensePast, tenseFuture, tenseReviews)
		return
	}
	for _, w := range l.tenseCues.words.fresh(l, tenseCues, n, words) {
		*list = append(*list, w)
		if kind == tenseReviews {
			l.tenseCues.reviewLine = append(l.tenseCues.reviewLine, n)
		}
	}
}

// checkTenseCues checks each heading word against the library: some section's heading holds
// it, so the line can mark a section.
func (l *loader) checkTenseCues(lib *stdkb.Library) {
	for i, w := range lib.Lexicon.TenseCues.Reviews {
		if !headingHolds(lib, w) {
			l.add(tenseCues, l.tenseCues.reviewLine[i], "", "回顾章节的标题用词 %q 不在内容中任何章节的标题里", w)
		}
	}
}

// headingHolds reports whether some section heading of the library's documents holds w.
func headingHolds(lib *stdkb.Library, w string) bool {
	for _, d := range lib.Documents {
		for _, e := range d.Editions {
			for _, s := range e.Sections {
				if strings.Contains(s.Title, w) {
					return true
				}
			}
		}
	}
	return false
}
