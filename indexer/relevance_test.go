package indexer

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
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

// evaluate runs the set on ix. With flat, sections are ranked by score alone (Request.Flat),
// without the page layout that shows at most two sections of one edition.
func evaluate(t *testing.T, ix *Index, set *judgements, flat bool) quality {
	t.Helper()
	q := quality{perKind: map[string][2]float64{}}
	kindN := map[string]int{}
	for _, jq := range set.Queries {
		res, err := ix.Search(context.Background(), Request{Query: jq.Query + " sample:false", Limit: 10, Flat: flat})
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

// TestRelevance measures MRR@10 and Recall@5 of search over the relevance set, beside bleve's
// cjk bigram analyzer on the same content. It fails if MRR@10 falls below 0.876 (what word
// search alone reached) or below cjk's, or if Recall@5 of the ranking falls below cjk's. Recall
// is compared on the flat ranking: the page layout shows at most two sections of one edition,
// and many answers here are five sections of the plan.
func TestRelevance(t *testing.T) {
	set := loadJudgements(t)
	if len(set.Queries) < 60 {
		t.Fatalf("relevance set has %d queries, want at least 60", len(set.Queries))
	}
	gse := evaluate(t, testIndex(t, AnalyzerGSE), set, false)
	flat := evaluate(t, testIndex(t, AnalyzerGSE), set, true)
	cjk := evaluate(t, testIndex(t, AnalyzerCJK), set, false)
	t.Logf("%d queries              MRR@10  Recall@5", len(set.Queries))
	t.Logf("stdkb (words+chars)     %.3f   %.3f", gse.mrr10, gse.recall5)
	t.Logf("stdkb, flat ranking     %.3f   %.3f", flat.mrr10, flat.recall5)
	t.Logf("cjk (bigrams)           %.3f   %.3f", cjk.mrr10, cjk.recall5)
	for _, k := range []string{"keyword", "question", "paraphrase", "identifier"} {
		t.Logf("  %-11s stdkb %.3f %.3f   cjk %.3f %.3f", k, gse.perKind[k][0], gse.perKind[k][1], cjk.perKind[k][0], cjk.perKind[k][1])
	}
	for _, m := range gse.misses {
		t.Logf("stdkb miss: %s", m)
	}
	if gse.mrr10 < 0.876 {
		t.Errorf("MRR@10 %.3f is below 0.876", gse.mrr10)
	}
	if gse.mrr10 < cjk.mrr10 || flat.recall5 < cjk.recall5 {
		t.Errorf("stdkb (MRR@10 %.3f, flat Recall@5 %.3f) is worse than cjk (%.3f, %.3f)", gse.mrr10, flat.recall5, cjk.mrr10, cjk.recall5)
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
