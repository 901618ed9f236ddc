package indexer

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"stdkb/content"
)

// TestWeightsSweep varies the weights of query expansions and of the factors applied as
// sections are collected, one at a time over a few values, on one index, and logs MRR@10 of
// the six tuning sets and their sum (STDKB_WEIGHTS_SWEEP=1; docs/search-quality.md, "Round 8").
// STDKB_WEIGHTS_ONLY=name,name limits the weights swept; STDKB_WEIGHTS_SET=name=v,name=v sets
// weights first, to measure them together.
func TestWeightsSweep(t *testing.T) {
	if os.Getenv("STDKB_WEIGHTS_SWEEP") == "" {
		t.Skip("set STDKB_WEIGHTS_SWEEP=1 to sweep the ranking weights")
	}
	weights := []struct {
		name   string
		v      *float64
		values []float64
	}{
		{"subword", &boostSubWord, []float64{0.15, 0.2, 0.4, 0.5}},
		{"synonym", &boostSynonym, []float64{0.4, 0.5, 0.7, 0.8}},
		{"thesaurus", &boostThesaurus, []float64{0.4, 0.5, 0.6, 0.7, 0.75, 0.85, 0.9, 1}},
		{"gapped", &boostThesaurusGapped, []float64{0.3, 0.5, 0.6, 0.8}},
		{"abbrev", &boostAbbreviation, []float64{0.2, 0.3, 0.5, 0.6}},
		{"completion", &boostCompletion, []float64{0.2, 0.3, 0.5, 0.6}},
		{"phrasings", &boostPhrasings, []float64{0.4, 0.45, 0.65, 0.75}},
		{"grams", &boostGrams, []float64{0.15, 0.2, 0.3, 0.35}},
		{"chars", &boostChars, []float64{0.05, 0.075, 0.125, 0.15}},
		{"lonechar", &boostLoneChar, []float64{0.05, 0.2, 0.3}},
		{"figure", &figureFactor, []float64{1.5, 2.25, 2.5, 2.75, 3, 3.5}},
		{"evidence", &evidenceWeight, []float64{0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6}},
		{"sample", &sampleFactor, []float64{0.8, 0.85, 0.95, 1}},
		{"passage", &passageWeight, []float64{0.1, 0.3, 0.4}},
		{"scatter", &passageScatter, []float64{0.3, 0.4, 0.6, 0.7}},
		{"coverage", &coverageWeight, []float64{0.7, 0.9}},
	}
	saved := make([]float64, len(weights))
	for i, w := range weights {
		saved[i] = *w.v
	}
	defer func() {
		for i, w := range weights {
			*w.v = saved[i]
		}
	}()
	byName := map[string]*float64{}
	for _, w := range weights {
		byName[w.name] = w.v
	}
	for _, kv := range strings.FieldsFunc(os.Getenv("STDKB_WEIGHTS_SET"), func(r rune) bool { return r == ',' }) {
		name, val, _ := strings.Cut(kv, "=")
		f, err := strconv.ParseFloat(val, 64)
		if byName[name] == nil || err != nil {
			t.Fatalf("STDKB_WEIGHTS_SET: bad %q", kv)
		}
		*byName[name] = f
	}
	only := map[string]bool{}
	for _, name := range strings.FieldsFunc(os.Getenv("STDKB_WEIGHTS_ONLY"), func(r rune) bool { return r == ',' }) {
		only[name] = true
	}

	lib, err := content.Load(content.Default())
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Build(lib, "", Options{Analyzer: AnalyzerGSE})
	if err != nil {
		t.Fatal(err)
	}
	sets := []struct {
		name string
		set  *judgements
		opts evalOptions
	}{
		{"queries", loadJudgementsFile(t, "testdata/relevance/queries.json"), evalOptions{}},
		{"colloq", loadJudgementsFile(t, "testdata/relevance/colloquial.json"), evalOptions{samples: true}},
		{"off1", loadJudgementsFile(t, "testdata/relevance/offwording.json"), evalOptions{samples: true}},
		{"off2", loadJudgementsFile(t, "testdata/relevance/offwording2.json"), evalOptions{samples: true}},
		{"off3", loadJudgementsFile(t, "testdata/relevance/offwording3.json"), evalOptions{samples: true}},
		{"off4", loadJudgementsFile(t, "testdata/relevance/offwording4.json"), evalOptions{samples: true}},
	}
	header := fmt.Sprintf("%-18s", "")
	for _, s := range sets {
		header += fmt.Sprintf(" %7s", s.name)
	}
	t.Log(header + "     sum")
	run := func(name string) {
		line, sum := fmt.Sprintf("%-18s", name), 0.0
		for _, s := range sets {
			m := evaluate(t, ix, s.set, s.opts).mrr10
			sum += m
			line += fmt.Sprintf(" %7.3f", m)
		}
		t.Logf("%s  %6.3f", line, sum)
	}
	run("current")
	for _, w := range weights {
		if len(only) > 0 && !only[w.name] {
			continue
		}
		base := *w.v
		for _, v := range w.values {
			*w.v = v
			run(fmt.Sprintf("%s %g", w.name, v))
		}
		*w.v = base
	}
}
