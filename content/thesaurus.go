package content

import (
	"strings"
	"unicode/utf8"

	"stdkb"
)

// thesaurusLine parses one thesaurus entry, "说法, 说法 => 规范用语, 规范用语". What it can only
// check against the whole content is left to checkThesaurus.
func (l *loader) thesaurusLine(p string, n int, line string) {
	from, to, ok := strings.Cut(line, "=>")
	s := stdkb.Synonym{From: splitWords(from), To: splitWords(to)}
	if !ok || len(s.From) == 0 || len(s.To) == 0 {
		l.add(p, n, "", "每行应为 \"说法, 说法 => 规范用语\"：先写工作人员的说法，再写内容中对应的用语")
		return
	}
	for _, f := range s.From {
		for _, t := range s.To {
			if f == t {
				l.add(p, n, "", "%q 与右侧用语相同：请从左侧删去", f)
				return
			}
		}
	}
	// A phrase listed twice leads only to the terms of the first line that lists it: search
	// skips a phrase it has matched already, so the later line's terms would be dropped without
	// a word. The maintainer decides which terms it stands for.
	if l.phraseLine == nil {
		l.phraseLine = map[string]int{}
	}
	for _, f := range s.From {
		if first, seen := l.phraseLine[f]; seen {
			l.add(p, n, "", "%q 已在第 %d 行出现：同一说法只写一行，把两行的用语合并到那一行", f, first)
			return
		}
	}
	for _, f := range s.From {
		l.phraseLine[f] = n
	}
	l.lexicon.Thesaurus = append(l.lexicon.Thesaurus, s)
	l.thesaurusAt = append(l.thesaurusAt, n)
	// The terms are the content's own: the segmenter keeps them whole, as it does the words
	// of dict/words.txt, so 交通费用 is found as one word rather than as 交通 or 费用.
	for _, t := range s.To {
		if utf8.RuneCountInString(t) > 1 && !strings.ContainsAny(t, stdkb.ClauseMarks+" ") {
			l.lexicon.Words = append(l.lexicon.Words, stdkb.LexiconWord{Text: t, Freq: defaultWordFreq})
		}
	}
}

// checkThesaurus checks each thesaurus entry against the library: every term it leads to occurs
// in the content (a document or checklist title, a heading, a section, a checklist item or an
// indicator), so it is one of the content's own terms, and no phrase on its left is a stop
// word, which search ignores.
func (l *loader) checkThesaurus(lib *stdkb.Library) {
	if len(lib.Lexicon.Thesaurus) == 0 {
		return
	}
	text := libraryText(lib)
	stop := map[string]bool{}
	for _, w := range lib.Lexicon.Stopwords {
		stop[w] = true
	}
	for i, s := range lib.Lexicon.Thesaurus {
		for _, f := range s.From {
			if stop[f] {
				l.add(thesaurusFile, l.thesaurusAt[i], "", "%q 是停用词（dict/stopwords.txt），检索时会被忽略", f)
			}
		}
		for _, t := range s.To {
			if !strings.Contains(text, t) {
				l.add(thesaurusFile, l.thesaurusAt[i], "", "内容中没有 %q：右侧须是内容中出现的用语", t)
			}
		}
	}
}

// libraryText joins everything search reads of the library, one piece a line.
func libraryText(lib *stdkb.Library) string {
	var b strings.Builder
	line := func(s string) {
		b.WriteString(s)
		b.WriteByte('\n')
	}
	for _, d := range lib.Documents {
		for _, e := range d.Editions {
			line(e.Title)
			for _, s := range e.Sections {
				line(strings.Join(s.Path, "\n"))
				line(s.Text)
			}
		}
	}
	for _, c := range lib.Checklists {
		line(c.Title)
		line(PlainText(c.Body))
		for _, s := range c.Sections {
			line(s.Title)
			for _, it := range s.Items {
				line(it.Text)
			}
		}
	}
	for _, set := range lib.Indicators {
		line(set.Title)
		line(PlainText(set.Body))
		for _, m := range set.Metrics {
			line(m.Name)
			line(m.Scope)
		}
	}
	return b.String()
}
