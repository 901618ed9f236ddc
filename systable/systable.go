// Package systable builds the standard-system table (标准体系表) of GB/T 13016 for the whole
// library or one unit's system: the structure diagram of the framework with counts, the detail
// table (标准明细表), the statistics table (标准统计表) and a skeleton of the explanatory notes
// (编制说明), and writes it as HTML, SVG, xlsx and docx.
package systable

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"stdkb"
)

// Columns are the detail table's columns, in order; import-catalog reads the same headers.
var Columns = []string{"序号", "体系编号", "标准编号", "标准名称", "级别", "性质", "状态", "实施日期", "代替标准", "归口/主编单位", "备注"}

// The statistics table's status categories.
const (
	CatInForce  = "现行"
	CatDrafting = "制定中"
	CatRevising = "待修订"
	CatRepealed = "废止"
	// CatUnconfirmed holds standards whose status the sources could not confirm (content lists
	// status or effective among its unconfirmed fields): counting them as 现行 would claim more
	// than is known.
	CatUnconfirmed = "状态未核实"
)

// Categories lists the status categories in the order the statistics table shows them.
var Categories = []string{CatInForce, CatDrafting, CatRevising, CatRepealed, CatUnconfirmed}

// levelOrder is the order of level columns; levels the content uses beyond these follow.
var levelOrder = []string{"国家", "行业", "地方", "团体", "内部"}

// Options choose what a table covers.
type Options struct {
	Unit   *stdkb.Unit            // nil: every standard in the library
	AsOf   stdkb.Date             // statuses as they stand on this day; zero: today
	Ledger []stdkb.ReviewDecision // review decisions recorded outside the content
	// Include, if set, keeps only the standards whose latest edition it accepts, such as those
	// of one region.
	Include func(*stdkb.Edition) bool
}

// Table is one standard-system table.
type Table struct {
	Title     string
	Unit      string // the unit's name; empty for the whole library
	Framework string // the framework's title
	AsOf      stdkb.Date
	Tree      []*stdkb.BranchCount // the structure diagram: the framework with standard counts
	Rows      []Row
	Levels    []string // the statistics table's level columns
	Stats     []Stat   // one per framework branch, parents before children
	Total     Stat
	Gaps      []string // names of leaf branches without a standard
	Notes     []Note
}

// Row is one standard in the detail table.
type Row struct {
	Seq        int
	SystemCode string // 体系编号: the branch code and the standard's place in it, e.g. B7-02
	Number     string
	Title      string
	Level      string
	Nature     string
	Status     string // the edition's status on the day, as the content's statuses read
	Category   string // one of Categories
	Effective  stdkb.Date
	Replaces   string // number of the edition this one replaces
	Custodian  string
	Remarks    []string
	Framework  []string
	Sample     bool
	Adopted    bool   // in a unit's table: a standard the unit adopts rather than owns
	Ref        string // DOC@EDITION
}

// Stat is one line of the statistics table: the standards filed in a branch or below it.
type Stat struct {
	Code, Name string
	Depth      int
	ByLevel    map[string]int
	ByCategory map[string]int
	Total      int
}

// Note is one section of the explanatory notes (编制说明).
type Note struct {
	Heading    string
	Paragraphs []string
}

// Build assembles the table of the library's standards, or of the unit's system.
func Build(lib *stdkb.Library, opt Options) *Table {
	if opt.AsOf.IsZero() {
		opt.AsOf = stdkb.DateOf(time.Now())
	}
	t := &Table{AsOf: opt.AsOf, Framework: lib.Framework.Title, Title: "机关事务标准体系表"}
	docs := lib.Documents
	if opt.Unit != nil {
		t.Unit = opt.Unit.Name
		t.Title = opt.Unit.Name + t.Title
		docs = lib.SystemOf(opt.Unit).Documents
	}
	for _, d := range docs {
		if d.Kind == stdkb.KindStandard && (opt.Include == nil || opt.Include(d.Latest())) {
			r := rowOf(lib, d, opt)
			if opt.Unit != nil && d.Latest().Owner != opt.Unit.ID {
				r.Adopted = true
				r.Remarks = append([]string{"采用"}, r.Remarks...)
			}
			t.Rows = append(t.Rows, r)
		}
	}
	order := branchOrder(lib.Framework)
	sort.SliceStable(t.Rows, func(i, j int) bool {
		a, b := t.Rows[i], t.Rows[j]
		if oa, ob := order[a.Framework[0]], order[b.Framework[0]]; oa != ob {
			return oa < ob
		}
		if la, lb := rank(a.Level), rank(b.Level); la != lb {
			return la < lb
		}
		return a.Number < b.Number
	})
	perBranch := map[string]int{}
	for i := range t.Rows {
		r := &t.Rows[i]
		r.Seq = i + 1
		perBranch[r.Framework[0]]++
		r.SystemCode = fmt.Sprintf("%s-%02d", r.Framework[0], perBranch[r.Framework[0]])
	}
	counts := map[string]int{}
	for _, r := range t.Rows {
		for _, c := range lib.Framework.WithAncestors(r.Framework) {
			counts[c]++
		}
	}
	t.Tree = lib.FrameworkTree(counts, counts) // the table holds standards only
	t.statistics(lib.Framework)
	t.Notes = notes(t, lib)
	return t
}

