package catalog

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"stdkb"
	"stdkb/bundle"
	"stdkb/content"
)

// Options control Import.
type Options struct {
	SkipBadRows bool       // import the usable rows and report the others
	DryRun      bool       // report only
	Today       stdkb.Date // the day rows' statuses are judged on; zero: today (the final check always runs as of today, like stdkb check)
}

// Report says what an import did, or would do, with each row.
type Report struct {
	File      string      `json:"file"`
	Rows      int         `json:"rows"` // data rows read, blank rows not counted
	Added     []Added     `json:"added"`
	Updated   []Updated   `json:"updated"`
	Unchanged []Unchanged `json:"unchanged"`
	Errors    []RowError  `json:"errors"`
	Ignored   []string    `json:"ignored_columns,omitempty"`
	Written   bool        `json:"written"`
}

// Added is a new edition a row becomes.
type Added struct {
	Line        int    `json:"row"`
	Path        string `json:"path"`
	Ref         string `json:"edition"`
	Number      string `json:"number"`
	Title       string `json:"title"`
	NewDocument bool   `json:"new_document"`
	Replaces    string `json:"replaces,omitempty"` // number of the edition it supersedes
}

// Updated is an existing edition whose status a new edition changes.
type Updated struct {
	Line int    `json:"row"`
	Path string `json:"path"`
	Ref  string `json:"edition"`
	From string `json:"from"`
	To   string `json:"to"`
}

// Unchanged is a row that repeats an edition the content already holds.
type Unchanged struct {
	Line   int    `json:"row"`
	Ref    string `json:"edition"`
	Number string `json:"number"`
}

// Errors Import returns, with the report listing the reasons.
var (
	ErrBadRows = errors.New("有无法导入的行；未写入任何文件（修正后重试，或用 --skip-bad-rows 只导入其余各行）")
	ErrCheck   = errors.New("导入后的内容无法通过 check；未写入任何文件")
)

// docPlan is a document as the import will leave it: its editions in chain order.
type docPlan struct {
	id       string
	existing bool
	editions []*stdkb.Edition
}

func (p *docPlan) latest() *stdkb.Edition {
	if len(p.editions) == 0 {
		return nil
	}
	return p.editions[len(p.editions)-1]
}

// importer holds one import's state.
type importer struct {
	sheet  *Sheet
	lib    *stdkb.Library
	stage  *bundle.Stage
	opt    Options
	rep    *Report
	plans  map[string]*docPlan // by document id
	byNum  map[string]*docPlan // edition number → its document
	byRoot map[string]*docPlan // number without year → document
	rows   map[string]int      // staged path → row
	staged []staged
}

// staged is a new edition and the document it joins.
type staged struct {
	e    *entry
	ed   *stdkb.Edition
	plan *docPlan
}

// Import turns the sheet's rows into standard entries in the content directory dir: a row whose
// number the content holds is unchanged (or an error if it says otherwise); a row whose number
// continues a document (same number root, or 代替标准 naming its latest edition) becomes that
// document's next edition; any other row a new document. Nothing is written when a row is bad
// (unless SkipBadRows), when the result fails the content check, or when DryRun.
func Import(dir string, sheet *Sheet, opt Options) (*Report, error) {
	if opt.Today.IsZero() {
		opt.Today = stdkb.DateOf(timeNow())
	}
	stage, err := bundle.NewStage(dir)
	if err != nil {
		return nil, err
	}
	lib, err := content.LoadAt(os.DirFS(dir), opt.Today)
	if err != nil {
		return nil, fmt.Errorf("内容目录 %s 本身未通过 check，请先修正：\n%w", dir, err)
	}
	im := &importer{sheet: sheet, lib: lib, stage: stage, opt: opt,
		rep:   &Report{File: sheet.Name, Added: []Added{}, Updated: []Updated{}, Unchanged: []Unchanged{}, Errors: []RowError{}, Ignored: sheet.Ignored},
		plans: map[string]*docPlan{}, byNum: map[string]*docPlan{}, byRoot: map[string]*docPlan{}, rows: map[string]int{}}
	im.index()
	for _, e := range im.parse() {
		if errs := im.place(e); len(errs) > 0 {
			im.rep.Errors = append(im.rep.Errors, errs...)
		}
	}
	im.checkStatuses()
	sortErrors(im.rep.Errors)
	sort.SliceStable(im.rep.Added, func(i, j int) bool { return im.rep.Added[i].Line < im.rep.Added[j].Line })
	sort.SliceStable(im.rep.Unchanged, func(i, j int) bool { return im.rep.Unchanged[i].Line < im.rep.Unchanged[j].Line })
	if len(im.rep.Errors) > 0 && !opt.SkipBadRows {
		return im.rep, ErrBadRows
	}
	if stage.Empty() {
		return im.rep, nil
	}
	if _, err := stage.Load(); err != nil {
		var ps stdkb.Problems
		if !errors.As(err, &ps) {
			return im.rep, err
		}
		for _, p := range ps {
			im.rep.Errors = append(im.rep.Errors, RowError{Line: im.rows[p.Path], Column: "check", Message: p.String()})
		}
		sortErrors(im.rep.Errors)
		return im.rep, ErrCheck
	}
	if opt.DryRun {
		return im.rep, nil
	}
	if err := stage.Commit(); err != nil {
		return im.rep, err
	}
	im.rep.Written = true
	return im.rep, nil
}

