// Package indexer is stdkb's Chinese full-text search: a bleve index whose analysis is gse word
// segmentation plus the content's lexicon, with identifier lookup, filters, point-in-time
// search, facets and highlighted snippets. The unit of retrieval is a section.
package indexer

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
	"golang.org/x/sync/errgroup"

	"stdkb"
)

// AnalyzerGSE names the product's analysis, word segmentation, in Options.
const AnalyzerGSE = "gse"

// Options configures an index.
type Options struct {
	// Analyzer is AnalyzerGSE (the default) or a registered bleve analyzer to measure gse
	// against; the tests register bleve's cjk bigrams (AnalyzerCJK).
	Analyzer string
	// noGrams leaves the character view out of a gse index: words only, for measurements.
	noGrams bool
	// noChars leaves the unigram view (chars.go) out of a gse index, for measurements.
	noChars bool
}

// Index is a searchable snapshot of one library. It is safe for concurrent searches.
type Index struct {
	lib     *stdkb.Library
	seg     *Segmenter // nil for the cjk baseline
	bleve   bleve.Index
	entries map[string]*entry
	// catalogued holds the same entries in catalog order, for Build to index: cataloguing
	// again (summary marks, sections) would cost as much a second time.
	catalogued []*entry
	query      string              // analyzer for query text
	df         sync.Map            // term → share of sections holding it (the index never changes)
	unitsOf    map[string][]string // document → ids and names of the units whose systems hold it
	docs       docTables
	analyze    func(text string) []Token // the body field's analysis, for snippets
	fusion     string                    // how the words and the character view are scored together
	grams      bool                      // the index has the character view (gramsField)
	chars      bool                      // the index has the unigram view (charsField)
	lengths    fieldLengths              // total length of each text field, recorded by the build
	bm25       bm25Stats                 // BM25 statistics with the fields' length normalisation
	stop       stopPairSet               // pairs the character view leaves out (stoppairs.go)
	// stopChars are the characters the unigram view leaves out (chars.go); only the build
	// needs them.
	stopChars map[string]bool
	figures   *figureKinds // the kinds of figure queries ask for (figurekinds.go)
	// docCues are the words naming a kind of document (doccues.go).
	docCues *docCues
	// tenses are the words asking about the past or the future, and the headings of sections
	// that look back (tense.go).
	tenses *tenseCues
	// questions rewrites the question forms of a query's text (questions.go).
	questions *questionForms
	// thesaurus holds the thesaurus's everyday phrases by first character (thesaurus.go).
	thesaurus *thesaurusPhrases
	// completion holds the body's two-character words by character, for lone verbs
	// (completion.go).
	completion completionWords
	// phrasings holds the sections' phrasings by entry (phrasings.go); only the build needs
	// them. phrased: the index has the phrasings field.
	phrasings map[*entry]string
	phrased   bool
}

// batchSize bounds how many documents are indexed per bleve batch, and maxBatchesInFlight how
// many batches are indexed at once (one per processor up to it). Batches of 1,000 merged less
// but built no faster on a quiet machine and held ~400 MiB more at the peak of the 10k benchmark
// (docs/search-quality.md, "Build cost, 2 December, evening").
const (
	batchSize          = 500
	maxBatchesInFlight = 4
)

// Build indexes lib into dir (which must not exist), or in memory when dir is "".
func Build(lib *stdkb.Library, dir string, opts Options) (*Index, error) {
	return BuildProgress(context.Background(), lib, dir, opts, nil)
}

// BuildProgress is Build reporting progress, progress(done, total), after every batch. It stops
// with ctx's error when ctx is cancelled; the caller removes the partial index.
func BuildProgress(ctx context.Context, lib *stdkb.Library, dir string, opts Options, progress func(done, total int)) (*Index, error) {
	ix, m, err := prepare(lib, opts)
	if err != nil {
		return nil, err
	}
	if dir == "" {
		// scorch, as on disk (bleve.NewMemOnly would be upsidedown, which numbers and scores
		// documents differently).
		ix.bleve, err = bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	} else {
		ix.bleve, err = bleve.New(dir, m)
	}
	if err != nil {
		return nil, fmt.Errorf("create index: %w", err)
	}
	entries := ix.catalogued
	if ix.grams {
		ix.stop = newStopPairSet(commonPairs(entries, stopPairShare))
		if err := ix.bleve.SetInternal([]byte(stopPairsKey), ix.stop.encode()); err != nil {
			ix.bleve.Close()
			return nil, fmt.Errorf("store stop-pairs: %w", err)
		}
	}
	if ix.chars {
		ix.stopChars = commonChars(entries)
	}
	if err := ix.indexAll(ctx, entries, progress); err != nil {
		ix.bleve.Close()
		return nil, err
	}
	return ix, nil
}

