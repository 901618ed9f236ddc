package content

import (
	"strings"

	"stdkb"
)

// cueWords remembers the line listing each word of a cue file (document cues, tense cues), so
// that a word is listed once in the whole file.
type cueWords map[string]int

// fresh returns the words of line n of file that may be cues, reporting those listed on an
// earlier line or holding clause marks (the segmenter would never keep them whole).
func (c *cueWords) fresh(l *loader, file string, n int, words []string) []string {
	if *c == nil {
		*c = cueWords{}
	}
	var out []string
	for _, w := range words {
		if at, ok := (*c)[w]; ok {
			l.add(file, n, "", "说法 %q 已列在第 %d 行：每个说法只能列一次", w, at)
			continue
		}
		if strings.ContainsAny(w, stdkb.ClauseMarks) {
			l.add(file, n, "", "说法 %q 含断句符号：说法之间只用空格分隔", w)
			continue
		}
		(*c)[w] = n
		out = append(out, w)
	}
	return out
}