// rowOf describes a document by its edition in force on the day or, when none is, its latest.
func rowOf(lib *stdkb.Library, d *stdkb.Document, opt Options) Row {
	e := d.InForce(opt.AsOf)
	latest := d.Latest()
	if e == nil {
		e = latest
	}
	reviews := stdkb.Reviews(e, opt.Ledger)
	status, ok := stdkb.Status(d, e, reviews, opt.AsOf)
	if !ok {
		status = e.Status
	}
	r := Row{Number: e.Number, Title: e.Title, Level: e.Level, Nature: e.Nature, Status: status,
		Effective: e.Effective, Custodian: e.Custodian, Framework: e.Framework, Sample: e.Sample, Ref: e.Ref()}
	if len(r.Framework) == 0 {
		r.Framework = []string{"?"}
	}
	if prev, ok := d.Edition(e.Supersedes); ok && e.Supersedes != "" {
		r.Replaces = prev.Number
	}
	r.Category = CatInForce
	switch {
	case !ok && status == "":
		// The 状态 cell stays empty, as the content leaves it, so the table imports back.
		r.Category = CatUnconfirmed
		r.Remarks = append(r.Remarks, "状态未核实")
	case status == "废止":
		r.Category = CatRepealed
	case e.Draft():
		r.Category = CatDrafting
	}
	r.annotate(lib, d, e, reviews, opt)
	return r
}

// annotate fills in the remarks and makes an in-force row 待修订 when a draft of its next
// edition exists or its last review decided 修订.
func (r *Row) annotate(lib *stdkb.Library, d *stdkb.Document, e *stdkb.Edition, reviews []stdkb.ReviewEvent, opt Options) {
	latest := d.Latest()
	switch {
	case latest != e && latest.Draft() && r.Category == CatInForce:
		r.Category = CatRevising
		r.Remarks = append(r.Remarks, fmt.Sprintf("修订中：%s（%s）", orDash(latest.Number), latest.Status))
	case latest != e && !latest.Draft():
		r.Remarks = append(r.Remarks, fmt.Sprintf("新版本 %s 将于 %s 实施", latest.Number, latest.Effective))
	}
	if n := len(reviews); n > 0 && reviews[n-1].Outcome == stdkb.OutcomeRevise && r.Category == CatInForce {
		r.Category = CatRevising
		r.Remarks = append(r.Remarks, fmt.Sprintf("%s 复审结论：修订", reviews[n-1].Date))
	}
	if r.Status == "即将实施" {
		r.Remarks = append(r.Remarks, "即将实施")
	}
	if e == latest {
		if st := stdkb.StateOf(d, opt.Ledger, lib.Policy, opt.AsOf); st.State == stdkb.StateOverdue {
			r.Remarks = append(r.Remarks, fmt.Sprintf("复审逾期（应于 %s 前复审）", st.Due))
		}
	}
	if len(e.Framework) > 1 {
		r.Remarks = append(r.Remarks, "兼属 "+strings.Join(e.Framework[1:], "、"))
	}
	if e.Sample {
		r.Remarks = append(r.Remarks, "示例数据")
	}
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// branchOrder numbers the framework's branches in the order the tree lists them.
func branchOrder(fw *stdkb.Framework) map[string]int {
	order := map[string]int{}
	fw.Walk(func(n *stdkb.FrameworkNode, _ int) { order[n.Code] = len(order) })
	return order
}

func rank(level string) int {
	for i, l := range levelOrder {
		if l == level {
			return i
		}
	}
	return len(levelOrder)
}

// statistics counts, for every branch, the standards filed in it or below it by level and by
// status category, and the whole table's totals.
func (t *Table) statistics(fw *stdkb.Framework) {
	seen := map[string]bool{}
	t.Levels = append(t.Levels, levelOrder...)
	for _, l := range levelOrder {
		seen[l] = true
	}
	for _, r := range t.Rows {
		if !seen[r.Level] {
			seen[r.Level] = true
			t.Levels = append(t.Levels, r.Level)
		}
	}
	count := func(s *Stat, r Row) {
		s.ByLevel[r.Level]++
		s.ByCategory[r.Category]++
		s.Total++
	}
	fw.Walk(func(n *stdkb.FrameworkNode, depth int) {
		s := Stat{Code: n.Code, Name: n.Name, Depth: depth, ByLevel: map[string]int{}, ByCategory: map[string]int{}}
		for _, r := range t.Rows {
			if fw.Covers(n.Code, r.Framework) {
				count(&s, r)
			}
		}
		t.Stats = append(t.Stats, s)
		if len(n.Children) == 0 && s.Total == 0 {
			t.Gaps = append(t.Gaps, n.Code+" "+n.Name)
		}
	})
	t.Total = Stat{Name: "合计", ByLevel: map[string]int{}, ByCategory: map[string]int{}}
	for _, r := range t.Rows {
		count(&t.Total, r)
	}
}

// findBranch returns the branch with the given code in the diagram tree.
func findBranch(tree []*stdkb.BranchCount, code string) (*stdkb.BranchCount, bool) {
	for _, b := range tree {
		if b.Code == code {
			return b, true
		}
		if c, ok := findBranch(b.Children, code); ok {
			return c, true
		}
	}
	return nil, false
}
