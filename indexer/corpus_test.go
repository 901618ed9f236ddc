package indexer

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"stdkb"
)

// GenerateCorpus builds a synthetic library of about n section-sized documents of realistic
// Chinese text for benchmarks: sentences of the real content, recombined with a seeded random
// source, so the same (lib, n, seed) always yields the same corpus. Each section holds about
// sectionBytes of text; the documents are sample standards of ten sections each.
func GenerateCorpus(lib *stdkb.Library, n, sectionBytes int, seed uint64) *stdkb.Library {
	var sentences, headings []string
	for _, d := range lib.Documents {
		for _, e := range d.Editions {
			for _, s := range e.Sections {
				if s.Title != "" {
					headings = append(headings, s.Title)
				}
				for _, sent := range strings.FieldsFunc(s.Text, func(r rune) bool { return r == '。' || r == '；' || r == '\n' }) {
					if len([]rune(sent)) >= 8 {
						sentences = append(sentences, sent+"。")
					}
				}
			}
		}
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var codes []string
	lib.Framework.Walk(func(n *stdkb.FrameworkNode, _ int) { codes = append(codes, n.Code) })
	levels := []string{"国家", "行业", "地方", "团体", "内部"}

	const perDoc = 10
	var docs []*stdkb.Document
	for i := 0; i*perDoc < n; i++ {
		year := 2010 + rng.IntN(15)
		eff := stdkb.MustDate(fmt.Sprintf("%d-%02d-%02d", year, 1+rng.IntN(12), 1+rng.IntN(28)))
		e := &stdkb.Edition{
			DocID: fmt.Sprintf("corpus-%05d", i), Key: fmt.Sprint(year), Kind: stdkb.KindStandard,
			Title:  headings[rng.IntN(len(headings))] + "规范",
			Number: fmt.Sprintf("DB50/T %d-%d", 9000+i, year), Level: levels[rng.IntN(len(levels))],
			Status: "现行", Framework: []string{codes[rng.IntN(len(codes))]},
			Issued: eff, Effective: eff, Sample: true,
		}
		for j := 0; j < perDoc && i*perDoc+j < n; j++ {
			var b strings.Builder
			for b.Len() < sectionBytes {
				b.WriteString(sentences[rng.IntN(len(sentences))])
			}
			num := fmt.Sprintf("%d.%d", j/3+1, j%3+1)
			title := headings[rng.IntN(len(headings))]
			e.Sections = append(e.Sections, &stdkb.Section{ID: num, Number: num, Title: title, Depth: 2,
				Path: []string{num + " " + title}, Text: b.String()})
		}
		docs = append(docs, &stdkb.Document{ID: e.DocID, Kind: stdkb.KindStandard, Editions: []*stdkb.Edition{e}})
	}
	out := stdkb.NewLibrary(lib.Framework, docs, nil, nil)
	out.Lexicon = lib.Lexicon
	out.Lexicon.Phrasings = corpusPhrasings(docs, lib.Lexicon.Phrasings)
	out.Hash = fmt.Sprintf("corpus-%d-%d-%d", n, sectionBytes, seed)
	return out
}

// corpusPhrasings gives every generated section the phrasings of one of the content's sections,
// each in turn, so that the build and the queries pay for phrasings as on a library of that size
// (the content gives most sections phrasings; every section is the dearer case). The random
// source is not used: the texts are the same with or without phrasings.
func corpusPhrasings(docs []*stdkb.Document, content []stdkb.Phrasing) []stdkb.Phrasing {
	if len(content) == 0 {
		return nil
	}
	var out []stdkb.Phrasing
	i := 0
	for _, d := range docs {
		for _, s := range d.Editions[0].Sections {
			out = append(out, stdkb.Phrasing{Section: d.ID + "#" + s.ID, Phrases: content[i%len(content)].Phrases})
			i++
		}
	}
	return out
}

// CorpusBytes returns the total text size of a library's sections.
func CorpusBytes(lib *stdkb.Library) int {
	total := 0
	for _, d := range lib.Documents {
		for _, e := range d.Editions {
			for _, s := range e.Sections {
				total += len(s.Text)
			}
		}
	}
	return total
}
