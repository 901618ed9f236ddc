package indexer

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"stdkb"
)

// Summary sections. A standard's scope clause (范围: "本文件规定了……的基本要求、维修计划、项目实施、
// 验收与归档、监督检查等内容"), a regulation's 总则 or a plan's overview names the document's other
// chapters, so its few words are the words of nearly every query about that document: being
// short, it outranks the chapter that actually answers. Such a section is marked when it is
// built (catalog) and its score is multiplied by summaryFactor as matches are collected, like
// sampleFactor: it still matches, and still comes first when nothing else of its document does.
//
// The mark is computed from the library whenever an index is built or opened, as the entries
// are, so no flag is stored in the index and its format does not change.

// summaryFactor weighs a summary section's score against a chapter's. A scope clause holds the
// words of every chapter it lists in a fraction of their length, so BM25 gives it a lead over
// the clause that answers; halving its score is what it took for that clause to pass it, while
// a query only the summary answers (适用于哪些单位) still finds it first. Swept from 0.3 to 0.8
// on both tuning sets (docs/search-quality.md, "Summary sections"): the gain grows down to 0.5
// and is flat below, so 0.5 is the mildest value that reaches it.
var summaryFactor = 0.5

const (
	// minNamedHeadings is how many other chapters' headings a section must name to be a
	// summary. One or two are named in passing by ordinary clauses ("按照基本要求执行"); the
	// scope clauses in the content list four or five chapters, and three sits between the two
	// (two or four mark the same sections on today's content).
	minNamedHeadings = 3
	// minHeadingRunes: shorter headings are not looked for. Two-character headings are the
	// generic skeleton of every standard and regulation (范围, 总则, 附则, 职责, 附录) and are
	// ordinary words in clauses (统计范围, 管理职责), so naming them says nothing.
	minHeadingRunes = 3
)

// headingNumber matches the numbering that may lead a heading's title: 第三章 / 第一节 / 第五条,
// 一、, （一）, 〔1〕, 附录A, and 3.2 or A.1 followed by a space, an ideographic one included
// (a title may start with a year: 2025年目标). A list in a scope clause names chapters without
// their numbers.
var headingNumber = regexp.MustCompile(`^\s*(第[一二三四五六七八九十百零〇两\d]+[章节条部分编篇]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|〔\d+〕|附录\s*[A-Z]|([A-Z]\.)?\d+(\.\d+)*\.?([\s\x{3000}]|$))[\s\x{3000}]*`)

// chapterHeading returns a heading as a summary would name it: its numbering and surrounding
// space taken off; "" when what is left is too short to look for.
func chapterHeading(title string) string {
	h := strings.TrimSpace(headingNumber.ReplaceAllString(title, ""))
	if utf8.RuneCountInString(h) < minHeadingRunes {
		return ""
	}
	return h
}

// summarySections returns the ids of the sections of e that name, verbatim in their text, the
// headings of at least minNamedHeadings top-level chapters other than their own.
func summarySections(e *stdkb.Edition) map[string]bool {
	byID := make(map[string]*stdkb.Section, len(e.Sections))
	var chapters []*stdkb.Section
	for _, s := range e.Sections {
		byID[s.ID] = s
		if s.Parent == "" {
			chapters = append(chapters, s)
		}
	}
	headings := make(map[string]string, len(chapters)) // chapter id → heading looked for
	seen := map[string]bool{}
	for _, c := range chapters {
		if h := chapterHeading(c.Title); h != "" && !seen[h] {
			seen[h] = true
			headings[c.ID] = h
		}
	}
	if len(headings) < minNamedHeadings {
		return nil
	}
	var out map[string]bool
	for _, s := range e.Sections {
		own := chapterOf(s, byID)
		named := 0
		for id, h := range headings {
			if id != own && strings.Contains(s.Text, h) {
				named++
				if named == minNamedHeadings { // enough: the rest cannot unmark it
					break
				}
			}
		}
		if named >= minNamedHeadings {
			if out == nil {
				out = map[string]bool{}
			}
			out[s.ID] = true
		}
	}
	return out
}

// chapterOf returns the id of the top-level chapter that holds s (s's own id if it is one).
// The walk is bounded by the number of sections, so a malformed parent cycle cannot hang it.
func chapterOf(s *stdkb.Section, byID map[string]*stdkb.Section) string {
	for range len(byID) {
		p, ok := byID[s.Parent]
		if s.Parent == "" || !ok {
			break
		}
		s = p
	}
	return s.ID
}
