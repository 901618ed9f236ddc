package evaluator_test

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"stdkb"
	"stdkb/content"
	"stdkb/evaluator"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.json")

var (
	libOnce sync.Once
	lib     *stdkb.Library
	libErr  error
)

// library is the embedded content plus 测试单位, a unit with no standard system of its own, so
// that a test's inventory is exactly what it lists.
func library(t testing.TB) *stdkb.Library {
	t.Helper()
	libOnce.Do(func() {
		var l *stdkb.Library
		if l, libErr = content.Load(content.Default()); libErr == nil {
			cp := *l
			cp.Units = append(slices.Clone(l.Units), &stdkb.Unit{ID: "test-unit", Name: "测试单位", Level: "区县"})
			lib = &cp
		}
	})
	if libErr != nil {
		t.Fatal(libErr)
	}
	return lib
}

var day = stdkb.MustDate("2026-11-25")

func evaluate(t testing.TB, src string) *evaluator.Report {
	t.Helper()
	return evaluateWith(t, src, nil)
}

// TestGolden evaluates the sample submissions and the edge-case fixtures and compares the JSON
// reports with the files in testdata/golden (run with -update to rewrite them after checking).
func TestGolden(t *testing.T) {
	inputs, _ := filepath.Glob("testdata/*.yaml")
	samples, _ := filepath.Glob("../content/kb/submissions/*.yaml")
	inputs = append(inputs, samples...)
	if len(inputs) < 6 {
		t.Fatalf("found %d inputs", len(inputs))
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".yaml")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := json.MarshalIndent(evaluate(t, string(src)), "", "  ")
			golden := filepath.Join("testdata", "golden", name+".json")
			if *update {
				os.WriteFile(golden, append(got, '\n'), 0o644)
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if string(got)+"\n" != string(want) {
				t.Errorf("report differs from %s (run with -update after checking the change)", golden)
			}
		})
	}
}

const head = `unit: 测试单位
period: {from: 2025-01-01, to: 2025-12-31}
checklist: pilot-midterm
stage: 中期评估
`

func item(r *evaluator.Report, id string) evaluator.ItemScore {
	for _, s := range r.Checklist.Sections {
		for _, it := range s.Items {
			if it.ID == id {
				return it
			}
		}
	}
	return evaluator.ItemScore{}
}

// TestChecklistRules checks each scoring rule against hand-computed scores. pilot-midterm:
// org-1 levels 10 (evidence), org-2 boolean 5 (evidence), sys-2 score 14 (evidence),
// int-1 levels 8 (no evidence); missing evidence halves; pass 60 of 100.
func TestChecklistRules(t *testing.T) {
	r := evaluate(t, head+`items:
  - {id: org-1, level: 部分符合, evidence: [a.pdf]}
  - {id: org-2, level: 符合}
  - {id: sys-2, score: 9.5, evidence: [b.xlsx]}
  - {id: int-1, level: 不适用}
  - {id: ppl-1, level: 不符合, evidence: [c.pdf]}
`)
	for _, tt := range []struct {
		id      string
		score   float64
		counted bool
		flagged bool
	}{
		{"org-1", 5, true, false},  // 0.5 × 10
		{"org-2", 2.5, true, true}, // 5, halved for missing evidence
		{"sys-2", 9.5, true, false},
		{"int-1", 0, false, false}, // not applicable: out of the total and the maximum
		{"ppl-1", 0, true, false},
		{"sys-1", 0, true, true}, // not answered
	} {
		it := item(r, tt.id)
		if it.Score != tt.score || it.Counted != tt.counted || (len(it.Flags) > 0) != tt.flagged {
			t.Errorf("%s: score %g counted %v flags %v; want %g %v flagged=%v", tt.id, it.Score, it.Counted, it.Flags, tt.score, tt.counted, tt.flagged)
		}
		if it.Explain.Rule == "" || it.Explain.Arithmetic == "" {
			t.Errorf("%s: unexplained: %+v", tt.id, it.Explain)
		}
	}
	c := r.Checklist
	// Total 5 + 2.5 + 9.5 = 17; maximum 100 − 8 (int-1) = 92; pass 60 × 92 / 100 = 55.2.
	if c.Total != 17 || c.Max != 92 || c.FullMax != 100 || c.PassScore != 55.2 || c.Passed {
		t.Errorf("checklist %+v", c)
	}
	if !strings.Contains(c.Explain.Arithmetic, "60 × 92 / 100 = 55.2") {
		t.Errorf("explanation: %s", c.Explain.Arithmetic)
	}
	// The final-acceptance checklist scores missing evidence as zero.
	fin := evaluate(t, `unit: 测试单位
period: {from: 2025-01-01, to: 2025-12-31}
checklist: pilot-final-acceptance
stage: 终期评估验收
items:
  - {id: sys-1, level: 符合}
  - {id: imp-1, level: 符合, evidence: [x.pdf]}
`)
	if it := item(fin, "sys-1"); it.Score != 0 || len(it.Flags) == 0 {
		t.Errorf("final sys-1 without evidence: %+v", it)
	}
	if it := item(fin, "imp-1"); it.Score != 12 {
		t.Errorf("final imp-1: %+v", it)
	}
}

