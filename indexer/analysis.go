package indexer

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/registry"
)

// Names under which the analysis components are registered with bleve.
const (
	tokenizerType = "stdkb_gse"      // tokenizer type; config: segmenter key and mode
	indexAnalyzer = "stdkb_zh_index" // precise words plus nested dictionary words
	queryAnalyzer = "stdkb_zh_query" // precise words only
)

func init() {
	if err := registry.RegisterTokenizer(tokenizerType, newTokenizer); err != nil {
		panic(err)
	}
}

// tokenizer adapts a Segmenter to bleve.
type tokenizer struct {
	seg    *Segmenter
	expand bool
}

func newTokenizer(config map[string]any, _ *registry.Cache) (analysis.Tokenizer, error) {
	key, _ := config["segmenter"].(string)
	seg, ok := segmenterByKey(key)
	if !ok {
		return nil, fmt.Errorf("no segmenter %q loaded: build it with SegmenterFor before opening the index", key)
	}
	mode, _ := config["mode"].(string)
	if mode != "index" && mode != "query" {
		return nil, fmt.Errorf("tokenizer mode %q: want index or query", mode)
	}
	return &tokenizer{seg: seg, expand: mode == "index"}, nil
}

// Tokenize implements analysis.Tokenizer.
func (t *tokenizer) Tokenize(input []byte) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(input)/4)
	// Tokens come from slabs: one allocation per few hundred tokens rather than one each.
	slab := make([]analysis.Token, 0, min(len(input)/4+1, 1024))
	t.seg.segment(input, t.expand, func(term []byte, start, end, pos int, _ bool) {
		if &term[0] != &input[start] { // a lowercased copy: keep it
			term = append([]byte(nil), term...)
		}
		if len(slab) == cap(slab) {
			slab = make([]analysis.Token, 0, cap(slab))
		}
		slab = append(slab, analysis.Token{Term: term, Start: start, End: end, Position: pos, Type: tokenType(term)})
		out = append(out, &slab[len(slab)-1])
	})
	return out
}

func tokenType(term []byte) analysis.TokenType {
	if r, _ := utf8.DecodeRune(term); unicode.Is(unicode.Han, r) {
		return analysis.Ideographic
	}
	return analysis.AlphaNumeric
}

// analyzerConfig is the custom analysis section of an index mapping for one segmenter.
func analyzerConfig(segKey string) (tokenizers, analyzers map[string]map[string]any) {
	tokenizers = map[string]map[string]any{
		"stdkb_gse_index": {"type": tokenizerType, "segmenter": segKey, "mode": "index"},
		"stdkb_gse_query": {"type": tokenizerType, "segmenter": segKey, "mode": "query"},
	}
	analyzers = map[string]map[string]any{
		indexAnalyzer: {"type": custom.Name, "tokenizer": "stdkb_gse_index"},
		queryAnalyzer: {"type": custom.Name, "tokenizer": "stdkb_gse_query"},
	}
	return tokenizers, analyzers
}
