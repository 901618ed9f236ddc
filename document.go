package stdkb

import (
	"fmt"
	"strings"
)

// Kind names what a content file describes.
type Kind string

// The kinds of content file.
const (
	KindFramework  Kind = "framework"
	KindStandard   Kind = "standard"
	KindRegulation Kind = "regulation"
	KindChecklist  Kind = "checklist"
	KindIndicator  Kind = "indicator"
	KindPolicy     Kind = "policy"
	KindUnit       Kind = "unit"
)

// Document is a standard or regulation with all its editions, oldest first.
type Document struct {
	ID       string     `json:"id"` // the folder name, stable across editions
	Kind     Kind       `json:"kind"`
	Editions []*Edition `json:"editions"`
}

// Latest returns the newest edition.
func (d *Document) Latest() *Edition { return d.Editions[len(d.Editions)-1] }

// Edition returns the edition with the given key.
func (d *Document) Edition(key string) (*Edition, bool) {
	for _, e := range d.Editions {
		if e.Key == key {
			return e, true
		}
	}
	return nil, false
}

// Successor returns the edition that follows e in the chain, or nil.
func (d *Document) Successor(e *Edition) *Edition {
	for i, x := range d.Editions {
		if x == e && i+1 < len(d.Editions) {
			return d.Editions[i+1]
		}
	}
	return nil
}

// Edition is one published version of a standard or regulation: a markdown file.
type Edition struct {
	DocID string `json:"doc_id"`
	Key   string `json:"edition"` // the file name without .md, e.g. "2019"
	Path  string `json:"path"`
	Kind  Kind   `json:"kind"`

	Title     string   `json:"title"`
	Number    string   `json:"number,omitempty"` // standard number or 文号
	Issuer    string   `json:"issuer,omitempty"`
	Level     string   `json:"level"`
	Nature    string   `json:"nature,omitempty"` // 强制 or 推荐, standards only
	Status    string   `json:"status"`
	Framework []string `json:"framework"`
	Scope     string   `json:"scope,omitempty"`
	Owner     string   `json:"owner,omitempty"`     // the unit whose standard system it belongs to
	Custodian string   `json:"custodian,omitempty"` // 归口单位 or 主编单位, standards only
	ICS       string   `json:"ics,omitempty"`       // 国际标准分类号, as the cover prints it
	CCS       string   `json:"ccs,omitempty"`       // 中国标准文献分类号

	// Region is the province or city that issued a local standard or a local regulation, e.g.
	// 重庆市 or 四川省; empty for national documents. RegionClass compares it with the
	// framework's region.
	Region string `json:"region,omitempty"`
	// Replaces names, by number, an earlier edition this one replaces (代替) that the library
	// does not hold as an edition of its own.
	Replaces string `json:"replaces,omitempty"`
	// Period is the span of years a plan covers (规划期); zero for other documents.
	Period YearRange `json:"period,omitzero"`
	// Unconfirmed lists the front-matter fields (issued, effective, status, issuer …) that the
	// sources do not confirm: shown with a 未核实 mark, and left out when they cannot be stated.
	Unconfirmed []string `json:"unconfirmed,omitempty"`
	// Note is the 备注: what a reader should know about the entry, such as what is unconfirmed.
	Note string `json:"note,omitempty"`

	// Missing dates are left out of JSON, in every response type alike.
	Issued    Date `json:"issued,omitzero"`
	Effective Date `json:"effective,omitzero"`
	Withdrawn Date `json:"withdrawn,omitzero"`

	Supersedes   string `json:"supersedes,omitempty"`    // key of the edition this one replaces
	SupersededBy string `json:"superseded_by,omitempty"` // key of the edition that replaces this one

	ReviewCycle int          `json:"review_cycle,omitempty"` // years; 0 means the level's default
	Reviews     []Review     `json:"reviews,omitempty"`
	Revisions   []Revision   `json:"revisions,omitempty"`
	Mentions    []SectionRef `json:"mentions,omitempty"`

	FullText bool   `json:"full_text"` // false: the body holds only what the plan says of it
	Sample   bool   `json:"sample"`    // illustrative, not a real document
	Source   string `json:"source,omitempty"`

	Body     string     `json:"-"` // markdown after the front matter
	BodyLine int        `json:"-"` // line of the body's first line in the file
	Sections []*Section `json:"sections"`
}

