package content

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"

	"stdkb"
	"stdkb/schemas"
)

// MaxFileSize bounds one content file; larger files are refused rather than read.
const MaxFileSize = 4 << 20

var docIDRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// Load reads every markdown file in fsys, validates it against its kind's schema, builds the
// library and resolves every cross-reference. On failure it returns stdkb.Problems listing
// every problem found, sorted by file and line; it never panics on bad input.
func Load(fsys fs.FS) (*stdkb.Library, error) {
	return LoadAt(fsys, stdkb.DateOf(time.Now()))
}

// LoadAt is Load on a given day: statuses are checked against what the dates say on that day.
func LoadAt(fsys fs.FS, today stdkb.Date) (*stdkb.Library, error) {
	l := &loader{fsys: fsys, docs: map[string]*stdkb.Document{}, docPaths: map[string]string{}, today: today, kinds: map[string]stdkb.Kind{}}
	l.walk()
	lib := l.link()
	if len(l.problems) > 0 {
		for i := range l.problems {
			l.problems[i].Kind = l.kinds[l.problems[i].Path]
		}
		l.problems.Sort()
		return nil, l.problems
	}
	return lib, nil
}

type loader struct {
	fsys     fs.FS
	today    stdkb.Date
	problems stdkb.Problems
	hash     []byte
	sums     map[string]string // file path → hex SHA-256

	framework     *stdkb.Framework
	frameworkPath string
	docs          map[string]*stdkb.Document
	docPaths      map[string]string // doc id → folder, to report duplicates
	checklists    []*stdkb.Checklist
	indicators    []*stdkb.IndicatorSet
	files         map[*stdkb.Edition]*frontMatter
	otherFiles    map[string]*frontMatter // checklist and indicator files by path
	lexicon       stdkb.Lexicon
	policy        stdkb.ReviewPolicy
	policyPath    string
	units         []*stdkb.Unit
	thesaurusAt   []int                 // line of each thesaurus entry, for checkThesaurus
	phraseLine    map[string]int        // thesaurus phrase → the line that lists it first
	kinds         map[string]stdkb.Kind // file path → kind its front matter declares, to name fields in problems
	figures       figureLines
	questionLine  map[string]int // word → the line of dict/question-forms.txt listing it
	phrasingAt    []int          // line of each entry of dict/phrasings.txt, for checkPhrasings
	phrasingSeen  map[string]int // section → the line of dict/phrasings.txt listing it
	docCues       docCueLines    // dict/document-cues.txt as read, for checkDocumentCues
	tenseCues     tenseCueLines  // dict/tense-cues.txt as read, for checkTenseCues
}

func (l *loader) add(p string, line int, field, format string, args ...any) {
	l.problems = append(l.problems, stdkb.Problem{Path: p, Line: line, Field: field, Message: fmt.Sprintf(format, args...)})
}

func (l *loader) walk() {
	l.files = map[*stdkb.Edition]*frontMatter{}
	l.otherFiles = map[string]*frontMatter{}
	l.sums = map[string]string{}
	h := sha256.New()
	err := fs.WalkDir(l.fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			l.add(p, 0, "", "无法读取：%v", err)
			return nil
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() && p != "." && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		src, err := readLimited(l.fsys, p)
		if err != nil {
			l.add(p, 0, "", "%v", err)
			return nil
		}
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(src))
		h.Write(src)
		sum := sha256.Sum256(src)
		l.sums[p] = hex.EncodeToString(sum[:])
		switch {
		case path.Ext(p) == ".md":
			l.file(p, src)
		case p == wordsFile || p == synonymsFile || p == stopwordsFile || p == thesaurusFile || p == figureCues || p == figureKinds || p == questionForms || p == phrasingsFile || p == documentCues || p == tenseCues:
			l.lexiconFile(p, src)
		}
		return nil
	})
	if err != nil {
		l.add(".", 0, "", "无法遍历内容目录：%v", err)
	}
	l.hash = h.Sum(nil)
}

