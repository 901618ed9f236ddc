package indexer

import (
	"fmt"
	"slices"
	"sync"
	"testing"
)

// completionTexts hold 结 only inside words: 结算 beside 费用, 总结 beside 工作, 结合 alone.
var completionTexts = map[string]string{
	"settle":  "订单应在车辆归还后即时结算。",
	"fee":     "租赁费用与结算方式在合同中约定。",
	"summary": "年度工作总结应当按时报送。",
	"combine": "理论与实践相结合。",
	"other1":  "办公用房维修应当制定年度计划。",
	"other2":  "会议费按规定执行。",
	"other3":  "培训应当附通知。",
}

// TestCompletions checks which words a lone character is completed to: those holding it that
// share a section with the query's other words, and none without such words.
func TestCompletions(t *testing.T) {
	ix := smallIndex(t, completionTexts)
	for _, tc := range []struct {
		lone   []string
		others []string
		want   []string
	}{
		{[]string{"结"}, []string{"费用"}, []string{"结算"}},
		{[]string{"结"}, []string{"工作"}, []string{"总结"}},
		{[]string{"结"}, []string{"费用", "工作"}, []string{"结算", "总结"}},
		{[]string{"结"}, []string{"实践"}, []string{"结合"}},
		{[]string{"结"}, nil, nil},
		{[]string{"结"}, []string{"预算"}, nil}, // no section holds the other word
		{[]string{"养"}, []string{"费用"}, nil}, // no word holds the character
		{[]string{"3"}, []string{"费用"}, nil}, // not a Chinese character
		{[]string{"结算"}, []string{"费用"}, nil},
		{[]string{"结", "约"}, []string{"费用"}, []string{"结算", "约定"}}, // each character its own
		{nil, []string{"费用"}, nil},
	} {
		got := ix.completions(tc.lone, tc.others)
		slices.Sort(got)
		want := slices.Clone(tc.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("completions(%q, %v) = %v, want %v", tc.lone, tc.others, got, want)
		}
	}
}

// TestLoneCharactersComplete checks that a query's lone character finds, through its
// completion, a section that holds neither it alone nor the query's other words, and only the
// completion the other words point to.
func TestLoneCharactersComplete(t *testing.T) {
	ix := smallIndex(t, completionTexts)
	for _, tc := range []struct {
		query     string
		want, not string
	}{
		{"费用什么时候结", "settle", "summary"},
		{"工作什么时候结", "summary", "settle"},
	} {
		res := mustSearch(t, ix, Request{Query: tc.query, Flat: true})
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.Section)
		}
		if !slices.Contains(got, tc.want) || slices.Contains(got, tc.not) {
			t.Errorf("%s: hits %v, want %s among them and not %s", tc.query, got, tc.want, tc.not)
		}
	}
}

// TestCompletionsConcurrent checks that searches completing at once agree (run with -race: the
// words' sections are cached per index).
func TestCompletionsConcurrent(t *testing.T) {
	ix := smallIndex(t, completionTexts)
	want := ix.completions([]string{"结"}, []string{"费用", "工作"})
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := ix.completions([]string{"结"}, []string{"费用", "工作"}); !slices.Equal(got, want) {
				errs <- fmt.Sprint(got)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for got := range errs {
		t.Errorf("concurrent completions %s, want %v", got, want)
	}
}

// TestCompletionsFollowTheSnapshot checks that a word's sections cached before the index
// changed are not combined with another word's read after: the fee section indexed again gets
// a new internal number, and 结算 still shares it with 费用 cached before.
func TestCompletionsFollowTheSnapshot(t *testing.T) {
	ix := smallIndex(t, completionTexts)
	if got := ix.completions([]string{"约"}, []string{"费用"}); !slices.Equal(got, []string{"约定"}) {
		t.Fatalf("completions(约, 费用) = %v, want [约定]", got)
	}
	var fee *entry
	for _, e := range ix.entries {
		if e.Section == "fee" {
			fee = e
		}
	}
	doc, err := ix.document(fee)
	if err != nil {
		t.Fatal(err)
	}
	b := ix.bleve.NewBatch()
	if err := b.IndexAdvanced(doc); err != nil {
		t.Fatal(err)
	}
	if err := ix.bleve.Batch(b); err != nil {
		t.Fatal(err)
	}
	if got := ix.completions([]string{"结"}, []string{"费用"}); !slices.Equal(got, []string{"结算"}) {
		t.Errorf("after the fee section is indexed again, completions(结, 费用) = %v, want [结算]", got)
	}
}
