package indexer

import (
	"fmt"
	"os"
	"testing"
)

// TestCharsSweep measures the unigram view's query settings on the two tuning sets on one
// index, beside the view switched off (STDKB_CHARS_SWEEP=1; docs/search-quality.md, "Unigram
// view").
func TestCharsSweep(t *testing.T) {
	if os.Getenv("STDKB_CHARS_SWEEP") == "" {
		t.Skip("set STDKB_CHARS_SWEEP=1 to sweep the unigram view's settings")
	}
	ix := testIndex(t, AnalyzerGSE)
	existing := loadJudgements(t)
	colloquial := loadJudgementsFile(t, "testdata/relevance/colloquial.json")
	defer func(w float64, n int, all bool) { boostChars, maxChars, charsOfAll = w, n, all }(boostChars, maxChars, charsOfAll)
	run := func(name string) {
		e := evaluate(t, ix, existing, evalOptions{})
		c := evaluate(t, ix, colloquial, evalOptions{samples: true})
		t.Logf("%-24s existing %.3f (%.3f)  colloquial %.3f (%.3f)", name, e.mrr10, e.recall5, c.mrr10, c.recall5)
	}
	boostChars = 0
	run("off")
	for _, all := range []bool{false, true} {
		for _, n := range []int{4, 8, 1000} {
			for _, w := range []float64{0.05, 0.075, 0.1, 0.125, 0.2, 0.3} {
				charsOfAll, maxChars, boostChars = all, n, w
				run(fmt.Sprintf("all=%v n%d w%v", all, n, w))
			}
		}
	}
}
