package indexer

import (
	"maps"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/registry"
	index "github.com/blevesearch/bleve_index_api"
)

// TestGramFieldMatchesAnalyzer checks that counting the character view straight into bleve's
// term table gives what bleve's own text field gives with the stdkb_grams analyzer — the same
// terms, frequencies and length, so the same scores — on every section of the content and on
// text with letters, mixed case and broken bytes.
func TestGramFieldMatchesAnalyzer(t *testing.T) {
	testIndex(t, AnalyzerGSE)
	analyzer, err := custom.AnalyzerConstructor(map[string]any{"type": custom.Name, "tokenizer": gramsTokenizer}, registry.NewCache())
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{"", "仓", "PUE值 pue值 Pue 公物仓，仓 DB50/T 1234—2019 公物仓", "\xff车\xe5车车"}
	for _, e := range catalog(fixtureLib) {
		texts = append(texts, gramsText(e))
	}
	for _, text := range texts {
		want := document.NewTextFieldCustom(gramsField, nil, []byte(text), gramFieldOptions, analyzer)
		want.Analyze()
		got := newGramField(text, nil)
		got.Analyze()
		if got.AnalyzedLength() != want.AnalyzedLength() {
			t.Errorf("%.40q: length %d, want %d", text, got.AnalyzedLength(), want.AnalyzedLength())
		}
		if g, w := freqsOf(got.AnalyzedTokenFrequencies()), freqsOf(want.AnalyzedTokenFrequencies()); !maps.Equal(g, w) {
			t.Errorf("%.40q: terms %v, want %v", text, g, w)
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