// YearRange is a span of whole years, both ends included.
type YearRange struct {
	From int `json:"from"`
	To   int `json:"to"`
}

// IsZero reports whether the range is unset.
func (r YearRange) IsZero() bool { return r.From == 0 && r.To == 0 }

// Confirmed reports whether the sources confirm the named front-matter field.
func (e *Edition) Confirmed(field string) bool {
	for _, f := range e.Unconfirmed {
		if f == field {
			return false
		}
	}
	return true
}

// PeriodEnded reports whether the edition is a plan whose period ended before today: still in
// force as a document, but its targets belong to the past (规划期已结束).
func (e *Edition) PeriodEnded(today Date) bool {
	return !e.Period.IsZero() && today.Year() > e.Period.To
}

// StatusLabel is the status as a reader should see it on a day: the declared status, marked
// 未核实 when the sources do not confirm it, or qualified when a plan's period has ended.
func (e *Edition) StatusLabel(today Date) string {
	switch {
	case !e.Confirmed("status") && e.Status == "":
		return "未核实"
	case !e.Confirmed("status"):
		return e.Status + "（未核实）"
	case e.PeriodEnded(today):
		return fmt.Sprintf("%s（规划期%d—%d年已结束）", e.Status, e.Period.From, e.Period.To)
	}
	return e.Status
}

// Ref returns the edition's reference, DOC@EDITION.
func (e *Edition) Ref() string { return e.DocID + "@" + e.Key }

// Label names the edition for a reader: its key when that is a year (2019), otherwise what the
// edition is (拟制定稿, 征求意见稿, 现行文本) rather than the file name (draft, current) that
// holds it.
func (e *Edition) Label() string {
	if isYear(e.Key) {
		return e.Key
	}
	switch e.Status {
	case "拟制定":
		return "拟制定稿"
	case "征求意见稿":
		return "征求意见稿"
	case "现行":
		return "现行文本"
	}
	return "未注明年份的版本"
}

func isYear(s string) bool {
	if len(s) != 4 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Draft reports whether the edition is only planned or out for comment: never in force.
func (e *Edition) Draft() bool { return e.Status == "征求意见稿" || e.Status == "拟制定" }

// Section returns the section with the given id.
func (e *Edition) Section(id string) (*Section, bool) {
	for _, s := range e.Sections {
		if s.ID == id {
			return s, true
		}
	}
	return nil, false
}

// Review is one review (复审) decision declared in front matter.
type Review struct {
	Date      Date   `json:"date"`
	Outcome   string `json:"outcome"` // 继续有效, 修订 or 废止
	Committee string `json:"committee,omitempty"`
	Note      string `json:"note,omitempty"`
}

// Revision is an amendment (修订/修正) of a regulation that did not make a new edition file.
type Revision struct {
	Date Date   `json:"date"`
	Note string `json:"note"`
}

// SectionRef points at a section of a document, optionally of one edition.
type SectionRef struct {
	Doc     string `json:"doc"`
	Edition string `json:"edition,omitempty"` // empty: the latest edition
	Section string `json:"section,omitempty"` // empty: the whole document
}

// String formats the reference as doc[@edition][#section].
func (r SectionRef) String() string {
	var b strings.Builder
	b.WriteString(r.Doc)
	if r.Edition != "" {
		b.WriteString("@" + r.Edition)
	}
	if r.Section != "" {
		b.WriteString("#" + r.Section)
	}
	return b.String()
}

// Section is an addressable part of an edition: a chapter, 节, 专栏, clause or glossary entry.
type Section struct {
	ID        string   `json:"id"`               // anchor, unique within the edition
	Number    string   `json:"number,omitempty"` // clause number such as 4.1.2
	Title     string   `json:"title"`            // heading text without the clause number
	Depth     int      `json:"depth"`            // 1 for top-level headings
	Path      []string `json:"path"`             // headings from the top down to this one
	Parent    string   `json:"parent,omitempty"` // id of the enclosing section
	Text      string   `json:"text"`             // plain text of the section's own body
	Markdown  string   `json:"-"`                // markdown of the section's own body
	Line      int      `json:"line"`             // line of the heading in the file
	Editorial bool     `json:"editorial,omitempty"`
}

// Heading returns the section's heading as shown to readers: number and title.
func (s *Section) Heading() string {
	switch {
	case s.Number == "":
		return s.Title
	case s.Title == "":
		return s.Number
	}
	return s.Number + " " + s.Title
}