// indexAll indexes entries in batches, one batch in flight per processor: bleve analyses a
// batch's documents in parallel but builds its segment on one goroutine, so a second batch
// keeps the other processor busy meanwhile. The next batches are mapped on another goroutine.
func (ix *Index) indexAll(ctx context.Context, entries []*entry, progress func(done, total int)) error {
	g, ctx := errgroup.WithContext(ctx)
	type docBatch struct {
		*bleve.Batch
		docs []*document.Document
	}
	batches := make(chan docBatch)
	g.Go(func() error {
		defer close(batches)
		for lo := 0; lo < len(entries); lo += batchSize {
			batch := docBatch{Batch: ix.bleve.NewBatch()}
			for _, e := range entries[lo:min(lo+batchSize, len(entries))] {
				doc, err := ix.document(e)
				if err != nil {
					return err
				}
				if err := batch.IndexAdvanced(doc); err != nil {
					return fmt.Errorf("index %s: %w", e.ID, err)
				}
				batch.docs = append(batch.docs, doc)
			}
			select {
			case batches <- batch:
			case <-ctx.Done():
				return nil
			}
		}
		return nil
	})
	var mu sync.Mutex
	done := 0
	lengths := fieldLengths{}
	for range min(max(1, runtime.GOMAXPROCS(0)), maxBatchesInFlight) {
		g.Go(func() error {
			for batch := range batches {
				if err := ctx.Err(); err != nil {
					return fmt.Errorf("index build stopped: %w", err)
				}
				if err := ix.bleve.Batch(batch.Batch); err != nil {
					return fmt.Errorf("index batch: %w", err)
				}
				mu.Lock()
				lengths.add(batch.docs)
				done += batch.Size()
				if progress != nil {
					progress(done, len(entries))
				}
				mu.Unlock()
			}
			return ctx.Err()
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	return ix.saveFieldLengths(lengths)
}

// prepare catalogues the library, sets up the text analysis and builds the mapping.
func prepare(lib *stdkb.Library, opts Options) (*Index, mapping.IndexMapping, error) {
	ix := newIndex(lib)
	im := bleve.NewIndexMapping()
	im.ScoringModel = index.BM25Scoring
	im.IndexDynamic, im.StoreDynamic, im.DocValuesDynamic = false, false, false
	textAnalyzer, err := ix.setUpAnalysis(im, opts)
	if err != nil {
		return nil, nil, err
	}
	im.DefaultAnalyzer = textAnalyzer
	im.DefaultMapping = ix.documentMapping(textAnalyzer)
	return ix, im, nil
}

// newIndex returns the index of lib before bleve's part is opened: the catalogue by id and
// the units whose systems hold each document.
func newIndex(lib *stdkb.Library) *Index {
	ix := &Index{lib: lib, entries: map[string]*entry{}, unitsOf: map[string][]string{}}
	for _, u := range lib.Units {
		for _, d := range lib.SystemOf(u).Documents {
			ix.unitsOf[d.ID] = append(ix.unitsOf[d.ID], u.ID, u.Name)
		}
	}
	all := catalog(lib)
	ix.catalogued = all
	for _, e := range all {
		ix.entries[e.ID] = e
	}
	linkQuotes(lib, ix.entries, all)
	ix.figures = newFigureKinds(lib.Lexicon)
	ix.questions = newQuestionForms(lib.Lexicon)
	ix.docCues = newDocCues(lib.Lexicon)
	ix.tenses = newTenseCues(lib.Lexicon)
	ix.thesaurus = newThesaurusPhrases(lib.Lexicon.Thesaurus)
	ix.markFigures(all)
	ix.phrasings = phrasingTexts(lib, all)
	return ix
}

// markFigures marks the entries that state figures, and their kinds, one share of the entries
// per processor: the patterns read every section's text, and the build waits for them.
func (ix *Index) markFigures(entries []*entry) {
	workers := max(1, min(runtime.GOMAXPROCS(0), len(entries)/64))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, e := range entries[w*len(entries)/workers : (w+1)*len(entries)/workers] {
				e.Figures, e.FigureKinds = holdsFigures(e.Text), ix.figures.stated(e.Text)
			}
		}()
	}
	wg.Wait()
}

// setUpAnalysis sets how the index analyses text, registering what it needs in im, and returns
// the analyzer of the text fields. Any analyzer but gse is a baseline to measure gse against:
// a bleve analyzer, by name, which the caller has registered (the tests register bleve's cjk).
func (ix *Index) setUpAnalysis(im *mapping.IndexMappingImpl, opts Options) (string, error) {
	if opts.Analyzer == "" || opts.Analyzer == AnalyzerGSE {
		ix.grams = !opts.noGrams
		ix.chars = !opts.noGrams && !opts.noChars
		ix.phrased = len(ix.phrasings) > 0
		return ix.setUpGSE(im)
	}
	a := im.AnalyzerNamed(opts.Analyzer)
	if a == nil {
		return "", fmt.Errorf("unknown analyzer %q (want %s or a registered bleve analyzer)", opts.Analyzer, AnalyzerGSE)
	}
	ix.query = opts.Analyzer
	ix.analyze = func(text string) []Token {
		var out []Token
		for _, tk := range a.Analyze([]byte(text)) {
			out = append(out, Token{Text: string(tk.Term), Start: tk.Start, End: tk.End, Position: tk.Position})
		}
		return out
	}
	return opts.Analyzer, nil
}

// setUpGSE loads the segmenter of the library's lexicon and registers its tokenizers and
// analyzers in im.
func (ix *Index) setUpGSE(im *mapping.IndexMappingImpl) (string, error) {
	seg, err := SegmenterFor(&ix.lib.Lexicon)
	if err != nil {
		return "", err
	}
	tokenizers, analyzers := analyzerConfig(seg.Key())
	for name, cfg := range tokenizers {
		if err := im.AddCustomTokenizer(name, cfg); err != nil {
			return "", fmt.Errorf("register tokenizer %s: %w", name, err)
		}
	}
	for name, cfg := range analyzers {
		if err := im.AddCustomAnalyzer(name, cfg); err != nil {
			return "", fmt.Errorf("register analyzer %s: %w", name, err)
		}
	}
	for analyzer, tokenizer := range map[string]string{gramsAnalyzer: gramsTokenizer, charsAnalyzer: charsTokenizer} {
		if err := im.AddCustomAnalyzer(analyzer, map[string]any{"type": custom.Name, "tokenizer": tokenizer}); err != nil {
			return "", fmt.Errorf("register analyzer %s: %w", analyzer, err)
		}
	}
	ix.seg, ix.analyze, ix.query = seg, seg.Expanded, queryAnalyzer
	return indexAnalyzer, nil
}

// documentMapping maps the fields of an entry's document (see fields) for the index's analysis;
// text fields are analysed by textAnalyzer.
func (ix *Index) documentMapping(textAnalyzer string) *mapping.DocumentMapping {
	text := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = textAnalyzer
		// No term vectors: snippets analyse the few sentences they show again (highlight.go).
		f.Store, f.IncludeInAll, f.DocValues, f.IncludeTermVectors = false, false, false, false
		return f
	}
	kw := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store, f.IncludeInAll, f.IncludeTermVectors, f.DocValues = false, false, false, false
		return f
	}
	facetKW := func() *mapping.FieldMapping { // read from doc values into the docTable
		f := kw()
		f.DocValues = true
		return f
	}
	date := func(sorted bool) *mapping.FieldMapping { // doc values only to sort on
		f := bleve.NewDateTimeFieldMapping()
		f.Store, f.IncludeInAll, f.DocValues = false, false, sorted
		return f
	}
	num := func() *mapping.FieldMapping {
		f := bleve.NewNumericFieldMapping()
		f.Store, f.IncludeInAll, f.DocValues = false, false, false
		return f
	}
	boolean := func() *mapping.FieldMapping {
		f := bleve.NewBooleanFieldMapping()
		f.Store, f.IncludeInAll, f.DocValues = false, false, false
		return f
	}
	dm := bleve.NewDocumentStaticMapping()
	if ix.grams {
		g := text()
		g.Analyzer = gramsAnalyzer
		dm.AddFieldMappingsAt(gramsField, g)
	}
	if ix.chars {
		c := text()
		c.Analyzer = charsAnalyzer
		dm.AddFieldMappingsAt(charsField, c)
	}
	if ix.phrased {
		dm.AddFieldMappingsAt(phrasingsField, text())
	}
	for name, f := range map[string]*mapping.FieldMapping{
		"path": text(), "body": text(),
		"numbers": kw(), "cites": kw(), "clause": kw(), "type": kw(), "level": kw(), "status": kw(), "region": kw(),
		"issuer": kw(), "domain": kw(), "unit": kw(), "doc": kw(), facetField: facetKW(), refField: facetKW(),
		"effective": date(true), "until": date(false), "year": num(),
		"latest": boolean(), "sample": boolean(),
	} {
		dm.AddFieldMappingsAt(name, f)
	}
	// No field goes into _all; disabled, bleve does not build the empty composite field for
	// every document either.
	dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	return dm
}

