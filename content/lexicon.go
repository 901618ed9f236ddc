package content

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"stdkb"
)

// Lexicon files, relative to the content root. All are optional.
const (
	wordsFile     = "dict/words.txt"
	synonymsFile  = "dict/synonyms.txt"
	stopwordsFile = "dict/stopwords.txt"
	thesaurusFile = "dict/thesaurus.txt"
	figureCues    = "dict/figure-cues.txt"
	figureKinds   = "dict/figure-kinds.txt"
	questionForms = "dict/question-forms.txt"
	phrasingsFile = "dict/phrasings.txt"
	documentCues  = "dict/document-cues.txt"
	tenseCues     = "dict/tense-cues.txt"
)

// defaultWordFreq is the weight of a domain word listed without one: high enough that the
// segmenter prefers it over splitting it into common shorter words.
const defaultWordFreq = 50000

// lexiconFile parses one of the dictionary files into lex. Lines are trimmed; empty lines and
// lines starting with # are ignored.
func (l *loader) lexiconFile(p string, src []byte) {
	lines := strings.Split(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n")
	for i, line := range lines {
		n := i + 1
		line = strings.TrimSpace(strings.TrimPrefix(line, "\ufeff"))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		switch p {
		case wordsFile:
			f := strings.Fields(line)
			w := stdkb.LexiconWord{Text: f[0], Freq: defaultWordFreq}
			if len(f) > 1 {
				freq, err := strconv.ParseFloat(f[1], 64)
				if err != nil || freq <= 0 {
					l.add(p, n, "", "词频 %q（词语 %q）应为正数", f[1], f[0])
					continue
				}
				w.Freq = freq
			}
			if len(f) > 2 {
				w.Pos = f[2]
			}
			if len(f) > 3 {
				l.add(p, n, "", "每行应为：词语 [词频 [词性]]，此行有 %d 项", len(f))
				continue
			}
			if i := strings.IndexAny(w.Text, stdkb.ClauseMarks); i >= 0 {
				// Search cuts text into clauses at these marks (to mark snippets), so a word
				// holding one could never be found whole.
				r, _ := utf8.DecodeRuneInString(w.Text[i:])
				l.add(p, n, "", "词语 %q 含断句符号 %q：请把各部分分别列为词语", w.Text, r)
				continue
			}
			l.lexicon.Words = append(l.lexicon.Words, w)
		case synonymsFile:
			var s stdkb.Synonym
			if from, to, ok := strings.Cut(line, "=>"); ok {
				s.From, s.To = splitWords(from), splitWords(to)
			} else {
				s.From = splitWords(line)
				s.To = s.From
			}
			if len(s.From) == 0 || len(s.To) == 0 || (len(s.From) < 2 && len(s.To) == len(s.From) && s.From[0] == s.To[0]) {
				l.add(p, n, "", "每行应为 \"甲, 乙, 丙\"（同义词）或 \"甲, 乙 => 丙\"（检索甲、乙时也查丙）")
				continue
			}
			l.lexicon.Synonyms = append(l.lexicon.Synonyms, s)
		case stopwordsFile:
			l.lexicon.Stopwords = append(l.lexicon.Stopwords, strings.Fields(line)...)
		case thesaurusFile:
			l.thesaurusLine(p, n, line)
		case figureCues:
			l.figureCueLine(n, line)
		case figureKinds:
			l.figureKindLine(n, line)
		case questionForms:
			l.questionFormLine(n, line)
		case phrasingsFile:
			l.phrasingLine(n, line)
		case documentCues:
			l.documentCueLine(n, line)
		case tenseCues:
			l.tenseCueLine(n, line)
		}
	}
}

func splitWords(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == '、' }) {
		if w = strings.TrimSpace(w); w != "" {
			out = append(out, w)
		}
	}
	return out
}
