package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	"github.com/mattn/go-runewidth"

	"stdkb"
)

// loadLibrary loads the chosen content tree. Content problems are printed one per line by the
// command line's error renderer and turn into exit status 1.
func loadLibrary(ctx context.Context, e *env, dir string) (*stdkb.Library, string, error) {
	app, err := contentApp(ctx, e, dir)
	if err != nil {
		return nil, dir, err
	}
	defer app.Close()
	return app.Library(), app.ContentName(), nil
}

func cmdCheck(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	dir := contentFlag(fs)
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	lib, name, err := loadLibrary(ctx, e, *dir)
	if err != nil {
		return err
	}
	var editions, sections, metrics int
	for _, d := range lib.Documents {
		editions += len(d.Editions)
		for _, ed := range d.Editions {
			sections += len(ed.Sections)
		}
	}
	for _, s := range lib.Indicators {
		metrics += len(s.Metrics)
	}
	fmt.Fprintf(e.stdout, "检查通过：%s：%d 份文件（%d 个版本，%d 个条款），%d 份检查表，%d 项指标\n",
		contentTitle(name), len(lib.Documents), editions, sections, len(lib.Checklists), metrics)
	return nil
}

// listing is one row of `stdkb ls`.
type listing struct {
	ID        string   `json:"id"`
	Type      string   `json:"type"`
	Number    string   `json:"number,omitempty"`
	Title     string   `json:"title"`
	Level     string   `json:"level,omitempty"`
	Status    string   `json:"status,omitempty"`
	Framework []string `json:"framework"`
	Editions  int      `json:"editions,omitempty"`
	Region    string   `json:"region,omitempty"` // 本市, 国家 or 外省参考, for documents
	Source    string   `json:"source,omitempty"`
	Sample    bool     `json:"sample"`
}

var typeNames = map[string]string{
	string(stdkb.KindStandard): "标准", string(stdkb.KindRegulation): "法规",
	string(stdkb.KindChecklist): "检查表", string(stdkb.KindIndicator): "指标",
}

func cmdList(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("ls", flag.ContinueOnError)
	dir := contentFlag(fs)
	typ := fs.String("type", "", "standard（标准）、regulation（制度）、checklist（检查表）或 indicator（指标）")
	domain := fs.String("domain", "", "体系编码，包括其下级分支")
	status := fs.String("status", "", "最新版本的状态，例如 现行")
	asJSON := fs.Bool("json", false, "以 JSON 输出")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if err := oneOf("type", *typ, "standard", "regulation", "checklist", "indicator"); err != nil {
		return err
	}
	lib, _, err := loadLibrary(ctx, e, *dir)
	if err != nil {
		return err
	}
	if *domain != "" {
		if _, ok := lib.Framework.Node(*domain); !ok {
			return usageError{fmt.Sprintf("--domain %q：没有这个体系编码（可用 stdkb framework 查看）", *domain)}
		}
	}
	keep := func(l listing) bool {
		return (*typ == "" || l.Type == *typ) &&
			(*domain == "" || lib.Framework.Covers(*domain, l.Framework)) &&
			(*status == "" || l.Status == *status)
	}
	rows := []listing{}
	for _, d := range lib.Documents {
		ed := d.Latest()
		l := listing{ID: d.ID, Type: string(d.Kind), Number: ed.Number, Title: ed.Title, Level: ed.Level,
			Status: ed.Status, Framework: ed.Framework, Editions: len(d.Editions), Sample: ed.Sample,
			Region: lib.RegionClass(ed), Source: ed.Source}
		if keep(l) {
			rows = append(rows, l)
		}
	}
	for _, c := range lib.Checklists {
		l := listing{ID: c.ID, Type: string(stdkb.KindChecklist), Title: c.Title, Framework: c.Framework, Sample: c.Sample}
		if keep(l) {
			rows = append(rows, l)
		}
	}
	for _, s := range lib.Indicators {
		l := listing{ID: s.ID, Type: string(stdkb.KindIndicator), Title: s.Title, Framework: s.Framework, Sample: s.Sample}
		if keep(l) {
			rows = append(rows, l)
		}
	}
	if *asJSON {
		return writeJSON(e.stdout, rows)
	}
	table := [][]string{{"ID", "类型", "编号", "标题", "状态", "体系"}}
	for _, r := range rows {
		title := r.Title
		if r.Sample {
			title = "【示例】" + title
		}
		table = append(table, []string{r.ID, typeNames[r.Type], r.Number, title, r.Status, strings.Join(r.Framework, ",")})
	}
	printTable(e.stdout, table)
	fmt.Fprintf(e.stdout, "%d 项\n", len(rows))
	return nil
}

