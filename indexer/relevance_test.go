package indexer

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
)

// judgements is the relevance test set: realistic queries with the sections that answer them.
type judgements struct {
	Queries []struct {
		Query    string   `json:"query"`
		Relevant []string `json:"relevant"` // DOC#SECTION, most relevant first
		Kind     string   `json:"kind"`
	} `json:"queries"`
}

func loadJudgements(t testing.TB) *judgements {
	t.Helper()
	return loadJudgementsFile(t, "testdata/relevance/queries.json")
}

func loadJudgementsFile(t testing.TB, path string) *judgements {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var set judgements
	if err := json.Unmarshal(b, &set); err != nil {
		t.Fatal(err)
	}
	return &set
}

// quality holds the figures of one analyzer over the test set.
type quality struct {
	mrr10, recall5 float64
	perKind        map[string][2]float64 // kind → MRR@10, Recall@5
	misses         []string
}

// evalOptions says how a set is run.
type evalOptions struct {
	flat    bool // rank sections by score alone (Request.Flat), without the page layout
	samples bool // search sample content too; the set judged it
}

// evaluate runs the set on ix.
func evaluate(t *testing.T, ix *Index, set *judgements, opts evalOptions) quality {
	t.Helper()
	q := quality{perKind: map[string][2]float64{}}
	kindN := map[string]int{}
	for _, jq := range set.Queries {
		text := jq.Query
		if !opts.samples {
			text += " sample:false"
		}
		res, err := ix.Search(context.Background(), Request{Query: text, Limit: 10, Flat: opts.flat})
		if err != nil {
			t.Fatalf("query %q: %v", jq.Query, err)
		}
		relevant := map[string]bool{}
		for _, r := range jq.Relevant {
			relevant[r] = true
		}
		rr, found5 := 0.0, 0
		for i, h := range res.Hits {
			// Sections that only quote this one are shown under it, at its rank.
			for _, key := range append([]string{h.DocID + "#" + h.Section}, sectionKeys(h.Quotes)...) {
				if !relevant[key] {
					continue
				}
				// Editions of one document share section keys: each relevant section counts once.
				relevant[key] = false
				if rr == 0 {
					rr = 1 / float64(i+1)
				}
				if i < 5 {
					found5++
				}
			}
		}
		recall := float64(found5) / float64(min(len(relevant), 5))
		q.mrr10 += rr
		q.recall5 += recall
		k := q.perKind[jq.Kind]
		q.perKind[jq.Kind] = [2]float64{k[0] + rr, k[1] + recall}
		kindN[jq.Kind]++
		if rr < 0.5 {
			var top []string
			for i, h := range res.Hits {
				if i == 3 {
					break
				}
				top = append(top, h.DocID+"#"+h.Section)
			}
			q.misses = append(q.misses, fmt.Sprintf("%q (rr %.2f) want %v, top %v", jq.Query, rr, jq.Relevant, top))
		}
	}
	n := float64(len(set.Queries))
	q.mrr10 /= n
	q.recall5 /= n
	for k, v := range q.perKind {
		q.perKind[k] = [2]float64{v[0] / float64(kindN[k]), v[1] / float64(kindN[k])}
	}
	return q
}

