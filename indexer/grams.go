package indexer

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search/query"
)

// The character view of a text: overlapping pairs of Chinese characters (公务用车 → 公务 务用
// 用车), a lone Chinese character by itself, and runs of letters and digits as one lowercased
// term. It finds what staff type when their words are not the segmenter's words (a query word
// the dictionary cuts differently from the text, a compound the text never has whole), and is
// searched beside the words, in a field of its own (gramsField).
//
// It is not free: a section holds about as many pairs as characters, and their postings make
// the build about twice as costly in CPU (docs/search-quality.md), though they are counted
// without a token each (gramField). Dropping the pairs' frequencies and norms (SkipFreqNorm) or
// indexing only a section's first 1,000 characters ranked both relevance sets worse. Indexing the
// pairs that are not already two-character words in body cost nearly as much — a second
// segmentation pass — and ranked worse (split term statistics), so every pair is indexed but
// the stop-pairs, those in more than a tenth of the sections (stoppairs.go).
const (
	gramsTokenizer = "stdkb_grams"
	gramsAnalyzer  = "stdkb_grams"
	gramsField     = "grams"
)

func init() {
	if err := registry.RegisterTokenizer(gramsTokenizer, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return gramTokenizer{}, nil
	}); err != nil {
		panic(err)
	}
}

// gramTokenizer is the bleve tokenizer of the character view.
type gramTokenizer struct{}

// Tokenize implements analysis.Tokenizer.
func (gramTokenizer) Tokenize(input []byte) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(input)/3)
	slab := make([]analysis.Token, 0, min(len(input)/3+1, 1024))
	pos := 0
	eachGram(input, func(term []byte, start, end int, han bool) {
		if &term[0] != &input[start] { // a lowercased copy: keep it
			term = append([]byte(nil), term...)
		}
		if len(slab) == cap(slab) {
			slab = make([]analysis.Token, 0, cap(slab))
		}
		pos++
		typ := analysis.AlphaNumeric
		if han {
			typ = analysis.Ideographic
		}
		slab = append(slab, analysis.Token{Term: term, Start: start, End: end, Position: pos, Type: typ})
		out = append(out, &slab[len(slab)-1])
	})
	return out
}

// eachGram calls emit with every term of the character view of text, in order: the term (which
// may share memory with text and is valid only during the call), its byte offsets and whether
// it is Chinese.
func eachGram(text []byte, emit func(term []byte, start, end int, han bool)) {
	var lower []byte
	run, prev := -1, -1 // start of the letter run; start of the previous Chinese character
	lone := false       // the previous Chinese character has not been part of a pair yet
	endRun := func(end int) {
		if run >= 0 {
			var term []byte
			term, lower = lowerASCII(text[run:end], lower)
			emit(term, run, end, false)
			run = -1
		}
	}
	endHan := func() {
		if prev >= 0 && lone {
			_, n := utf8.DecodeRune(text[prev:])
			emit(text[prev:prev+n], prev, prev+n, true)
		}
		prev, lone = -1, false
	}
	for i := 0; i < len(text); {
		r, n := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRune(text[i:])
		}
		switch {
		case isHan(r):
			endRun(i)
			if prev >= 0 {
				emit(text[prev:i+n], prev, i+n, true)
			}
			prev, lone = i, prev < 0
		case r < utf8.RuneSelf && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') ||
			r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsNumber(r)):
			endHan()
			if run < 0 {
				run = i
			}
		default:
			endHan()
			endRun(i)
		}
		i += n
	}
	endHan()
	endRun(len(text))
}