func sortErrors(errs []RowError) {
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Line < errs[j].Line })
}

// index records the content's standards by number and number root.
func (im *importer) index() {
	for _, d := range im.lib.Documents {
		if d.Kind != stdkb.KindStandard {
			continue
		}
		p := &docPlan{id: d.ID, existing: true, editions: append([]*stdkb.Edition(nil), d.Editions...)}
		im.plans[d.ID] = p
		for _, e := range d.Editions {
			im.byNum[e.Number] = p
			if m := numberRE.FindStringSubmatch(e.Number); m != nil {
				im.byRoot[m[1]] = p
			}
		}
	}
}

// parse reads every non-blank row, reporting unusable and duplicate ones, and returns the usable
// entries oldest first, so editions of one standard chain in order.
func (im *importer) parse() []*entry {
	var entries []*entry
	seen := map[string]int{}
	for _, r := range im.sheet.Rows {
		if strings.TrimSpace(strings.Join(r.Cells, "")) == "" {
			continue
		}
		im.rep.Rows++
		e, errs := parseRow(im.sheet, r, im.lib.Framework)
		if num := normalizeNumber(im.sheet.Get(r, "标准编号")); im.byNum[num] != nil {
			// A row naming an edition the content holds is only compared with it, so a catalogue
			// exported from stdkb (which omits 发布机构 and 发布日期) reads back unchanged.
			e, errs = lenient(e, errs)
		}
		if len(errs) > 0 {
			im.rep.Errors = append(im.rep.Errors, errs...)
			continue
		}
		if first, dup := seen[e.number]; dup {
			im.rep.Errors = append(im.rep.Errors, RowError{r.Line, "标准编号", fmt.Sprintf("%s 与第 %d 行重复", e.number, first)})
			continue
		}
		seen[e.number] = r.Line
		entries = append(entries, e)
	}
	sort.SliceStable(entries, func(i, j int) bool {
		a, b := entries[i].effective, entries[j].effective
		if a.IsZero() != b.IsZero() {
			return b.IsZero()
		}
		return a.Before(b)
	})
	return entries
}

var slugRE = regexp.MustCompile(`[^a-z0-9]+`)

// place stages one entry: unchanged, a new edition of a known document, or a new document.
func (im *importer) place(e *entry) []RowError {
	bad := func(col, format string, args ...any) []RowError {
		return []RowError{{e.line, col, fmt.Sprintf(format, args...)}}
	}
	if p, ok := im.byNum[e.number]; ok {
		for _, old := range p.editions {
			if old.Number == e.number {
				return im.same(e, old)
			}
		}
	}
	p, replacedElsewhere := im.byNum[e.replaces], false
	switch {
	case e.replaces != "" && p == nil:
		replacedElsewhere = true
		p = im.byRoot[e.root]
	case e.replaces == "":
		p = im.byRoot[e.root]
	}
	if p == nil {
		id := strings.Trim(slugRE.ReplaceAllString(strings.ToLower(e.root), "-"), "-")
		if id == "" {
			return bad("标准编号", "无法从 %s 生成条目编号", e.number)
		}
		if _, taken := im.lib.Document(id); taken || im.plans[id] != nil {
			return bad("标准编号", "条目编号 %s 已被另一份文件使用，请手工录入此标准", id)
		}
		p = &docPlan{id: id}
	}
	prev := p.latest()
	if prev != nil {
		switch {
		case prev.Draft():
			return bad("标准编号", "%s 的最新版本 %s 是%s，导入只能在已发布版本之后追加新版本", p.id, prev.Number, prev.Status)
		case e.replaces != "" && !replacedElsewhere && e.replaces != prev.Number:
			return bad("代替标准", "%s 不是该标准的最新版本（最新为 %s），导入只能追加在最新版本之后", e.replaces, prev.Number)
		case !e.effective.IsZero() && !e.effective.After(prev.Effective):
			return bad("实施日期", "%s 不晚于已有版本 %s 的实施日期 %s，导入只能追加更新的版本", e.effective, prev.Number, prev.Effective)
		}
		if _, dup := (&stdkb.Document{Editions: p.editions}).Edition(e.year); dup {
			return bad("标准编号", "%s 已有 %s 年版本（%s），与 %s 冲突", p.id, e.year, prev.Number, e.number)
		}
	}
	return im.stageEdition(p, prev, e, replacedElsewhere)
}

