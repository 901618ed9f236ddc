package indexer

import (
	"sort"
	"strings"
	"unicode"

	"stdkb"
)

// Suggestion is a term to try when a search finds nothing: a word of the content's lexicon or
// a term the thesaurus leads to, close in characters to what was typed.
type Suggestion struct {
	Term   string `json:"term"`
	Source string `json:"source"`        // "lexicon" (its words and synonyms) or "thesaurus"
	Via    string `json:"via,omitempty"` // the phrase of a synonym or thesaurus entry that matched
}

// Limits on suggestions: how many, and how close (Dice coefficient of characters and pairs of
// characters) a term must be to what was typed.
const (
	maxSuggestions = 5
	minSimilarity  = 0.4
)

// suggest returns the lexicon words and thesaurus terms closest to text, best first, that the
// index holds: each is a query that finds something. The text itself, however typed, is never
// among them: a query that found nothing (for its filters) would find nothing again.
func (ix *Index) suggest(text string) []Suggestion {
	q := charGrams(text)
	if len(q) == 0 || ix.seg == nil {
		return nil
	}
	type candidate struct {
		Suggestion
		sim float64
	}
	var cands []candidate
	consider := func(phrase string, s Suggestion) {
		if sim := dice(q, charGrams(phrase)); sim >= minSimilarity {
			cands = append(cands, candidate{s, sim})
		}
	}
	lex := &ix.lib.Lexicon
	for _, w := range lex.Words {
		consider(w.Text, Suggestion{Term: w.Text, Source: "lexicon"})
	}
	for _, syn := range lex.Synonyms {
		for _, to := range syn.To {
			consider(to, Suggestion{Term: to, Source: "lexicon"})
			for _, from := range syn.From {
				if from != to {
					consider(from, Suggestion{Term: to, Source: "lexicon", Via: from})
				}
			}
		}
	}
	for _, th := range lex.Thesaurus {
		for _, to := range th.To {
			consider(to, Suggestion{Term: to, Source: "thesaurus"})
			for _, from := range th.From {
				consider(from, Suggestion{Term: to, Source: "thesaurus", Via: from})
			}
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].sim > cands[j].sim })
	var out []Suggestion
	seen := map[string]bool{}
	for _, c := range cands {
		if len(out) == maxSuggestions {
			break
		}
		if seen[c.Term] || sameTerm(c.Term, text) || !ix.holds(c.Term) {
			continue
		}
		seen[c.Term] = true
		out = append(out, c.Suggestion)
	}
	return out
}

// holds reports whether every word of term is in some section's body.
func (ix *Index) holds(term string) bool {
	words := ix.seg.Precise(term)
	for _, w := range words {
		if ix.docFraction(w.Text) == 0 {
			return false
		}
	}
	return len(words) > 0
}

// sameTerm reports whether a and b are the same term typed differently: they have the same
// letters, digits and Chinese characters once folded to half width and lower case.
func sameTerm(a, b string) bool {
	return termKey(a) == termKey(b)
}

// termKey is what sameTerm compares: the letters and digits of s, half width, lower case.
func termKey(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, stdkb.NormalizeWidth(s))
}

// charGrams returns the letters, digits and Chinese characters of s (lowercased) and their
// adjacent pairs, counted.
func charGrams(s string) map[string]int {
	var runes []rune
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			runes = append(runes, r)
		}
	}
	out := map[string]int{}
	for i, r := range runes {
		out[string(r)]++
		if i > 0 {
			out[string(runes[i-1:i+1])]++
		}
	}
	return out
}

// dice is the Dice coefficient of two counted sets: twice the shared count over the total.
func dice(a, b map[string]int) float64 {
	shared, total := 0, 0
	for k, n := range a {
		shared += min(n, b[k])
		total += n
	}
	for _, n := range b {
		total += n
	}
	if total == 0 {
		return 0
	}
	return 2 * float64(shared) / float64(total)
}