func cmdShow(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("show", flag.ContinueOnError)
	dir := contentFlag(fs)
	edition := fs.String("edition", "", "版本标识（默认：最新版本）")
	asOf := fs.String("asof", "", "显示该日期（YYYY-MM-DD）有效的版本")
	toc := fs.Bool("toc", false, "列出章节目录而不显示正文")
	asJSON := fs.Bool("json", false, "以 JSON 输出")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{"需要且只能给出一个文件编号（ID）"}
	}
	lib, _, err := loadLibrary(ctx, e, *dir)
	if err != nil {
		return err
	}
	ref := parseRef(rest[0])
	if *edition != "" {
		ref.Edition = *edition
	}
	if *asOf != "" {
		day, err := optionalDate("asof", *asOf, stdkb.Date{})
		if err != nil {
			return err
		}
		d, ok := lib.Document(ref.Doc)
		if !ok {
			return stdkb.Errorf(stdkb.ENOTFOUND, "没有文件 %q", ref.Doc)
		}
		ed := d.InForce(day)
		if ed == nil {
			return stdkb.Errorf(stdkb.ENOTFOUND, "%s 在 %s 没有现行版本（各版本：%s）", d.ID, day, editionSpans(d))
		}
		ref.Edition = ed.Key
	}
	if c, ok := lib.Checklist(ref.Doc); ok && ref.Edition == "" && ref.Section == "" {
		if *asJSON {
			return writeJSON(e.stdout, c)
		}
		return showChecklist(e.stdout, c)
	}
	for _, s := range lib.Indicators {
		if s.ID == ref.Doc && ref.Edition == "" && ref.Section == "" {
			if *asJSON {
				return writeJSON(e.stdout, s)
			}
			return showIndicators(e.stdout, s)
		}
	}
	ed, sec, err := lib.Resolve(ref)
	if err != nil {
		return err
	}
	doc, _ := lib.Document(ed.DocID)
	switch {
	case *asJSON && sec != nil:
		return writeJSON(e.stdout, sec)
	case *asJSON:
		return writeJSON(e.stdout, ed)
	case sec != nil:
		fmt.Fprintf(e.stdout, "%s（%s）\n%s\n\n%s\n", ed.Title, ed.Ref(), strings.Join(sec.Path, " > "), sec.Markdown)
		return nil
	}
	showEdition(e.stdout, doc, ed)
	if *toc {
		for _, s := range ed.Sections {
			fmt.Fprintf(e.stdout, "%s%-12s %s\n", strings.Repeat("  ", max(s.Depth-1, 0)), s.ID, s.Heading())
		}
		return nil
	}
	fmt.Fprintf(e.stdout, "\n%s\n", strings.TrimSpace(ed.Body))
	return nil
}

// editionSpans describes when each edition of d was in force, for messages.
func editionSpans(d *stdkb.Document) string {
	var parts []string
	for _, e := range d.Editions {
		span := e.Key + " 自 " + e.Effective.String()
		if e.Effective.IsZero() {
			span = e.Key + " 无实施日期"
		}
		parts = append(parts, span)
	}
	return strings.Join(parts, "；")
}

// parseRef splits DOC[@EDITION][#SECTION].
func parseRef(s string) stdkb.SectionRef {
	var r stdkb.SectionRef
	s, r.Section, _ = strings.Cut(s, "#")
	r.Doc, r.Edition, _ = strings.Cut(s, "@")
	return r
}

