package systable_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/fumiama/go-docx"
	"github.com/xuri/excelize/v2"

	"stdkb"
	"stdkb/content"
	"stdkb/export"
	"stdkb/systable"
)

var (
	libOnce sync.Once
	lib     *stdkb.Library
	libErr  error
)

func library(t *testing.T) *stdkb.Library {
	t.Helper()
	libOnce.Do(func() { lib, libErr = content.Load(content.Default()) })
	if libErr != nil {
		t.Fatal(libErr)
	}
	return lib
}

var asOf = stdkb.MustDate("2026-06-01")

func unit(t *testing.T, l *stdkb.Library, key string) *stdkb.Unit {
	t.Helper()
	u, ok := l.Unit(key)
	if !ok {
		t.Fatalf("no unit %s in the default content", key)
	}
	return u
}

// expectedCounts counts, independently of the package, the standards filed in each branch or
// below it: the framework counts the structure diagram and the statistics must agree with.
func expectedCounts(l *stdkb.Library, docs []*stdkb.Document) map[string]int {
	counts := map[string]int{}
	l.Framework.Walk(func(n *stdkb.FrameworkNode, _ int) {
		for _, d := range docs {
			if d.Kind == stdkb.KindStandard && l.Framework.Covers(n.Code, d.Latest().Framework) {
				counts[n.Code]++
			}
		}
	})
	return counts
}

func TestStatisticsEqualFrameworkCounts(t *testing.T) {
	l := library(t)
	shapingba := unit(t, l, "沙坪坝区")
	tests := []struct {
		name string
		unit *stdkb.Unit
		docs []*stdkb.Document
	}{
		{"library", nil, l.Documents},
		{"沙坪坝区", shapingba, l.SystemOf(shapingba).Documents},
		{"璧山区", unit(t, l, "bishan"), l.SystemOf(unit(t, l, "bishan")).Documents},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab := systable.Build(l, systable.Options{Unit: tt.unit, AsOf: asOf})
			want := expectedCounts(l, tt.docs)
			if len(tab.Stats) == 0 || tab.Total.Total == 0 {
				t.Fatalf("empty table: %d stats, %d standards", len(tab.Stats), tab.Total.Total)
			}
			standards := 0
			for _, d := range tt.docs {
				if d.Kind == stdkb.KindStandard {
					standards++
				}
			}
			if tab.Total.Total != standards || len(tab.Rows) != standards {
				t.Errorf("total %d, rows %d, want %d standards", tab.Total.Total, len(tab.Rows), standards)
			}
			for _, s := range tab.Stats {
				if s.Total != want[s.Code] {
					t.Errorf("%s %s: statistics total %d, framework count %d", s.Code, s.Name, s.Total, want[s.Code])
				}
				if b := branch(tab.Tree, s.Code); b == nil || b.Documents != want[s.Code] {
					t.Errorf("%s: diagram count %v, framework count %d", s.Code, b, want[s.Code])
				}
				if byLevel, byCat := sum(s.ByLevel), sum(s.ByCategory); byLevel != s.Total || byCat != s.Total {
					t.Errorf("%s: levels sum to %d, categories to %d, total %d", s.Code, byLevel, byCat, s.Total)
				}
			}
			if tt.unit != nil {
				for code, n := range l.SystemOf(tt.unit).Counts {
					if got := stat(tab, code).Total; got != n && onlyStandards(tt.docs) {
						t.Errorf("%s: statistics %d, unit system count %d", code, got, n)
					}
				}
			}
		})
	}
}

