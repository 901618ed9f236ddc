package indexer

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"stdkb"
)

// A figure question usually names the kind of figure it wants: 几年 a deadline, 几辆 a count,
// 百分之几 a share, 多少钱 money, 最长 a limit. The content's lexicon lists those cues and the
// forms that state each kind (dict/figure-cues.txt, dict/figure-kinds.txt). A section is
// marked with the kinds it states at least minKindFigures figures of, and a query naming kinds
// multiplies by figureFactor only the scores of sections stating one of them; a bare cue (多少)
// keeps the rule for any figure (figures.go). Numbers count in Arabic digits and in Chinese
// numerals (三年, 十五个).

// minKindFigures is how many figures of a kind a section must state to be marked with it.
var minKindFigures = 1

// maxFigureKinds bounds the kinds a lexicon may define: a section's kinds are bits of a uint64.
const maxFigureKinds = 64

// figureKinds recognises the kinds of figure a text states and the kinds a query asks for.
type figureKinds struct {
	// {数}<unit> and {年份}<unit> forms by the unit's first character, longest unit first.
	units, years map[rune][]unitForm
	// The other forms with a number: by the last character before it, or when there is
	// none, by the first after it.
	before, after map[rune][]stdkb.FigureForm
	words         map[rune][]wordForm // forms without a number, by first character
	// lead marks the first two bytes of the characters that may start a number or a word
	// form, a bit per pair: a section's other characters are skipped without decoding them.
	lead   [1 << 16 / 64]uint64
	cues   []wordForm                    // typed cues, longest first
	any    []string                      // cues asking for any figure
	names  []string                      // kind names by bit, for tests and messages
	kindOf map[stdkb.FigureForm]kindMask // around forms → kinds
}

type kindMask uint64

// unitForm is a unit following a number ({数}个月) and the kinds it states.
type unitForm struct {
	unit  string
	kinds kindMask
}

// wordForm is a word (a form without a number, or a cue) and its kinds.
type wordForm struct {
	text  string
	kinds kindMask
}

// newFigureKinds compiles the lexicon's figure kinds; kinds past maxFigureKinds are ignored.
func newFigureKinds(lex stdkb.Lexicon) *figureKinds {
	fk := &figureKinds{words: map[rune][]wordForm{}, any: lex.FigureCues, kindOf: map[stdkb.FigureForm]kindMask{},
		before: map[rune][]stdkb.FigureForm{}, after: map[rune][]stdkb.FigureForm{}}
	units, years := map[string]kindMask{}, map[string]kindMask{}
	for i, k := range lex.FigureKinds[:min(len(lex.FigureKinds), maxFigureKinds)] {
		bit := kindMask(1) << i
		fk.names = append(fk.names, k.Name)
		for _, f := range k.Forms {
			switch {
			case f.Number == "":
				r, _ := utf8.DecodeRuneInString(f.Before)
				fk.words[r] = append(fk.words[r], wordForm{f.Before, bit})
				fk.markLead(r)
			case f.Number == stdkb.NumberBare && f.Before == "":
				units[f.After] |= bit
			case f.Number == stdkb.NumberYear && f.Before == "":
				years[f.After] |= bit
			default:
				if fk.kindOf[f] == 0 {
					if f.Before != "" {
						fk.before[lastRune(f.Before)] = append(fk.before[lastRune(f.Before)], f)
					} else {
						r, _ := utf8.DecodeRuneInString(f.After)
						fk.after[r] = append(fk.after[r], f)
					}
				}
				fk.kindOf[f] |= bit
			}
		}
		for _, c := range k.Cues {
			fk.cues = append(fk.cues, wordForm{c, bit})
		}
	}
	for _, r := range "０１２３４５６７８９〇零一二两三四五六七八九十" {
		fk.markLead(r)
	}
	fk.units, fk.years = longestFirst(units), longestFirst(years)
	slices.SortStableFunc(fk.cues, func(a, b wordForm) int { return len(b.text) - len(a.text) })
	return fk
}

// markLead marks the first two bytes of r's UTF-8 form in fk.lead.
func (fk *figureKinds) markLead(r rune) {
	var b [utf8.UTFMax]byte
	if n := utf8.EncodeRune(b[:], r); n > 1 {
		pair := uint16(b[0])<<8 | uint16(b[1])
		fk.lead[pair/64] |= 1 << (pair % 64)
	}
}