// farFuture stands for "still in force" in the until field, so range queries need no special
// case. (bleve's date ranges end before 2262.)
var farFuture = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)

// fields turns an entry into the document bleve indexes.
func (ix *Index) fields(e *entry) map[string]any {
	domains := ix.lib.Framework.WithAncestors(e.Framework)
	doc := map[string]any{
		"path": append([]string{e.Title}, e.Path...),
		"type": string(e.Kind), "domain": domains,
		"latest": e.Latest, "sample": e.Sample, refField: e.ID, "doc": e.DocID,
	}
	if ix.seg == nil { // a baseline analyzer's body; gse's is counted (document)
		doc["body"] = e.Text
	}
	facets := []string{"type=" + string(e.Kind)}
	for _, code := range domains {
		facets = append(facets, "domain="+code)
	}
	// Empty values would show up as a blank facet.
	for field, v := range map[string]string{"level": e.Level, "status": e.Status, "issuer": e.Issuer, "region": e.Region} {
		if v != "" {
			doc[field] = v
			if field != "issuer" {
				facets = append(facets, field+"="+v)
			}
		}
	}
	doc[facetField] = facets
	if units := ix.unitsOf[e.DocID]; len(units) > 0 {
		doc["unit"] = units
	}
	if e.Clause != "" {
		doc["clause"] = e.Clause
	}
	if e.Year > 0 {
		doc["year"] = float64(e.Year)
	}
	if !e.Since.IsZero() {
		doc["effective"] = e.Since.Time() // as-of searches treat it as the day the entry took effect
		doc["until"] = farFuture
	}
	if !e.Effective.IsZero() {
		doc["effective"] = e.Effective.Time()
		doc["until"] = farFuture
		if !e.Until.IsZero() {
			doc["until"] = e.Until.Time()
		}
	}
	if e.Ordinal == 0 && e.Number != "" {
		ids, _ := stdkb.FindIdentifiers(e.Number)
		doc["numbers"] = identifierKeys(ids)
	}
	if ids, _ := stdkb.FindIdentifiers(e.Text); len(ids) > 0 {
		doc["cites"] = identifierKeys(ids)
	}
	return doc
}

