package indexer

import (
	"context"
	"slices"
	"testing"
	"time"

	"stdkb"
)

func TestBreakTies(t *testing.T) {
	day := func(d int) stdkb.Date { return stdkb.DateOf(time.Date(2024, 1, d, 0, 0, 0, 0, time.UTC)) }
	for _, tc := range []struct {
		name string
		in   []*scored
		want []string
	}{
		{"higher score first whatever the id", []*scored{
			{e: &entry{ID: "a", Effective: day(1)}, score: 1},
			{e: &entry{ID: "b", Effective: day(1)}, score: 2},
		}, []string{"b", "a"}},
		{"equal scores: newer edition first", []*scored{
			{e: &entry{ID: "a", Effective: day(1)}, score: 1},
			{e: &entry{ID: "b", Effective: day(2)}, score: 1},
		}, []string{"b", "a"}},
		{"equal scores and dates: by id", []*scored{
			{e: &entry{ID: "c", Effective: day(1)}, score: 1},
			{e: &entry{ID: "a", Effective: day(1)}, score: 1},
			{e: &entry{ID: "b", Effective: day(1)}, score: 1},
		}, []string{"a", "b", "c"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			breakTies(tc.in)
			var got []string
			for _, s := range tc.in {
				got = append(got, s.e.ID)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// TestRebuildsRankAlike builds the content a second time and checks that queries whose results
// hold many equal scores (the standards' one-paragraph summaries) list them in the same order:
// bleve orders equal scores by segment, and segments depend on which parallel batch finished
// first.
func TestRebuildsRankAlike(t *testing.T) {
	first := testIndex(t, AnalyzerGSE)
	second, err := Build(fixtureLib, "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	for _, q := range []string{"分时租赁 公务出行", "公车四统一", "标准化专家库", "碳达峰怎么定义", "公务接待 反食品浪费"} {
		order := func(ix *Index) []string {
			res, err := ix.Search(context.Background(), Request{Query: q, Limit: 20})
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, h := range res.Hits {
				ids = append(ids, h.DocID+"#"+h.Section)
			}
			return ids
		}
		if a, b := order(first), order(second); !slices.Equal(a, b) {
			t.Errorf("%s: first build lists %v, second %v", q, a, b)
		}
	}
}