// skipsAt reports whether the character at text[i:] can start neither a number nor a word
// form, and its length: a multi-byte character whose first two bytes no such character has.
func (fk *figureKinds) skipsAt(text string, i int) (int, bool) {
	c := text[i]
	if c < utf8.RuneSelf || i+1 >= len(text) {
		return 0, false
	}
	pair := uint16(c)<<8 | uint16(text[i+1])
	if fk.lead[pair/64]&(1<<(pair%64)) != 0 {
		return 0, false
	}
	switch {
	case c >= 0xF0:
		return 4, true
	case c >= 0xE0:
		return 3, true
	}
	return 2, true
}

// longestFirst indexes units by their first character, longest first.
func longestFirst(units map[string]kindMask) map[rune][]unitForm {
	out := map[rune][]unitForm{}
	for u, m := range units {
		r, _ := utf8.DecodeRuneInString(u)
		out[r] = append(out[r], unitForm{u, m})
	}
	for _, us := range out {
		slices.SortFunc(us, func(a, b unitForm) int { return cmp.Or(len(b.unit)-len(a.unit), strings.Compare(a.unit, b.unit)) })
	}
	return out
}

// asked returns the kinds of figure a query asks for, and whether it asks for a figure of any
// kind. The longest cues are taken first, so 几个月 asks for a deadline and not for a count
// (几个), and 多少天 for a deadline rather than any figure (多少).
func (fk *figureKinds) asked(query string) (kinds kindMask, anyKind bool) {
	for _, c := range fk.cues {
		if strings.Contains(query, c.text) {
			kinds |= c.kinds
			query = strings.ReplaceAll(query, c.text, "\x00")
		}
	}
	if kinds != 0 {
		return kinds, false
	}
	for _, c := range fk.any {
		if strings.Contains(query, c) {
			return 0, true
		}
	}
	return 0, false
}

