package indexer

import (
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search"
)

// Passage evidence (Callan 1994, passage-level evidence). A long section is one score in BM25,
// its length normalisation spread over all its text: the plan's 第一章 发展基础 (2,236
// characters reviewing five years, figures and all) holds the answer to many a question about
// one past achievement in a single sentence, yet a short section naming the query's words
// once outranks it several times over; and because it holds so many words, it also matches
// almost any query moderately, its words scattered over sentences that say different things.
// A section at least passageLong times as long as the average is therefore also judged by its
// best sentence: the idf-weighted share of the query's coverage units (coverage.go) one sentence
// holds, best, against the share its whole text holds, whole. Its score is multiplied by
//
//	(1 + passageWeight × (gain − 1) × best²) × (1 − passageScatter + passageScatter × best/whole)
//
// where gain is what BM25's length normalisation takes from one occurrence in the section
// against one in its best sentence, taken as at least as long as the average section:
// (1 + k1·n(L)) / (1 + k1·n(max(S, avg))), n(l) = 1 − b + b·l/avg, b the body's (bm25.go); a
// section of one long sentence gains nothing. A long section holding the query in one
// sentence gets back part of what its length cost it; one holding it only scattered loses up to
// passageScatter. Like coverage, it reorders what the words found and adds no clause; a query
// of fewer than two units (no coverage) is left alone. A unit counts as held where one of its
// words occurs in the text as written. Only long sections are read, so a query costs nothing
// more on the benchmark corpus (p50 2.06 → 2.01 ms, within noise).
//
// Measured on the five tuning sets (docs/search-quality.md, round 7), MRR@10 of queries /
// colloquial / offwording / offwording2 / offwording3: 0.975 / 0.932 / 0.854 / 0.837 / 0.834
// without; 0.979 / 0.938 / 0.857 / 0.857 / 0.840 as set (0.859 / 0.857 / 0.842 with the
// passage taken as long as the average section whatever its sentence, which lets a section of
// one long sentence gain). Earlier variants, measured with that passage length: on every
// section (no length limit, which cost 50 times the query time on the benchmark corpus's
// 5,000-byte sections) 0.979 / 0.938 / 0.861 / 0.860 / 0.839; with the gain alone (scatter 0) 0.979 / 0.938 / 0.863 /
// 0.855 / 0.829, the scatter alone 0.975 / 0.932 / 0.849 / 0.843 / 0.838; weight 0.15 / 0.25 /
// 0.3 and scatter 0.3 / 0.7 / 1 sum the off-wording sets 0.001–0.017 lower; long from 1.5 to 3
// times the average, within 0.004. A weight on best rather than best², windows of two or three
// sentences or clauses cut at ；rank no better; nor does preferring figures only in a sentence
// holding the query's units (figures.go).
var (
	passageWeight  = 0.2
	passageScatter = 0.5
	passageLong    = 2.0
)

// forSentences calls f with each sentence of text: its stretches between 。！？ and line breaks.
func forSentences(text string, f func(string)) {
	for text != "" {
		i := strings.IndexAny(text, "。！？\n")
		if i < 0 {
			f(text)
			return
		}
		if i > 0 {
			f(text[:i])
		}
		_, size := utf8.DecodeRuneInString(text[i:])
		text = text[i+size:]
	}
}

// share returns the weight of the units text holds.
func (cv *queryCoverage) share(text string) float64 {
	s := 0.0
	for i, words := range cv.words {
		for _, w := range words {
			if strings.Contains(text, w) {
				s += cv.weights[i]
				break
			}
		}
	}
	return s
}

// passageFactor returns what multiplies the score of a section whose text is text, runes
// characters long, when sections are avg characters long on average (see above).
func (cv *queryCoverage) passageFactor(text string, runes int, avg float64) float64 {
	if cv == nil || float64(runes) < passageLong*avg || passageWeight == 0 && passageScatter == 0 {
		return 1
	}
	whole := cv.share(text)
	if whole == 0 {
		return 1
	}
	best, bestLen := 0.0, runes
	forSentences(text, func(s string) {
		if sh := cv.share(s); sh > best || sh == best && utf8.RuneCountInString(s) < bestLen {
			best, bestLen = sh, utf8.RuneCountInString(s)
		}
	})
	norm := func(l float64) float64 {
		b := fieldB["body"]
		return 1 + search.BM25_k1*(1-b+b*l/avg)
	}
	gain := norm(float64(runes)) / norm(max(avg, float64(bestLen)))
	return (1 + passageWeight*(gain-1)*best*best) * (1 - passageScatter + passageScatter*best/whole)
}
