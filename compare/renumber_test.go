package compare_test

import (
	"fmt"
	"math/rand"
	"os"
	"strings"
	"testing"
	"unicode"

	"stdkb"
	"stdkb/compare"
)

// planSentences are sentences of the Chongqing 机关事务 14th five-year plan (the seed), one a
// line: real clause-length text on one subject, so unrelated sentences share many words.
func planSentences(t *testing.T, words compare.Words) []string {
	t.Helper()
	b, err := os.ReadFile("testdata/plan-sentences.txt")
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Split(strings.TrimSpace(string(b)), "\n")
	// The test's premise: the sentences are unrelated, below the threshold pairwise. Drop any
	// that are not, so the premise is checked rather than assumed.
	var out []string
	for _, s := range all {
		ok := true
		for _, u := range out {
			if compare.Similarity(s, u, words) >= compare.DefaultThreshold {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, s)
		}
	}
	if len(out) < 100 {
		t.Fatalf("only %d of %d sentences are pairwise unrelated", len(out), len(all))
	}
	return out
}

// edit changes a sentence slightly: a short phrase inserted, or one word of letters or digits
// dropped (dropping a space or a comma would leave the clause unchanged).
func edit(rng *rand.Rand, s string, words compare.Words) string {
	ws := words(s)
	at := rng.Intn(len(ws))
	if rng.Intn(2) == 0 && len(ws) > 8 {
		if r := []rune(ws[at]); len(r) > 0 && (unicode.IsLetter(r[0]) || unicode.IsDigit(r[0])) {
			return strings.Join(ws[:at], "") + strings.Join(ws[at+1:], "")
		}
	}
	return strings.Join(ws[:at], "") + "按规定" + strings.Join(ws[at:], "")
}

// TestRandomRenumbering inserts new clauses at random positions of a chapter, deletes and edits
// some old ones slightly, renumbers, and checks every clause is paired with its own successor:
// unchanged in place, moved, changed, removed or added — never paired with the newcomer that
// took its number.
func TestRandomRenumbering(t *testing.T) {
	_, words := defaultContent(t)
	pool := planSentences(t, words)
	rng := rand.New(rand.NewSource(14))
	for trial := 0; trial < 200; trial++ {
		perm := rng.Perm(len(pool))
		m := 8 + rng.Intn(12)
		type clauseOf struct {
			text   string
			origin int // index in the old edition, -1 for a new clause
			edited bool
		}
		var old []clauseOf
		for i := 0; i < m; i++ {
			old = append(old, clauseOf{text: pool[perm[i]], origin: i})
		}
		next := m
		var now []clauseOf
		for _, c := range old {
			for rng.Intn(4) == 0 { // insert new clauses ahead of this one
				now = append(now, clauseOf{text: pool[perm[next]], origin: -1})
				next++
			}
			switch rng.Intn(6) {
			case 0: // deleted
				continue
			case 1, 2:
				c.text, c.edited = edit(rng, c.text, words), true
			}
			now = append(now, c)
		}
		for k := rng.Intn(3); k > 0; k-- {
			now = append(now, clauseOf{text: pool[perm[next]], origin: -1})
			next++
		}
		number := func(i int) string { return fmt.Sprintf("4.%d", i+1) }
		var secsA, secsB []*stdkb.Section
		for i, c := range old {
			secsA = append(secsA, clause(number(i), "", c.text))
		}
		want := map[string]string{}
		kept := map[int]bool{}
		for j, c := range now {
			secsB = append(secsB, clause(number(j), "", c.text))
			switch {
			case c.origin < 0:
				want[">"+number(j)] = compare.Added
			case c.edited:
				want[number(c.origin)+">"+number(j)] = compare.Changed
			case c.origin != j:
				want[number(c.origin)+">"+number(j)] = compare.Moved
			}
			kept[c.origin] = true
		}
		for i := range old {
			if !kept[i] {
				want[number(i)+">"] = compare.Removed
			}
		}
		d := compare.Editions(edition("x", "1", secsA...), edition("x", "2", secsB...), words)
		got := pairs(d)
		if len(got) != len(want) {
			t.Errorf("trial %d: %d changes, want %d\ngot  %v\nwant %v", trial, len(got), len(want), got, want)
			continue
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("trial %d: %s is %q, want %q\ngot  %v\nwant %v", trial, k, got[k], v, got, want)
				break
			}
		}
	}
}
