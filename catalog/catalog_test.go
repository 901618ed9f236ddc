package catalog_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"stdkb"
	"stdkb/catalog"
	"stdkb/content"
	"stdkb/systable"
)

var update = flag.Bool("update", false, "rewrite the golden reports")

var today = stdkb.MustDate("2026-11-01")

// contentDir copies testdata/content, a fixed content tree (framework and one real standard), so
// the tests do not move with the embedded knowledge base.
func contentDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(dir, os.DirFS("testdata/content")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// treeHash fingerprints every file under dir, to show that a refused import wrote nothing.
func treeHash(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		h.Write([]byte(p + "\n"))
		if !d.IsDir() {
			b, _ := os.ReadFile(filepath.Join(dir, p))
			h.Write(b)
		}
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))
}

func importFile(t *testing.T, dir, name string, opt catalog.Options) (*catalog.Report, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet, err := catalog.Read(name, f)
	if err != nil {
		t.Fatal(err)
	}
	opt.Today = today
	return catalog.Import(dir, sheet, opt)
}

func golden(t *testing.T, name string, rep *catalog.Report) {
	t.Helper()
	var b bytes.Buffer
	if err := rep.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./catalog -update to create it)", err)
	}
	if b.String() != string(want) {
		t.Errorf("report differs from %s:\n--- got\n%s--- want\n%s", path, b.String(), want)
	}
}

func TestGoodSheet(t *testing.T) {
	dir := contentDir(t)
	rep, err := importFile(t, dir, "good.csv", catalog.Options{})
	if err != nil {
		t.Fatalf("%v\n%+v", err, rep.Errors)
	}
	golden(t, "good", rep)
	if !rep.Written || len(rep.Added) != 4 || len(rep.Unchanged) != 1 {
		t.Fatalf("written %v, added %d, unchanged %d", rep.Written, len(rep.Added), len(rep.Unchanged))
	}
	lib, err := content.LoadAt(os.DirFS(dir), today)
	if err != nil {
		t.Fatalf("imported content does not load: %v", err)
	}
	d, ok := lib.Document("gb-t-29118")
	if !ok || len(d.Editions) != 2 {
		t.Fatalf("GB/T 29118: want one document with two editions, got %v", d)
	}
	old, cur := d.Editions[0], d.Editions[1]
	if cur.Supersedes != old.Key || old.Status != "被代替" || cur.Status != "现行" || cur.Custodian != "SAC/TC 20" {
		t.Errorf("chain: %s %s → %s %s (supersedes %q, custodian %q)", old.Number, old.Status, cur.Number, cur.Status, cur.Supersedes, cur.Custodian)
	}
	if !cur.Effective.Equal(stdkb.MustDate("2024-04-01")) || !strings.Contains(cur.Source, "good.csv 第 4 行") {
		t.Errorf("effective %s, source %q", cur.Effective, cur.Source)
	}
	// What the sheet does not say stays out: row 5 gives no 归口/主编单位 and no 备注.
	src, _ := os.ReadFile(filepath.Join(dir, "standards", "gb-t-30260", "2013.md"))
	for _, never := range []string{"custodian", "scope", "owner", "sample", "明细表备注"} {
		if bytes.Contains(src, []byte(never)) {
			t.Errorf("gb-t-30260/2013.md holds %q, which the sheet does not give:\n%s", never, src)
		}
	}
	again, err := importFile(t, dir, "good.csv", catalog.Options{})
	if err != nil || len(again.Added) != 0 || len(again.Unchanged) != 5 {
		t.Errorf("a second import must change nothing: %v, %+v", err, again)
	}
}

func TestNewEditionOfExistingDocument(t *testing.T) {
	dir := contentDir(t)
	if _, err := importFile(t, dir, "old-edition.csv", catalog.Options{}); err != nil {
		t.Fatal(err)
	}
	rep, err := importFile(t, dir, "new-edition.csv", catalog.Options{})
	if err != nil {
		t.Fatalf("%v %+v", err, rep.Errors)
	}
	golden(t, "new-edition", rep)
	lib, err := content.LoadAt(os.DirFS(dir), today)
	if err != nil {
		t.Fatal(err)
	}
	d, _ := lib.Document("gb-t-29118")
	if len(d.Editions) != 2 || d.Editions[0].Status != "被代替" || d.Editions[1].Supersedes != "2012" {
		t.Errorf("editions %+v", d.Editions)
	}
}

func TestBadRowsWriteNothing(t *testing.T) {
	dir := contentDir(t)
	before := treeHash(t, dir)
	rep, err := importFile(t, dir, "bad-rows.csv", catalog.Options{})
	if !errors.Is(err, catalog.ErrBadRows) {
		t.Fatalf("want ErrBadRows, got %v", err)
	}
	golden(t, "bad-rows", rep)
	if treeHash(t, dir) != before || rep.Written {
		t.Fatal("a refused import wrote files")
	}
	rows := map[int]bool{}
	for _, e := range rep.Errors {
		rows[e.Line] = true
	}
	for line := 3; line <= 13; line++ { // every data row after the first is bad in its own way
		if !rows[line] {
			t.Errorf("no error reported for row %d", line)
		}
	}
	if rows[2] {
		t.Error("row 2 is good but was reported")
	}

	skipped, err := importFile(t, dir, "bad-rows.csv", catalog.Options{SkipBadRows: true})
	if err != nil || !skipped.Written || len(skipped.Added) != 1 || skipped.Added[0].Line != 2 {
		t.Fatalf("--skip-bad-rows: %v, %+v", err, skipped.Added)
	}
	if _, err := content.LoadAt(os.DirFS(dir), today); err != nil {
		t.Fatal(err)
	}
}

