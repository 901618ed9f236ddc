package content

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The kinds of line of dict/question-forms.txt.
const (
	askVerbLine = "正反问"
	whichLine   = "问哪些"
)

// questionFormLine reads a line of dict/question-forms.txt: the words whose A-not-A question
// only asks whether ("正反问：能 可以"), or the words that turn a figure cue into a question
// asking which ones ("问哪些：哪").
func (l *loader) questionFormLine(n int, line string) {
	kind, words, ok := splitKind(line)
	if !ok || (kind != askVerbLine && kind != whichLine) || len(words) == 0 {
		l.add(questionForms, n, "", "每行应为 \"%s：能 可以\"（只表示询问的正反问）或 \"%s：哪\"（问哪几个）", askVerbLine, whichLine)
		return
	}
	if l.questionLine == nil {
		l.questionLine = map[string]int{}
	}
	for _, w := range words {
		if at, ok := l.questionLine[w]; ok {
			l.add(questionForms, n, "", "%q 已列在第 %d 行：每个字词只能列一次", w, at)
			continue
		}
		size := utf8.RuneCountInString(w)
		switch {
		case !allHan(w):
			l.add(questionForms, n, "", "%q 应由汉字组成", w)
			continue
		case kind == askVerbLine && (size > 2 || strings.ContainsAny(w, "不没")):
			// Only X不X, X不XY and XY不XY are recognised as A-not-A questions.
			l.add(questionForms, n, "", "正反问的肯定说法 %q 应为一到两个汉字（如 能、可以），且不含“不”“没”", w)
			continue
		}
		l.questionLine[w] = n
		if kind == askVerbLine {
			l.lexicon.AskVerbs = append(l.lexicon.AskVerbs, w)
		} else {
			l.lexicon.WhichWords = append(l.lexicon.WhichWords, w)
		}
	}
}

func allHan(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}
