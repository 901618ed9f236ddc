package indexer

import (
	"unicode/utf8"
)

// Staff shorten official terms by keeping some of their characters: 公车 for 公务用车, 团标 for
// 团体标准, 宣贯 for 宣传贯彻, 驻渝办 for 驻渝办事机构. Such a shortening is usually absent from
// the content, and the segmenter either keeps it as an unknown word or cuts it into single
// characters (团|标), which match everything. So a query's words that the index does not hold,
// and its runs of two or more single characters that the index does not hold as a word, are
// looked up among the index's own words: those that start with the same character, hold all
// its characters in the same order and are at most twice as long. A shortening with more than
// maxAbbreviations such words is too ambiguous to expand; the others are looked for with
// boostAbbreviation, as a thesaurus term is, below every typed word (0.3 to 0.6 ranked the six
// tuning sets alike in round 8, sums 5.600–5.603 with thesaurus terms at 0.8).
var boostAbbreviation = 0.4

const (
	maxAbbreviations = 3
	maxAbbrevStretch = 2 // an expansion has at most this many times the characters
)

// abbreviationTerms returns the index's words that the query's shortenings stand for.
func (ix *Index) abbreviationTerms(text string) []string {
	var out []string
	for _, short := range ix.shortenings(text) {
		if ex := ix.expansions(short); len(ex) <= maxAbbreviations {
			out = append(out, ex...)
		}
	}
	return out
}

// shortenings returns the query's candidate shortenings: its words of two or more characters,
// and its runs of adjacent single characters, that no section's body holds.
func (ix *Index) shortenings(text string) []string {
	var out []string
	words := ix.seg.Precise(text)
	for i := 0; i < len(words); {
		j := i + 1
		if utf8.RuneCountInString(words[i].Text) == 1 {
			for j < len(words) && utf8.RuneCountInString(words[j].Text) == 1 && words[j].Start == words[j-1].End {
				j++
			}
		}
		if s := text[words[i].Start:words[j-1].End]; utf8.RuneCountInString(s) > 1 && ix.docFraction(s) == 0 {
			out = append(out, s)
		}
		i = j
	}
	return out
}

// expansions returns the body's words that short may stand for (see above).
func (ix *Index) expansions(short string) []string {
	rs := []rune(short)
	r, err := ix.reader()
	if err != nil {
		return nil
	}
	defer r.Close()
	dict, err := r.FieldDictPrefix("body", []byte(string(rs[0])))
	if err != nil {
		return nil
	}
	defer dict.Close()
	var out []string
	for {
		e, err := dict.Next()
		if err != nil || e == nil {
			return out
		}
		if n := utf8.RuneCountInString(e.Term); n > len(rs) && n <= maxAbbrevStretch*len(rs) && inOrder(rs, e.Term) {
			out = append(out, e.Term)
		}
	}
}

// inOrder reports whether term holds the characters rs in their order.
func inOrder(rs []rune, term string) bool {
	i := 0
	for _, c := range term {
		if i < len(rs) && c == rs[i] {
			i++
		}
	}
	return i == len(rs)
}