// stated returns the kinds of which text states at least minKindFigures figures.
func (fk *figureKinds) stated(text string) kindMask {
	var counts [maxFigureKinds]int
	add := func(m kindMask) {
		for i := range fk.names {
			if m&(1<<i) != 0 {
				counts[i]++
			}
		}
	}
	for i := 0; i < len(text); {
		if n, ok := fk.skipsAt(text, i); ok {
			i += n
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if e, ok := numberAt(text, i, r, size); ok {
			add(fk.kindsAround(text, i, e))
			i = e
			continue
		}
		for _, w := range fk.words[r] {
			if strings.HasPrefix(text[i:], w.text) && !numeral(lastRune(text[:i])) {
				add(w.kinds)
			}
		}
		i += size
	}
	var out kindMask
	for i := range fk.names {
		if counts[i] >= minKindFigures {
			out |= 1 << i
		}
	}
	return out
}

// kindsAround returns the kinds the number text[s:e] states: that of the longest unit after
// it, and those of the forms whose words surround it. A calendar year (2025年) is read by the
// {年份} forms alone, so a form {数}年 stands for a number of years (3年, 十年).
func (fk *figureKinds) kindsAround(text string, s, e int) kindMask {
	year := calendarYear(text[s:e])
	starts := unitStarts(text, e)
	if year {
		for _, at := range starts {
			next, _ := utf8.DecodeRuneInString(text[at:])
			for _, u := range fk.years[next] {
				if strings.HasPrefix(text[at:], u.unit) {
					return u.kinds | fk.aroundKinds(text, s, e, at+len(u.unit), true)
				}
			}
		}
	}
	kinds, unitEnd := fk.unitAt(text, e)
	if kinds == 0 && len(starts) > 1 {
		if k, end := fk.unitAt(text, starts[1]); k != 0 {
			kinds, unitEnd = k, end
		}
	}
	return kinds | fk.aroundKinds(text, s, e, unitEnd, year)
}

// unitStarts returns where the unit of a number ending at e may start: right after it and
// after one space, as standards set a unit symbol apart from its number (48 h, 125 g, 26 ℃)
// and typeset a year so (2025 年).
func unitStarts(text string, e int) []int {
	if r, n := utf8.DecodeRuneInString(text[e:]); r == ' ' || r == '\u00a0' || r == '\u2009' {
		return []int{e, e + n}
	}
	return []int{e}
}

// unitAt returns the kinds of the longest unit starting at text[at:] and where it ends, or
// no kinds and at. A unit ending in a Latin letter (h, min, kg) must not run on into a word
// (48 hours is not read as 48 h).
func (fk *figureKinds) unitAt(text string, at int) (kindMask, int) {
	next, _ := utf8.DecodeRuneInString(text[at:])
	for _, u := range fk.units[next] {
		if !strings.HasPrefix(text[at:], u.unit) {
			continue
		}
		end := at + len(u.unit)
		if isASCIILetter(lastRune(u.unit)) {
			if r, _ := utf8.DecodeRuneInString(text[end:]); isASCIILetter(r) {
				continue
			}
		}
		return u.kinds, end
	}
	return 0, at
}

// aroundKinds returns the kinds of the forms whose words surround the number text[s:e], whose
// unit ends at unitEnd.
func (fk *figureKinds) aroundKinds(text string, s, e, unitEnd int, year bool) kindMask {
	kinds := fk.formKinds(fk.before[lastRune(text[:s])], text, s, e, unitEnd, year)
	for _, at := range []int{e, unitEnd} {
		r, _ := utf8.DecodeRuneInString(text[at:])
		kinds |= fk.formKinds(fk.after[r], text, s, e, unitEnd, year)
		if unitEnd == e {
			break
		}
	}
	return kinds
}

// formKinds returns the kinds of those forms that surround the number text[s:e].
func (fk *figureKinds) formKinds(forms []stdkb.FigureForm, text string, s, e, unitEnd int, year bool) kindMask {
	var kinds kindMask
	for _, f := range forms {
		end := e
		switch f.Number {
		case stdkb.NumberWithUnit:
			end = unitEnd
		case stdkb.NumberYear:
			if !year {
				continue
			}
		}
		if strings.HasSuffix(text[:s], f.Before) && strings.HasPrefix(text[end:], f.After) {
			kinds |= fk.kindOf[f]
		}
	}
	return kinds
}

// numberAt reports whether a number starts at text[i:], whose first character r is size bytes
// long, and where it ends (after 万 or 亿 and 余 or 多). A lone 一 (一个, 一批: an article more often than a figure), an ordinal (第3条),
// digits inside an identifier (GB/T 41568-2022) and a number opening a quoted name are no
// numbers.
func numberAt(text string, i int, r rune, size int) (e int, ok bool) {
	if !digit(r) && !chineseDigit(r) {
		return 0, false
	}
	prev := lastRune(text[:i])
	if prev == '第' || numeral(prev) || nameOpener(prev) {
		return 0, false
	}
	e = i + size
	switch {
	case digit(r):
		if prev < utf8.RuneSelf && (prev >= 'A' && prev <= 'Z' || prev >= 'a' && prev <= 'z' || prev == '/' || prev == '-' || prev == '.' || prev == '_') {
			return 0, false
		}
		e = skip(text, e, digit)
		if r, n := utf8.DecodeRuneInString(text[e:]); r == '.' || r == '．' {
			if d, _ := utf8.DecodeRuneInString(text[e+n:]); digit(d) {
				e = skip(text, e+n, digit)
			}
		}
		e = skip(text, e, func(r rune) bool { return r == '万' || r == '亿' })
	default:
		e = skip(text, e, numeral)
		if text[i:e] == "一" {
			return 0, false
		}
	}
	if r, n := utf8.DecodeRuneInString(text[e:]); r == '余' || r == '多' {
		e += n
	}
	return e, true
}

// calendarYear reports whether a number is written as a calendar year: four Arabic digits
// from 1900 to 2099.
func calendarYear(n string) bool {
	return len(n) == 4 && (strings.HasPrefix(n, "19") || strings.HasPrefix(n, "20")) && strings.Trim(n, "0123456789") == ""
}

// nameOpener reports whether r opens a name or a slogan: a number right after one belongs to
// it (“十四五”, “四个意识”, “3+7N”) and is no figure.
func nameOpener(r rune) bool {
	switch r {
	case '“', '‘', '「', '《', '〈':
		return true
	}
	return false
}

func digit(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

// chineseDigit reports whether r starts a number in Chinese numerals.
func chineseDigit(r rune) bool {
	switch r {
	case '〇', '零', '一', '二', '两', '三', '四', '五', '六', '七', '八', '九', '十':
		return true
	}
	return false
}

// numeral reports whether r continues a number.
func numeral(r rune) bool {
	switch r {
	case '百', '千', '万', '亿':
		return true
	}
	return digit(r) || chineseDigit(r)
}

func skip(text string, i int, in func(rune) bool) int {
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !in(r) {
			break
		}
		i += size
	}
	return i
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}