func TestInventoryRates(t *testing.T) {
	r := evaluate(t, head+`standards:
  - {title: 甲, framework: [B3], level: 地方, applicable: true, implemented: true, effect_evaluations: [{date: 2025-05-01, report: 评价报告.pdf}], last_publicity: 2025-03-01}
  - {title: 乙, framework: [B3], level: 内部, applicable: true, implemented: false}
  - {title: 丙, framework: [B4], level: 内部, applicable: true, implemented: true, last_publicity: 2024-12-31}
  - {title: 丁, framework: [B4], level: 内部, applicable: false, implemented: false}
`)
	rate := func(x evaluator.RateResult) float64 {
		if x.Rate == nil {
			return -1
		}
		return *x.Rate
	}
	if got := rate(r.Implementation); got != 0.6667 || r.Implementation.Denominator != 3 {
		t.Errorf("implementation %+v, want 2/3 (丁 does not apply)", r.Implementation)
	}
	rows := map[string]float64{}
	for _, row := range r.ByDomain {
		rows[row.Key] = rate(row.Rate)
	}
	if rows["B"] != 0.6667 || rows["B3"] != 0.5 || rows["B4"] != 1 {
		t.Errorf("by domain %v", rows)
	}
	if got := rate(r.EffectCoverage); got != 0.3333 || *r.EffectCoverage.Met != true {
		t.Errorf("effect coverage %+v, want 1/3 ≥ 30%%", r.EffectCoverage)
	}
	if r.Publicity.Numerator != 1 { // 丙 was publicised before the period
		t.Errorf("publicity %+v", r.Publicity)
	}
	// Nothing applicable: no rate at all, not zero.
	none := evaluate(t, head+`standards:
  - {title: 甲, framework: [B3], applicable: false, implemented: false}
`)
	if none.Implementation.Rate != nil || !strings.Contains(none.Implementation.Explain.Arithmetic, "分母为零") {
		t.Errorf("zero applicable: %+v", none.Implementation)
	}
}