func showEdition(w io.Writer, d *stdkb.Document, ed *stdkb.Edition) {
	title := ed.Title
	if ed.Sample {
		title = "【示例】" + title
	}
	fmt.Fprintln(w, title)
	field := func(name, v string) {
		if v != "" {
			fmt.Fprintf(w, "  %s：%s\n", name, v)
		}
	}
	field("编号", ed.Number)
	field("类型", typeNames[string(ed.Kind)])
	field("层级", ed.Level)
	field("性质", ed.Nature)
	field("状态", ed.Status)
	field("发布机关", ed.Issuer)
	field("发布日期", ed.Issued.String())
	field("实施日期", ed.Effective.String())
	field("废止日期", ed.Withdrawn.String())
	field("体系", strings.Join(ed.Framework, "、"))
	if !ed.FullText {
		field("全文", "未收录（仅元数据与相关表述）")
	}
	var keys []string
	for _, x := range d.Editions {
		k := x.Key
		if x == ed {
			k = "[" + k + "]"
		}
		keys = append(keys, k)
	}
	field("版本", strings.Join(keys, " → "))
	if ed.Sample {
		field("说明", "示例数据，仅用于演示版本、复审与评分，不是真实标准")
	}
	field("来源", ed.Source)
}

func showChecklist(w io.Writer, c *stdkb.Checklist) error {
	title := c.Title
	if c.Sample {
		title = "【示例】" + title
	}
	fmt.Fprintf(w, "%s\n  阶段：%s\n  满分：%g  合格线：%g\n", title, c.Stage, c.MaxScore(), c.PassScore)
	for _, s := range c.Sections {
		fmt.Fprintf(w, "\n%s %s\n", s.ID, s.Title)
		for _, it := range s.Items {
			ev := ""
			if len(it.Evidence) > 0 {
				ev = "（佐证：" + strings.Join(it.Evidence, "；") + "）"
			}
			fmt.Fprintf(w, "  %-6s [%g分 %s] %s%s\n", it.ID, it.Max, it.Rule, it.Text, ev)
		}
	}
	return nil
}

func showIndicators(w io.Writer, s *stdkb.IndicatorSet) error {
	fmt.Fprintln(w, s.Title)
	for _, m := range s.Metrics {
		target := fmt.Sprintf("%s %g%s", m.Comparator, m.Target, m.Unit)
		if m.Type == stdkb.IndicatorChange {
			target = fmt.Sprintf("较%d年 %s %g%s", m.BaselineYear, m.Comparator, m.Target, m.Unit)
		}
		fmt.Fprintf(w, "  %-28s %s：%s（%d–%d）\n", m.ID, m.Name, target, m.FromYear, m.ToYear)
	}
	return nil
}

func cmdFramework(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("framework", flag.ContinueOnError)
	dir := contentFlag(fs)
	unit := fs.String("unit", "", "显示该单位的标准体系（编号或名称，例如 沙坪坝区）")
	asJSON := fs.Bool("json", false, "以 JSON 输出")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	lib, _, err := loadLibrary(ctx, e, *dir)
	if err != nil {
		return err
	}
	if *unit != "" {
		return printUnitSystem(e, lib, *unit, *asJSON)
	}
	tree := lib.FrameworkCounts()
	if *asJSON {
		return writeJSON(e.stdout, map[string]any{"id": lib.Framework.ID, "title": lib.Framework.Title, "nodes": tree})
	}
	fmt.Fprintln(e.stdout, lib.Framework.Title)
	var print func(bs []*stdkb.BranchCount, depth int)
	print = func(bs []*stdkb.BranchCount, depth int) {
		for _, b := range bs {
			label := strings.Repeat("  ", depth) + b.Code + " " + b.Name
			if b.Extension {
				label += "（拓展）"
			}
			fmt.Fprintf(e.stdout, "%s 文件 %d 件（其中标准 %d 项）\n", runewidth.FillRight(label, 28), b.Documents, b.Standards)
			print(b.Children, depth+1)
		}
	}
	print(tree, 0)
	return nil
}

