package compare_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"stdkb"
	"stdkb/compare"
	"stdkb/content"
	"stdkb/indexer"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// threeEditions loads the test standard under testdata/property-service into the default
// content, so the loader parses it as it parses any standard, and returns it with a segmenter.
func threeEditions(t *testing.T) (*stdkb.Document, compare.Words) {
	t.Helper()
	files := map[string][]byte{}
	for _, key := range []string{"2014", "2019", "2024"} {
		b, err := os.ReadFile(filepath.Join("testdata", "property-service", key+".md"))
		if err != nil {
			t.Fatal(err)
		}
		files["standards/test-property-service/"+key+".md"] = b
	}
	lib, err := content.LoadWith(content.Default(), files)
	if err != nil {
		t.Fatal(err)
	}
	seg, err := indexer.SegmenterFor(&lib.Lexicon)
	if err != nil {
		t.Fatal(err)
	}
	doc, ok := lib.Document("test-property-service")
	if !ok {
		t.Fatal("test standard not loaded")
	}
	return doc, seg.Words
}

// pairs maps "from>to" clause ids to the kind of change.
func pairs(d *compare.Diff) map[string]string {
	got := map[string]string{}
	for _, c := range d.Clauses {
		from, to := "", ""
		if c.From != nil {
			from = c.From.ID
		}
		if c.To != nil {
			to = c.To.ID
		}
		got[from+">"+to] = c.Kind
	}
	return got
}

// TestThreeEditions compares the editions of a test standard written to hold the cases an
// audit found mis-paired: a clause renumbered and edited because a new one was inserted ahead
// of it, unrelated clauses sharing a number, a table changed row by row, a chapter renumbered,
// a retitled chapter, and front matter that moves the due date. Text and HTML output are golden.
func TestThreeEditions(t *testing.T) {
	doc, words := threeEditions(t)
	tests := []struct {
		from, to string
		want     map[string]string
	}{
		{"2014", "2019", map[string]string{
			"1>1": "changed", ">4.2": "added", "4.2>4.3": "changed", "4.3>4.4": "moved", "5.1>5.1": "changed",
			"6.2>": "removed", ">6.2": "added", ">7": "added", ">7.1": "added",
			"7>8": "moved", "7.1>8.1": "changed", "7.2>8.2": "moved",
		}},
		{"2019", "2024", map[string]string{
			"1>1": "changed", "2>2": "changed", ">3.2": "added", "4.1>4.1": "changed", "4.2>4.3": "moved", "4.3>4.2": "moved",
			"5.1>5.1": "changed", "5.2>5.2": "changed", "7>7": "changed", "8.2>": "removed", ">8.2": "added",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.from+"-"+tt.to, func(t *testing.T) {
			a, _ := doc.Edition(tt.from)
			b, _ := doc.Edition(tt.to)
			d := compare.Editions(a, b, words)
			got := pairs(d)
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("%s: %q, want %q", k, got[k], v)
				}
			}
			for k, v := range got {
				if _, ok := tt.want[k]; !ok {
					t.Errorf("unexpected %s: %s", k, v)
				}
			}
			if tt.from == "2014" {
				checkTableRows(t, d)
			}
			var out bytes.Buffer
			if err := compare.Text(&out, d); err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("testdata", "golden", tt.from+"-"+tt.to+".txt"), out.Bytes())
			var html bytes.Buffer
			if err := compare.HTML(&html, d); err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("testdata", "golden", tt.from+"-"+tt.to+".html"), html.Bytes())
		})
	}
}

// golden compares got with the file at path, or rewrites the file under -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./compare -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// checkTableRows: the table of 5.1 is diffed by row, each row named by its first cell.
func checkTableRows(t *testing.T, d *compare.Diff) {
	t.Helper()
	var rows []string
	for _, c := range d.Clauses {
		if c.To != nil && c.To.ID == "5.1" {
			if len(c.Text) != 0 {
				t.Errorf("5.1: prose reported changed: %v", c.Text)
			}
			for _, r := range c.Rows {
				rows = append(rows, fmt.Sprintf("%s %s %v", r.Kind, r.Row, r.Cells))
			}
		}
	}
	want := []string{
		"changed 公共区域保洁 [{服务频次 每日2次 每日3次}]",
		"changed 电梯巡查 [{服务标准 运行正常，记录完整 运行正常，巡查记录完整并存档}]",
		"added 垃圾清运 [{服务项目  垃圾清运} {服务频次  每日1次} {服务标准  日产日清，分类投放}]",
		"removed 绿化养护 [{服务项目 绿化养护 } {服务频次 每月1次 } {服务标准 植物无明显枯枝、病虫害 }]",
	}
	if strings.Join(rows, "\n") != strings.Join(want, "\n") {
		t.Errorf("5.1 rows:\n%s\nwant\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
	var html bytes.Buffer
	compare.HTML(&html, d)
	if !strings.Contains(html.String(), `<li class="diff-row-changed">表1 修改行“公共区域保洁”：服务频次“每日2次”→“每日3次”</li>`) {
		t.Errorf("HTML lacks the row change:\n%s", html.String())
	}
}