// Relevance floors, each just below what is reached, to catch regressions. The existing set had
// to stay at or above what word search alone reached (0.876); it is at 0.961 since the
// phrasings, 0.986 since 2 December evening's rounds (coverage, passages, four thesaurus
// passes). The colloquial set (testdata/relevance/colloquial.json: written blind by someone who
// had not read the ranking code, frozen before any tuning, tuned on since) has issue 16's
// targets: MRR@10 at least 0.90 and at least 0.05 above bleve's cjk analyzer; 0.905 since the
// phrasings, 0.941 since the evening's rounds (tense included).
const (
	minMRRExisting       = 0.97
	minMRRColloquial     = 0.93
	minColloquialOverCJK = 0.05
	// The held-out set (testdata/relevance/heldout.json) was written and judged blind on
	// 2026-12-01 while ranking was being changed, and no one tuning read it; it showed 0.781
	// before that day's ranking changes, 0.871 after them, 0.890 after the evening's and 0.905
	// after 2 December's (unigram view, thesaurus phrases with gaps), 0.908 with lone characters
	// completed, 0.930 with the phrasings, 0.949 after 2 December evening's rounds. Its floor
	// catches regressions; a future tuner who reads it makes it no longer held out.
	minMRRHeldout = 0.94
	// The second held-out set (heldout2.json), shaped like issue 16's own check: two thirds of
	// its 267 queries are answered first by a section of the plan. Written and judged blind on
	// 2026-12-01 (afternoon) before that afternoon's ranking changes: 0.836 then (cjk 0.754),
	// 0.862 after the evening's, 0.878 after 2 December's morning, 0.886 with lone characters
	// completed, 0.919 with the phrasings, 0.937 after the evening's rounds.
	minMRRHeldout2 = 0.925
	// The third held-out set (heldout3.json, 238 queries, two thirds answered first by the
	// plan) was written and judged blind on 2026-12-02 to avoid the content's own words: in 59%
	// of its queries no term of the first answer appears. It is far harder than the others
	// (cjk 0.360): 0.625 at 3b5edb8, 0.637 with the fourth thesaurus pass, 0.651 with lone
	// characters completed, 0.712 with the phrasings. The phrasings' writer had not seen it,
	// but wrote them the same way it was written (from the sections, blind to the other), so
	// this gain may overstate what staff's own queries gain. 0.791 after the evening's rounds
	// (four more thesaurus passes read off the off-wording sets' misses, query coverage,
	// passage evidence, heading labels, document cues, tense).
	minMRRHeldout3 = 0.78
	// The fourth held-out set (heldout4.json, 218 queries by two blind sessions writing as ten
	// kinds of staff, 2026-12-02, two thirds answered first by the plan, 60–66% sharing no term
	// with their first answer), read once when added: 0.834 (cjk 0.558) at 5bdf88c, this
	// morning's main, and 0.845 at afa4070, after the day's thesaurus passes, heading labels and
	// document cues, 0.878 after all the evening's rounds.
	minMRRHeldout4 = 0.865
	// The off-wording set (offwording.json, 240 queries) was written on 2026-12-02 the way
	// held-out 3 was, by two sessions blind to everything but the content, as a set to tune on
	// in held-out 3's place: 0.688 (cjk 0.404) at 5bdf88c, 0.699 with heading labels (labels.go),
	// 0.708 with document cues (doccues.go), 0.877 after the evening's rounds.
	minMRROffwording = 0.86
	// The second off-wording set (offwording2.json, 200 queries by two more blind sessions
	// writing as ten kinds of staff, 2026-12-02): 0.747 (cjk 0.389) at its first reading
	// (d8a2cee), before anyone tuned on it; 0.881 after the evening's rounds.
	minMRROffwording2 = 0.87
	// The third off-wording set (offwording3.json, 200 queries by two more blind sessions
	// writing as ten other kinds of staff, 2026-12-02): 0.824 (cjk 0.506) at its first reading
	// (ed9a7a0), before anyone tuned on it; 0.961 after the evening's rounds.
	minMRROffwording3 = 0.95
	// The fourth off-wording set (offwording4.json, 200 queries by two more blind sessions
	// writing as ten other kinds of staff, 2026-12-02): 0.825 (cjk 0.421) at its first reading
	// (c32ec03), before anyone tuned on it; 0.937 after the evening's rounds.
	minMRROffwording4 = 0.925
)

// heldoutFloor fails a held-out set below min or less than minColloquialOverCJK above cjk.
func heldoutFloor(min float64) func(t *testing.T, stdkb, _, cjk quality) {
	return func(t *testing.T, stdkb, _, cjk quality) {
		if stdkb.mrr10 < min {
			t.Errorf("MRR@10 %.3f is below %.3f", stdkb.mrr10, min)
		}
		if stdkb.mrr10 < cjk.mrr10+minColloquialOverCJK {
			t.Errorf("MRR@10 %.3f is less than %.2f above cjk's %.3f", stdkb.mrr10, minColloquialOverCJK, cjk.mrr10)
		}
	}
}

