package indexer

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"stdkb"
)

// boostThesaurus weighs the content's terms a thesaurus entry leads to, below the words typed
// (1). It was 0.4, below the lexicon's synonyms (boostSynonym), chosen before query coverage
// credited a term to the words it stands for; re-measured with coverage (docs/search-quality.md,
// round 8, TestWeightsSweep), the six tuning sets' MRR@10 summed, with evidenceWeight 0.35:
// 0.4 5.560, 0.5 5.577, 0.6 5.588, 0.7 5.583, 0.75 5.591, 0.8 5.600, 0.85 5.601, 0.9 5.594,
// 1 5.589. No set ranks worse at 0.8 than at 0.4 — but merged into main, the four blind
// held-out sets did not follow (0.949 / 0.937 / 0.791 / 0.878 at 0.4 with evidence 0.5, 0.949 /
// 0.934 / 0.791 / 0.874 at 0.8 with 0.35): the gain was the tuning sets' own vocabulary weighing
// more, so it stays 0.4.
var boostThesaurus = 0.4

// Staff put small words inside the thesaurus's everyday phrases (砍掉了多少辆车 for 砍了多少车,
// 下乡办事没车 for 下乡没车, 托管的基数 for 托管基数), and the question rewrite leaves a space
// inside one (公车能不能私用 → 公车 私用 for 公车私用). A phrase of at least thesaurusGapMinRunes
// characters therefore also matches with its characters in order, at most thesaurusMaxGap other
// characters (a space counts as one) between two of them and at most half its length inside in
// all; punctuation ends it. Its terms weigh boostThesaurusGapped. Measured on the tuning sets
// (docs/search-quality.md, round 4): gaps of 2 and 3 and minimum lengths 2 to 4 rank alike, gap 1
// and length 5 worse; these are the mildest values at the best. A gapped match weighs as much as
// one as written (0.3 ranked worse) and not more, being the less certain reading. With
// boostThesaurus at 0.8 (round 8, not kept), 0.3 to 0.8 ranked alike (sums 5.600–5.604).
// thesaurusMaxGap 0 turns gapped matching off.
var (
	thesaurusMaxGap      = 2
	thesaurusGapMinRunes = 4
	boostThesaurusGapped = 0.4
)

// thesaurusTerm is a content's term the thesaurus gives for a query, with its weight.
type thesaurusTerm struct {
	text  string
	boost float64
	// at is the byte span of the query's text that led to the term: the first occurrence of
	// its phrase, from its first character to its last (coverage.go).
	at [2]int
}

// thesaurusPhrases holds the thesaurus's everyday phrases indexed by their first character, so
// that a query looks only at the phrases that can start at each of its characters.
type thesaurusPhrases struct {
	from    []string   // each phrase, in the thesaurus's order
	runes   [][]rune   // its characters
	to      [][]string // the content's terms it leads to
	byFirst map[rune][]int
}

// newThesaurusPhrases indexes the everyday phrases of the thesaurus's entries.
func newThesaurusPhrases(entries []stdkb.Synonym) *thesaurusPhrases {
	tp := &thesaurusPhrases{byFirst: map[rune][]int{}}
	for _, s := range entries {
		for _, f := range s.From {
			if f == "" {
				continue
			}
			r, _ := utf8.DecodeRuneInString(f)
			tp.byFirst[r] = append(tp.byFirst[r], len(tp.from))
			tp.from = append(tp.from, f)
			tp.runes = append(tp.runes, []rune(f))
			tp.to = append(tp.to, s.To)
		}
	}
	return tp
}

// thesaurusTerms returns the content's terms that the thesaurus gives for text (thesaurusMatch).
func (ix *Index) thesaurusTerms(text string) []string {
	terms, _ := ix.thesaurusMatch(text)
	var out []string
	for _, t := range terms {
		out = append(out, t.text)
	}
	return out
}

// gappedHit is a phrase found with other characters inside it: at holds the rune position of
// each of its characters in the query.
type gappedHit struct {
	phrase int
	at     []int
	gap    int // characters inside, as counted against the limits
}

