package indexer

import (
	"maps"
	"testing"

	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
)

// TestCountedFieldsMatchAnalyzers checks that counting the words and the character view
// straight into bleve's term table gives what bleve's own text field gives with the index's
// analyzers (stdkb_zh_index for the words, stdkb_grams for the pairs) — the same terms,
// frequencies and length, so the same scores — on every section of the content and on text
// with letters, mixed case, stop words and broken bytes.
func TestCountedFieldsMatchAnalyzers(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	texts := []string{"", "仓", "PUE值 pue值 Pue 公物仓，仓 DB50/T 1234—2019 公物仓", "\xff车\xe5车车", "怎么 办理公务用车 的 了"}
	for _, e := range catalog(fixtureLib) {
		texts = append(texts, gramsText(e))
	}
	for _, tc := range []struct {
		analyzer string
		field    func(text string) *countedField
	}{
		{gramsAnalyzer, func(text string) *countedField { return gramField(text, nil) }},
		{indexAnalyzer, func(text string) *countedField { return wordField(text, ix.seg) }},
	} {
		analyzer := ix.bleve.Mapping().AnalyzerNamed(tc.analyzer)
		if analyzer == nil {
			t.Fatalf("no analyzer %s", tc.analyzer)
		}
		for _, text := range texts {
			want := document.NewTextFieldCustom("f", nil, []byte(text), countedFieldOptions, analyzer)
			want.Analyze()
			got := tc.field(text)
			got.Analyze()
			if got.AnalyzedLength() != want.AnalyzedLength() {
				t.Errorf("%s %.40q: length %d, want %d", tc.analyzer, text, got.AnalyzedLength(), want.AnalyzedLength())
			}
			if g, w := freqsOf(got.AnalyzedTokenFrequencies()), freqsOf(want.AnalyzedTokenFrequencies()); !maps.Equal(g, w) {
				t.Errorf("%s %.40q: terms %v, want %v", tc.analyzer, text, g, w)
			}
		}
	}
}

// freqsOf returns each term's frequency, flagging a term stored under another key.
func freqsOf(tfs index.TokenFrequencies) map[string]int {
	out := map[string]int{}
	for k, tf := range tfs {
		if string(tf.Term) != k {
			out["term "+string(tf.Term)+" under "+k] = -1
		}
		out[k] = tf.Frequency()
	}
	return out
}