// TestRelevance measures MRR@10 and Recall@5 of search over the three relevance sets, beside bleve's
// cjk bigram analyzer on the same content, and fails below the floors above. On the existing
// set Recall@5 is compared on the flat ranking: the page layout shows at most two sections of
// one edition, and many answers there are five sections of the plan.
func TestRelevance(t *testing.T) {
	for _, tc := range []struct {
		file string
		opts evalOptions
		min  func(t *testing.T, stdkb, flat, cjk quality)
	}{
		{"testdata/relevance/queries.json", evalOptions{}, func(t *testing.T, stdkb, flat, cjk quality) {
			if stdkb.mrr10 < minMRRExisting {
				t.Errorf("MRR@10 %.3f is below %.3f", stdkb.mrr10, minMRRExisting)
			}
			if stdkb.mrr10 < cjk.mrr10 || flat.recall5 < cjk.recall5 {
				t.Errorf("stdkb (MRR@10 %.3f, flat Recall@5 %.3f) is worse than cjk (%.3f, %.3f)", stdkb.mrr10, flat.recall5, cjk.mrr10, cjk.recall5)
			}
		}},
		// The colloquial set judged sample content too.
		{"testdata/relevance/colloquial.json", evalOptions{samples: true}, func(t *testing.T, stdkb, _, cjk quality) {
			if stdkb.mrr10 < minMRRColloquial {
				t.Errorf("MRR@10 %.3f is below %.3f", stdkb.mrr10, minMRRColloquial)
			}
			if stdkb.mrr10 < cjk.mrr10+minColloquialOverCJK {
				t.Errorf("MRR@10 %.3f is less than %.2f above cjk's %.3f", stdkb.mrr10, minColloquialOverCJK, cjk.mrr10)
			}
		}},
		// The off-wording set: a tuning set written like held-out 3, away from the content's
		// words, so that held-out 3 can stay unread.
		{"testdata/relevance/offwording.json", evalOptions{samples: true}, heldoutFloor(minMRROffwording)},
		{"testdata/relevance/offwording2.json", evalOptions{samples: true}, heldoutFloor(minMRROffwording2)},
		{"testdata/relevance/offwording3.json", evalOptions{samples: true}, heldoutFloor(minMRROffwording3)},
		{"testdata/relevance/offwording4.json", evalOptions{samples: true}, heldoutFloor(minMRROffwording4)},
		// The held-out sets: used only to check that ranking changes generalise.
		{"testdata/relevance/heldout.json", evalOptions{samples: true}, heldoutFloor(minMRRHeldout)},
		{"testdata/relevance/heldout2.json", evalOptions{samples: true}, heldoutFloor(minMRRHeldout2)},
		{"testdata/relevance/heldout3.json", evalOptions{samples: true}, heldoutFloor(minMRRHeldout3)},
		{"testdata/relevance/heldout4.json", evalOptions{samples: true}, heldoutFloor(minMRRHeldout4)},
	} {
		t.Run(strings.TrimSuffix(strings.TrimPrefix(tc.file, "testdata/relevance/"), ".json"), func(t *testing.T) {
			set := loadJudgementsFile(t, tc.file)
			if len(set.Queries) < 60 {
				t.Fatalf("relevance set has %d queries, want at least 60", len(set.Queries))
			}
			flatOpts := tc.opts
			flatOpts.flat = true
			gse := evaluate(t, testIndex(t, AnalyzerGSE), set, tc.opts)
			flat := evaluate(t, testIndex(t, AnalyzerGSE), set, flatOpts)
			cjk := evaluate(t, testIndex(t, AnalyzerCJK), set, tc.opts)
			t.Logf("%d queries              MRR@10  Recall@5", len(set.Queries))
			t.Logf("stdkb                   %.3f   %.3f", gse.mrr10, gse.recall5)
			t.Logf("stdkb, flat ranking     %.3f   %.3f", flat.mrr10, flat.recall5)
			t.Logf("cjk (bigrams)           %.3f   %.3f", cjk.mrr10, cjk.recall5)
			for _, k := range slices.Sorted(maps.Keys(gse.perKind)) {
				t.Logf("  %-12s stdkb %.3f %.3f   cjk %.3f %.3f", k, gse.perKind[k][0], gse.perKind[k][1], cjk.perKind[k][0], cjk.perKind[k][1])
			}
			if !strings.HasPrefix(tc.file, "testdata/relevance/heldout") { // nobody tunes on a held-out set's misses
				for _, m := range gse.misses {
					t.Logf("stdkb miss: %s", m)
				}
			}
			tc.min(t, gse, flat, cjk)
		})
	}
}

// sectionKeys turns entry ids (DOC@EDITION#SECTION) into the judgements' DOC#SECTION.
func sectionKeys(ids []string) []string {
	var out []string
	for _, id := range ids {
		doc, rest, _ := strings.Cut(id, "@")
		_, section, _ := strings.Cut(rest, "#")
		out = append(out, doc+"#"+section)
	}
	return out
}
