package compare

import (
	"sort"
	"unicode"

	"github.com/sergi/go-diff/diffmatchpatch"

	"stdkb"
)

// DefaultThreshold is the least similarity at which two clauses that are not identical are
// paired as one changed clause; below it they are a removal and an addition. Similarity is the
// Dice coefficient over words: twice the words of the longest common subsequence (go-diff) over
// the words of both, counting title and text and only words holding a letter or digit (for a
// bare heading with no text of its own, characters of the title instead of words). Lightly
// edited clauses score 0.8 and above, unrelated clauses of one standard rarely 0.3.
const DefaultThreshold = 0.5

// Options tune a comparison.
type Options struct {
	Words     Words   // splits text into words; required
	Threshold float64 // least similarity for pairing changed clauses; 0 means DefaultThreshold
}

// clauseWords is a clause encoded for matching: each distinct word one rune.
type clauseWords struct {
	sec   *stdkb.Section
	runes []rune
	bag   map[rune]int
}

// vocabulary encodes words as runes shared by both editions.
type vocabulary struct {
	index map[string]rune
	words Words
}

func (v *vocabulary) encode(s *stdkb.Section) clauseWords {
	c := clauseWords{sec: s, bag: map[rune]int{}}
	text := s.Title + "\n" + body(s)
	split := v.words
	if norm(body(s)) == "" {
		split = characters // a bare heading: too short for words to be stable
	}
	for _, w := range split(text) {
		if !meaningful(w) {
			continue
		}
		r, ok := v.index[w]
		if !ok {
			r = rune(len(v.index) + 0xF0000) // supplementary private use area: room for any vocabulary
			v.index[w] = r
		}
		c.runes = append(c.runes, r)
		c.bag[r]++
	}
	return c
}

func characters(s string) []string {
	out := make([]string, 0, len(s))
	for _, r := range s {
		out = append(out, string(r))
	}
	return out
}

// meaningful reports whether a word holds a letter or digit: punctuation and spaces are in every
// clause and say nothing about whether two clauses are one.
func meaningful(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// bagBound is an upper bound of the similarity of a and b: the common subsequence cannot hold
// more of a word than both have. It spares the diff for pairs that cannot reach the threshold.
func bagBound(a, b clauseWords) float64 {
	if len(a.runes)+len(b.runes) == 0 {
		return 0
	}
	common := 0
	for r, n := range a.bag {
		common += min(n, b.bag[r])
	}
	return 2 * float64(common) / float64(len(a.runes)+len(b.runes))
}

// similarity is the Dice coefficient of a and b over the longest common subsequence of words.
func similarity(a, b clauseWords) float64 {
	if len(a.runes)+len(b.runes) == 0 {
		return 0
	}
	dmp := diffmatchpatch.New()
	common := 0
	for _, d := range dmp.DiffMainRunes(a.runes, b.runes, false) {
		if d.Type == diffmatchpatch.DiffEqual {
			common += len([]rune(d.Text))
		}
	}
	return 2 * float64(common) / float64(len(a.runes)+len(b.runes))
}

// Similarity is the similarity of two texts as clauses are paired (see DefaultThreshold).
func Similarity(a, b string, words Words) float64 {
	v := &vocabulary{index: map[string]rune{}, words: words}
	return similarity(v.encode(&stdkb.Section{Text: a}), v.encode(&stdkb.Section{Text: b}))
}

// candidate is a possible pairing of clause i of the older edition with clause j of the newer.
type candidate struct {
	i, j int
	sim  float64
}

// matcher pairs the clauses of two editions.
type matcher struct {
	a, b         []clauseWords
	usedA, usedB []bool
	threshold    float64
	pair         func(i, j int) // records a pairing of a[i] with b[j]
}

// candidates lists the unpaired pairs at or above the threshold that keep, most similar first,
// then nearest in position.
func (m *matcher) candidates(keep func(i, j int) bool) []candidate {
	var out []candidate
	for i, x := range m.a {
		if m.usedA[i] {
			continue
		}
		for j, y := range m.b {
			if m.usedB[j] || !keep(i, j) || bagBound(x, y) < m.threshold {
				continue
			}
			if s := similarity(x, y); s >= m.threshold {
				out = append(out, candidate{i, j, s})
			}
		}
	}
	sort.SliceStable(out, func(p, q int) bool {
		if out[p].sim != out[q].sim {
			return out[p].sim > out[q].sim
		}
		return abs(out[p].i-out[p].j) < abs(out[q].i-out[q].j)
	})
	return out
}

// greedy pairs candidates in order, each clause at most once.
func (m *matcher) greedy(cs []candidate) {
	for _, c := range cs {
		if !m.usedA[c.i] && !m.usedB[c.j] {
			m.pair(c.i, c.j)
		}
	}
}

// run pairs the clauses left after unchanged clauses and moves: the same title under the same
// number first, whatever the similarity; then, at or above the threshold only, by title, then
// by number, then by best similarity. A pair by number is taken only when
// neither clause has a more similar partner (a clause renumbered because another was inserted
// ahead of it must not be paired with the newcomer that took its number).
func (m *matcher) run() {
	// The same title under the same number is the same clause whatever its text: the fixed
	// chapters of GB/T 1.1 (范围, 规范性引用文件 …) are often rewritten whole.
	for i, x := range m.a {
		for j, y := range m.b {
			if !m.usedA[i] && !m.usedB[j] && norm(x.sec.Title) != "" && norm(x.sec.Title) == norm(y.sec.Title) && key(x.sec) == key(y.sec) {
				m.pair(i, j)
			}
		}
	}
	m.greedy(m.candidates(func(i, j int) bool {
		ta := norm(m.a[i].sec.Title)
		return ta != "" && ta == norm(m.b[j].sec.Title)
	}))
	all := m.candidates(func(int, int) bool { return true })
	bestA, bestB := map[int]float64{}, map[int]float64{}
	for _, c := range all {
		bestA[c.i] = max(bestA[c.i], c.sim)
		bestB[c.j] = max(bestB[c.j], c.sim)
	}
	var byNumber []candidate
	for _, c := range all {
		if key(m.a[c.i].sec) == key(m.b[c.j].sec) && c.sim >= bestA[c.i] && c.sim >= bestB[c.j] {
			byNumber = append(byNumber, c)
		}
	}
	m.greedy(byNumber)
	m.greedy(all)
}

func key(s *stdkb.Section) string { return s.Number + "\x00" + s.ID }

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
