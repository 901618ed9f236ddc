package indexer

import "github.com/blevesearch/bleve/v2/analysis/lang/cjk"

// AnalyzerCJK is bleve's character-bigram analyzer, the baseline gse's relevance and speed are
// measured against. Importing its package registers it; only tests build indexes with it, so
// the binary does not carry it.
const AnalyzerCJK = cjk.AnalyzerName