func TestSheetThatBreaksCheckWritesNothing(t *testing.T) {
	dir := contentDir(t)
	before := treeHash(t, dir)
	rep, err := importFile(t, dir, "breaks-check.csv", catalog.Options{SkipBadRows: true})
	if !errors.Is(err, catalog.ErrCheck) {
		t.Fatalf("want ErrCheck, got %v", err)
	}
	golden(t, "breaks-check", rep)
	if treeHash(t, dir) != before || rep.Written {
		t.Fatal("an import that fails check wrote files")
	}
	if len(rep.Errors) == 0 || rep.Errors[0].Line != 3 {
		t.Errorf("the check problem must name row 3: %+v", rep.Errors)
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	dir := contentDir(t)
	before := treeHash(t, dir)
	rep, err := importFile(t, dir, "good.csv", catalog.Options{DryRun: true})
	if err != nil || len(rep.Added) != 4 || rep.Written || treeHash(t, dir) != before {
		t.Fatalf("dry run: %v, added %d, written %v", err, len(rep.Added), rep.Written)
	}
}

// TestXLSXSheet reads the good rows from a workbook laid out like the standard-system table's:
// title rows above the header, dates as date cells.
func TestXLSXSheet(t *testing.T) {
	raw, _ := os.ReadFile("testdata/good.csv")
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "某单位标准明细表")
	for i, line := range lines {
		for j, v := range strings.Split(line, ",") {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+3)
			var val any = v
			if j == 7 && i > 0 { // 实施日期 as a real date cell
				d, err := stdkb.ParseDate(strings.NewReplacer("/", "-", "年", "-", "月", "-", "日", "").Replace(v))
				if err != nil {
					d = stdkb.MustDate("2024-04-01")
				}
				val = d.Time()
			}
			if j == 0 && i > 0 {
				val = i
			}
			f.SetCellValue("Sheet1", cell, val)
		}
	}
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	sheet, err := catalog.Read("good.xlsx", &b)
	if err != nil {
		t.Fatal(err)
	}
	if sheet.HeaderRow != 3 || sheet.Rows[0].Line != 4 {
		t.Fatalf("header row %d, first data row %d", sheet.HeaderRow, sheet.Rows[0].Line)
	}
	dir := contentDir(t)
	rep, err := catalog.Import(dir, sheet, catalog.Options{Today: today})
	if err != nil || len(rep.Added) != 4 || len(rep.Unchanged) != 1 {
		t.Fatalf("%v: %+v", err, rep)
	}
	lib, err := content.LoadAt(os.DirFS(dir), today)
	if err != nil {
		t.Fatal(err)
	}
	d, _ := lib.Document("gb-t-44889")
	if d == nil || !d.Latest().Effective.Equal(stdkb.MustDate("2024-11-28")) {
		t.Errorf("date cell not read as the date: %+v", d)
	}
}

func TestReadRefusals(t *testing.T) {
	for _, tt := range []struct{ name, body, want string }{
		{"a.txt", "x", "只能导入 .xlsx 或 .csv"},
		{"a.csv", "名称,编号\n1,2\n", "找不到表头"},
		{"a.xlsx", "not a zip", "不是有效的 xlsx"},
	} {
		if _, err := catalog.Read(tt.name, strings.NewReader(tt.body)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
}

// TestStandardSystemTableReadsBack imports the 标准明细表 that system-table writes into the
// content it came from: every row names an edition the content holds, so nothing changes.
func TestStandardSystemTableReadsBack(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(dir, content.Default()); err != nil {
		t.Fatal(err)
	}
	lib, err := content.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	tab := systable.Build(lib, systable.Options{AsOf: stdkb.DateOf(time.Now())})
	var b bytes.Buffer
	if err := systable.XLSX(&b, tab); err != nil {
		t.Fatal(err)
	}
	sheet, err := catalog.Read("体系表.xlsx", &b)
	if err != nil {
		t.Fatal(err)
	}
	before := treeHash(t, dir)
	rep, err := catalog.Import(dir, sheet, catalog.Options{})
	if err != nil || len(rep.Errors) > 0 {
		t.Fatalf("%v: %+v", err, rep.Errors)
	}
	if len(rep.Unchanged) != len(tab.Rows) || len(rep.Added) != 0 || treeHash(t, dir) != before {
		t.Errorf("%d rows unchanged of %d, %d added", len(rep.Unchanged), len(tab.Rows), len(rep.Added))
	}
}