// thesaurusMatch returns the content's terms that the thesaurus (dict/thesaurus.txt) gives for
// the everyday phrases found anywhere in text, longest phrase first: a phrase is matched as
// written, whatever the segmenter makes of it (单位的车 is three words). A phrase inside a
// longer one that matched is skipped, so 电费 adds nothing once 水电费 has. Phrases found as
// written go first; then, longest first, those found only with small words inside them
// (gappedMatches), unless such words are a phrase already matched (free). understood
// reports whether the bytes start:end of text lie inside a matched phrase: for a phrase found
// with words inside, inside one of its own characters.
func (ix *Index) thesaurusMatch(text string) (terms []thesaurusTerm, understood func(start, end int) bool) {
	tp := ix.thesaurus
	rs := []rune(text)
	offs := make([]int, 0, len(rs)+1) // byte offset of each rune, and len(text)
	for i := range text {
		offs = append(offs, i)
	}
	offs = append(offs, len(text))

	verbatim := tp.verbatimMatches(text, rs, offs)
	var matched []string
	var spans [][2]int // understood bytes
	var taken [][]int  // the rune positions of each occurrence of a matched phrase
	seen := map[string]bool{}
	addTerms := func(p int, boost float64, at [2]int) {
		for _, t := range tp.to[p] {
			if !seen[t] {
				seen[t] = true
				terms = append(terms, thesaurusTerm{t, boost, at})
			}
		}
	}
	inside := func(from string) bool {
		for _, m := range matched {
			if strings.Contains(m, from) {
				return true
			}
		}
		return false
	}
	for _, p := range verbatim {
		from := tp.from[p]
		if inside(from) {
			continue
		}
		matched = append(matched, from)
		first := len(spans)
		for at := 0; ; {
			i := strings.Index(text[at:], from)
			if i < 0 {
				break
			}
			spans = append(spans, [2]int{at + i, at + i + len(from)})
			at += i + len(from)
		}
		for i := range rs {
			if strings.HasPrefix(text[offs[i]:], from) {
				occ := make([]int, len(tp.runes[p]))
				for k := range occ {
					occ[k] = i + k
				}
				taken = append(taken, occ)
			}
		}
		addTerms(p, boostThesaurus, spans[first])
	}

	for _, h := range tp.gappedMatches(rs, verbatim) {
		from := tp.from[h.phrase]
		if inside(from) || !h.free(taken) {
			continue
		}
		matched = append(matched, from)
		// Only the phrase's own characters are understood: a lone character typed inside it
		// (辆 of 砍掉了多少辆车) was not part of the everyday phrase and keeps its weight.
		for _, a := range h.at {
			spans = append(spans, [2]int{offs[a], offs[a+1]})
		}
		taken = append(taken, h.at)
		addTerms(h.phrase, boostThesaurusGapped, [2]int{offs[h.at[0]], offs[h.at[len(h.at)-1]+1]})
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

// verbatimMatches returns the phrases found as written in text (rs its runes, offs their byte
// offsets), longest first, then in the thesaurus's order.
func (tp *thesaurusPhrases) verbatimMatches(text string, rs []rune, offs []int) []int {
	var found []int
	for i, r := range rs {
		for _, p := range tp.byFirst[r] {
			if strings.HasPrefix(text[offs[i]:], tp.from[p]) {
				found = append(found, p)
			}
		}
	}
	slices.Sort(found)
	found = slices.Compact(found)
	sort.SliceStable(found, func(i, j int) bool { return len(tp.from[found[i]]) > len(tp.from[found[j]]) })
	return found
}

// free reports whether no phrase matched before h lies within the characters inside h (办事
// in 下乡办事没车 for 下乡没车): a gapped match may not swallow a phrase found before it. A phrase
// that overlaps h's own characters (机关事务局 in 机关事务局管哪些事 for 机关事务管哪些事) leaves it
// free: both readings stand.
func (h gappedHit) free(taken [][]int) bool {
	first, last := h.at[0], h.at[len(h.at)-1]
	for _, occ := range taken {
		inGap := true
		for _, a := range occ {
			if a <= first || a >= last || slices.Contains(h.at, a) {
				inGap = false
				break
			}
		}
		if inGap {
			return false
		}
	}
	return true
}

// gappedMatches returns the phrases, other than those found as written (verbatim), whose
// characters occur in rs in order with small words between them, each at its place with the
// fewest characters inside (then the first), longest phrase first, then fewest inside.
func (tp *thesaurusPhrases) gappedMatches(rs []rune, verbatim []int) []gappedHit {
	if thesaurusMaxGap <= 0 {
		return nil
	}
	best := map[int]gappedHit{}
	for i, r := range rs {
		for _, p := range tp.byFirst[r] {
			pr := tp.runes[p]
			if len(pr) < thesaurusGapMinRunes || slices.Contains(verbatim, p) {
				continue
			}
			limit := len(pr) / 2 // characters inside in all
			at := make([]int, len(pr))
			at[0] = i
			var found []int
			foundGap := limit + 1
			placeGapped(rs, pr, at, 1, 0, limit, &found, &foundGap)
			if found == nil {
				continue
			}
			if b, ok := best[p]; !ok || foundGap < b.gap {
				best[p] = gappedHit{p, found, foundGap}
			}
		}
	}
	hits := make([]gappedHit, 0, len(best))
	for _, h := range best {
		hits = append(hits, h)
	}
	sort.Slice(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if la, lb := len(tp.runes[a.phrase]), len(tp.runes[b.phrase]); la != lb {
			return la > lb
		}
		if a.gap != b.gap {
			return a.gap < b.gap
		}
		if a.at[0] != b.at[0] {
			return a.at[0] < b.at[0]
		}
		return a.phrase < b.phrase
	})
	return hits
}

// placeGapped places the phrase's characters from k on, after at[k-1], each within
// thesaurusMaxGap characters of the one before and limit in all, keeping in found the placing
// with the fewest characters inside (below *foundGap), gap being those inside so far.
// Punctuation ends a phrase.
func placeGapped(rs, pr []rune, at []int, k, gap, limit int, found *[]int, foundGap *int) {
	if k == len(pr) {
		if gap < *foundGap {
			*foundGap = gap
			*found = slices.Clone(at)
		}
		return
	}
	step := 0
	for j := at[k-1] + 1; j < len(rs); j++ {
		if gap+step >= *foundGap || gap+step > limit || step > thesaurusMaxGap {
			return
		}
		r := rs[j]
		if r == pr[k] {
			at[k] = j
			placeGapped(rs, pr, at, k+1, gap+step, limit, found, foundGap)
		}
		if unicode.IsPunct(r) || unicode.IsSymbol(r) {
			return // a phrase does not run on across a clause's end
		}
		step++
	}
}