// printUnitSystem shows a unit's standard system: the framework with its counts, the branches
// it leaves empty, and standards that may overlap.
func printUnitSystem(e *env, lib *stdkb.Library, key string, asJSON bool) error {
	u, ok := lib.Unit(key)
	if !ok {
		var names []string
		for _, x := range lib.Units {
			names = append(names, x.Name)
		}
		return stdkb.Errorf(stdkb.ENOTFOUND, "没有单位 %q（现有：%s）", key, strings.Join(names, "、"))
	}
	sys := lib.SystemOf(u)
	if asJSON {
		var docs []string
		for _, d := range sys.Documents {
			docs = append(docs, d.ID)
		}
		return writeJSON(e.stdout, map[string]any{"unit": u, "documents": docs, "counts": sys.Counts, "gaps": sys.Gaps, "overlaps": sys.Overlaps})
	}
	title := u.Name + "标准体系"
	if u.Sample {
		title += "（采用情况为示例）"
	}
	fmt.Fprintln(e.stdout, title)
	lib.Framework.Walk(func(n *stdkb.FrameworkNode, depth int) {
		fmt.Fprintf(e.stdout, "%s %d\n", runewidth.FillRight(strings.Repeat("  ", depth)+n.Code+" "+n.Name, 28), sys.Counts[n.Code])
	})
	if len(sys.Gaps) > 0 {
		var gaps []string
		for _, c := range sys.Gaps {
			n, _ := lib.Framework.Node(c)
			gaps = append(gaps, c+" "+n.Name)
		}
		fmt.Fprintf(e.stdout, "空白分支：%s\n", strings.Join(gaps, "、"))
	}
	for _, o := range sys.Overlaps {
		fmt.Fprintf(e.stdout, "可能重叠：%s 与 %s（归入同一体系分支）\n", o[0], o[1])
	}
	return nil
}

func cmdVersion(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	dir := contentFlag(fs)
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, programVersion())
	lib, name, err := loadLibrary(ctx, e, *dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s，版本 %.12s\n", contentTitle(name), lib.Hash)
	return nil
}

// contentTitle names the content a command works on for a person: the embedded knowledge base
// as 内置内容, a directory by its path.
func contentTitle(name string) string {
	if name == "embedded" {
		return "内置内容"
	}
	return "内容目录 " + name
}

// programVersion names the build for a person: what `stdkb version` prints and a bundle's
// manifest records as the program that exported it.
func programVersion() string {
	bi, _ := debug.ReadBuildInfo()
	return describeBuild(bi)
}

// pseudoVersion matches the version Go stamps on a build of a commit that is no release
// (v0.0.0-20261201102030-abcdef123456, possibly +dirty).
var pseudoVersion = regexp.MustCompile(`-(\d+\.)?\d{14}-[0-9a-f]{12}(\+dirty)?$`)

// describeBuild names a build: a release by its version; anything else (go run, a test, a
// build of a working copy) as 开发版本, with the revision, its commit time and uncommitted
// changes when Go recorded them — never Go's own "(devel)", which a reader cannot place.
func describeBuild(bi *debug.BuildInfo) string {
	var version string
	vcs := map[string]string{}
	if bi != nil {
		version = bi.Main.Version
		for _, s := range bi.Settings {
			vcs[s.Key] = s.Value
		}
	}
	var facts []string
	if r := vcs["vcs.revision"]; r != "" {
		facts = append(facts, "修订 "+r[:min(12, len(r))])
	}
	if t, err := time.Parse(time.RFC3339, vcs["vcs.time"]); err == nil {
		facts = append(facts, "提交于 "+t.UTC().Format("2006-01-02 15:04")+" UTC")
	}
	if vcs["vcs.modified"] == "true" {
		facts = append(facts, "含未提交的改动")
	}
	name := "stdkb " + version
	if version == "" || version == "(devel)" || pseudoVersion.MatchString(version) || strings.HasSuffix(version, "+dirty") {
		name = "stdkb 开发版本"
	}
	if len(facts) == 0 {
		return name
	}
	return name + "（" + strings.Join(facts, "，") + "）"
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// printTable writes rows as columns aligned by display width, so CJK text lines up.
func printTable(w io.Writer, rows [][]string) {
	widths := map[int]int{}
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], runewidth.StringWidth(c))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			if i == len(r)-1 {
				b.WriteString(c)
				break
			}
			b.WriteString(runewidth.FillRight(c, widths[i]+2))
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}