func TestIndicators(t *testing.T) {
	r := evaluate(t, head+`indicators:
  - id: energy-per-capita
    baseline: {year: 2020, value: 400}
    values: [{year: 2023, value: 388}]
  - id: water-per-capita
    baseline: {year: 2020, value: 100}
    values: [{year: 2022, value: 103}]
  - id: energy-per-area
    baseline: {year: 2020, value: 50}
    values: [{year: 2024, value: 47}]
  - id: training-person-times
    values: [{year: 2021, value: 1000}, {year: 2022, value: 1100}]
  - id: new-local-standards
    values: [{year: 2021, value: 1}]
  - id: nev-share-renewal
    values: [{year: 2021, value: 35}, {year: 2022, value: 28}, {year: 2023, value: 40}]
`)
	got := map[string]evaluator.IndicatorResult{}
	for _, in := range r.Indicators {
		got[in.ID] = in
	}
	for _, tt := range []struct {
		id     string
		status string
		value  float64
	}{
		// (388 − 400) / 400 = −3%; the straight line to −6% by 2025 stands at −6 × 3/5 = −3.6% in 2023.
		{"energy-per-capita", evaluator.IndicatorOffTrack, -3},
		{"water-per-capita", evaluator.IndicatorOffTrack, 3}, // the wrong way
		{"energy-per-area", evaluator.IndicatorMet, -6},      // (47 − 50) / 50 = −6% ≤ −5%: met early
		// 2100 by 2022 against 5000 × 2/5 = 2000: on track.
		{"training-person-times", evaluator.IndicatorOnTrack, 2100},
		// 1 by 2021 against 6 × 1/5 = 1.2: behind.
		{"new-local-standards", evaluator.IndicatorOffTrack, 1},
		// Annual: 2022 fell below 30%.
		{"nev-share-renewal", evaluator.IndicatorOffTrack, 40},
	} {
		in, ok := got[tt.id]
		if !ok || in.Status != tt.status || in.Value == nil || *in.Value != tt.value {
			t.Errorf("%s: %+v, want %s with value %g", tt.id, in, tt.status, tt.value)
		}
	}
	if e := got["energy-per-capita"]; e.Expected == nil || *e.Expected != -3.6 {
		t.Errorf("energy-per-capita expected %v, want -3.6", e.Expected)
	}
	if !strings.Contains(got["water-per-capita"].Explain.Arithmetic, "方向与目标相反") {
		t.Errorf("wrong direction not explained: %s", got["water-per-capita"].Explain.Arithmetic)
	}
	missing := evaluate(t, head+`indicators:
  - id: data-centre-pue
    values: []
`)
	if in := missing.Indicators[0]; in.Status != evaluator.IndicatorMissing || in.Value != nil {
		t.Errorf("missing data reported as %+v, want missing with no value", in)
	}
}

func TestInvalidSubmissions(t *testing.T) {
	for _, tt := range []struct {
		src  string
		want []string
	}{
		{head + "items:\n  - {id: org-1, level: 符合}\n  - {id: sys-2, score: 15}\n  - {id: nope, level: 符合}\n  - {id: org-2, level: 部分符合}\n",
			[]string{"items[1].score: 得分 15 超过满分 14", `items[2].id: 检查表《机关事务标准化市级试点中期评估自评表》没有检查项 "nope"`, "items[3].level: 检查项 org-2 只分达标与不达标"}},
		{head + "items:\n  - {id: org-1, level: 优秀}\n", []string{`items[0].level: “优秀”不是检查表《机关事务标准化市级试点中期评估自评表》的档次`}},
		{strings.Replace(head, "中期评估", "终期评估验收", 1), []string{"stage: 评估阶段“终期评估验收”与检查表《机关事务标准化市级试点中期评估自评表》不符"}},
		{strings.Replace(head, "pilot-midterm", "no-such", 1), []string{`checklist: 没有检查表 "no-such"（现有：《`}},
		{head + "standards:\n  - {title: 甲, framework: [Z9], applicable: false, implemented: true}\n",
			[]string{`standards[0].framework[0]: 没有体系代码 "Z9"`, "standards[0].implemented: 不适用的标准不能填“已实施”"}},
		{head + "indicators:\n  - {id: energy-per-capita, values: [{year: 2023, value: 1}]}\n  - {id: bogus}\n",
			[]string{"indicators[0].baseline: 指标“", "”以 2020 年为基期", `indicators[1].id: 没有指标 "bogus"`}},
		{"unit: x\nperiod: {from: 2025-13-01, to: 2025-12-31}\nchecklist: pilot-midterm\nstage: 中期评估\nextra: 1\n",
			[]string{"extra: 没有这个字段", `period.from: 日期 "2025-13-01" 无效`}},
		{"unit: [x\n", []string{"YAML 格式有误"}},
		{`{"unit": "x", "period": {"from": "2025-01-01", "to": "2024-01-01"}, "checklist": "pilot-midterm", "stage": "中期评估"}`,
			[]string{"period.to: 评估期截止日 2024-01-01 早于起始日 2025-01-01"}},
	} {
		_, err := evaluator.Parse([]byte(tt.src), library(t))
		var ie *evaluator.InvalidError
		if !errors.As(err, &ie) || stdkb.ErrorCode(err) != stdkb.EINVALID {
			t.Errorf("%q: error %v, want an InvalidError", tt.src, err)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("error lacks %q:\n%v", w, err)
			}
		}
	}
}

