package indexer

import (
	"cmp"
	"slices"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search/query"
)

// The unigram view: every Chinese character of a section's title, path and text as a term of
// its own, in charsField, counted like the other fields (countedField), without positions.
// It serves the query words that no section holds (漏水, 流水账, 砍掉): neither their words nor
// their pairs are found, yet their characters (水, 账, 砍) still say which of the sections the
// other words find is meant. Looked for at a low weight among those sections only: as a clause
// that found sections of its own or took part in bleve's coordination factor it ranked the
// colloquial set worse (docs/search-quality.md, "Unigram view").
const (
	charsField     = "chars"
	charsTokenizer = "stdkb_chars"
	charsAnalyzer  = "stdkb_chars"
)

func init() {
	if err := registry.RegisterTokenizer(charsTokenizer, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return charTokenizer{}, nil
	}); err != nil {
		panic(err)
	}
}

// charTokenizer is the bleve tokenizer of the unigram view, for its mapping: the build counts
// the field itself (charField) and queries look for terms.
type charTokenizer struct{}

// Tokenize implements analysis.Tokenizer.
func (charTokenizer) Tokenize(input []byte) analysis.TokenStream {
	var out analysis.TokenStream
	eachChar(input, func(term []byte, start, end int, _ bool) {
		out = append(out, &analysis.Token{Term: term, Start: start, End: end, Position: len(out) + 1, Type: analysis.Ideographic})
	})
	return out
}

// Query side of the unigram view; variables so that the sweep (chars_sweep_test.go) can vary
// them on one index.
var (
	// boostChars weighs a character against a word (boostBody 1); 0 leaves the view unqueried.
	// 0.075–0.125 ranked within 0.006 of each other on both tuning sets.
	boostChars = 0.1
	// maxChars bounds the characters a query looks for, the rarest kept: each costs a posting
	// list.
	maxChars = 8
	// charsOfAll looks for the characters of every query word, not only of those no section
	// holds (measured, not shipped).
	charsOfAll = false
)

// stopCharShare is the share of sections above which a character is a stop-character: the
// unigram view leaves it out of the index (a section's length still counts it). Such characters
// hold most of the view's postings (90% in the benchmark corpus) and add little to a score;
// both relevance sets rank the same or better without those in more than a fifth of the
// sections (docs/search-quality.md). The query side needs no list: a character the index does
// not hold is not looked for.
const stopCharShare = 0.2

// commonChars returns the stop-characters of entries, counted as stop-pairs are (commonTerms).
func commonChars(entries []*entry) map[string]bool {
	out := map[string]bool{}
	for _, c := range commonTerms(entries, stopCharShare, charKeys) {
		out[c] = true
	}
	return out
}

// charKeys gives the Chinese characters of text, each packed into a number (unpackPair reads it).
func charKeys(text []byte, add func(uint64)) {
	eachChar(text, func(term []byte, _, _ int, _ bool) {
		var k uint64
		for i, c := range term {
			k |= uint64(c) << (8 * i)
		}
		add(k)
	})
}

// charField is the unigram view of an entry (gramsText) as a field, without the
// stop-characters.
func charField(text string, stop map[string]bool) *countedField {
	return &countedField{name: charsField, text: []byte(text), bytesPerTerm: 8, terms: func(text []byte, count func([]byte, int, int, bool)) {
		eachChar(text, func(term []byte, start, end int, _ bool) { count(term, start, end, !stop[string(term)]) })
	}}
}

// eachChar calls count with every Chinese character of text.
func eachChar(text []byte, count func(term []byte, start, end int, indexed bool)) {
	for i := 0; i < len(text); {
		if text[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(text[i:])
		if isHan(r) {
			count(text[i:i+n], i, i+n, true)
		}
		i += n
	}
}

// charQuery adds to the score of the sections the rest of the query finds: it matches in the
// unigram view the characters of the query words that no section's body holds, at most maxChars
// of them, the rarest; characters in more than half the sections are left out when rarer ones
// remain, as words are. Nil when there is nothing to match. buildQueryViews makes it an
// optional clause beside the required ones, so it finds no section itself and does not count in
// bleve's coordination factor.
func (ix *Index) charQuery(text string) query.Query {
	if !ix.chars || boostChars == 0 {
		return nil
	}
	chars := ix.queryChars(text)
	frac := func(c string) float64 { return ix.fieldFraction(charsField, c) }
	chars = slices.DeleteFunc(chars, func(c string) bool { return frac(c) == 0 })
	slices.SortStableFunc(chars, func(a, b string) int { return cmp.Compare(frac(a), frac(b)) })
	chars = chars[:min(len(chars), maxChars)]
	limit := 1.0
	for _, l := range commonFractions {
		if len(chars) > 0 && frac(chars[0]) <= l {
			limit = l
			break
		}
	}
	var out []query.Query
	for _, c := range chars {
		if frac(c) <= limit {
			out = append(out, ix.textTermQ(charsField, c, boostChars))
		}
	}
	if len(out) == 0 {
		return nil
	}
	return query.NewDisjunctionQuery(out)
}

// queryChars returns the distinct Chinese characters of the query's words that no section's
// body holds (of all its words with charsOfAll). Stop words have none: search drops them.
func (ix *Index) queryChars(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range ix.seg.Precise(text) {
		if !charsOfAll && ix.docFraction(w.Text) > 0 {
			continue
		}
		for _, r := range w.Text {
			if c := string(r); isHan(r) && !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	return out
}
