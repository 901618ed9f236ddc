package compile_test

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"github.com/fumiama/go-docx"

	"stdkb"
	"stdkb/compile"
	"stdkb/content"
	"stdkb/export"
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

func numbers(v *compile.Volume) []string {
	var out []string
	for _, e := range v.Editions {
		out = append(out, e.Number)
	}
	return out
}

func day(t *testing.T, s string) stdkb.Date {
	t.Helper()
	d, err := stdkb.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestSelectEditionInForce(t *testing.T) {
	l := library(t)
	bishan, ok := l.Unit("bishan")
	if !ok {
		t.Fatal("unit bishan missing from default content")
	}
	tests := []struct {
		name      string
		unit      *stdkb.Unit
		asOf      string
		want, not []string
	}{
		{"old edition before revision", nil, "2022-06-01",
			[]string{"DB50/T 9901-2019", "DB50/T 9905-2022", "GB/T 41568-2022"}, []string{"DB50/T 9901-2024"}},
		{"revision replaces old edition", nil, "2025-01-01",
			[]string{"DB50/T 9901-2024"}, []string{"DB50/T 9901-2019"}},
		{"not yet effective is left out", nil, "2020-01-01",
			[]string{"DB50/T 9901-2019"}, []string{"DB50/T 9903-2020", "GB/T 41568-2022"}},
		{"unit system only", bishan, "2025-01-01",
			[]string{"DB50/T 9902-2021"}, []string{"DB50/T 9901-2024", "T/CQJGSW 9904-2021"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := compile.Select(l, stdkb.KindStandard, tt.unit, day(t, tt.asOf), nil)
			got := strings.Join(numbers(v), "|")
			for _, n := range tt.want {
				if !strings.Contains(got, n) {
					t.Errorf("missing %s in %s", n, got)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("%s must not be in %s", n, got)
				}
			}
			for i := 1; i < len(v.Editions); i++ {
				if v.Editions[i].Effective.Before(v.Editions[i-1].Effective) {
					t.Errorf("not in effective-date order at %d: %s", i, got)
				}
			}
		})
	}
	if v := compile.Select(l, stdkb.KindStandard, bishan, day(t, "2025-01-01"), nil); !strings.HasPrefix(v.Title, "璧山区") || v.Unit != "璧山区" {
		t.Errorf("unit volume title %q unit %q", v.Title, v.Unit)
	}
}

func TestSelectLeavesOutRepealed(t *testing.T) {
	l := library(t)
	repeal := []stdkb.ReviewDecision{{DocID: "sample-canteen-service", Edition: "2021", Date: day(t, "2025-03-01"), Outcome: stdkb.OutcomeWithdraw, Committee: "c"}}
	before := strings.Join(numbers(compile.Select(l, stdkb.KindStandard, nil, day(t, "2025-02-28"), repeal)), "|")
	after := strings.Join(numbers(compile.Select(l, stdkb.KindStandard, nil, day(t, "2025-03-01"), repeal)), "|")
	if !strings.Contains(before, "DB50/T 9902-2021") || strings.Contains(after, "DB50/T 9902-2021") {
		t.Errorf("repealed on 2025-03-01: before %s; after %s", before, after)
	}
}

func TestHTMLVolume(t *testing.T) {
	v := compile.Select(library(t), stdkb.KindStandard, nil, day(t, "2022-06-01"), nil)
	var b bytes.Buffer
	if err := compile.HTML(&b, v); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{
		"<h1>机关事务标准汇编</h1>", "截至 2022-06-01 现行有效", `<h1 class="part">目录</h1>`, `<h1 class="part">文号索引</h1>`,
		`<span class="sample">示例</span>`, "DB50/T 9901-2019", `href="#doc-0"`, `id="doc-0"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if got := strings.Count(html, `<article class="doc"`); got != len(v.Editions) {
		t.Errorf("%d articles for %d editions", got, len(v.Editions))
	}
	if strings.Contains(html, "施行") || !strings.Contains(html, "2019-07-01 实施") {
		t.Error("standards take effect as 实施, not 施行")
	}
	if strings.Contains(html, "DB50/T 9901-2024") {
		t.Error("HTML holds the 2024 edition, which was not yet in force")
	}
}

func TestDOCXVolumeOpens(t *testing.T) {
	v := compile.Select(library(t), stdkb.KindRegulation, nil, day(t, "2026-01-01"), nil)
	if len(v.Editions) == 0 {
		t.Fatal("no regulations selected")
	}
	var b bytes.Buffer
	if err := compile.DOCX(&b, v); err != nil {
		t.Fatal(err)
	}
	doc, err := docx.Parse(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatalf("generated .docx does not parse: %v", err)
	}
	used, defined, err := export.DOCXStyleUse(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for s := range used {
		if !defined[s] {
			t.Errorf("style %q is used but not defined (Word would show it as Normal)", s)
		}
	}
	if !used["Heading1"] || !used["Title"] {
		t.Errorf("volume uses styles %v, want Title and Heading1", used)
	}
	var text strings.Builder
	for _, it := range doc.Document.Body.Items {
		if p, ok := it.(*docx.Paragraph); ok {
			text.WriteString(p.String())
			text.WriteByte('\n')
		}
	}
	got := text.String()
	for _, want := range []string{"机关事务规章制度汇编", "目录", "文号索引", v.Editions[0].Title} {
		if !strings.Contains(got, want) {
			t.Errorf("docx text lacks %q", want)
		}
	}
}

// A plan whose period is over is in force as a document, so it stays in the volume, but the
// volume says 规划期已结束 beside it (contents and particulars) and on the cover, as search and
// the plan's page do; the cover's heading then no longer calls the whole volume 现行有效. While
// its period runs, nothing is said.
func TestVolumeSaysAPlansPeriodEnded(t *testing.T) {
	const plan = "重庆市机关事务工作“十四五”规划"
	for _, tt := range []struct {
		day   string
		ended bool
	}{{"2026-12-01", true}, {"2023-06-01", false}} {
		v := compile.Select(library(t), stdkb.KindRegulation, nil, day(t, tt.day), nil)
		var b bytes.Buffer
		if err := compile.HTML(&b, v); err != nil {
			t.Fatal(err)
		}
		_, d := volumeDOCX(t, stdkb.KindRegulation, tt.day)
		for format, text := range map[string]string{"HTML": b.String(), "DOCX": d.text} {
			if !strings.Contains(text, plan) {
				t.Fatalf("%s %s: the plan is missing", format, tt.day)
			}
			checks := map[string]bool{
				"（渝机管发〔2021〕104号）（规划期已结束）": tt.ended,  // the contents
				"规划期 2021—2025 年已结束":       tt.ended,  // the plan's particulars
				"其中 1 件规划的规划期已结束":          tt.ended,  // the cover
				"规划期已结束 1 件":               tt.ended,  // the cover's heading counts it apart
				"截至 " + tt.day + " 现行有效":   !tt.ended, // and says 现行有效 of the whole only when true
			}
			for want, should := range checks {
				if strings.Contains(text, want) != should {
					t.Errorf("%s as of %s: contains %q is %v, want %v", format, tt.day, want, !should, should)
				}
			}
		}
	}
}
