package compare_test

import (
	"bytes"
	"strings"
	"testing"

	"stdkb"
	"stdkb/compare"
	"stdkb/content"
	"stdkb/indexer"
)

// runeWords splits text into single characters: enough to test matching without a dictionary.
func runeWords(s string) []string {
	var out []string
	for _, r := range s {
		out = append(out, string(r))
	}
	return out
}

func edition(id, key string, sections ...*stdkb.Section) *stdkb.Edition {
	return &stdkb.Edition{DocID: id, Key: key, Sections: sections}
}

func clause(num, title, text string) *stdkb.Section {
	return &stdkb.Section{ID: num, Number: num, Title: title, Text: strings.TrimSpace(num + " " + text), Path: []string{num}}
}

func TestClauseMatching(t *testing.T) {
	a := edition("x", "1",
		clause("4.1", "", "维修应当安全。"),
		clause("4.2", "", "维修应当节约。"),
		clause("4.3", "", "小额维修自行实施。"),
		clause("5", "验收", "验收应当及时。"),
	)
	b := edition("x", "2",
		clause("4.1", "", "维修应当安全。"),
		clause("4.2", "", "维修应当评估。"), // new clause, the old 4.2 moves to 4.3
		clause("4.3", "", "维修应当节约。"),
		clause("6", "验收", "验收应当及时并归档。"), // renumbered and changed: matched by title
	)
	d := compare.Editions(a, b, runeWords)
	want := compare.Summary{Added: 1, Removed: 1, Changed: 1, Moved: 1, Unchanged: 1}
	if d.Summary != want {
		t.Fatalf("summary %+v, want %+v\n%+v", d.Summary, want, d.Clauses)
	}
	kinds := pairs(d) // the clauses' ids are their numbers
	for k, v := range map[string]string{"4.2>4.3": compare.Moved, ">4.2": compare.Added, "4.3>": compare.Removed, "5>6": compare.Changed} {
		if kinds[k] != v {
			t.Errorf("%s: %q, want %q (all: %v)", k, kinds[k], v, kinds)
		}
	}
	for _, c := range d.Clauses {
		if c.Kind == compare.Changed {
			var ins string
			for _, op := range c.Text {
				if op.Op == "+" {
					ins += op.Text
				}
			}
			if ins != "并归档" {
				t.Errorf("inserted words %q, want 并归档", ins)
			}
		}
	}
}

// TestSampleEditions compares the two editions of the sample standard, whose differences are
// documented in its content: chapters 1–3 reworded, 3.4, 5.3, 7.3 and 7.4 added, 4.4 removed,
// 5.3 and 5.4 renumbered to 5.4 and 5.5, 6.3 and 7.2 changed and chapter 5 retitled.
func TestSampleEditions(t *testing.T) {
	lib, words := defaultContent(t)
	doc, _ := lib.Document("sample-office-maintenance")
	old, _ := doc.Edition("2019")
	d := compare.Editions(old, doc.Latest(), words)
	got := pairs(d)
	want := map[string]string{
		"1>1": "changed", "2>2": "changed", "3>3": "changed", ">3.4": "added", "4.4>": "removed",
		"5>5": "changed", ">5.3": "added", "5.3>5.4": "moved", "5.4>5.5": "moved", "6.3>6.3": "changed",
		"7.2>7.2": "changed", ">7.3": "added", ">7.4": "added",
	}
	if len(got) != len(want) {
		t.Errorf("changes %v\nwant %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q", k, got[k], v)
		}
	}
	fields := map[string]bool{}
	for _, f := range d.Fields {
		fields[f.Field] = true
	}
	for _, f := range []string{"number", "issued", "effective", "status", "scope"} {
		if !fields[f] {
			t.Errorf("front-matter change %s not reported", f)
		}
	}
	// Word-level: the change in 6.3 is whole words, not characters.
	for _, c := range d.Clauses {
		if c.To != nil && c.To.ID == "6.3" {
			var del []string
			for _, op := range c.Text {
				if op.Op == "-" {
					del = append(del, op.Text)
				}
			}
			if strings.Join(del, "|") != "应报机关事务主管部门同意" {
				t.Errorf("6.3 deletions %q", del)
			}
		}
	}
	var text, html bytes.Buffer
	compare.Text(&text, d)
	compare.HTML(&html, d)
	if !strings.Contains(text.String(), "[移动] 5 维修计划 > 5.3 → 5 维修计划与审核评估 > 5.4（内容未变）") {
		t.Errorf("text output lacks the move:\n%s", text.String())
	}
	if !strings.Contains(html.String(), "<ins>与审核评估</ins>") || strings.Contains(html.String(), "<script") {
		t.Errorf("html output:\n%s", html.String())
	}
}

func TestHTMLEscapes(t *testing.T) {
	a := edition("x", "1", clause("1", "", "<script>alert(1)</script>"))
	b := edition("x", "2", clause("1", "", "<b>安全</b>"))
	var out bytes.Buffer
	compare.HTML(&out, compare.Editions(a, b, runeWords))
	if strings.Contains(out.String(), "<script>") || strings.Contains(out.String(), "<b>") {
		t.Errorf("unescaped content in HTML:\n%s", out.String())
	}
}

// Front-matter changes that move review due dates are reported and marked.
func TestDueDateFieldsDiffed(t *testing.T) {
	a := edition("x", "2019")
	a.Status, a.ReviewCycle, a.Framework = "现行", 5, []string{"B4"}
	a.Effective = stdkb.MustDate("2019-07-01")
	a.Reviews = []stdkb.Review{{Date: stdkb.MustDate("2022-05-10"), Outcome: stdkb.OutcomeContinue, Committee: "市机关事务标准化技术委员会"}}
	b := edition("x", "2024")
	b.Status, b.ReviewCycle, b.Framework, b.Supersedes = "现行", 3, []string{"B4", "B5"}, "2019"
	b.Effective, b.Withdrawn = stdkb.MustDate("2024-03-01"), stdkb.MustDate("2029-03-01")
	d := compare.Editions(a, b, runeWords)
	got := map[string]compare.FieldChange{}
	for _, f := range d.Fields {
		got[f.Field] = f
	}
	for _, tt := range []struct {
		field, from, to string
		movesDue        bool
	}{
		{"review_cycle", "5", "3", true},
		{"reviews", "2022-05-10 继续有效（市机关事务标准化技术委员会）", "", true},
		{"supersedes", "", "2019", true},
		{"withdrawn", "", "2029-03-01", true},
		{"effective", "2019-07-01", "2024-03-01", true},
		{"framework", "B4", "B4,B5", false},
	} {
		f, ok := got[tt.field]
		if !ok || f.From != tt.from || f.To != tt.to || f.MovesDue != tt.movesDue {
			t.Errorf("%s: %+v (reported %v), want %q → %q moves_due=%v", tt.field, f, ok, tt.from, tt.to, tt.movesDue)
		}
	}
	var out bytes.Buffer
	compare.Text(&out, d)
	if !strings.Contains(out.String(), "复审周期（年）：5 → 3（影响复审到期）") || !strings.Contains(out.String(), "代替版本：（未注明） → 2019") {
		t.Errorf("text:\n%s", out.String())
	}
}

// defaultContent loads the embedded content and its segmenter's word splitter.
func defaultContent(t *testing.T) (*stdkb.Library, compare.Words) {
	t.Helper()
	lib, err := content.Load(content.Default())
	if err != nil {
		t.Fatal(err)
	}
	seg, err := indexer.SegmenterFor(&lib.Lexicon)
	if err != nil {
		t.Fatal(err)
	}
	return lib, seg.Words
}
