package content

import (
	"strings"
	"unicode/utf8"

	"stdkb"
)

// figureLines holds the figure cues and kinds as read, line by line, until every file is read:
// the cues name kinds that dict/figure-kinds.txt defines, which is read after them.
type figureLines struct {
	kinds   []stdkb.FigureKind
	kindAt  map[string]int // kind name → index in kinds
	cues    []typedCues
	cueLine map[string]int // cue → the line of dict/figure-cues.txt listing it
}

// typedCues is a line of dict/figure-cues.txt naming a kind: "期限：几年 多久".
type typedCues struct {
	line int
	kind string
	cues []string
}

// splitKind cuts "种类：甲 乙" into the kind and its fields; ok is false for a line naming no
// kind.
func splitKind(line string) (kind string, fields []string, ok bool) {
	i := strings.IndexAny(line, ":：")
	if i < 0 {
		return "", strings.Fields(line), false
	}
	_, size := utf8.DecodeRuneInString(line[i:])
	return strings.TrimSpace(line[:i]), strings.Fields(line[i+size:]), true
}

// figureCueLine reads a line of dict/figure-cues.txt: cues asking for any figure ("多少 几"), or
// a kind and the cues asking for it ("期限：几年 多久").
func (l *loader) figureCueLine(n int, line string) {
	kind, cues, typed := splitKind(line)
	if typed && (kind == "" || len(cues) == 0) {
		l.add(figureCues, n, "", "每行应为 \"问法 问法\"（问任意数字）或 \"种类：问法 问法\"（问某一种类的数字）")
		return
	}
	if l.figures.cueLine == nil {
		l.figures.cueLine = map[string]int{}
	}
	var fresh []string
	for _, c := range cues {
		if at, ok := l.figures.cueLine[c]; ok {
			l.add(figureCues, n, "", "问法 %q 已列在第 %d 行：每个问法只能列一次", c, at)
			continue
		}
		l.figures.cueLine[c] = n
		fresh = append(fresh, c)
	}
	if !typed {
		l.lexicon.FigureCues = append(l.lexicon.FigureCues, fresh...)
		return
	}
	l.figures.cues = append(l.figures.cues, typedCues{line: n, kind: kind, cues: fresh})
}

// figureKindLine reads a line of dict/figure-kinds.txt: a kind and forms stating a figure of
// it ("期限：{数}个月 {数}日内 每年"). A kind may take several lines.
func (l *loader) figureKindLine(n int, line string) {
	kind, forms, typed := splitKind(line)
	if !typed || kind == "" || len(forms) == 0 {
		l.add(figureKinds, n, "", "每行应为 \"种类：写法 写法\"，写法中用 {数} 代表一个数、{量} 代表一个数连同单位、{年份} 代表四位数的年份（如 期限：{数}个月 {年份}年底 每年）")
		return
	}
	if l.figures.kindAt == nil {
		l.figures.kindAt = map[string]int{}
	}
	i, ok := l.figures.kindAt[kind]
	if !ok {
		i = len(l.figures.kinds)
		l.figures.kindAt[kind] = i
		l.figures.kinds = append(l.figures.kinds, stdkb.FigureKind{Name: kind})
	}
	for _, s := range forms {
		f, err := stdkb.ParseFigureForm(s)
		if err != nil {
			l.add(figureKinds, n, "", "%v", err)
			continue
		}
		l.figures.kinds[i].Forms = append(l.figures.kinds[i].Forms, f)
	}
}

// joinFigureKinds gives each kind the cues naming it; a cue naming a kind that
// dict/figure-kinds.txt does not define is refused.
func (l *loader) joinFigureKinds() {
	for _, c := range l.figures.cues {
		i, ok := l.figures.kindAt[c.kind]
		if !ok {
			l.add(figureCues, c.line, "", "种类 %q 未在 %s 中定义：请先写明这种数字的写法", c.kind, figureKinds)
			continue
		}
		l.figures.kinds[i].Cues = append(l.figures.kinds[i].Cues, c.cues...)
	}
	l.lexicon.FigureKinds = l.figures.kinds
}
