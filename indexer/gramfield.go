package indexer

import (
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
)

// gramField is the character view of one entry (gramsText) as a bleve document field. Its
// analysis counts the terms of eachGram straight into the term table bleve indexes, as the
// stdkb_grams analyzer's tokens would be counted: the same terms, frequencies and length. The
// analyzer path builds a token for each of a section's ~1,700 pairs, copies every pair into a
// string to count it, and allocates each count on its own; here the table's keys are substrings
// of one copy of the text and the counts come from slabs. Stop-pairs (stoppairs.go) count
// towards the length but are not indexed.
type gramField struct {
	text   []byte
	stop   stopPairSet
	length int
	freqs  index.TokenFrequencies
}

var _ document.Field = (*gramField)(nil)

// gramFieldOptions index the pairs with frequencies and norms (BM25 needs both: without them
// both relevance sets ranked worse), nothing stored, no term vectors, no doc values.
const gramFieldOptions = index.IndexField

func newGramField(text string, stop stopPairSet) *gramField {
	return &gramField{text: []byte(text), stop: stop}
}

// Analyze implements index.Field.
func (f *gramField) Analyze() {
	keys := string(f.text)
	f.freqs = make(index.TokenFrequencies, len(f.text)/4)
	var slab []index.TokenFreq
	f.length = 0
	eachGram(f.text, func(term []byte, start, end int, han bool) {
		f.length++
		if f.stop.hasTerm(term, han) {
			return
		}
		key, lowered := keys[start:end], &term[0] != &f.text[start]
		if lowered {
			key = string(term)
		}
		if tf, ok := f.freqs[key]; ok {
			tf.SetFrequency(tf.Frequency() + 1)
			return
		}
		if len(slab) == cap(slab) {
			slab = make([]index.TokenFreq, 0, min(len(f.text)/3+1, 1024))
		}
		termBytes := f.text[start:end]
		if lowered {
			termBytes = []byte(key)
		}
		slab = append(slab, index.TokenFreq{Term: termBytes})
		tf := &slab[len(slab)-1]
		tf.SetFrequency(1)
		f.freqs[key] = tf
	})
}

// Name implements index.Field.
func (f *gramField) Name() string { return gramsField }

// Value implements index.Field.
func (f *gramField) Value() []byte { return f.text }

// ArrayPositions implements index.Field.
func (f *gramField) ArrayPositions() []uint64 { return nil }

// EncodedFieldType implements index.Field: text.
func (f *gramField) EncodedFieldType() byte { return 't' }

// Options implements index.Field.
func (f *gramField) Options() index.FieldIndexingOptions { return gramFieldOptions }

// AnalyzedLength implements index.Field.
func (f *gramField) AnalyzedLength() int { return f.length }

// AnalyzedTokenFrequencies implements index.Field.
func (f *gramField) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }

// NumPlainTextBytes implements index.Field.
func (f *gramField) NumPlainTextBytes() uint64 { return uint64(len(f.text)) }

// Size implements document.Field: roughly what the field holds.
func (f *gramField) Size() int { return 64 + len(f.text) + f.freqs.Size() }