func readLimited(fsys fs.FS, p string) ([]byte, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, fmt.Errorf("无法打开：%w", err)
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("无法读取：%w", err)
	}
	if len(src) > MaxFileSize {
		return nil, fmt.Errorf("文件超过 %d 字节的上限", MaxFileSize)
	}
	return src, nil
}

// file parses and validates one markdown file and adds what it declares to the loader.
func (l *loader) file(p string, src []byte) {
	fm, errs := splitFrontMatter(src)
	for _, e := range errs {
		l.add(p, e.line, e.field, "%s", e.msg)
	}
	if fm == nil {
		return
	}
	k, _ := fm.value["kind"].(string)
	kind := stdkb.Kind(k)
	switch kind {
	case stdkb.KindFramework, stdkb.KindStandard, stdkb.KindRegulation, stdkb.KindChecklist, stdkb.KindIndicator, stdkb.KindPolicy, stdkb.KindUnit:
	default:
		if _, ok := fm.value["kind"]; !ok {
			l.add(p, fm.lineOf(), "kind", "缺少必填字段 kind（应为 framework、standard、regulation、checklist、indicator、policy、unit 之一）")
		} else {
			l.add(p, fm.lineOf("kind"), "kind", "kind 为 %q 不可用（应为 framework、standard、regulation、checklist、indicator、policy、unit 之一）", fm.value["kind"])
		}
		return
	}
	l.kinds[p] = kind
	violations, err := schemas.Validate(string(kind), fm.value)
	if err != nil {
		l.add(p, 0, "", "格式定义有误：%v", err)
		return
	}
	for _, v := range violations {
		l.add(p, fm.lineOf(v.Location...), v.Field(), "%s", v.Message)
	}
	if len(violations) > 0 {
		return
	}
	switch kind {
	case stdkb.KindFramework:
		l.frameworkFile(p, fm)
	case stdkb.KindStandard, stdkb.KindRegulation:
		l.editionFile(p, fm, kind)
	case stdkb.KindChecklist:
		l.checklistFile(p, fm)
	case stdkb.KindIndicator:
		l.indicatorFile(p, fm)
	case stdkb.KindPolicy:
		l.policyFile(p, fm)
	case stdkb.KindUnit:
		var u stdkb.Unit
		if err := decode(fm, &u); err != nil {
			l.add(p, fm.lineOf(), "", "%v", err)
			return
		}
		u.Path = p
		l.units = append(l.units, &u)
		l.otherFiles[p] = fm
	}
}