// gramsText is what the character view of an entry indexes: its title, path and text as one
// value, a line each (a line break ends every pair and run, so the terms are those of the parts).
// One value rather than a list: zapx merges the terms of a list's values into the first value's
// table one by one, which took 9% of the build's CPU when the title came first.
func gramsText(e *entry) string {
	n := len(e.Title) + len(e.Text) + 1
	for _, p := range e.Path {
		n += len(p) + 1
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString(e.Title)
	for _, p := range e.Path {
		b.WriteByte('\n')
		b.WriteString(p)
	}
	b.WriteByte('\n')
	b.WriteString(e.Text)
	return b.String()
}

// isHan reports whether r is a Chinese character, testing the common block first.
func isHan(r rune) bool {
	if r < 0x2E80 {
		return false
	}
	return 0x4E00 <= r && r <= 0x9FFF || unicode.Is(unicode.Han, r)
}

// boostGrams weighs the character view against the words (boostBody 1). At 1 the pairs
// pulled colloquial queries below words alone once the thesaurus and figure kinds carried
// their words; a quarter ranks best on both tuning sets (docs/search-quality.md, round 4).
var boostGrams = 0.25

// maxGrams bounds the pairs a query looks for, the rarest kept: each costs a posting list.
const maxGrams = 6

// gramQuery matches the character view of the query's words: the pairs of characters in each
// stretch of words that search does not ignore (question words and fillers such as 怎么, 多少
// and 是什么 are stop words and break a stretch, so they add no pairs), and a character that
// is the query's only word as any pair holding it. Pairs that are already query words or
// sub-words are left to the words, and so are pairs the words stand for (wordsHoldPair: inside
// a word sections hold, or joining two such words); at most maxGrams of the rest are looked
// for, the rarest, and pairs in more than half the sections are left out when rarer ones
// remain, as words are (wordQueries). Stop-pairs are never looked for: the index does not hold
// them. On both relevance sets this ranks within 0.01 of looking for every pair
// (docs/search-quality.md) and reads far fewer postings. Nil when there is nothing to match.
func (ix *Index) gramQuery(text string) query.Query {
	var grams []string
	seen := map[string]bool{}
	add := func(term []byte) {
		if !seen[string(term)] {
			seen[string(term)] = true
			grams = append(grams, string(term))
		}
	}
	words := ix.seg.Precise(text)
	for i := 0; i < len(words); {
		j := i + 1 // words[i:j] are one stretch of the query
		for j < len(words) && words[j].Start == words[j-1].End {
			j++
		}
		off := words[i].Start
		eachGram([]byte(text[off:words[j-1].End]), func(term []byte, start, end int, han bool) {
			if han && utf8.RuneCount(term) == 2 && ix.wordsHoldPair(words[i:j], off+start, off+end) {
				return
			}
			add(term)
		})
		i = j
	}
	// Pairs the words already look for (公务 of 公务用车) add little beyond them.
	asWords := map[string]bool{}
	for _, tk := range ix.seg.Expanded(text) {
		asWords[tk.Text] = true
	}
	grams = slices.DeleteFunc(grams, func(g string) bool { return asWords[g] && utf8.RuneCountInString(g) > 1 })
	grams = ix.stop.withoutStopPairs(grams)
	if len(grams) > maxGrams {
		slices.SortStableFunc(grams, func(a, b string) int {
			return cmp.Compare(ix.fieldFraction(gramsField, a), ix.fieldFraction(gramsField, b))
		})
		grams = grams[:maxGrams]
	}
	limit := 1.0
	for _, l := range commonFractions {
		if slices.ContainsFunc(grams, func(g string) bool { return ix.fieldFraction(gramsField, g) <= l }) {
			limit = l
			break
		}
	}
	var out []query.Query
	for _, g := range grams {
		if utf8.RuneCountInString(g) == 1 {
			if len(words) > 1 {
				continue // a lone character beside other words: the words have it
			}
			// A one-character query: the pairs holding it, and itself where the text has it
			// alone. (Beside other words, the pairs of a common character are too many to read.)
			re := query.NewRegexpQuery(regexp.QuoteMeta(g) + ".|." + regexp.QuoteMeta(g))
			re.SetField(gramsField)
			re.SetBoost(boostGrams * ix.lengthBoost(gramsField))
			out = append(out, re, ix.textTermQ(gramsField, g, boostGrams))
			continue
		}
		if ix.fieldFraction(gramsField, g) <= limit {
			out = append(out, ix.textTermQ(gramsField, g, boostGrams))
		}
	}
	if len(out) == 0 {
		return nil
	}
	return query.NewDisjunctionQuery(out)
}

// wordsHoldPair reports whether words, a stretch of the query's words, already stand for the
// pair of characters at start:end of the query: the pair lies inside a word that sections hold,
// or joins two such words of two or more characters. Looking for it would count what those words found
// again — most in the sections holding one of them many times, which query coverage
// (coverage.go) ranks below those holding more of the query. The pairs left serve what the
// pair view is for: a word no section holds (the text cuts it otherwise), and a boundary
// beside a lone character, where the segmenter split a compound it did not know (油|卡).
func (ix *Index) wordsHoldPair(words []Token, start, end int) bool {
	first, last := -1, -1
	for k, w := range words {
		if w.Start <= start && start < w.End {
			first = k
		}
		if w.Start < end && end <= w.End {
			last = k
		}
	}
	if first < 0 || last < 0 {
		return false
	}
	if first == last {
		return ix.holdsWord(words[first].Text)
	}
	a, b := words[first].Text, words[last].Text
	return utf8.RuneCountInString(a) > 1 && utf8.RuneCountInString(b) > 1 && ix.holdsWord(a) && ix.holdsWord(b)
}

// holdsWord reports whether a section holds w as a word in a field words are looked for in.
func (ix *Index) holdsWord(w string) bool {
	return slices.ContainsFunc(coverageFields, func(f string) bool { return ix.fieldFraction(f, w) > 0 })
}
