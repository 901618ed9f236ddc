package stdkb

import (
	"slices"
	"sort"
)

// Library is the whole validated knowledge base as loaded from one content tree.
type Library struct {
	Framework  *Framework
	Documents  []*Document // sorted by ID
	Checklists []*Checklist
	Indicators []*IndicatorSet
	Lexicon    Lexicon
	Policy     ReviewPolicy
	Units      []*Unit
	Hash       string // hex SHA-256 of every file in the content tree
	// Files holds the hex SHA-256 of each file loaded, by path: what reads a content file again
	// later (a bundle export) checks that it is still the file this library was loaded from.
	Files map[string]string

	docs       map[string]*Document
	checklists map[string]*Checklist
}

// NewLibrary indexes the given parts. Documents are sorted by ID.
func NewLibrary(fw *Framework, docs []*Document, checklists []*Checklist, indicators []*IndicatorSet) *Library {
	l := &Library{Framework: fw, Documents: docs, Checklists: checklists, Indicators: indicators,
		docs: map[string]*Document{}, checklists: map[string]*Checklist{}}
	sort.Slice(l.Documents, func(i, j int) bool { return l.Documents[i].ID < l.Documents[j].ID })
	sort.Slice(l.Checklists, func(i, j int) bool { return l.Checklists[i].ID < l.Checklists[j].ID })
	sort.Slice(l.Indicators, func(i, j int) bool { return l.Indicators[i].ID < l.Indicators[j].ID })
	for _, d := range docs {
		l.docs[d.ID] = d
	}
	for _, c := range checklists {
		l.checklists[c.ID] = c
	}
	return l
}

// Document returns the document with the given ID.
func (l *Library) Document(id string) (*Document, bool) {
	d, ok := l.docs[id]
	return d, ok
}

// Checklist returns the checklist with the given ID.
func (l *Library) Checklist(id string) (*Checklist, bool) {
	c, ok := l.checklists[id]
	return c, ok
}

// Resolve finds the edition and section a reference points at. The section is nil when the
// reference names none. It returns ENOTFOUND errors naming the missing part.
func (l *Library) Resolve(r SectionRef) (*Edition, *Section, error) {
	d, ok := l.docs[r.Doc]
	if !ok {
		return nil, nil, Errorf(ENOTFOUND, "没有文件 %q", r.Doc)
	}
	e := d.Latest()
	if r.Edition != "" {
		if e, ok = d.Edition(r.Edition); !ok {
			return nil, nil, Errorf(ENOTFOUND, "文件 %q 没有版本 %q", r.Doc, r.Edition)
		}
	}
	if r.Section == "" {
		return e, nil, nil
	}
	s, ok := e.Section(r.Section)
	if !ok {
		return nil, nil, Errorf(ENOTFOUND, "%s 没有章节 %q", e.Ref(), r.Section)
	}
	return e, s, nil
}

// CountByFramework returns, per framework code, how many documents' latest editions lie in
// that branch or below it; given kinds, only documents of those kinds count.
func (l *Library) CountByFramework(kinds ...Kind) map[string]int {
	counts := map[string]int{}
	if l.Framework == nil {
		return counts
	}
	l.Framework.Walk(func(n *FrameworkNode, _ int) {
		for _, d := range l.Documents {
			if (len(kinds) == 0 || slices.Contains(kinds, d.Kind)) && l.Framework.Covers(n.Code, d.Latest().Framework) {
				counts[n.Code]++
			}
		}
	})
	return counts
}

// BranchCount is a framework branch with the number of documents filed in it or below it.
type BranchCount struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	Extension bool   `json:"extension,omitempty"`
	Documents int    `json:"documents"`
	// Standards is how many of the documents are standards, as the standard-system table
	// counts them.
	Standards int            `json:"standards"`
	Children  []*BranchCount `json:"children,omitempty"`
}

// FrameworkCounts returns the framework tree with document counts, and standard counts
// beside them.
func (l *Library) FrameworkCounts() []*BranchCount {
	return l.FrameworkTree(l.CountByFramework(), l.CountByFramework(KindStandard))
}

// FrameworkTree returns the framework tree with the given counts of documents and of standards
// per code, such as a unit system's.
func (l *Library) FrameworkTree(documents, standards map[string]int) []*BranchCount {
	var build func(ns []*FrameworkNode) []*BranchCount
	build = func(ns []*FrameworkNode) []*BranchCount {
		var out []*BranchCount
		for _, n := range ns {
			out = append(out, &BranchCount{Code: n.Code, Name: n.Name, Extension: n.Extension,
				Documents: documents[n.Code], Standards: standards[n.Code], Children: build(n.Children)})
		}
		return out
	}
	return build(l.Framework.Roots)
}

// MentionedIn lists the documents whose editions declare that they are mentioned in (relied on
// by) the given section, or anywhere in the document when the reference names no section: the
// plan passage's links to the documents it relies on.
func (l *Library) MentionedIn(r SectionRef) []*Document {
	var out []*Document
	for _, d := range l.Documents {
		for _, m := range d.Latest().Mentions {
			if m.Doc == r.Doc && (r.Section == "" || m.Section == r.Section) {
				out = append(out, d)
				break
			}
		}
	}
	return out
}