func onlyStandards(docs []*stdkb.Document) bool {
	for _, d := range docs {
		if d.Kind != stdkb.KindStandard {
			return false
		}
	}
	return true
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func branch(tree []*stdkb.BranchCount, code string) *stdkb.BranchCount {
	for _, b := range tree {
		if b.Code == code {
			return b
		}
		if c := branch(b.Children, code); c != nil {
			return c
		}
	}
	return nil
}

func stat(tab *systable.Table, code string) systable.Stat {
	for _, s := range tab.Stats {
		if s.Code == code {
			return s
		}
	}
	return systable.Stat{}
}

// synthetic builds a library whose standards cover every status category.
func synthetic(t *testing.T) (*stdkb.Library, []stdkb.ReviewDecision) {
	t.Helper()
	fw, err := stdkb.NewFramework("fw", "测试体系", []*stdkb.FrameworkNode{
		{Code: "A", Name: "通用基础标准"},
		{Code: "B", Name: "运行保障", Children: []*stdkb.FrameworkNode{{Code: "B1", Name: "运行经费管理"}, {Code: "B2", Name: "国有资产管理"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	ed := func(doc, key, number, status, level string, eff string, codes ...string) *stdkb.Edition {
		e := &stdkb.Edition{DocID: doc, Key: key, Kind: stdkb.KindStandard, Number: number, Title: "标准" + number,
			Level: level, Nature: "推荐", Status: status, Framework: codes, Custodian: "某标准化技术委员会"}
		if eff != "" {
			e.Effective = stdkb.MustDate(eff)
		}
		return e
	}
	doc := func(id string, eds ...*stdkb.Edition) *stdkb.Document {
		for i := 1; i < len(eds); i++ {
			eds[i].Supersedes = eds[i-1].Key
		}
		return &stdkb.Document{ID: id, Kind: stdkb.KindStandard, Editions: eds}
	}
	withdrawn := ed("gone", "2018", "DB00/T 3-2018", "废止", "地方", "2018-03-01", "B2")
	withdrawn.Withdrawn = stdkb.MustDate("2024-01-01")
	docs := []*stdkb.Document{
		doc("plain", ed("plain", "2020", "GB/T 1-2020", "现行", "国家", "2020-05-01", "A")),
		doc("chain", ed("chain", "2015", "DB00/T 2-2015", "被代替", "地方", "2015-01-01", "B1"),
			ed("chain", "2021", "DB00/T 2-2021", "现行", "地方", "2021-01-01", "B1", "B2")),
		doc("draftrev", ed("draftrev", "2019", "T/XX 4-2019", "现行", "团体", "2019-06-01", "B1"),
			ed("draftrev", "draft", "T/XX 4-202X", "征求意见稿", "团体", "", "B1")),
		doc("gone", withdrawn),
		doc("new", ed("new", "draft", "DB00/T 5-202X", "征求意见稿", "地方", "", "B2")),
		doc("revise", ed("revise", "2020", "DB00/T 6-2020", "现行", "地方", "2020-01-01", "B2")),
		doc("next", ed("next", "2018", "DB00/T 7-2018", "现行", "地方", "2018-01-01", "B2"),
			ed("next", "2026", "DB00/T 7-2026", "即将实施", "地方", "2026-09-01", "B2")),
		{ID: "law", Kind: stdkb.KindRegulation, Editions: []*stdkb.Edition{{DocID: "law", Key: "2021", Kind: stdkb.KindRegulation, Title: "某条例", Status: "现行", Framework: []string{"A"}, Effective: stdkb.MustDate("2021-01-01")}}},
	}
	l := stdkb.NewLibrary(fw, docs, nil, nil)
	l.Policy = stdkb.DefaultReviewPolicy
	ledger := []stdkb.ReviewDecision{{DocID: "revise", Edition: "2020", Date: stdkb.MustDate("2025-01-10"), Outcome: stdkb.OutcomeRevise, Committee: "委员会"}}
	return l, ledger
}

func TestRowsAndCategories(t *testing.T) {
	l, ledger := synthetic(t)
	tab := systable.Build(l, systable.Options{AsOf: asOf, Ledger: ledger})
	type want struct{ code, number, status, category, replaces, remark string }
	wants := []want{
		{"A-01", "GB/T 1-2020", "现行", "现行", "", ""},
		{"B1-01", "DB00/T 2-2021", "现行", "现行", "DB00/T 2-2015", "兼属 B2"},
		{"B1-02", "T/XX 4-2019", "现行", "待修订", "", "修订中：T/XX 4-202X（征求意见稿）"},
		{"B2-01", "DB00/T 3-2018", "废止", "废止", "", ""},
		{"B2-02", "DB00/T 5-202X", "征求意见稿", "制定中", "", ""},
		{"B2-03", "DB00/T 6-2020", "现行", "待修订", "", "2025-01-10 复审结论：修订"},
		{"B2-04", "DB00/T 7-2018", "现行", "现行", "", "新版本 DB00/T 7-2026 将于 2026-09-01 实施"},
	}
	if len(tab.Rows) != len(wants) {
		t.Fatalf("%d rows, want %d (the regulation is left out): %+v", len(tab.Rows), len(wants), tab.Rows)
	}
	for i, w := range wants {
		r := tab.Rows[i]
		if r.Seq != i+1 || r.SystemCode != w.code || r.Number != w.number || r.Status != w.status || r.Category != w.category || r.Replaces != w.replaces {
			t.Errorf("row %d: got %d %s %s %s %s %s, want %+v", i, r.Seq, r.SystemCode, r.Number, r.Status, r.Category, r.Replaces, w)
		}
		if w.remark != "" && !strings.Contains(strings.Join(r.Remarks, "；"), w.remark) {
			t.Errorf("row %s: remarks %q lack %q", r.Number, r.Remarks, w.remark)
		}
	}
	national := systable.Build(l, systable.Options{AsOf: asOf, Include: func(e *stdkb.Edition) bool { return e.Level == "国家" }})
	if len(national.Rows) != 1 || national.Total.Total != 1 || stat(national, "B").Total != 0 {
		t.Errorf("Include: %d rows, B total %d", len(national.Rows), stat(national, "B").Total)
	}
	if got := tab.Total.ByCategory; got["现行"] != 3 || got["待修订"] != 2 || got["制定中"] != 1 || got["废止"] != 1 {
		t.Errorf("categories %v", got)
	}
	if b := stat(tab, "B"); b.Total != 6 || b.ByLevel["地方"] != 5 || b.ByLevel["团体"] != 1 {
		t.Errorf("B: %+v", b)
	}
	if b2 := stat(tab, "B2"); b2.Total != 5 { // the chain standard is filed under B1 and B2
		t.Errorf("B2 total %d, want 5", b2.Total)
	}
	if !strings.Contains(strings.Join(tab.Notes[2].Paragraphs, ""), "收录标准 7 项") {
		t.Errorf("statistics note: %q", tab.Notes[2].Paragraphs)
	}
}

func TestUnitTableMarksAdoptedStandards(t *testing.T) {
	l := library(t)
	u := unit(t, l, "沙坪坝区")
	tab := systable.Build(l, systable.Options{Unit: u, AsOf: asOf})
	adopted := map[string]bool{}
	for _, id := range u.Adopts {
		adopted[id] = true
	}
	n := 0
	for _, r := range tab.Rows {
		if r.Adopted {
			n++
		}
		doc := strings.SplitN(r.Ref, "@", 2)[0]
		if r.Adopted != adopted[doc] || r.Adopted != (len(r.Remarks) > 0 && r.Remarks[0] == "采用") {
			t.Errorf("%s: adopted %v, remarks %q; the unit adopts %v", r.Ref, r.Adopted, r.Remarks, u.Adopts)
		}
	}
	if note := strings.Join(tab.Notes[2].Paragraphs, ""); !strings.Contains(note, fmt.Sprintf("自有标准 %d 项，采用其他单位及国家、行业标准 %d 项", len(tab.Rows)-n, n)) {
		t.Errorf("statistics note: %s", note)
	}
	for _, r := range systable.Build(l, systable.Options{AsOf: asOf}).Rows {
		if r.Adopted {
			t.Errorf("%s marked adopted in the library's table", r.Ref)
		}
	}
}

func TestXLSXReadsBack(t *testing.T) {
	l := library(t)
	for _, u := range []*stdkb.Unit{nil, unit(t, l, "沙坪坝区")} {
		tab := systable.Build(l, systable.Options{Unit: u, AsOf: asOf})
		t.Run(tab.Title, func(t *testing.T) {
			var b bytes.Buffer
			if err := systable.XLSX(&b, tab); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(&b)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if got := f.GetSheetList(); strings.Join(got, ",") != "体系结构,标准明细表,标准统计表,编制说明" {
				t.Errorf("sheets %v", got)
			}
			checkDetail(t, f, tab)
			checkStats(t, f, tab)
			for _, sheet := range []string{systable.SheetDetail, systable.SheetStats} {
				pl, err := f.GetPageLayout(sheet)
				if err != nil || pl.Size == nil || *pl.Size != 9 || pl.Orientation == nil || *pl.Orientation != "landscape" {
					t.Errorf("%s: page layout %+v %v, want A4 (9) landscape", sheet, pl, err)
				}
			}
			titles := 0
			for _, dn := range f.GetDefinedName() {
				if dn.Name == "_xlnm.Print_Titles" {
					titles++
				}
			}
			if titles != 3 { // structure, detail and statistics repeat their header row
				t.Errorf("%d print-title ranges, want 3", titles)
			}
		})
	}
}

func checkDetail(t *testing.T, f *excelize.File, tab *systable.Table) {
	t.Helper()
	s := systable.SheetDetail
	last := 3 + len(tab.Rows)
	if dim, err := f.GetSheetDimension(s); err != nil || dim != fmt.Sprintf("A1:K%d", last) {
		t.Errorf("dimension %q %v, want A1:K%d", dim, err, last)
	}
	rows, _ := f.GetRows(s)
	if strings.Join(rows[2], "|") != strings.Join(systable.Columns, "|") {
		t.Errorf("header %v", rows[2])
	}
	for i, r := range tab.Rows {
		row := 4 + i
		seq := fmt.Sprintf("A%d", row)
		if typ, _ := f.GetCellType(s, seq); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("%s: 序号 stored as type %v, want a number", seq, typ)
		}
		if v, _ := f.GetCellValue(s, seq); v != strconv.Itoa(r.Seq) {
			t.Errorf("%s = %q, want %d", seq, v, r.Seq)
		}
		date := fmt.Sprintf("H%d", row)
		raw, _ := f.GetCellValue(s, date, excelize.Options{RawCellValue: true})
		shown, _ := f.GetCellValue(s, date)
		if r.Effective.IsZero() {
			continue
		}
		if _, err := strconv.ParseFloat(raw, 64); err != nil || shown != r.Effective.String() {
			t.Errorf("%s: raw %q shown %q, want a date serial shown as %s", date, raw, shown, r.Effective)
		}
		if got, _ := f.GetCellValue(s, fmt.Sprintf("C%d", row)); got != r.Number {
			t.Errorf("row %d number %q, want %q", row, got, r.Number)
		}
	}
}

func checkStats(t *testing.T, f *excelize.File, tab *systable.Table) {
	t.Helper()
	s := systable.SheetStats
	rows, _ := f.GetRows(s)
	header := rows[2]
	totalCol := len(header) // 合计 is the last column
	if header[totalCol-1] != "合计" {
		t.Fatalf("last header %q", header[totalCol-1])
	}
	for i, st := range append(tab.Stats, tab.Total) {
		c, _ := excelize.CoordinatesToCellName(totalCol, 4+i)
		raw, _ := f.GetCellValue(s, c, excelize.Options{RawCellValue: true})
		if typ, _ := f.GetCellType(s, c); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("%s: type %v, want a number", c, typ)
		}
		if n, err := strconv.Atoi(raw); err != nil || n != st.Total {
			t.Errorf("%s (%s): %q, want %d", c, st.Name, raw, st.Total)
		}
	}
}

func TestDOCXUsesDefinedStyles(t *testing.T) {
	l := library(t)
	tab := systable.Build(l, systable.Options{Unit: unit(t, l, "沙坪坝区"), AsOf: asOf})
	var b bytes.Buffer
	if err := systable.DOCX(&b, tab); err != nil {
		t.Fatal(err)
	}
	used, defined, err := export.DOCXStyleUse(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(used) < 4 {
		t.Errorf("only %d styles used: %v", len(used), used)
	}
	for s := range used {
		if !defined[s] {
			t.Errorf("style %q is used but styles.xml does not define it", s)
		}
	}
	doc, err := docx.Parse(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatalf("docx does not parse: %v", err)
	}
	var text strings.Builder
	tables := 0
	for _, it := range doc.Document.Body.Items {
		switch x := it.(type) {
		case *docx.Paragraph:
			text.WriteString(x.String() + "\n")
		case *docx.Table:
			tables++
			text.WriteString(x.String() + "\n")
		}
	}
	if tables != 3 {
		t.Errorf("%d tables, want structure, detail and statistics", tables)
	}
	for _, want := range []string{"沙坪坝区机关事务标准体系表", "二、标准明细表", "三、标准统计表", "四、编制说明", tab.Rows[0].Number, "【待填写】"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("docx lacks %q", want)
		}
	}
}

func TestHTMLAndSVG(t *testing.T) {
	l := library(t)
	tab := systable.Build(l, systable.Options{Unit: unit(t, l, "沙坪坝区"), AsOf: asOf})
	var b bytes.Buffer
	if err := systable.HTML(&b, tab); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{"<h1>沙坪坝区机关事务标准体系表</h1>", "<svg", "一、体系结构图", "标准明细表", "标准统计表", "编制说明", `class="todo"`} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if got := strings.Count(html, `<td class="n">`+"1</td>"); got == 0 {
		t.Error("no numbered row")
	}
	var svg bytes.Buffer
	if err := systable.SVG(&svg, tab); err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(svg.Bytes(), new(struct{})); err != nil {
		t.Errorf("SVG is not well-formed XML: %v", err)
	}
	boxes := strings.Count(svg.String(), "<rect")
	if want := len(tab.Stats) + 1; boxes != want {
		t.Errorf("%d boxes, want one per branch and the root (%d)", boxes, want)
	}
	for _, s := range tab.Stats {
		if !strings.Contains(svg.String(), fmt.Sprintf(">%s %s</text>", s.Code, s.Name)) {
			t.Errorf("SVG lacks branch %s %s", s.Code, s.Name)
		}
	}
}

// TestUnconfirmedStatusIsNotCountedInForce checks that a standard whose status and dates the
// sources could not confirm is shown and counted as 状态未核实, never as 现行: the statistics
// must not claim more than the 明细表 shows.
func TestUnconfirmedStatusIsNotCountedInForce(t *testing.T) {
	l := library(t)
	tab := systable.Build(l, systable.Options{AsOf: asOf})
	unconfirmed := 0
	for _, r := range tab.Rows {
		d, ok := l.Document(strings.SplitN(r.Ref, "@", 2)[0])
		if !ok {
			t.Fatalf("row %s names no document", r.Number)
		}
		e := d.Latest()
		if _, known := stdkb.Status(d, e, nil, asOf); known || e.Status != "" {
			if r.Category == systable.CatUnconfirmed {
				t.Errorf("%s: status %q is known, but the row is %s", r.Number, r.Status, r.Category)
			}
			continue
		}
		unconfirmed++
		if r.Status != "" || r.Category != systable.CatUnconfirmed || !strings.Contains(strings.Join(r.Remarks, "；"), "状态未核实") {
			t.Errorf("%s: status %q, category %s, remarks %v; want no status, %s, and a remark saying so", r.Number, r.Status, r.Category, r.Remarks, systable.CatUnconfirmed)
		}
	}
	if unconfirmed == 0 {
		t.Fatal("the content holds no standard of unconfirmed status: the test checks nothing")
	}
	if got := tab.Total.ByCategory[systable.CatUnconfirmed]; got != unconfirmed {
		t.Errorf("统计表 counts %d as %s, the 明细表 shows %d", got, systable.CatUnconfirmed, unconfirmed)
	}
	if inForce := tab.Total.ByCategory[systable.CatInForce]; inForce+unconfirmed > tab.Total.Total {
		t.Errorf("现行 %d + 未核实 %d exceed the total %d", inForce, unconfirmed, tab.Total.Total)
	}
}
