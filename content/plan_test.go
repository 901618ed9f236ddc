package content_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"stdkb"
	"stdkb/content"
)

// loadDefault loads the embedded content once per test binary.
func loadDefault(t testing.TB) *stdkb.Library {
	t.Helper()
	lib, err := content.Load(content.Default())
	if err != nil {
		t.Fatalf("load embedded content:\n%v", err)
	}
	return lib
}

var (
	spaceRE    = regexp.MustCompile(`\s+`)
	footnoteRE = regexp.MustCompile(`\^\{〔\d+〕\}|\^\[\d+\]`)
	latexGeqRE = regexp.MustCompile(`\$\\geq\s*([0-9.]+)\\%\$`)
	halfWidth  = strings.NewReplacer(",", "，", ";", "；", ":", "：", "(", "（", ")", "）")
	seedHeadRE = regexp.MustCompile(`(?m)^(第[一二三四五六七八九十]+章 .+|第[一二三四五六七八九十]+节 .+|专栏 ?\d+：.+)$`)
)

// normalize applies the repairs the plan's markdown made to the PDF-converted seed: whitespace
// (including page breaks inside paragraphs) removed, LaTeX ≥ written out, footnote markers
// dropped (they are markdown footnotes now), half-width punctuation made full-width.
func normalize(s string) string {
	s = latexGeqRE.ReplaceAllString(s, "≥$1%")
	s = footnoteRE.ReplaceAllString(s, "")
	s = spaceRE.ReplaceAllString(s, "")
	return halfWidth.Replace(s)
}

// seedBody returns the notice and the plan's text from the seed, without the cover page, the
// table of contents and the repeated title.
func seedBody(t *testing.T) (notice, body string) {
	b, err := os.ReadFile("testdata/plan-seed.txt")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	cover := strings.Index(s, "2021年11月23日")
	tocEnd := strings.Index(s, "名词解释\u00b7") // the last line of the table of contents
	start := strings.Index(s[tocEnd:], "为统筹推进") + tocEnd
	if cover < 0 || tocEnd < 0 || start <= tocEnd {
		t.Fatal("seed layout changed: cannot find notice, table of contents or body")
	}
	return s[:cover+len("2021年11月23日")], s[start:]
}

func TestPlanMatchesSeed(t *testing.T) {
	lib := loadDefault(t)
	doc, ok := lib.Document("cq-jgsw-14th-plan")
	if !ok {
		t.Fatal("plan document cq-jgsw-14th-plan missing")
	}
	ed := doc.Latest()
	notice, body := seedBody(t)
	want := normalize(notice + body)
	want = strings.Replace(want, "名词解释：", "名词解释", 1)

	var got strings.Builder
	for _, s := range ed.Sections {
		if !s.Editorial {
			if strings.HasPrefix(s.ID, "fn-") {
				got.WriteString(s.Number) // 〔N〕 starts each glossary entry in the source
			} else {
				got.WriteString(s.Heading())
			}
		}
		got.WriteString(s.Text)
	}
	// The only text the markdown adds is the header row of 专栏1's table.
	have := strings.Replace(normalize(got.String()), "类别领域指标", "", 1)
	if have != want {
		i := 0
		for i < len(have) && i < len(want) && have[i] == want[i] {
			i++
		}
		ctx := func(s string) string {
			lo, hi := max(0, i-60), min(len(s), i+60)
			return strings.ToValidUTF8(s[lo:hi], "")
		}
		t.Fatalf("plan text differs from the seed at byte %d (plan %d bytes, seed %d):\nplan: …%s…\nseed: …%s…", i, len(have), len(want), ctx(have), ctx(want))
	}
}

func TestPlanHeadingsAndColumns(t *testing.T) {
	lib := loadDefault(t)
	ed := mustEdition(t, lib, "cq-jgsw-14th-plan")
	headings := map[string]string{}
	for _, s := range ed.Sections {
		headings[normalize(s.Heading())] = s.ID
	}
	_, body := seedBody(t)
	n := 0
	for _, h := range seedHeadRE.FindAllString(body, -1) {
		n++
		if _, ok := headings[normalize(h)]; !ok {
			t.Errorf("seed heading %q has no section", h)
		}
	}
	if n != 6+20+7 {
		t.Errorf("found %d headings in the seed, want 6 chapters, 20 sections and 7 columns", n)
	}
	for id, want := range map[string]string{
		"ch4-s4": "第四节 强化公务用车管理，提高管理服务水平",
		"col3":   "专栏3：“十四五”时期标准化建设主要工作",
		"col6":   "专栏6：“十四五”时期公务用车管理主要工作",
		"fn-2":   "〔2〕 公物仓",
		"fn-5":   "〔5〕 碳达峰",
	} {
		s, ok := ed.Section(id)
		if !ok {
			t.Errorf("section %s missing", id)
			continue
		}
		if s.Heading() != want {
			t.Errorf("section %s heading = %q, want %q", id, s.Heading(), want)
		}
	}
	col6, _ := ed.Section("col6")
	if got := strings.Join(col6.Path, " > "); got != "第四章 提高服务保障水平和管理效能 > 第四节 强化公务用车管理，提高管理服务水平 > 专栏6：“十四五”时期公务用车管理主要工作" {
		t.Errorf("col6 path = %q", got)
	}
	for i := 1; i <= 7; i++ {
		ref := "[^" + string(rune('0'+i)) + "]"
		if strings.Count(ed.Body, ref) < 2 { // the reference in the text and the definition
			t.Errorf("footnote %s is not both referenced and defined", ref)
		}
		if s, ok := ed.Section("fn-" + string(rune('0'+i))); !ok || s.Parent != "glossary" {
			t.Errorf("glossary entry %d is not a section under 名词解释", i)
		}
	}
}

func mustEdition(t *testing.T, lib *stdkb.Library, id string) *stdkb.Edition {
	t.Helper()
	d, ok := lib.Document(id)
	if !ok {
		t.Fatalf("document %s missing", id)
	}
	return d.Latest()
}
