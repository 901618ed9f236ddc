package indexer

import (
	"strconv"
	"strings"
)

// Heading labels. Staff name a numbered part of a document by its label: 专栏3 for the plan's
// "专栏3：“十四五”时期标准化建设主要工作", 附件2, 表1. The segmenter cuts the label into a word
// and a number (专栏 | 3), and a number is in a sixth of the sections' text (clause and list
// numbering), so the words alone rank any section naming 专栏 and holding a 3 — the indicator
// sets, which cite the plan's columns in their text — above the column itself. A section whose
// own heading starts with a label the query names therefore scores labelFactor times its score,
// as matches are collected: it only reorders what the words found, and reads no postings.
//
// labelFactor is boostClause's figure: a label typed names one section as exactly as a clause
// number does. Measured on the tuning sets (docs/search-quality.md, round 6): 3 lifts the
// off-wording set by 0.006, 5 by 0.011; the other two sets hold no label and do not move.
// 1 turns the factor off.
var labelFactor = 5.0

// queryLabels returns the heading labels text names: a word of Chinese characters followed at
// once by a number, as the segmenter cuts them (专栏3第5条 → 专栏3, 第5). Staff write the
// number in characters as often as in digits (专栏三); headings write it in digits, so a number
// in characters below a hundred is read as one (专栏三 → 专栏3). A space between them (专栏 3)
// is not a label.
func (ix *Index) queryLabels(text string) []string {
	if ix.seg == nil {
		return nil
	}
	words := ix.seg.Precise(text)
	var out []string
	for i := 0; i+1 < len(words); i++ {
		w, n := words[i], words[i+1]
		if w.End != n.Start || !isHanWord(w.Text) {
			continue
		}
		if isDigits(n.Text) {
			number := n.Text
			if v, err := strconv.Atoi(number); err == nil {
				number = strconv.Itoa(v) // headings write no leading zeros: 专栏03 is 专栏3
			}
			out = append(out, w.Text+number)
		} else if v, ok := smallChineseNumber(n.Text); ok {
			out = append(out, w.Text+strconv.Itoa(v))
		}
	}
	return out
}

// chineseDigits are the values of the Chinese digits one to nine.
var chineseDigits = map[rune]int{'一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

// smallChineseNumber reads a number from one to ninety-nine written in Chinese characters: 三,
// 十, 十二, 二十, 二十三. Anything else (两, 百, 三三, 十十) is not read.
func smallChineseNumber(s string) (int, bool) {
	r := []rune(s)
	digit := func(i int) (int, bool) { v, ok := chineseDigits[r[i]]; return v, ok }
	switch {
	case len(r) == 1 && r[0] == '十':
		return 10, true
	case len(r) == 1:
		return digit(0)
	case len(r) == 2 && r[0] == '十': // 十二
		v, ok := digit(1)
		return 10 + v, ok
	case len(r) == 2 && r[1] == '十': // 二十
		v, ok := digit(0)
		return 10 * v, ok
	case len(r) == 3 && r[1] == '十': // 二十三
		tens, ok1 := digit(0)
		ones, ok2 := digit(2)
		return 10*tens + ones, ok1 && ok2
	}
	return 0, false
}

// headedBy reports whether e's own heading (not an ancestor's) starts with one of labels, the
// label's number not running on into a longer one (专栏3 heads 专栏3：…, not 专栏31).
func headedBy(e *entry, labels []string) bool {
	if len(labels) == 0 || len(e.Path) == 0 {
		return false
	}
	heading := e.Path[len(e.Path)-1]
	for _, l := range labels {
		if rest, ok := strings.CutPrefix(heading, l); ok && (rest == "" || !isDigits(rest[:1])) {
			return true
		}
	}
	return false
}

// isHanWord reports whether s is one or more Chinese characters and nothing else.
func isHanWord(s string) bool {
	for _, r := range s {
		if !isHan(r) {
			return false
		}
	}
	return s != ""
}

// isDigits reports whether s is one or more ASCII digits and nothing else.
func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
