package compare_test

import (
	"fmt"
	"testing"

	"stdkb"
	"stdkb/compare"
)

// BenchmarkCompare measures a comparison of 60-clause editions: identical (the baseline: every
// clause unchanged in place, nothing segmented), renumbered (a clause inserted ahead of every
// fifth, every third edited) and rewritten (no clause in common, the worst case for pairing:
// every pair is considered, and the word-bag bound must spare most of the diffs).
func BenchmarkCompare(b *testing.B) {
	_, words := defaultContent(&testing.T{})
	pool := planSentences(&testing.T{}, words)
	const n = 60
	if len(pool) < 2*n {
		b.Skipf("%d sentences, want %d", len(pool), 2*n)
	}
	mk := func(texts []string) *stdkb.Edition {
		var secs []*stdkb.Section
		for i, s := range texts {
			secs = append(secs, clause(fmt.Sprintf("%d.%d", 4+i/30, i%30+1), "", s))
		}
		return edition("x", "1", secs...)
	}
	old := mk(pool[:n])
	var renumbered []string
	for i, s := range pool[:n] {
		if i%5 == 0 {
			renumbered = append(renumbered, pool[n+i/5])
		}
		if i%3 == 0 {
			s = "按规定" + s
		}
		renumbered = append(renumbered, s)
	}
	cases := []struct {
		name string
		to   *stdkb.Edition
	}{
		{"identical", mk(pool[:n])},
		{"renumbered", mk(renumbered)},
		{"rewritten", mk(pool[n : 2*n])},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				compare.Editions(old, c.to, words)
			}
		})
	}
}
