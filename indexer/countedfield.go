package indexer

import (
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
)

// countedField is a text field of an entry's bleve document whose analysis counts its terms
// straight into the term table bleve indexes, as bleve's text field counts its analyzer's
// tokens: the same terms, frequencies and length. bleve's path builds a token for each term (a
// section has ~1,700 pairs and ~1,000 words), copies every term into a string to count it, and
// allocates each count on its own; here the table's keys are substrings of one copy of the text
// and the counts come from slabs. Two fields are counted: the character view (gramField, whose
// stop-pairs count towards the length but are not indexed) and the words of the text
// (wordField). Their mappings keep the analyzers, which queries use.
type countedField struct {
	name string
	text []byte
	// terms calls count with every term of text in order (which may share memory with text,
	// or be a lowercased copy valid during the call only) and whether it is indexed.
	terms func(text []byte, count func(term []byte, start, end int, indexed bool))
	// bytesPerTerm is about how many bytes of text hold one distinct term, to size the table:
	// ~11 for words and ~19 for pairs less stop-pairs, in the benchmark corpus.
	bytesPerTerm int
	length       int
	freqs        index.TokenFrequencies
}

var _ document.Field = (*countedField)(nil)

// countedFieldOptions index the terms with frequencies and norms (BM25 needs both: without them
// both relevance sets ranked worse with the pairs), nothing stored, no term vectors (snippets
// analyse the few sentences they show again), no doc values — as the text mapping's fields.
const countedFieldOptions = index.IndexField

// gramField is the character view of an entry (gramsText) as a field, without the stop-pairs.
func gramField(text string, stop stopPairSet) *countedField {
	return &countedField{name: gramsField, text: []byte(text), bytesPerTerm: 16, terms: func(text []byte, count func([]byte, int, int, bool)) {
		eachGram(text, func(term []byte, start, end int, han bool) {
			count(term, start, end, !stop.hasTerm(term, han))
		})
	}}
}

// wordField is an entry's text as the body field: the words and nested dictionary words the
// index analyzer (stdkb_zh_index) gives.
func wordField(text string, seg *Segmenter) *countedField {
	return namedWordField("body", text, seg)
}

// namedWordField is text analysed as the body field is, in the field named name.
func namedWordField(name, text string, seg *Segmenter) *countedField {
	return &countedField{name: name, text: []byte(text), bytesPerTerm: 10, terms: func(text []byte, count func([]byte, int, int, bool)) {
		seg.segment(text, true, func(term []byte, start, end, _ int, _ bool) { count(term, start, end, true) })
	}}
}

// countedSlab is how many counts are allocated at once.
const countedSlab = 128

// Analyze implements index.Field.
func (f *countedField) Analyze() {
	keys := string(f.text)
	f.freqs = make(index.TokenFrequencies, len(f.text)/f.bytesPerTerm)
	var slab []index.TokenFreq
	f.length = 0
	f.terms(f.text, func(term []byte, start, end int, indexed bool) {
		f.length++
		if !indexed {
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
			slab = make([]index.TokenFreq, 0, countedSlab)
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
func (f *countedField) Name() string { return f.name }

// Value implements index.Field.
func (f *countedField) Value() []byte { return f.text }

// ArrayPositions implements index.Field.
func (f *countedField) ArrayPositions() []uint64 { return nil }

// EncodedFieldType implements index.Field: text.
func (f *countedField) EncodedFieldType() byte { return 't' }

// Options implements index.Field.
func (f *countedField) Options() index.FieldIndexingOptions { return countedFieldOptions }

// AnalyzedLength implements index.Field.
func (f *countedField) AnalyzedLength() int { return f.length }

// AnalyzedTokenFrequencies implements index.Field.
func (f *countedField) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }

// NumPlainTextBytes implements index.Field.
func (f *countedField) NumPlainTextBytes() uint64 { return uint64(len(f.text)) }

// Size implements document.Field: roughly what the field holds.
func (f *countedField) Size() int { return 64 + len(f.text) + f.freqs.Size() }
