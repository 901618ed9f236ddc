package stdkb

import (
	"fmt"
	"strings"
)

// FigureKind is one kind of figure staff ask for — a deadline, a count, a share, an amount of
// money, a limit — with the words that ask for it and the forms in which text states it
// (dict/figure-cues.txt and dict/figure-kinds.txt). Search prefers, for a question asking for
// a kind, the sections that state a figure of that kind.
type FigureKind struct {
	Name  string       `json:"name"`
	Cues  []string     `json:"cues"`  // 几年, 多少天, 多久
	Forms []FigureForm `json:"forms"` // {数}个月, 不超过{数}, 每年
}

// FigureForm is one way text states a figure: words before a number, the number, words after
// it ({数}个月, 不超过{数}, {量}以内), or words alone that state a figure without a number (每年,
// 全覆盖).
type FigureForm struct {
	Before string `json:"before,omitempty"`
	// Number is how the number is written: "" (no number), NumberBare ({数}: the number
	// directly followed by After), NumberWithUnit ({量}: the number, any unit of a form
	// written {数}<unit>, then After) or NumberYear ({年份}: a calendar year, four digits).
	Number string `json:"number,omitempty"`
	After  string `json:"after,omitempty"`
}

// The placeholders of a figure form. A number is written in Arabic digits (30, 2.5, 5000) or
// in Chinese numerals (三, 十五, 三百); either may be followed by 万, 亿 and by 余 or 多.
const (
	NumberBare     = "数"
	NumberWithUnit = "量"
	NumberYear     = "年份"
)

// ParseFigureForm reads a form as dict/figure-kinds.txt writes it: at most one placeholder,
// {数}, {量} or {年份}, with words before or after it; without a placeholder, the words alone.
func ParseFigureForm(s string) (FigureForm, error) {
	open := strings.IndexByte(s, '{')
	if open < 0 {
		if strings.ContainsRune(s, '}') {
			return FigureForm{}, fmt.Errorf("写法 %q 的占位符缺少 “{”", s)
		}
		return FigureForm{Before: s}, nil
	}
	end := strings.IndexByte(s[open:], '}')
	if end < 0 {
		return FigureForm{}, fmt.Errorf("写法 %q 的占位符缺少 “}”", s)
	}
	f := FigureForm{Before: s[:open], Number: s[open+1 : open+end], After: s[open+end+1:]}
	if f.Number != NumberBare && f.Number != NumberWithUnit && f.Number != NumberYear {
		return FigureForm{}, fmt.Errorf("写法 %q 的占位符 {%s} 不存在：应为 {数}（一个数）、{量}（一个数连同单位）或 {年份}（四位数的年份）", s, f.Number)
	}
	if strings.ContainsAny(f.After, "{}") || strings.ContainsRune(f.Before, '}') {
		return FigureForm{}, fmt.Errorf("写法 %q 只能有一个占位符", s)
	}
	if f.Before == "" && f.After == "" {
		return FigureForm{}, fmt.Errorf("写法 %q 只有一个数：请写明数前或数后的单位、用语（如 {数}个月、不超过{数}）", s)
	}
	return f, nil
}

// String writes the form back as dict/figure-kinds.txt does.
func (f FigureForm) String() string {
	if f.Number == "" {
		return f.Before
	}
	return f.Before + "{" + f.Number + "}" + f.After
}
