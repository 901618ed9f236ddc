package indexer

import "regexp"

// Staff often ask for a figure: 多少, 几个, 什么比例. The question word itself is a stop word and
// matches nothing, but it says what kind of section answers: one that states figures (targets,
// counts, shares). Sections holding at least minFigures figures are marked (entry.Figures), and
// when a query asks for a figure without naming its kind (多少; a named kind, 几年 or 百分之几,
// is figurekinds.go's) their scores are multiplied by figureFactor as they are collected: the preference reorders what the typed words find and never adds a match, and a
// section the typed words match weakly stays below one they match more than twice as well.
// Measured on both relevance sets (docs/search-quality.md): ×1.5 to ×3 all help; adding a
// constant instead helped more but lets the cue outweigh the words.

const minFigures = 2

var figureFactor = 2.0

// figureRE matches a number with a unit, a share or a duration: 6%, 30%以上, 5000人次, 3万余,
// 48小时, 3个工作日, 48 h (a date, 15日, is not a duration).
var figureRE = regexp.MustCompile(`\d+(?:\.\d+)?\s*(?:%|％|万|亿|个|项|家|辆|人次|人|平方米|吨|度|℃|倍|批|台|座|处|所|小时|工作日|天|分钟|周|h\b|min\b)`)

// holdsFigures reports whether text states at least minFigures figures.
func holdsFigures(text string) bool {
	return len(figureRE.FindAllStringIndex(text, minFigures)) >= minFigures
}

// figureAsk is what kind of figure a query asks for: kinds it names (几年, 几辆), or any
// figure (多少), or none.
type figureAsk struct {
	kinds   kindMask
	anyKind bool
}

// asksFigure returns what kind of figure the query asks for, by the lexicon's figure cues
// (dict/figure-cues.txt). The cjk baseline asks for none.
func (ix *Index) asksFigure(text string) figureAsk {
	if ix.seg == nil {
		return figureAsk{}
	}
	kinds, anyKind := ix.figures.asked(text)
	if !typedFigures {
		return figureAsk{anyKind: anyKind || kinds != 0}
	}
	return figureAsk{kinds: kinds, anyKind: anyKind}
}

// answeredBy reports whether e states a figure of the kind asked.
func (a figureAsk) answeredBy(e *entry) bool {
	if a.kinds != 0 {
		return e.FigureKinds&a.kinds != 0
	}
	return a.anyKind && e.Figures
}

// typedFigures: a query naming a kind of figure prefers sections stating that kind; when
// false, every cue prefers sections stating any figures (the rule before figure kinds).
var typedFigures = true