// TestProperties checks, over random submissions, that every score stays within [0, max] and
// that adding an implemented standard never lowers the implementation rate.
func TestProperties(t *testing.T) {
	l := library(t)
	rng := rand.New(rand.NewPCG(1, 2))
	levels := []string{"符合", "部分符合", "不符合", "不适用"}
	codes := []string{"A", "B1", "B2", "B3", "B4", "B5", "B6", "B7", "C"}
	for n := 0; n < 200; n++ {
		c := l.Checklists[rng.IntN(len(l.Checklists))]
		s := &evaluator.Submission{Unit: "测试单位", Checklist: c.ID, Stage: c.Stage,
			Period: evaluator.Period{From: stdkb.MustDate("2025-01-01"), To: stdkb.MustDate("2025-12-31")}}
		for _, sec := range c.Sections {
			for _, it := range sec.Items {
				if rng.IntN(5) == 0 {
					continue
				}
				r := evaluator.ItemResponse{ID: it.ID}
				switch it.Rule {
				case stdkb.RuleScore:
					v := rng.Float64() * it.Max
					r.Score = &v
				case stdkb.RuleBoolean:
					r.Level = levels[2*rng.IntN(2)]
				default:
					r.Level = levels[rng.IntN(len(levels))]
				}
				if rng.IntN(2) == 0 {
					r.Evidence = []string{"e.pdf"}
				}
				s.Items = append(s.Items, r)
			}
		}
		for i := rng.IntN(30); i > 0; i-- {
			app := rng.IntN(4) > 0
			s.Standards = append(s.Standards, evaluator.Standard{Title: fmt.Sprint("s", i), Framework: []string{codes[rng.IntN(len(codes))]},
				Applicable: app, Implemented: app && rng.IntN(2) == 0})
		}
		if fes := evaluator.Check(s, l); len(fes) > 0 {
			t.Fatalf("generated an invalid submission: %v", fes)
		}
		r, err := evaluator.Evaluate(s, l, nil, day)
		if err != nil {
			t.Fatal(err)
		}
		for _, sec := range r.Checklist.Sections {
			for _, it := range sec.Items {
				if it.Score < 0 || it.Score > it.Max {
					t.Fatalf("item %s scored %g of %g", it.ID, it.Score, it.Max)
				}
			}
			if sec.Score < 0 || sec.Score > sec.Max+1e-9 {
				t.Fatalf("section %s scored %g of %g", sec.ID, sec.Score, sec.Max)
			}
		}
		if r.Checklist.Total < 0 || r.Checklist.Total > r.Checklist.Max+1e-9 {
			t.Fatalf("total %g of %g", r.Checklist.Total, r.Checklist.Max)
		}
		before := r.Implementation.Rate
		s.Standards = append(s.Standards, evaluator.Standard{Title: "new", Framework: []string{"B1"}, Applicable: true, Implemented: true})
		after, _ := evaluator.Evaluate(s, l, nil, day)
		if before != nil && *after.Implementation.Rate < *before {
			t.Fatalf("adding an implemented standard lowered the rate from %g to %g", *before, *after.Implementation.Rate)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(head + "items:\n  - {id: org-1, level: 符合}\n"))
	f.Add([]byte(`{"unit":"x","period":{"from":"2025-01-01","to":"2025-12-31"},"checklist":"pilot-midterm","stage":"中期评估"}`))
	samples, _ := filepath.Glob("../content/kb/submissions/*.yaml")
	for _, p := range samples {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	l := library(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		s, err := evaluator.Parse(src, l)
		if err != nil {
			if stdkb.ErrorCode(err) != stdkb.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		if _, err := evaluator.Evaluate(s, l, nil, day); err != nil {
			t.Fatal(err)
		}
	})
}

// BenchmarkEvaluate scores a submission of 200 items and 500 standards.
func BenchmarkEvaluate(b *testing.B) {
	l := library(b)
	c := &stdkb.Checklist{ID: "bench", Title: "bench", Stage: "年度自评", PassScore: 100, MissingEvidence: stdkb.EvidenceHalf,
		Levels: []stdkb.Level{{Name: "符合", Credit: 1}, {Name: "部分符合", Credit: 0.5}, {Name: "不符合"}, {Name: "不适用", NotApplicable: true}}}
	s := &evaluator.Submission{Unit: "测试单位", Checklist: "bench", Stage: "年度自评",
		Period: evaluator.Period{From: stdkb.MustDate("2025-01-01"), To: stdkb.MustDate("2025-12-31")}}
	for i := 0; i < 20; i++ {
		sec := stdkb.ChecklistSection{ID: "s", Title: "分组"}
		for j := 0; j < 10; j++ {
			id := "i" + string(rune('a'+i)) + string(rune('a'+j))
			sec.Items = append(sec.Items, stdkb.ChecklistItem{ID: id, Text: "条目", Max: 5, Rule: stdkb.RuleLevels, Evidence: []string{"材料"}})
			s.Items = append(s.Items, evaluator.ItemResponse{ID: id, Level: []string{"符合", "部分符合", "不符合", "不适用"}[j%4]})
		}
		c.Sections = append(c.Sections, sec)
	}
	bl := stdkb.NewLibrary(l.Framework, l.Documents, append([]*stdkb.Checklist{c}, l.Checklists...), l.Indicators)
	bl.Policy, bl.Units = l.Policy, l.Units
	codes := []string{"A", "B1", "B2", "B3", "B4", "B5", "B6", "B7", "C"}
	for i := 0; i < 500; i++ {
		s.Standards = append(s.Standards, evaluator.Standard{Title: fmt.Sprint("s", i), Framework: []string{codes[i%len(codes)]}, Level: "内部",
			Applicable: i%5 > 0, Implemented: i%5 > 1, EffectEvaluated: i%3 == 0, LastPublicity: stdkb.MustDate("2025-06-01")})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := evaluator.Evaluate(s, bl, nil, day); err != nil {
			b.Fatal(err)
		}
	}
}

// TestUnitSystemIsTheDefaultInventory: a standard of the unit's own system that the submission
// does not list counts as applicable and not implemented.
func TestUnitSystemIsTheDefaultInventory(t *testing.T) {
	r := evaluate(t, strings.Replace(head, "测试单位", "璧山区机关事务管理局", 1)) // 璧山区 adopts sample-canteen-service
	if r.Implementation.Denominator != 1 || r.Implementation.Numerator != 0 || !strings.Contains(r.Implementation.Explain.Inputs, "DB50/T 9902-2021") {
		t.Errorf("implementation %+v", r.Implementation)
	}
	listed := evaluate(t, strings.Replace(head, "测试单位", "璧山区机关事务管理局", 1)+`standards:
  - {doc: sample-canteen-service, title: 机关食堂服务规范, framework: [B7], applicable: true, implemented: true}
`)
	if listed.Implementation.Denominator != 1 || listed.Implementation.Numerator != 1 {
		t.Errorf("listed standard counted twice or not at all: %+v", listed.Implementation)
	}
	if r := evaluate(t, head); r.Implementation.Rate != nil {
		t.Errorf("a unit with no system in the content has no rate without an inventory: %+v", r.Implementation)
	}
}
