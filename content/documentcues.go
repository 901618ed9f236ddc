package content

import (
	"slices"
	"strings"

	"stdkb"
)

// The attributes a line of dict/document-cues.txt may name: the front matter's own keys, and
// section for words a section's headings hold (文件概况, 术语和定义).
const (
	cueKind    = "kind"
	cueLevel   = "level"
	cueSection = "section"
)

// docCueLines holds dict/document-cues.txt as read: the line of each cue, and of each word,
// until checkDocumentCues can compare the attributes with the whole content.
type docCueLines struct {
	at    []int // line of each entry of lexicon.DocumentCues
	words cueWords
}

// documentCueLine reads a line of dict/document-cues.txt: the attributes of the documents
// named, as the front matter writes them, then the words staff use for them
// ("level=国家：国标 国家标准", "kind=regulation level=法律、行政法规：法规"). What it can only
// check against the whole content is left to checkDocumentCues.
func (l *loader) documentCueLine(n int, line string) {
	attrs, words, ok := splitKind(line)
	if !ok || attrs == "" || len(words) == 0 {
		l.add(documentCues, n, "", "每行应为 \"属性：说法 说法\"，属性写作 kind=种类 或 level=级别，取值照内容文件的 front matter 写（如 level=国家：国标 国家标准）")
		return
	}
	var cue stdkb.DocumentCue
	seen := map[string]bool{}
	for _, a := range strings.Fields(attrs) {
		key, value, _ := strings.Cut(a, "=")
		values := splitWords(value)
		switch {
		case key != cueKind && key != cueLevel && key != cueSection:
			l.add(documentCues, n, "", "属性 %q 无法识别：应为 kind=种类、level=级别 或 section=章节标题中的词（多个取值用顿号分隔，如 level=法律、行政法规）", a)
			return
		case len(values) == 0:
			l.add(documentCues, n, "", "属性 %q 没有取值：应照内容文件的 front matter 写（如 %s=…）", a, key)
			return
		case seen[key]:
			l.add(documentCues, n, "", "属性 %s 在此行出现两次：多个取值写在一处，用顿号分隔", key)
			return
		}
		seen[key] = true
		switch key {
		case cueKind:
			for _, v := range values {
				cue.Kinds = append(cue.Kinds, stdkb.Kind(v))
			}
		case cueLevel:
			cue.Levels = values
		default:
			cue.Sections = values
		}
	}
	cue.Words = l.docCues.words.fresh(l, documentCues, n, words)
	if len(cue.Words) > 0 {
		l.lexicon.DocumentCues = append(l.lexicon.DocumentCues, cue)
		l.docCues.at = append(l.docCues.at, n)
	}
}

// checkDocumentCues checks each cue's attributes against the library: every kind and level it
// names is one some document of the content has, and every section word one some heading of a
// document holds, so the cue can name something.
func (l *loader) checkDocumentCues(lib *stdkb.Library) {
	if len(lib.Lexicon.DocumentCues) == 0 {
		return
	}
	kinds, levels := map[stdkb.Kind]bool{}, map[string]bool{}
	var levelList, headings []string
	for _, d := range lib.Documents {
		for _, e := range d.Editions {
			for _, s := range e.Sections {
				if len(s.Path) > 0 {
					headings = append(headings, s.Path[len(s.Path)-1])
				}
			}
			kinds[e.Kind] = true
			if e.Level != "" && !levels[e.Level] {
				levels[e.Level] = true
				levelList = append(levelList, e.Level)
			}
		}
	}
	if len(lib.Checklists) > 0 {
		kinds[stdkb.KindChecklist] = true
	}
	if len(lib.Indicators) > 0 {
		kinds[stdkb.KindIndicator] = true
	}
	var kindList []string
	for k := range kinds {
		kindList = append(kindList, string(k))
	}
	slices.Sort(kindList)
	slices.Sort(levelList)
	for i, c := range lib.Lexicon.DocumentCues {
		for _, k := range c.Kinds {
			if !kinds[k] {
				l.add(documentCues, l.docCues.at[i], "", "种类 %q 不是内容中任何文件的 kind：应为 %s 之一", k, strings.Join(kindList, "、"))
			}
		}
		for _, v := range c.Levels {
			if !levels[v] {
				l.add(documentCues, l.docCues.at[i], "", "级别 %q 不是内容中任何文件的 level：应为 %s 之一", v, strings.Join(levelList, "、"))
			}
		}
		for _, v := range c.Sections {
			if !slices.ContainsFunc(headings, func(h string) bool { return strings.Contains(h, v) }) {
				l.add(documentCues, l.docCues.at[i], "", "章节 %q 不见于内容中任何章节的标题：section 的取值应是章节标题中的词（如 section=术语和定义）", v)
			}
		}
	}
}
