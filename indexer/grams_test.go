package indexer

import (
	"reflect"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/search/query"
)

// TestEachGram checks the character view of texts: pairs of Chinese characters, a lone one by
// itself, letter and digit runs lowercased.
func TestEachGram(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"公务用车", []string{"公务", "务用", "用车"}},
		{"仓", []string{"仓"}},
		{"公物仓，仓 PUE值2025年", []string{"公物", "物仓", "仓", "pue", "值", "2025", "年"}},
		{"DB50/T 1234—2019", []string{"db50", "t", "1234", "2019"}},
		{"节约型机关。", []string{"节约", "约型", "型机", "机关"}},
		{"", nil},
		{"\xff车\xe5", []string{"车"}},
	} {
		var got []string
		eachGram([]byte(tc.text), func(term []byte, start, end int, _ bool) {
			if foldASCII(tc.text[start:end]) != string(term) {
				t.Errorf("%q: term %q at %d:%d does not match the text", tc.text, term, start, end)
			}
			got = append(got, string(term))
		})
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: got %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestGramTokenizer checks the tokens bleve gets: terms, offsets and positions.
func TestGramTokenizer(t *testing.T) {
	got := gramTokenizer{}.Tokenize([]byte("公物仓 PUE"))
	want := []struct {
		term       string
		start, end int
	}{{"公物", 0, 6}, {"物仓", 3, 9}, {"pue", 10, 13}}
	if len(got) != len(want) {
		t.Fatalf("got %d tokens, want %d", len(got), len(want))
	}
	for i, w := range want {
		if g := got[i]; string(g.Term) != w.term || g.Start != w.start || g.End != w.end || g.Position != i+1 {
			t.Errorf("token %d: got %q %d:%d @%d, want %q %d:%d @%d", i, g.Term, g.Start, g.End, g.Position, w.term, w.start, w.end, i+1)
		}
	}
}

// TestSingleCharacterQuery checks that one Chinese character finds the sections holding it
// inside longer words, which the words alone never index: 仓 is inside 公物仓.
func TestSingleCharacterQuery(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	res := mustSearch(t, ix, Request{Query: "仓", Limit: 20})
	if len(res.Hits) == 0 {
		t.Fatal("仓 finds nothing")
	}
	for _, h := range res.Hits {
		if e := ix.entries[h.ID]; !e.contains("仓") {
			t.Errorf("%s does not hold 仓", h.ID)
		}
	}
	words, err := Build(fixtureLib, "", Options{noGrams: true})
	if err != nil {
		t.Fatal(err)
	}
	defer words.Close()
	if only := mustSearch(t, words, Request{Query: "仓", Limit: 20}); only.Total >= res.Total {
		t.Errorf("words alone find %d sections for 仓, words and characters %d; want fewer", only.Total, res.Total)
	}
}

// TestGramsLeftToTheWords checks which pairs of characters a query looks for: none inside a
// word that sections hold (源托 of 能源托管, 公室 of 办公室) or joining two such words (关开 of
// 机关|开支, which 机关开展 holds); those inside a word no section holds or touching one (室使,
// 用证 of 办公室|使用证) and those beside a lone character (油|卡), where the segmenter split
// what the text may hold whole, are looked for.
func TestGramsLeftToTheWords(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	for _, tt := range []struct {
		query     string
		want, not []string
	}{
		{"全市能源托管", nil, []string{"源托"}},
		{"机关开支", nil, []string{"关开"}},
		{"青年干部锻炼", nil, []string{"年干", "部锻"}},
		{"办公室使用证", []string{"室使", "用证"}, []string{"公室"}},
		{"油卡问题", []string{"油卡"}, nil},
	} {
		var got []string
		if q, ok := ix.gramQuery(tt.query).(*query.DisjunctionQuery); ok {
			for _, d := range q.Disjuncts {
				if tq, ok := d.(*query.TermQuery); ok {
					got = append(got, tq.Term)
				}
			}
		}
		for _, g := range tt.want {
			if !slices.Contains(got, g) {
				t.Errorf("%s looks for %q, want %s among them", tt.query, got, g)
			}
		}
		for _, g := range tt.not {
			if slices.Contains(got, g) {
				t.Errorf("%s looks for %q, want no %s: the words stand for it", tt.query, got, g)
			}
		}
	}
}
