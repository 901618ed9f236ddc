package indexer

import (
	"math"
	"strings"

	"github.com/blevesearch/bleve/v2/search/query"

	"stdkb"
)

// Phrasings (dict/phrasings.txt) are, per section, the everyday words and questions staff type
// when they need it — written by hand, as doc2query generates them. They go into a text field
// of their own, analysed as the body is, which search looks in with the query's words at
// boostPhrasings of the body's weight, so a section whose text lacks the query's words can
// still rank from them. They only rank: snippets show the section's text.
const phrasingsField = "phrasings"

// boostPhrasings weighs a query word found in a section's phrasings against the same word in its
// body. Measured on both tuning sets with 0.15 to 1 (docs/search-quality.md, "Phrasings"): 0.55
// ranked best on both; 0.3 to 0.7 all help.
var boostPhrasings = 0.55

// phrasingHolders is the key of fieldLengths counting the sections that have phrasings: most have
// none, so the field's average length is taken over those that do (bm25Stats.get).
const phrasingHolders = phrasingsField + "#sections"

// phrasingTexts returns each section's phrasings, one a line, by entry: every edition of a
// document holding the section has the line that names it as DOC#SECTION.
func phrasingTexts(lib *stdkb.Library, entries []*entry) map[*entry]string {
	if len(lib.Lexicon.Phrasings) == 0 {
		return nil
	}
	bySection := map[string]string{}
	for _, p := range lib.Lexicon.Phrasings {
		bySection[p.Section] = strings.Join(p.Phrases, "\n")
	}
	out := map[*entry]string{}
	for _, e := range entries {
		if t, ok := bySection[e.DocID+"#"+e.Section]; ok {
			out[e] = t
		}
	}
	return out
}

// phrasingField is an entry's phrasings as the phrasings field: their question forms rewritten
// as a query's are (questions.go), so 能不能 leaves no 不能 to match prohibitions, then the words
// and nested dictionary words the body's analysis gives.
func (ix *Index) phrasingField(text string) *countedField {
	return namedWordField(phrasingsField, ix.questions.plain(text, ix.seg), ix.seg)
}

// phrasingQuery looks for a query word in the phrasings at boostPhrasings of boost, its weight
// in the body. The phrasings field holds few sections, so a word is rarer there than in the body
// and its idf higher; where the body's idf is lower, the weight is scaled down by the squared
// ratio of the two, so that a section holding a word only in its phrasings never outweighs one
// holding it in its body, all else equal. nil when the index has no phrasings.
func (ix *Index) phrasingQuery(word string, boost float64) query.Query {
	if !ix.phrased || boostPhrasings == 0 {
		return nil
	}
	inBody, inPhrasings := ix.docFraction(word), ix.fieldFraction(phrasingsField, word)
	if inPhrasings == 0 {
		return nil
	}
	// bleve's term score holds the idf twice (in the query's weight and the field's), so the
	// ratio is squared.
	n := float64(len(ix.entries))
	ratio := bm25IDF(n, inBody*n) / bm25IDF(n, inPhrasings*n)
	scale := min(1, ratio*ratio)
	return ix.textTermQ(phrasingsField, word, boostBody*boostPhrasings*boost*scale)
}

// bm25IDF is the inverse document frequency bleve's BM25 gives a term in docTerm of docTotal
// documents.
func bm25IDF(docTotal, docTerm float64) float64 {
	return math.Log(1 + (docTotal-docTerm+0.5)/(docTerm+0.5))
}
