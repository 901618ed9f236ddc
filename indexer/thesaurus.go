package indexer

import (
	"sort"
	"strings"
)

// boostThesaurus weighs the content's terms a thesaurus entry leads to, below the words typed
// (1) and the lexicon's synonyms (boostSynonym).
var boostThesaurus = 0.4

// thesaurusTerms returns the content's terms that the thesaurus gives for text (thesaurusMatch).
func (ix *Index) thesaurusTerms(text string) []string {
	terms, _ := ix.thesaurusMatch(text)
	return terms
}

// thesaurusMatch returns the content's terms that the thesaurus (dict/thesaurus.txt) gives for
// the everyday phrases found anywhere in text, longest phrase first: a phrase is matched as
// written, whatever the segmenter makes of it (单位的车 is three words). A phrase inside a
// longer one that matched is skipped, so 电费 adds nothing once 水电费 has. understood reports
// whether the bytes start:end of text lie inside a matched phrase.
func (ix *Index) thesaurusMatch(text string) (terms []string, understood func(start, end int) bool) {
	type hit struct {
		from string
		to   []string
	}
	var hits []hit
	for _, s := range ix.lib.Lexicon.Thesaurus {
		for _, f := range s.From {
			if strings.Contains(text, f) {
				hits = append(hits, hit{f, s.To})
			}
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return len(hits[i].from) > len(hits[j].from) })
	var matched []string
	var spans [][2]int
	seen := map[string]bool{}
	for _, h := range hits {
		inside := false
		for _, m := range matched {
			inside = inside || strings.Contains(m, h.from)
		}
		if inside {
			continue
		}
		matched = append(matched, h.from)
		for at := 0; ; {
			i := strings.Index(text[at:], h.from)
			if i < 0 {
				break
			}
			spans = append(spans, [2]int{at + i, at + i + len(h.from)})
			at += i + len(h.from)
		}
		for _, t := range h.to {
			if !seen[t] {
				seen[t] = true
				terms = append(terms, t)
			}
		}
	}
	return terms, func(start, end int) bool {
		for _, s := range spans {
			if s[0] <= start && end <= s[1] {
				return true
			}
		}
		return false
	}
}
