package indexer

import (
	"slices"
	"strings"

	"stdkb"
)

// Document cues. Staff often name the kind of document they want instead of, or beside, what
// it says: 那个国标, 市里的规章, 地方标准, 检查表. The words alone then rank any section sharing a
// content word first, often a chapter of the plan, above the standard or regulation asked for.
// The lexicon lists the words staff use for each kind of document and the kind and level of
// the documents they name (dict/document-cues.txt); when a query names one, the sections of
// documents so named score docCueFactor times their score as matches are collected, like
// figureFactor: it only reorders what the words found and never adds a match.
//
// docCueFactor was chosen on the tuning sets (docs/search-quality.md, "Round 6: document
// cues"). 1 turns the preference off.
var docCueFactor = 2.0

// docCue is a compiled line of dict/document-cues.txt: the kinds and levels it names (an
// empty set names any).
type docCue struct {
	kinds  []stdkb.Kind
	levels []string
}

// names reports whether e is a section of a document the cue names.
func (c docCue) names(e *entry) bool {
	return (len(c.kinds) == 0 || slices.Contains(c.kinds, e.Kind)) &&
		(len(c.levels) == 0 || slices.Contains(c.levels, e.Level))
}

// docCues are the lexicon's document cues by word.
type docCues struct {
	byWord   map[string]int // word (lowercased) → index in cues
	cues     []docCue
	maxRunes int // the longest word, in characters
}

// newDocCues compiles the lexicon's document cues.
func newDocCues(lex stdkb.Lexicon) *docCues {
	dc := &docCues{byWord: map[string]int{}}
	for _, c := range lex.DocumentCues {
		i := len(dc.cues)
		dc.cues = append(dc.cues, docCue{kinds: c.Kinds, levels: c.Levels})
		for _, w := range c.Words {
			w = strings.ToLower(w)
			if _, ok := dc.byWord[w]; !ok {
				dc.byWord[w] = i
			}
			dc.maxRunes = max(dc.maxRunes, len([]rune(w)))
		}
	}
	return dc
}

// docAsk is what a query names of documents: the cues it holds, any of which names a section.
type docAsk []docCue

// names reports whether e is a section of a document the query names.
func (a docAsk) names(e *entry) bool {
	for _, c := range a {
		if c.names(e) {
			return true
		}
	}
	return false
}

// queryDocCues returns the document cues text names. A cue is a word of the query as the
// segmenter cuts it, or a run of adjacent words (地方 | 标准), the longest first; a cue inside a
// longer word (法律 of 法律顾问) names nothing.
func (ix *Index) queryDocCues(text string) docAsk {
	if ix.seg == nil || ix.docCues == nil || len(ix.docCues.byWord) == 0 {
		return nil
	}
	words := ix.seg.Precise(text)
	var out docAsk
	for i := 0; i < len(words); {
		best, bestEnd := -1, i
		var b strings.Builder
		for j := i; j < len(words); j++ {
			if j > i && words[j].Start != words[j-1].End {
				break
			}
			b.WriteString(words[j].Text)
			if len([]rune(b.String())) > ix.docCues.maxRunes {
				break
			}
			if c, ok := ix.docCues.byWord[b.String()]; ok {
				best, bestEnd = c, j
			}
		}
		if best < 0 {
			i++
			continue
		}
		out = append(out, ix.docCues.cues[best])
		i = bestEnd + 1
	}
	return out
}