// decode fills v (a struct with json tags) from validated front matter.
func decode(fm *frontMatter, v any) error {
	b, err := json.Marshal(fm.value)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

type frameworkNodeFM struct {
	Code        string             `json:"code"`
	Name        string             `json:"name"`
	Description string             `json:"description"`
	Extension   bool               `json:"extension"`
	Children    []*frameworkNodeFM `json:"children"`
}

func (n *frameworkNodeFM) node() *stdkb.FrameworkNode {
	out := &stdkb.FrameworkNode{Code: n.Code, Name: n.Name, Description: n.Description, Extension: n.Extension}
	for _, c := range n.Children {
		out.Children = append(out.Children, c.node())
	}
	return out
}

func (l *loader) frameworkFile(p string, fm *frontMatter) {
	var raw struct {
		ID     string             `json:"id"`
		Title  string             `json:"title"`
		Region string             `json:"region"`
		Nodes  []*frameworkNodeFM `json:"nodes"`
	}
	if err := decode(fm, &raw); err != nil {
		l.add(p, fm.lineOf(), "", "%v", err)
		return
	}
	if l.framework != nil {
		l.add(p, fm.lineOf("kind"), "kind", "出现第二个体系框架（第一个是 %s）；内容中只能有一个", l.frameworkPath)
		return
	}
	var roots []*stdkb.FrameworkNode
	for _, n := range raw.Nodes {
		roots = append(roots, n.node())
	}
	fw, err := stdkb.NewFramework(raw.ID, raw.Title, roots)
	if err != nil {
		l.add(p, fm.lineOf("nodes"), "nodes", "%v", err)
	}
	fw.Path, fw.Region = p, raw.Region
	l.framework, l.frameworkPath = fw, p
}

type editionFM struct {
	Title        string             `json:"title"`
	Number       string             `json:"number"`
	Issuer       string             `json:"issuer"`
	Level        string             `json:"level"`
	Nature       string             `json:"nature"`
	Status       string             `json:"status"`
	Framework    []string           `json:"framework"`
	Scope        string             `json:"scope"`
	Issued       string             `json:"issued"`
	Effective    string             `json:"effective"`
	Withdrawn    string             `json:"withdrawn"`
	Supersedes   string             `json:"supersedes"`
	SupersededBy string             `json:"superseded_by"`
	ReviewCycle  int                `json:"review_cycle"`
	Reviews      []reviewFM         `json:"reviews"`
	Revisions    []reviewFM         `json:"revisions"`
	Mentions     []stdkb.SectionRef `json:"mentions"`
	Owner        string             `json:"owner"`
	Region       string             `json:"region"`
	Custodian    string             `json:"custodian"`
	ICS          string             `json:"ics"`
	CCS          string             `json:"ccs"`
	Replaces     string             `json:"replaces"`
	Period       []int              `json:"period"`
	Unconfirmed  []string           `json:"unconfirmed"`
	Note         string             `json:"note"`
	FullText     bool               `json:"full_text"`
	Sample       bool               `json:"sample"`
	Source       string             `json:"source"`
}

type reviewFM struct {
	Date      string `json:"date"`
	Outcome   string `json:"outcome"`
	Committee string `json:"committee"`
	Note      string `json:"note"`
}

func (l *loader) editionFile(p string, fm *frontMatter, kind stdkb.Kind) {
	dir := path.Dir(p)
	docID, key := path.Base(dir), strings.TrimSuffix(path.Base(p), ".md")
	if dir == "." {
		l.add(p, 1, "", "kind 为 %s 的文件应按文件分目录存放：<目录>/<文件编号>/<版本>.md", kind)
		return
	}
	if !docIDRE.MatchString(docID) {
		l.add(p, 1, "", "文件目录名 %q 只能含小写字母、数字和 “.” “_” “-”", docID)
		return
	}
	var raw editionFM
	if err := decode(fm, &raw); err != nil {
		l.add(p, fm.lineOf(), "", "%v", err)
		return
	}
	e := &stdkb.Edition{
		DocID: docID, Key: key, Path: p, Kind: kind,
		Title: raw.Title, Number: raw.Number, Issuer: raw.Issuer, Level: raw.Level, Nature: raw.Nature,
		Status: raw.Status, Framework: raw.Framework, Scope: raw.Scope,
		Supersedes: raw.Supersedes, SupersededBy: raw.SupersededBy, ReviewCycle: raw.ReviewCycle,
		Mentions: raw.Mentions, Owner: raw.Owner, FullText: raw.FullText, Sample: raw.Sample, Source: raw.Source,
		Region: raw.Region, Custodian: raw.Custodian, ICS: raw.ICS, CCS: raw.CCS, Replaces: raw.Replaces, Unconfirmed: raw.Unconfirmed, Note: raw.Note,
		Body: fm.body, BodyLine: fm.bodyLine,
	}
	if len(raw.Period) == 2 {
		e.Period = stdkb.YearRange{From: raw.Period[0], To: raw.Period[1]}
	}
	// Dates already match the schema's date format; parsing cannot fail, but stay defensive.
	date := func(field, s string) stdkb.Date {
		if s == "" {
			return stdkb.Date{}
		}
		d, err := stdkb.ParseDate(s)
		if err != nil {
			l.add(p, fm.lineOf(field), field, "%v", err)
		}
		return d
	}
	e.Issued, e.Effective, e.Withdrawn = date("issued", raw.Issued), date("effective", raw.Effective), date("withdrawn", raw.Withdrawn)
	for i, r := range raw.Reviews {
		d, _ := stdkb.ParseDate(r.Date)
		e.Reviews = append(e.Reviews, stdkb.Review{Date: d, Outcome: r.Outcome, Committee: r.Committee, Note: r.Note})
		if !e.Effective.IsZero() && d.Before(e.Effective) {
			l.add(p, fm.lineOf("reviews", fmt.Sprint(i), "date"), fmt.Sprintf("reviews[%d].date", i), "复审日期 %s 早于本版实施日期 %s", d, e.Effective)
		}
	}
	for _, r := range raw.Revisions {
		d, _ := stdkb.ParseDate(r.Date)
		e.Revisions = append(e.Revisions, stdkb.Revision{Date: d, Note: r.Note})
	}
	l.checkDates(p, fm, e)
	l.checkCatalogue(p, fm, e)

	sections, errs := parseSections(fm.body, fm.bodyLine, kind)
	for _, se := range errs {
		l.add(p, se.line, se.field, "%s", se.msg)
	}
	e.Sections = sections

	d, ok := l.docs[docID]
	if !ok {
		d = &stdkb.Document{ID: docID, Kind: kind}
		l.docs[docID], l.docPaths[docID] = d, dir
	}
	if l.docPaths[docID] != dir {
		l.add(p, 1, "", "文件编号 %q 重复：%s 已使用", docID, l.docPaths[docID])
		return
	}
	if d.Kind != kind {
		l.add(p, fm.lineOf("kind"), "kind", "%s 放在 %s 的版本目录中；同一文件的各版本类型应一致", kind, d.Kind)
		return
	}
	d.Editions = append(d.Editions, e)
	l.files[e] = fm
}

// checkDates applies the date rules every edition must satisfy on its own.
func (l *loader) checkDates(p string, fm *frontMatter, e *stdkb.Edition) {
	draft := e.Status == "征求意见稿" || e.Status == "拟制定"
	if e.Kind == stdkb.KindStandard && !draft {
		for _, f := range []struct {
			name string
			d    stdkb.Date
		}{{"issued", e.Issued}, {"effective", e.Effective}} {
			if f.d.IsZero() && e.Confirmed(f.name) {
				l.add(p, fm.lineOf(), f.name, "缺少必填字段（已发布的标准应有发布和实施日期；如无来源可证实，列入 unconfirmed）")
			}
		}
	}
	if !e.Issued.IsZero() && !e.Effective.IsZero() && e.Effective.Before(e.Issued) {
		l.add(p, fm.lineOf("effective"), "effective", "日期先后有误：实施日期 %s 早于发布日期 %s", e.Effective, e.Issued)
	}
	if !e.Withdrawn.IsZero() && !e.Effective.IsZero() && e.Withdrawn.Before(e.Effective) {
		l.add(p, fm.lineOf("withdrawn"), "withdrawn", "日期先后有误：废止日期 %s 早于实施日期 %s", e.Withdrawn, e.Effective)
	}
}

type checklistFM struct {
	ID              string        `json:"id"`
	Title           string        `json:"title"`
	Stage           string        `json:"stage"`
	Framework       []string      `json:"framework"`
	PassScore       float64       `json:"pass_score"`
	Levels          []stdkb.Level `json:"levels"`
	MissingEvidence string        `json:"missing_evidence"`
	Sections        []struct {
		ID    string                `json:"id"`
		Title string                `json:"title"`
		Items []stdkb.ChecklistItem `json:"items"`
	} `json:"sections"`
	Sources    []stdkb.SectionRef `json:"sources"`
	Indicators []string           `json:"indicators"`
	Sample     bool               `json:"sample"`
}

func (l *loader) checklistFile(p string, fm *frontMatter) {
	var raw checklistFM
	if err := decode(fm, &raw); err != nil {
		l.add(p, fm.lineOf(), "", "%v", err)
		return
	}
	c := &stdkb.Checklist{ID: raw.ID, Title: raw.Title, Path: p, Stage: raw.Stage, Framework: raw.Framework,
		PassScore: raw.PassScore, Levels: raw.Levels, MissingEvidence: raw.MissingEvidence,
		Sources: raw.Sources, Indicators: raw.Indicators, Sample: raw.Sample, Body: fm.body}
	seen := map[string]bool{}
	for i, s := range raw.Sections {
		c.Sections = append(c.Sections, stdkb.ChecklistSection{ID: s.ID, Title: s.Title, Items: s.Items})
		for j, it := range s.Items {
			if seen[it.ID] {
				loc := []string{"sections", fmt.Sprint(i), "items", fmt.Sprint(j), "id"}
				l.add(p, fm.lineOf(loc...), schemas.FieldPath(loc), "条目编号 %q 重复", it.ID)
			}
			seen[it.ID] = true
		}
	}
	names := map[string]bool{}
	for i, lv := range c.Levels {
		if names[lv.Name] {
			loc := []string{"levels", fmt.Sprint(i), "name"}
			l.add(p, fm.lineOf(loc...), schemas.FieldPath(loc), "等级 %q 重复", lv.Name)
		}
		names[lv.Name] = true
	}
	if max := c.MaxScore(); c.PassScore > max {
		l.add(p, fm.lineOf("pass_score"), "pass_score", "合格线 %g 超过检查表满分 %g", c.PassScore, max)
	}
	c.BodyText = PlainText(c.Body)
	l.checklists = append(l.checklists, c)
	l.otherFiles[p] = fm
}

func (l *loader) indicatorFile(p string, fm *frontMatter) {
	var raw struct {
		ID          string             `json:"id"`
		Title       string             `json:"title"`
		Framework   []string           `json:"framework"`
		Metrics     []stdkb.Indicator  `json:"metrics"`
		Definitions []stdkb.Definition `json:"definitions"`
		Milestones  []stdkb.Milestone  `json:"milestones"`
		Sample      bool               `json:"sample"`
	}
	if err := decode(fm, &raw); err != nil {
		l.add(p, fm.lineOf(), "", "%v", err)
		return
	}
	set := &stdkb.IndicatorSet{ID: raw.ID, Title: raw.Title, Path: p, Framework: raw.Framework,
		Metrics: raw.Metrics, Definitions: raw.Definitions, Milestones: raw.Milestones, Sample: raw.Sample, Body: fm.body}
	if set.Metrics == nil {
		set.Metrics = []stdkb.Indicator{} // a set of milestones only: no metrics, not null
	}
	for i, m := range set.Metrics {
		if m.ToYear < m.FromYear {
			loc := []string{"metrics", fmt.Sprint(i), "to_year"}
			l.add(p, fm.lineOf(loc...), schemas.FieldPath(loc), "截止年份 to_year %d 早于起始年份 from_year %d", m.ToYear, m.FromYear)
		}
		if m.Type == stdkb.IndicatorChange && m.BaselineYear >= m.FromYear {
			loc := []string{"metrics", fmt.Sprint(i), "baseline_year"}
			l.add(p, fm.lineOf(loc...), schemas.FieldPath(loc), "基期年份 baseline_year %d 应早于起始年份 from_year %d", m.BaselineYear, m.FromYear)
		}
	}
	set.BodyText = PlainText(set.Body)
	l.indicators = append(l.indicators, set)
	l.otherFiles[p] = fm
}

func (l *loader) policyFile(p string, fm *frontMatter) {
	var raw struct {
		Review stdkb.ReviewPolicy `json:"review"`
		Title  string             `json:"title"`
		Source string             `json:"source"`
	}
	if err := decode(fm, &raw); err != nil {
		l.add(p, fm.lineOf(), "", "%v", err)
		return
	}
	if l.policyPath != "" {
		l.add(p, fm.lineOf("kind"), "kind", "出现第二个复审规则（第一个是 %s）", l.policyPath)
		return
	}
	l.policy, l.policyPath = raw.Review, p
	l.policy.Title, l.policy.Text, l.policy.Source = raw.Title, fm.body, raw.Source
}

// link runs the checks that need the whole tree: the framework, edition chains, unique ids and
// cross-references. It returns the library even when problems were found.
func (l *loader) link() *stdkb.Library {
	if l.framework == nil {
		l.add(".", 0, "", "缺少体系框架：内容中应有一个 kind 为 framework 的文件")
	}
	var docs []*stdkb.Document
	for _, d := range l.docs {
		l.chain(d)
		l.statuses(d)
		docs = append(docs, d)
	}
	lib := stdkb.NewLibrary(l.framework, docs, l.checklists, l.indicators)
	lib.Hash = hex.EncodeToString(l.hash)
	lib.Files = l.sums
	l.joinFigureKinds()
	lib.Lexicon = l.lexicon
	lib.Policy = l.policy
	if l.policyPath == "" {
		lib.Policy = stdkb.DefaultReviewPolicy
	}
	if l.framework != nil {
		lib.Policy.Region = l.framework.Region
	}
	lib.Units = l.units
	l.unitRefs(lib)
	l.regions(lib)
	l.checkThesaurus(lib)
	l.checkPhrasings(lib)
	l.checkDocumentCues(lib)
	l.checkTenseCues(lib)

	l.uniqueIDs()
	for _, d := range lib.Documents {
		for _, e := range d.Editions {
			fm := l.files[e]
			l.codes(e.Path, fm, e.Framework)
			for i, m := range e.Mentions {
				l.ref(lib, e.Path, fm, m, "mentions", fmt.Sprint(i))
			}
		}
	}
	for _, c := range lib.Checklists {
		fm := l.otherFiles[c.Path]
		l.codes(c.Path, fm, c.Framework)
		for i, r := range c.Sources {
			l.ref(lib, c.Path, fm, r, "sources", fmt.Sprint(i))
		}
		for i, id := range c.Indicators {
			if !hasIndicator(lib, id) {
				l.add(c.Path, fm.lineOf("indicators", fmt.Sprint(i)), fmt.Sprintf("indicators[%d]", i), "没有指标 %q", id)
			}
		}
		for i, s := range c.Sections {
			for j, it := range s.Items {
				if it.Source != nil {
					l.ref(lib, c.Path, fm, *it.Source, "sections", fmt.Sprint(i), "items", fmt.Sprint(j), "source")
				}
			}
		}
	}
	for _, set := range lib.Indicators {
		fm := l.otherFiles[set.Path]
		l.codes(set.Path, fm, set.Framework)
		for i, m := range set.Metrics {
			l.codes(set.Path, fm, m.Framework, "metrics", fmt.Sprint(i))
			for j, r := range m.Sources {
				l.ref(lib, set.Path, fm, r, "metrics", fmt.Sprint(i), "sources", fmt.Sprint(j))
			}
		}
		l.milestoneRefs(lib, set, fm)
		for i, d := range set.Definitions {
			for j, r := range d.Sources {
				l.ref(lib, set.Path, fm, r, "definitions", fmt.Sprint(i), "sources", fmt.Sprint(j))
			}
		}
	}
	l.checklistMilestones(lib)
	return lib
}

// codes checks that every framework code exists. loc leads to the object holding "framework".
func (l *loader) codes(p string, fm *frontMatter, codes []string, loc ...string) {
	if l.framework == nil {
		return
	}
	for i, c := range codes {
		if _, ok := l.framework.Node(c); !ok {
			at := append(append([]string(nil), loc...), "framework", fmt.Sprint(i))
			l.add(p, fm.lineOf(at...), schemas.FieldPath(at), "体系框架中没有代码 %q", c)
		}
	}
}

func (l *loader) ref(lib *stdkb.Library, p string, fm *frontMatter, r stdkb.SectionRef, loc ...string) {
	if _, _, err := lib.Resolve(r); err != nil {
		l.add(p, fm.lineOf(loc...), schemas.FieldPath(loc), "引用无效 %s：%v", r, err)
	}
}

// unitRefs checks that units, owners, parents and adopted documents exist.
func (l *loader) unitRefs(lib *stdkb.Library) {
	units := map[string]bool{}
	for _, u := range l.units {
		units[u.ID] = true
	}
	l.unitNames()
	for _, u := range l.units {
		fm := l.otherFiles[u.Path]
		if u.Parent != "" && !units[u.Parent] {
			l.add(u.Path, fm.lineOf("parent"), "parent", "没有单位 %q", u.Parent)
		}
		for i, id := range u.Adopts {
			d, ok := lib.Document(id)
			switch {
			case !ok:
				l.add(u.Path, fm.lineOf("adopts", fmt.Sprint(i)), fmt.Sprintf("adopts[%d]", i), "没有文件 %q", id)
			case !lib.Applies(d):
				l.add(u.Path, fm.lineOf("adopts", fmt.Sprint(i)), fmt.Sprintf("adopts[%d]", i), "%s 是%s的地方文件，仅供参考，不能列入单位的标准体系", id, d.Latest().Region)
			}
		}
	}
	for _, d := range lib.Documents {
		for _, e := range d.Editions {
			if e.Owner != "" && !units[e.Owner] {
				l.add(e.Path, l.files[e].lineOf("owner"), "owner", "没有单位 %q", e.Owner)
			}
			if e.Owner != "" && lib.RegionClass(e) == stdkb.RegionReference {
				l.add(e.Path, l.files[e].lineOf("owner"), "owner", "%s的地方文件不能列入单位 %q 的标准体系", e.Region, e.Owner)
			}
		}
	}
}

// unitNames checks that every name a submission may use for a unit (name, full name, alias)
// finds one unit only.
func (l *loader) unitNames() {
	owner := map[string]string{}
	for _, u := range l.units {
		fm := l.otherFiles[u.Path]
		claim := func(name string, loc ...string) {
			if other, dup := owner[name]; dup && other != u.ID {
				l.add(u.Path, fm.lineOf(loc...), schemas.FieldPath(loc), "名称 %q 已是单位 %q 的名称", name, other)
			}
			owner[name] = u.ID
		}
		claim(u.Name, "name")
		if u.FullName != "" {
			claim(u.FullName, "full_name")
		}
		for i, a := range u.Aliases {
			claim(a, "aliases", fmt.Sprint(i))
		}
	}
}

func (l *loader) uniqueIDs() {
	seen := map[string]string{}
	check := func(id, p string, fm *frontMatter) {
		if first, dup := seen[id]; dup {
			l.add(p, fm.lineOf("id"), "id", "编号 %q 重复：%s 已使用", id, first)
			return
		}
		seen[id] = p
	}
	for _, c := range l.checklists {
		check(c.ID, c.Path, l.otherFiles[c.Path])
	}
	for _, s := range l.indicators {
		check(s.ID, s.Path, l.otherFiles[s.Path])
		for i, m := range s.Milestones {
			fm := l.otherFiles[s.Path]
			if first, dup := seen["milestone:"+m.ID]; dup {
				l.add(s.Path, fm.lineOf("milestones", fmt.Sprint(i), "id"), fmt.Sprintf("milestones[%d].id", i), "节点编号 %q 重复：%s 已使用", m.ID, first)
				continue
			}
			seen["milestone:"+m.ID] = s.Path
		}
	}
	for _, u := range l.units {
		check(u.ID, u.Path, l.otherFiles[u.Path])
	}
}

// statuses checks each edition's declared status against the one its dates and declared
// reviews give on the loader's day.
func (l *loader) statuses(d *stdkb.Document) {
	for _, e := range d.Editions {
		derived, ok := stdkb.Status(d, e, stdkb.Reviews(e, nil), l.today)
		if ok && derived == "尚未发布" {
			// No status may be declared for an edition not yet issued: the date is what is wrong.
			l.add(e.Path, l.files[e].lineOf("issued"), "issued", "发布日期 %s 晚于 %s：已发布的版本请更正发布日期，尚未发布的稿件不写发布日期（状态写 征求意见稿 或 拟制定）", e.Issued, l.today)
			continue
		}
		if ok && e.Status != "" && derived != e.Status {
			l.add(e.Path, l.files[e].lineOf("status"), "status", "状态写为 %s，但按日期和复审记录，%s 时应为 %s", e.Status, l.today, derived)
		}
	}
}

// chain orders a document's editions by effective date and checks that they form one chain:
// each edition supersedes the one before it, and validity periods neither overlap nor run
// backwards.
func (l *loader) chain(d *stdkb.Document) {
	eds := d.Editions
	sort.SliceStable(eds, func(i, j int) bool {
		a, b := eds[i], eds[j]
		switch {
		case a.Effective.IsZero() != b.Effective.IsZero():
			return b.Effective.IsZero() // editions not yet in force come last
		case !a.Effective.Equal(b.Effective):
			return a.Effective.Before(b.Effective)
		}
		return a.Key < b.Key
	})
	keys := map[string]bool{}
	for _, e := range eds {
		keys[e.Key] = true
	}
	for i, e := range eds {
		fm := l.files[e]
		if e.Supersedes != "" && !keys[e.Supersedes] {
			l.add(e.Path, fm.lineOf("supersedes"), "supersedes", "版本链断开：%s 没有版本 %q", d.ID, e.Supersedes)
		}
		if e.SupersededBy != "" && !keys[e.SupersededBy] {
			l.add(e.Path, fm.lineOf("superseded_by"), "superseded_by", "版本链断开：%s 没有版本 %q", d.ID, e.SupersededBy)
		}
		if i == 0 {
			if e.Supersedes != "" && keys[e.Supersedes] {
				l.add(e.Path, fm.lineOf("supersedes"), "supersedes", "版本链断开：%s 是 %s 最早的版本，却写明代替 %q", e.Key, d.ID, e.Supersedes)
			}
			continue
		}
		prev := eds[i-1]
		if !prev.Effective.IsZero() && prev.Effective.Equal(e.Effective) {
			l.add(e.Path, fm.lineOf("effective"), "effective", "有效期重叠：版本 %s 和 %s 都于 %s 实施", prev.Key, e.Key, e.Effective)
		}
		if e.Supersedes == "" {
			l.add(e.Path, fm.lineOf(), "supersedes", "版本链断开：%s 应写明 supersedes: %s（它的上一版）", e.Key, prev.Key)
		} else if keys[e.Supersedes] && e.Supersedes != prev.Key {
			l.add(e.Path, fm.lineOf("supersedes"), "supersedes", "版本链断开：%s 写明代替 %s，但它的上一版是 %s", e.Key, e.Supersedes, prev.Key)
		}
		if prev.SupersededBy != "" && keys[prev.SupersededBy] && prev.SupersededBy != e.Key {
			pfm := l.files[prev]
			l.add(prev.Path, pfm.lineOf("superseded_by"), "superseded_by", "版本链断开：%s 的下一版是 %s，不是 %s", prev.Key, e.Key, prev.SupersededBy)
		}
		if !prev.Issued.IsZero() && !e.Issued.IsZero() && e.Issued.Before(prev.Issued) {
			l.add(e.Path, fm.lineOf("issued"), "issued", "日期先后有误：发布日期 %s 早于被代替的版本（%s，发布于 %s）", e.Issued, prev.Key, prev.Issued)
		}
		if !prev.Withdrawn.IsZero() && !e.Effective.IsZero() && e.Effective.Before(prev.Withdrawn) {
			pfm := l.files[prev]
			l.add(prev.Path, pfm.lineOf("withdrawn"), "withdrawn", "有效期重叠：废止日期 %s 晚于后续版本 %s 的实施日期 %s", prev.Withdrawn, e.Key, e.Effective)
		}
	}
	if last := eds[len(eds)-1]; last.SupersededBy != "" && keys[last.SupersededBy] {
		l.add(last.Path, l.files[last].lineOf("superseded_by"), "superseded_by", "版本链断开：%s 是最新版本，却写明由 %s 代替", last.Key, last.SupersededBy)
	}
}

func hasIndicator(lib *stdkb.Library, id string) bool {
	for _, set := range lib.Indicators {
		for _, m := range set.Metrics {
			if m.ID == id {
				return true
			}
		}
	}
	return false
}