// document is the bleve document of an entry: its fields as the mapping maps them, and beside
// them the text's words and its character view, counted without bleve's analysis
// (countedField).
func (ix *Index) document(e *entry) (*document.Document, error) {
	doc := document.NewDocument(e.ID)
	if err := ix.bleve.Mapping().MapDocument(doc, ix.fields(e)); err != nil {
		return nil, fmt.Errorf("index %s: %w", e.ID, err)
	}
	if ix.seg != nil {
		doc.AddField(wordField(e.Text, ix.seg))
		if p, ok := ix.phrasings[e]; ok && ix.phrased {
			doc.AddField(ix.phrasingField(p))
		}
	}
	if ix.grams || ix.chars {
		text := gramsText(e)
		if ix.grams {
			doc.AddField(gramField(text, ix.stop))
		}
		if ix.chars {
			doc.AddField(charField(text, ix.stopChars))
		}
	}
	return doc, nil
}

func identifierKeys(ids []stdkb.Identifier) []string {
	var keys []string
	for _, id := range ids {
		keys = append(keys, id.Keys()...)
	}
	return keys
}

// reader opens a reader on the index's current snapshot, for what bleve's searches do not give
// (postings counts, field dictionaries, statistics). The caller closes it.
func (ix *Index) reader() (index.IndexReader, error) {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return nil, err
	}
	return adv.Reader()
}

// Close releases the index.
func (ix *Index) Close() error { return ix.bleve.Close() }

// Library returns the library the index was built from.
func (ix *Index) Library() *stdkb.Library { return ix.lib }
