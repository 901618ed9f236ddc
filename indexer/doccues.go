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

// Answer cues. Staff also say what kind of answer they want without naming a kind of document:
// 哪年发的, 谁发的, 依据什么, 上位法 want a regulation's or standard's own section (文件概况,
// 标准概况), not the plan chapter quoting it; 是什么意思, 指什么, 怎么区分 want a glossary entry
// (名词解释, 术语和定义). A line of dict/document-cues.txt with section= names the sections under
// a heading holding one of its words; its phrases, question forms whose function words the
// segmenter drops, are matched as written. answerCueFactor is their docCueFactor, applied beside
// it: 1.5 to 4 ranked the six tuning sets alike (docs/search-quality.md, "Round 9: intent cues").
var answerCueFactor = 2.0

// docCue is a compiled line of dict/document-cues.txt: the kinds, levels and heading words it
// names (an empty set names any).
type docCue struct {
	kinds    []stdkb.Kind
	levels   []string
	sections []string
}

// names reports whether e is a section the cue names: of a document of a kind and level it
// names, under a heading holding a word it names.
func (c docCue) names(e *entry) bool {
	return (len(c.kinds) == 0 || slices.Contains(c.kinds, e.Kind)) &&
		(len(c.levels) == 0 || slices.Contains(c.levels, e.Level)) &&
		(len(c.sections) == 0 || slices.ContainsFunc(e.Path, func(h string) bool {
			return slices.ContainsFunc(c.sections, func(w string) bool { return strings.Contains(h, w) })
		}))
}

// docCues are the lexicon's document cues by word.
type docCues struct {
	byWord   map[string]int // word (lowercased) → index in cues
	cues     []docCue
	maxRunes int // the longest word, in characters
	// asked are the cues naming sections (哪年发的, 是什么意思): question forms whose function
	// words (哪, 的, 什么) the segmenter leaves out as stop words, so they are matched as written,
	// anywhere in the query, as tense cues are (tense.go).
	asked []askedCue
}

// askedCue is a phrase of a cue naming sections and the cue's index in cues.
type askedCue struct {
	phrase string // lowercased
	cue    int
}

// newDocCues compiles the lexicon's document cues.
func newDocCues(lex stdkb.Lexicon) *docCues {
	dc := &docCues{byWord: map[string]int{}}
	for _, c := range lex.DocumentCues {
		i := len(dc.cues)
		dc.cues = append(dc.cues, docCue{kinds: c.Kinds, levels: c.Levels, sections: c.Sections})
		for _, w := range c.Words {
			w = strings.ToLower(w)
			if len(c.Sections) > 0 {
				dc.asked = append(dc.asked, askedCue{phrase: w, cue: i})
				continue
			}
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

// factor is what the query's cues multiply e's score by: docCueFactor when a cue of a kind of
// document names it (那个国标), and again when a cue of a kind of answer does (哪年发的 names
// the sections under 文件概况 …, 是什么意思 those under 名词解释 …), so that 那个规划哪年发的
// prefers the front matter of a plan to the plan's chapters and to other documents' front matter.
func (a docAsk) factor(e *entry) float64 {
	var ofDocument, ofAnswer bool
	for _, c := range a {
		if !c.names(e) {
			continue
		}
		if len(c.sections) == 0 {
			ofDocument = true
		} else {
			ofAnswer = true
		}
	}
	f := 1.0
	if ofDocument {
		f *= docCueFactor
	}
	if ofAnswer {
		f *= answerCueFactor
	}
	return f
}

// queryDocCues returns the document cues text names: first the cues naming sections whose
// phrases it holds as written, then the cues naming documents. Such a cue is a word of the
// query as the segmenter cuts it, or a run of adjacent words (地方 | 标准), the longest first; a
// cue inside a longer word (法律 of 法律顾问) names nothing.
func (ix *Index) queryDocCues(text string) docAsk {
	if ix.seg == nil || ix.docCues == nil || len(ix.docCues.cues) == 0 {
		return nil
	}
	var out docAsk
	lower := strings.ToLower(text)
	for i, a := range ix.docCues.asked {
		if strings.Contains(lower, a.phrase) && !slices.ContainsFunc(ix.docCues.asked[:i], func(b askedCue) bool {
			return b.cue == a.cue && strings.Contains(lower, b.phrase)
		}) {
			out = append(out, ix.docCues.cues[a.cue])
		}
	}
	words := ix.seg.Precise(text)
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