// checkStatuses compares each new edition's declared status with the one its dates and its
// place in the chain give, once every row is placed, and unstages the editions that disagree.
func (im *importer) checkStatuses() {
	for _, s := range im.staged {
		doc := &stdkb.Document{ID: s.plan.id, Kind: stdkb.KindStandard, Editions: s.plan.editions}
		st, ok := stdkb.Status(doc, s.ed, nil, im.opt.Today)
		if !ok || st == s.e.status {
			continue
		}
		msg := fmt.Sprintf("填写为“%s”，但按日期和代替关系，截至 %s 应为“%s”", s.e.status, im.opt.Today, st)
		if st == "现行" && s.e.status == "废止" {
			msg += "（废止的标准请在“废止日期”列写明日期）"
		}
		im.rep.Errors = append(im.rep.Errors, RowError{s.e.line, "状态", msg})
		delete(im.stage.Add, s.ed.Path)
		for i, u := range im.rep.Updated {
			if u.Line == s.e.line {
				delete(im.stage.Replace, u.Path)
				im.rep.Updated = append(im.rep.Updated[:i], im.rep.Updated[i+1:]...)
				break
			}
		}
		for i, a := range im.rep.Added {
			if a.Path == s.ed.Path {
				im.rep.Added = append(im.rep.Added[:i], im.rep.Added[i+1:]...)
				break
			}
		}
	}
}

// same reports a row that names an edition the content holds: unchanged when it agrees, an
// error naming each difference when it does not; the import never overwrites an entry.
func (im *importer) same(e *entry, old *stdkb.Edition) []RowError {
	var diffs []string
	cmp := func(col, sheet, local string) {
		if sheet != "" && sheet != local {
			diffs = append(diffs, fmt.Sprintf("%s（表中“%s”，库中“%s”）", col, sheet, local))
		}
	}
	cmp("标准名称", e.title, old.Title)
	cmp("级别", e.level, old.Level)
	cmp("性质", e.nature, old.Nature)
	cmp("实施日期", e.effective.String(), old.Effective.String())
	cmp(ColIssued, e.issued.String(), old.Issued.String())
	cmp("归口/主编单位", e.custodian, old.Custodian)
	if len(diffs) > 0 {
		return []RowError{{e.line, "", fmt.Sprintf("库中已有 %s（%s），与表中不一致：%s；导入不会改动已有条目", e.number, old.Ref(), strings.Join(diffs, "；"))}}
	}
	im.rep.Unchanged = append(im.rep.Unchanged, Unchanged{e.line, old.Ref(), old.Number})
	return nil
}

// stageEdition renders the entry as the next edition of p, checks its declared status against
// the one its dates give, and marks an existing predecessor 被代替 once the new edition is in
// force.
func (im *importer) stageEdition(p *docPlan, prev *stdkb.Edition, e *entry, replacedElsewhere bool) []RowError {
	ed := &stdkb.Edition{DocID: p.id, Key: e.year, Kind: stdkb.KindStandard, Number: e.number, Status: e.status,
		Effective: e.effective, Path: path.Join("standards", p.id, e.year+".md")}
	supersedes := ""
	if prev != nil {
		supersedes, ed.Supersedes = prev.Key, prev.Key
	}
	ed.Withdrawn = e.withdrawn
	plan := &stdkb.Document{ID: p.id, Kind: stdkb.KindStandard, Editions: append(append([]*stdkb.Edition(nil), p.editions...), ed)}
	if _, err := os.Lstat(filepath.Join(im.stage.Dir, filepath.FromSlash(ed.Path))); err == nil {
		return []RowError{{e.line, "", fmt.Sprintf("文件 %s 已存在，导入不会覆盖", ed.Path)}}
	}
	var update *Updated
	if prev != nil && p.existing && prev.Path != "" {
		if st, _ := stdkb.Status(plan, prev, stdkb.Reviews(prev, nil), im.opt.Today); st != prev.Status {
			old, err := os.ReadFile(filepath.Join(im.stage.Dir, filepath.FromSlash(prev.Path)))
			if err != nil {
				return []RowError{{e.line, "", fmt.Sprintf("读取 %s：%v", prev.Path, err)}}
			}
			next, err := withStatus(old, st)
			if err != nil {
				return []RowError{{e.line, "", fmt.Sprintf("无法把 %s 的状态改为“%s”：%v", prev.Path, st, err)}}
			}
			im.stage.Replace[prev.Path] = bundle.Rewrite{Old: old, New: next}
			im.rows[prev.Path] = e.line
			update = &Updated{e.line, prev.Path, prev.Ref(), prev.Status, st}
		}
	}
	src, err := e.render(supersedes, im.sheet.Name, replacedElsewhere)
	if err != nil {
		return []RowError{{e.line, "", err.Error()}}
	}
	im.stage.Add[ed.Path] = src
	im.rows[ed.Path] = e.line
	if update != nil {
		im.rep.Updated = append(im.rep.Updated, *update)
	}
	added := Added{Line: e.line, Path: ed.Path, Ref: ed.Ref(), Number: e.number, Title: e.title, NewDocument: len(p.editions) == 0}
	if prev != nil {
		added.Replaces = prev.Number
	}
	im.rep.Added = append(im.rep.Added, added)
	im.staged = append(im.staged, staged{e, ed, p})
	if len(p.editions) == 0 {
		im.plans[p.id] = p
	}
	p.editions = append(p.editions, ed)
	im.byNum[e.number], im.byRoot[e.root] = p, p
	return nil
}
