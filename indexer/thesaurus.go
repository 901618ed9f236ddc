package indexer

import (
	"sort"
	"strings"
)

// boostThesaurus weighs the content's terms a thesaurus entry leads to, below the words typed
// (1) and the lexicon's synonyms (boostSynonym).
var boostThesaurus = 0.4

// thesaurusTerms returns the content's terms that the thesaurus (dict/thesaurus.txt) gives for
// the everyday phrases found anywhere in text, longest phrase first: a phrase is matched as
// written, whatever the segmenter makes of it (单位的车 is three words). A phrase inside a
// longer one that matched is skipped, so 电费 adds nothing once 水电费 has.
func (ix *Index) thesaurusTerms(text string) []string {
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
	var out, matched []string
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
		for _, t := range h.to {
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	return out
}
