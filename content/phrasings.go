package content

import (
	"strings"

	"stdkb"
)

// phrasingLine parses one line of dict/phrasings.txt, "文件ID#章节ID => 说法, 说法". Phrasings are
// separated by commas only (ASCII or full-width): 、 may stand inside a question (水、电怎么省).
// Whether the section exists and whether a phrasing is a stop word can only be checked against
// the whole content (checkPhrasings).
func (l *loader) phrasingLine(n int, line string) {
	id, rest, ok := strings.Cut(line, "=>")
	id = strings.TrimSpace(id)
	owner, section, hasHash := strings.Cut(id, "#")
	if !ok || !hasHash || owner == "" || section == "" || strings.ContainsAny(id, " \t　") {
		l.add(phrasingsFile, n, "", "每行应为 \"章节编号 => 说法, 说法\"，章节编号如 文件ID#章节ID、检查表ID#章节ID、检查表ID#intro 或 指标集ID#metrics")
		return
	}
	var phrases []string
	for i, p := range strings.Split(strings.ReplaceAll(rest, "，", ","), ",") {
		if p = strings.TrimSpace(p); p == "" {
			l.add(phrasingsFile, n, "", "第 %d 个说法为空：说法之间只用一个逗号分隔，行末不加逗号", i+1)
			return
		}
		phrases = append(phrases, p)
	}
	if first, seen := l.phrasingSeen[id]; seen {
		l.add(phrasingsFile, n, "", "%q 已在第 %d 行出现：同一章节的说法只写一行", id, first)
		return
	}
	if l.phrasingSeen == nil {
		l.phrasingSeen = map[string]int{}
	}
	l.phrasingSeen[id] = n
	l.lexicon.Phrasings = append(l.lexicon.Phrasings, stdkb.Phrasing{Section: id, Phrases: phrases})
	l.phrasingAt = append(l.phrasingAt, n)
}

// checkPhrasings checks each line of dict/phrasings.txt against the library: it names a section
// search returns, and none of its phrasings is a stop word, which search ignores.
func (l *loader) checkPhrasings(lib *stdkb.Library) {
	if len(lib.Lexicon.Phrasings) == 0 {
		return
	}
	stop := map[string]bool{}
	for _, w := range lib.Lexicon.Stopwords {
		stop[w] = true
	}
	for i, ph := range lib.Lexicon.Phrasings {
		n := l.phrasingAt[i]
		if !lib.Searchable(ph.Section) {
			l.add(phrasingsFile, n, "", "没有章节 %q：应为检索结果中的章节编号（文件ID#章节ID、检查表ID#章节ID、检查表ID#intro 或 指标集ID#metrics）", ph.Section)
		}
		for _, p := range ph.Phrases {
			if stop[p] {
				l.add(phrasingsFile, n, "", "%q 是停用词（dict/stopwords.txt），检索时会被忽略", p)
			}
		}
	}
}
