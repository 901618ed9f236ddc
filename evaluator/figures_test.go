package evaluator_test

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"stdkb"
	"stdkb/evaluator"
)

// header starts a submission for a unit and a period.
func header(unit, from, to string) string {
	return fmt.Sprintf("unit: %s\nperiod: {from: %s, to: %s}\nchecklist: pilot-midterm\nstage: 中期评估\n", unit, from, to)
}

func evaluateWith(t testing.TB, src string, ledger []stdkb.ReviewDecision) *evaluator.Report {
	t.Helper()
	s, err := evaluator.Parse([]byte(src), library(t))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	r, err := evaluator.Evaluate(s, library(t), ledger, day)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestOneInventory: every figure over standards counts the unit's system standards the
// submission leaves out, as applicable and without credit, and the report names them.
// 九龙坡区 adopts sample-energy-custody, sample-operating-cost-statistics and gb-t-41568.
func TestOneInventory(t *testing.T) {
	r := evaluate(t, header("九龙坡区", "2025-01-01", "2025-12-31")+`standards:
  - {doc: sample-energy-custody, title: 公共机构能源费用托管实施指南, level: 团体, framework: [B6], applicable: true, implemented: true, effect_evaluations: [{date: 2025-06-01}]}
`)
	for name, x := range map[string]evaluator.RateResult{"implementation": r.Implementation, "coverage": r.EffectCoverage} {
		if x.Denominator != 3 || x.Numerator != 1 {
			t.Errorf("%s %d/%d, want 1/3: the two left-out system standards count", name, x.Numerator, x.Denominator)
		}
		if !strings.Contains(x.Explain.Inputs, "GB/T 41568-2022") {
			t.Errorf("%s does not name the left-out standard: %s", name, x.Explain.Inputs)
		}
	}
	if len(r.Omitted) != 2 || !slices.ContainsFunc(r.Omitted, func(s string) bool { return strings.Contains(s, "DB50/T 9905-2022") }) {
		t.Errorf("omitted %v", r.Omitted)
	}
}

// TestOmittedStandardIsNotReviewed: a review the ledger records does not count for a standard
// the unit owes but leaves out of its submission. The municipal bureau owns DB50/T 9903-2020,
// whose review fell due on 2025-09-01.
func TestOmittedStandardIsNotReviewed(t *testing.T) {
	ledger := []stdkb.ReviewDecision{{ID: 1, DocID: "sample-nev-time-share", Edition: "2020", Date: stdkb.MustDate("2025-08-01"), Outcome: stdkb.OutcomeContinue}}
	listed := evaluateWith(t, header("cq-municipal", "2025-01-01", "2025-12-31")+`standards:
  - {doc: sample-nev-time-share, title: 公务用车新能源汽车分时租赁服务规范, level: 地方, framework: [B3], applicable: true, implemented: true}
`, ledger)
	if x := listed.ReviewOnTime; x.Numerator != 1 || x.Denominator != 1 {
		t.Errorf("listed: review %d/%d, want 1/1", x.Numerator, x.Denominator)
	}
	omitted := evaluateWith(t, header("cq-municipal", "2025-01-01", "2025-12-31"), ledger)
	if x := omitted.ReviewOnTime; x.Numerator != 0 || x.Denominator != 1 {
		t.Errorf("omitted: review %d/%d, want 0/1", x.Numerator, x.Denominator)
	}
}

// TestInventoryMonotonic checks over random submissions (seeded) that removing a standard
// never raises any rate, and that adding one that is implemented, evaluated in the period,
// publicised and reviewed on time never lowers any.
func TestInventoryMonotonic(t *testing.T) {
	l := library(t)
	rng := rand.New(rand.NewPCG(14, 1))
	dates := []string{"2024-06-01", "2025-03-01", "2025-11-30", ""}
	for n := 0; n < 150; n++ {
		u := l.Units[rng.IntN(len(l.Units))]
		s := &evaluator.Submission{Unit: u.Name, Checklist: "pilot-midterm", Stage: "中期评估",
			Period: evaluator.Period{From: stdkb.MustDate("2025-01-01"), To: stdkb.MustDate("2025-12-31")}}
		var ledger []stdkb.ReviewDecision
		for _, d := range l.SystemOf(u).Documents {
			if d.Kind != stdkb.KindStandard || rng.IntN(4) == 0 {
				continue
			}
			e := d.Latest()
			st := evaluator.Standard{Doc: d.ID, Number: e.Number, Title: e.Title, Level: e.Level, Framework: e.Framework,
				Applicable: rng.IntN(5) > 0}
			st.Implemented = st.Applicable && rng.IntN(3) > 0
			if day := dates[rng.IntN(len(dates))]; day != "" {
				st.EffectEvaluations = []evaluator.EffectEvaluation{{Date: stdkb.MustDate(day)}}
			}
			if day := dates[rng.IntN(len(dates))]; day != "" {
				st.LastPublicity = stdkb.MustDate(day)
			}
			s.Standards = append(s.Standards, st)
			if rng.IntN(2) == 0 { // a review on record, on time or late
				ledger = append(ledger, stdkb.ReviewDecision{ID: uint64(len(ledger) + 1), DocID: d.ID, Edition: e.Key,
					Date: stdkb.MustDate(dates[rng.IntN(len(dates)-1)]), Outcome: stdkb.OutcomeContinue})
			}
			if rng.IntN(3) == 0 {
				s.Campaigns = append(s.Campaigns, evaluator.Campaign{Date: stdkb.MustDate(dates[rng.IntN(len(dates)-1)]), Kind: "宣传贯彻", Standards: []string{d.ID}})
			}
		}
		if fes := evaluator.Check(s, l); len(fes) > 0 {
			t.Fatalf("generated an invalid submission: %v", fes)
		}
		base := rates(t, s, l, ledger)
		for i := range s.Standards {
			less := *s
			less.Standards = slices.Delete(slices.Clone(s.Standards), i, i+1)
			compareRates(t, fmt.Sprintf("%s without %s", u.Name, s.Standards[i].Doc), base, rates(t, &less, l, ledger), -1)
		}
		more := *s
		more.Standards = append(slices.Clone(s.Standards), evaluator.Standard{Title: "新增内部标准", Level: "内部", Framework: []string{"B1"},
			Applicable: true, Implemented: true, EffectEvaluations: []evaluator.EffectEvaluation{{Date: stdkb.MustDate("2025-05-01")}},
			LastPublicity: stdkb.MustDate("2025-05-01"), Effective: stdkb.MustDate("2020-03-01"), Reviews: []stdkb.Date{stdkb.MustDate("2025-02-01")}})
		compareRates(t, u.Name+" plus a complete standard", base, rates(t, &more, l, ledger), +1)
	}
}

// rates collects every rate of a report by name.
func rates(t *testing.T, s *evaluator.Submission, l *stdkb.Library, ledger []stdkb.ReviewDecision) map[string]*float64 {
	t.Helper()
	r, err := evaluator.Evaluate(s, l, ledger, day)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*float64{"implementation": r.Implementation.Rate, "coverage": r.EffectCoverage.Rate,
		"publicity": r.Publicity.Rate, "review": r.ReviewOnTime.Rate, "review adopted": r.ReviewAdopted.Rate}
	for _, row := range r.ByDomain {
		out["domain "+row.Key] = row.Rate.Rate
	}
	for _, row := range r.ByLevel {
		out["level "+row.Key] = row.Rate.Rate
	}
	return out
}

// compareRates fails when a rate moved against direction (−1: must not rise; +1: must not fall).
// A rate that did not exist on either side says nothing.
func compareRates(t *testing.T, what string, before, after map[string]*float64, direction float64) {
	t.Helper()
	for k, b := range before {
		a := after[k]
		if a == nil || b == nil {
			continue
		}
		if direction*(*a-*b) < -1e-9 {
			t.Fatalf("%s: %s moved from %g to %g", what, k, *b, *a)
		}
	}
}

// TestDefinitionsFromContent: the report quotes the plan and the content's definitions, and a
// definition replaced in content is what the report shows.
func TestDefinitionsFromContent(t *testing.T) {
	src := header("璧山区", "2025-01-01", "2025-12-31")
	r := evaluate(t, src)
	ids := map[string]stdkb.Definition{}
	for _, d := range r.Definitions {
		ids[d.ID] = d
	}
	for _, id := range []string{"inventory", "implementation-rate", "effect-evaluation-coverage", "standard-promotion-evaluation", "review-on-time-rate"} {
		if _, ok := ids[id]; !ok {
			t.Errorf("report lacks definition %s", id)
		}
	}
	if d := ids["implementation-rate"]; d.Measures != "标准综合运用率" || r.Implementation.Explain.Rule != d.Text {
		t.Errorf("implementation rate not labelled as the measure of 标准综合运用率: %+v / %s", d, r.Implementation.Explain.Rule)
	}
	var md bytes.Buffer
	evaluator.Markdown(&md, r)
	for _, want := range []string{"对30%以上的标准开展实施效果评价", "标准综合运用率", "口径说明"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	// Replace the definition in (a copy of) the content.
	l := *library(t)
	l.Indicators = nil
	for _, set := range library(t).Indicators {
		cp := *set
		cp.Definitions = slices.Clone(set.Definitions)
		for i := range cp.Definitions {
			if cp.Definitions[i].ID == "implementation-rate" {
				cp.Definitions[i].Text = "另一种口径"
			}
		}
		l.Indicators = append(l.Indicators, &cp)
	}
	s, _ := evaluator.Parse([]byte(src), &l)
	r2, _ := evaluator.Evaluate(s, &l, nil, day)
	if r2.Implementation.Explain.Rule != "另一种口径" {
		t.Errorf("rule %q does not follow the content", r2.Implementation.Explain.Rule)
	}
}

// TestPublicityPerCalendarYear: campaigns count per calendar year of the period, on local
// standards only; a five-year period needs all five years.
func TestPublicityPerCalendarYear(t *testing.T) {
	src := header("测试单位", "2021-01-01", "2025-12-31") + `standards:
  - {number: DB50/T 1-2020, title: 地方标准甲, level: 地方, framework: [B3], applicable: true, implemented: true}
  - {title: 内部标准乙, level: 内部, framework: [B4], applicable: true, implemented: true, effective: 2024-01-01}
campaigns:
  - {date: 2021-05-01, kind: 宣传贯彻, standards: [DB50/T 1-2020]}
  - {date: 2022-05-01, kind: 实施评估, standards: [DB50/T 1-2020]}
  - {date: 2023-05-01, kind: 宣传贯彻, standards: [DB50/T 1-2020]}
  - {date: 2024-05-01, kind: 宣传贯彻, standards: [内部标准乙]}
  - {date: 2025-05-01, kind: 宣传贯彻, standards: [DB50/T 1-2020]}
  - {date: 2020-12-31, kind: 宣传贯彻, standards: [DB50/T 1-2020]}
`
	_, err := evaluator.Parse([]byte(src), library(t))
	if err == nil || !strings.Contains(err.Error(), `campaigns[3].standards[0]: 标准清单中没有 "内部标准乙"`) {
		t.Fatalf("a campaign naming a title, not a doc id or number: %v", err)
	}
	src = strings.Replace(src, "[内部标准乙]", "[DB50/T 1-2020]", 1)
	withGap := evaluate(t, strings.Replace(src, "{date: 2024-05-01, kind: 宣传贯彻, standards: [DB50/T 1-2020]}", "{date: 2026-05-01, kind: 宣传贯彻, standards: [DB50/T 1-2020]}", 1))
	if x := withGap.Publicity; x.Numerator != 4 || x.Denominator != 5 || x.Met == nil || *x.Met {
		t.Errorf("2024 without a campaign: %d/%d met %v, want 4/5 not met", x.Numerator, x.Denominator, x.Met)
	}
	full := evaluate(t, src)
	if x := full.Publicity; x.Numerator != 5 || x.Denominator != 5 || !*x.Met {
		t.Errorf("every year: %d/%d, want 5/5 met", x.Numerator, x.Denominator)
	}
	if len(full.PublicityYears) != 5 || full.PublicityYears[0].Year != 2021 || full.PublicityYears[0].Campaigns != 1 {
		t.Errorf("by year %+v (the 2020 campaign is outside the period)", full.PublicityYears)
	}
}

// TestEffectEvaluationNeedsDateAndImplementation: only dated evaluations inside the period of
// implemented standards count; the others are flagged.
func TestEffectEvaluationNeedsDateAndImplementation(t *testing.T) {
	r := evaluate(t, head+`standards:
  - {title: 甲, framework: [B3], level: 地方, applicable: true, implemented: true, effect_evaluations: [{date: 2025-04-01, report: 报告.pdf}]}
  - {title: 乙, framework: [B3], level: 地方, applicable: true, implemented: true, effect_evaluations: [{date: 2024-04-01}]}
  - {title: 丙, framework: [B3], level: 地方, applicable: true, implemented: false, effect_evaluations: [{date: 2025-04-01}]}
  - {title: 丁, framework: [B3], level: 地方, applicable: true, implemented: true, effect_evaluated: true}
`)
	if x := r.EffectCoverage; x.Numerator != 1 || x.Denominator != 4 {
		t.Errorf("coverage %d/%d, want 1/4", x.Numerator, x.Denominator)
	}
	flags := strings.Join(r.Flags, "\n")
	for _, want := range []string{"对未实施的标准开展的实施效果评价不计入：《丙》", "未注明评价日期，不计入：《丁》", "不在评估期内，不计入：《乙》"} {
		if !strings.Contains(flags, want) {
			t.Errorf("flags lack %q:\n%s", want, flags)
		}
	}
}

// TestReviewsOwed: the on-time rate counts the reviews the unit owes (its own standards and
// the internal ones it declares); adopted standards are shown apart. 沙坪坝区 adopts
// DB50/T 9903-2020, whose review fell due on 2025-09-01 and was not held.
func TestReviewsOwed(t *testing.T) {
	r := evaluate(t, header("沙坪坝区", "2025-01-01", "2025-12-31")+`standards:
  - {doc: sample-nev-time-share, number: DB50/T 9903-2020, title: 公务用车新能源汽车分时租赁服务规范, level: 地方, framework: [B3], applicable: true, implemented: true}
  - {title: 区内部标准甲, level: 内部, framework: [B4], applicable: true, implemented: true, effective: 2020-03-01, reviews: [2025-02-01]}
  - {title: 区内部标准乙, level: 内部, framework: [B4], applicable: true, implemented: true, effective: 2020-06-01}
`)
	if x := r.ReviewOnTime; x.Numerator != 1 || x.Denominator != 2 {
		t.Errorf("owed %d/%d, want 1/2 (甲 on time, 乙 missed)", x.Numerator, x.Denominator)
	}
	if x := r.ReviewAdopted; x.Numerator != 0 || x.Denominator != 1 || !strings.Contains(x.Explain.Inputs, "DB50/T 9903-2020") {
		t.Errorf("adopted %+v, want 0/1 naming DB50/T 9903-2020", x)
	}
}

// TestUnitsResolve: a unit is found by id, name, full name or alias; anything else is an error
// naming the known units.
func TestUnitsResolve(t *testing.T) {
	for _, name := range []string{"bishan", "璧山区", "重庆市璧山区机关事务管理局", "璧山区机关事务管理局"} {
		if r := evaluate(t, header(name, "2025-01-01", "2025-12-31")); r.UnitID != "bishan" || r.Implementation.Denominator != 1 {
			t.Errorf("%s: unit %q, inventory %d", name, r.UnitID, r.Implementation.Denominator)
		}
	}
	_, err := evaluator.Parse([]byte(header("璧山区机关事务局（示例）", "2025-01-01", "2025-12-31")), library(t))
	if err == nil || !strings.Contains(err.Error(), "unit: 未知单位") || !strings.Contains(err.Error(), "璧山区（bishan）") {
		t.Errorf("unknown unit: %v", err)
	}
}

// TestIndicatorTrajectories: a level indicator with a baseline is judged against the straight
// line from it; the checklist's unreported indicators are missing; self-reported figures stdkb
// also computes are compared.
func TestIndicatorTrajectories(t *testing.T) {
	r := evaluate(t, head+`standards:
  - {title: 甲, framework: [B3], level: 地方, applicable: true, implemented: true, effect_evaluations: [{date: 2025-04-01}]}
  - {title: 乙, framework: [B3], level: 地方, applicable: true, implemented: true}
indicators:
  - id: effect-evaluation-coverage
    baseline: {year: 2020, value: 0}
    values: [{year: 2023, value: 20}, {year: 2025, value: 25}]
`)
	got := map[string]evaluator.IndicatorResult{}
	for _, in := range r.Indicators {
		got[in.ID] = in
	}
	// 0 + (30 − 0) × (2025 − 2020) ÷ (2025 − 2020) = 30 in 2025: 25 is behind. stdkb counts 1/2 = 50%.
	cov := got["effect-evaluation-coverage"]
	if cov.Status != evaluator.IndicatorOffTrack || cov.Expected == nil || *cov.Expected != 30 {
		t.Errorf("coverage %+v", cov)
	}
	if cov.Computed == nil || *cov.Computed != 50 || !cov.Disagrees || !slices.ContainsFunc(r.Flags, func(f string) bool { return strings.Contains(f, "二者不一致") }) {
		t.Errorf("self-reported 25%% against computed 50%%: %+v", cov)
	}
	// Not reported, but computed from the submission: no campaign in 2025, no review owed.
	if in := got["standard-promotion-evaluation"]; in.Status != evaluator.IndicatorOffTrack || in.Computed == nil || *in.Computed != 0 {
		t.Errorf("publicity judged on the campaigns counted: %+v", in)
	}
	if in := got["review-on-time-rate"]; in.Status != evaluator.IndicatorNotApplicable || evaluator.ComputedText(in) != "无适用项" {
		t.Errorf("on-time rate with no review owed: %+v", in)
	}
	two := `standards:
  - {title: 甲, framework: [B3], level: 地方, applicable: true, implemented: true}
  - {title: 乙, framework: [B3], level: 地方, applicable: true, implemented: true}
`
	ahead := evaluate(t, head+two+`indicators:
  - id: effect-evaluation-coverage
    baseline: {year: 2020, value: 0}
    values: [{year: 2023, value: 20}]
`)
	// The line stands at 18 in 2023: 20 is ahead of it.
	if in := ahead.Indicators[1]; in.ID != "effect-evaluation-coverage" || in.Status != evaluator.IndicatorOnTrack || *in.Expected != 18 {
		t.Errorf("ahead of the line: %+v", in)
	}
	falling := evaluate(t, head+two+`indicators:
  - id: effect-evaluation-coverage
    baseline: {year: 2020, value: 10}
    values: [{year: 2023, value: 5}]
`)
	if in := falling.Indicators[1]; in.Status != evaluator.IndicatorOffTrack || !strings.Contains(in.Explain.Arithmetic, "方向与目标相反") {
		t.Errorf("falling: %+v", in)
	}
}

// TestEdges covers the inventory's and the file's edge cases.
func TestEdges(t *testing.T) {
	r := evaluate(t, head+`standards:
  - {title: 无层级, framework: [B3], applicable: true, implemented: true}
  - {title: 不适用, level: 地方, framework: [B4], applicable: false, implemented: false}
`)
	levels := map[string]evaluator.RateRow{}
	for _, row := range r.ByLevel {
		levels[row.Key] = row
	}
	if row, ok := levels["未注明"]; !ok || row.Rate.Denominator != 1 {
		t.Errorf("standard without level: rows %+v", r.ByLevel)
	}
	domains := map[string]evaluator.RateRow{}
	for _, row := range r.ByDomain {
		domains[row.Key] = row
	}
	if row, ok := domains["B4"]; !ok || row.Rate.Rate != nil {
		t.Errorf("branch with no applicable standard: %+v", row)
	}
	var md bytes.Buffer
	evaluator.Markdown(&md, r)
	if !strings.Contains(md.String(), "| B4 办公用房 | —") {
		t.Errorf("branch B4 not shown with —")
	}

	var items []string
	c, _ := library(t).Checklist("pilot-midterm")
	for _, sec := range c.Sections {
		for _, it := range sec.Items {
			items = append(items, "  - {id: "+it.ID+", level: 不适用}")
		}
	}
	na := evaluate(t, head+"items:\n"+strings.Join(items, "\n")+"\n")
	if na.Checklist.Verdict != evaluator.VerdictUnscorable {
		t.Errorf("all not applicable: %q", na.Checklist.Verdict)
	}
	var text bytes.Buffer
	evaluator.Text(&text, na)
	if !strings.Contains(text.String(), "无法评分") || strings.Contains(text.String(), "不合格") {
		t.Errorf("text: %s", text.String())
	}
}

func TestInvalidInventoryAndFiles(t *testing.T) {
	for _, tt := range []struct {
		name string
		src  []byte
		opts evaluator.ParseOptions
		want string
	}{
		{"duplicate doc", []byte(header("璧山区", "2025-01-01", "2025-12-31") + `standards:
  - {doc: sample-canteen-service, title: 机关食堂服务规范, framework: [B7], applicable: true, implemented: true}
  - {number: DB50/T 9902-2021, title: 食堂, framework: [B7], applicable: true, implemented: false}
`), evaluator.ParseOptions{}, "standards[1]: 与 standards[0] 重复"},
		{"duplicate title", []byte(head + `standards:
  - {title: 甲, framework: [B7], applicable: true, implemented: true}
  - {title: 甲, framework: [B7], applicable: true, implemented: false}
`), evaluator.ParseOptions{}, "standards[1]: 与 standards[0] 重复"},
		{"trailing comma", []byte(`{"unit": "测试单位", "period": {"from": "2025-01-01", "to": "2025-12-31"}, "checklist": "pilot-midterm",
"stage": "中期评估",
}`), evaluator.ParseOptions{Name: "自评.JSON"}, "line 3: JSON 语法错误：最后一项后面多了逗号"},
		{"trailing data", []byte(`{"unit": "测试单位"} {"unit": "测试单位"}`), evaluator.ParseOptions{Name: "body.json"}, "line 1: JSON 语法错误：对象结束后还有多余的内容（第 18 列起）"},
		{"yaml as json", []byte(head), evaluator.ParseOptions{Name: "body.json"}, "JSON 语法错误：此处应为一个值"},
		{"year", []byte(head + "indicators: [{id: training-person-times, values: [{year: 20250, value: 1}]}]\n"), evaluator.ParseOptions{}, "20250 超过上限 2100"},
		{"gbk", gbk(t, head+"note: 璧山区\n"), evaluator.ParseOptions{}, "另存为”UTF-8"},
		{"too large", append([]byte(head+"note: "), bytes.Repeat([]byte("a"), evaluator.MaxSubmissionSize)...), evaluator.ParseOptions{}, "超过 4 MiB"},
	} {
		_, err := evaluator.ParseWith(tt.src, library(t), tt.opts)
		var ie *evaluator.InvalidError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
	// JSON is read as JSON: an escape YAML lacks is read, not refused.
	if _, err := evaluator.ParseWith([]byte(`{"unit": "测试单位", "period": {"from": "2025-01-01", "to": "2025-12-31"}, "checklist": "pilot-midterm", "stage": "中期评估", "note": "见 a\/b"}`), library(t), evaluator.ParseOptions{Name: "body.json"}); err != nil {
		t.Errorf("json with \\/: %v", err)
	}
	// YAML forgives the comma when the file is not named .json.
	if _, err := evaluator.Parse([]byte(`{"unit": "测试单位", "period": {"from": "2025-01-01", "to": "2025-12-31"}, "checklist": "pilot-midterm", "stage": "中期评估",}`), library(t)); err != nil {
		t.Errorf("yaml: %v", err)
	}
	_, err := evaluator.Parse([]byte("unit: [x\n"), library(t))
	if err == nil || strings.Contains(err.Error(), ": :") {
		t.Errorf("error with an empty field: %v", err)
	}
	if got := (evaluator.FieldError{Line: 2, Message: "语法错误"}).String(); got != "line 2: 语法错误" {
		t.Errorf("field error without a field: %q", got)
	}
}

func gbk(t *testing.T, s string) []byte {
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestIndicatorRowsMatchFigures: a submission as the web form saves it (璧山区's pilot: its
// standards, one dated effect evaluation, one campaign, and only the on-time rate self-reported)
// gets one value per indicator. The rows for coverage and publicity, which the unit did not
// report, are judged on the figures computed from the inventory; the self-reported on-time rate
// has no review owed behind it, so it reads 无适用项 and is flagged.
func TestIndicatorRowsMatchFigures(t *testing.T) {
	r := evaluate(t, header("璧山区", "2025-01-01", "2025-12-31")+`standards:
  - {number: DB50/T 1-2020, title: 地方标准甲, level: 地方, framework: [B3], applicable: true, implemented: true, effect_evaluations: [{date: 2025-10-20, report: 实施效果评价报告.pdf}]}
  - {number: DB50/T 2-2021, title: 地方标准乙, level: 地方, framework: [B3], applicable: true, implemented: true}
campaigns:
  - {date: 2025-05-01, kind: 宣传贯彻, title: 标准宣贯会, standards: [DB50/T 1-2020]}
indicators:
  - id: review-on-time-rate
    values: [{year: 2025, value: 80}]
`)
	got := map[string]evaluator.IndicatorResult{}
	for _, in := range r.Indicators {
		got[in.ID] = in
	}
	if r.EffectCoverage.Rate == nil {
		t.Fatalf("coverage %+v", r.EffectCoverage)
	}
	cov := got["effect-evaluation-coverage"]
	wantCov := 100 * *r.EffectCoverage.Rate
	if cov.Computed == nil || *cov.Computed != wantCov || cov.Value == nil || *cov.Value != wantCov || cov.Disagrees {
		t.Errorf("coverage row %+v, want the computed %g%%", cov, wantCov)
	}
	if wantMet := *r.EffectCoverage.Met; (cov.Status == evaluator.IndicatorMet) != wantMet {
		t.Errorf("coverage row %s, figure met %v", cov.Status, wantMet)
	}
	pub := got["standard-promotion-evaluation"]
	if pub.Status != evaluator.IndicatorMet || pub.Computed == nil || *pub.Computed != 1 || r.Publicity.Met == nil || !*r.Publicity.Met {
		t.Errorf("publicity row %+v, figure %+v", pub, r.Publicity)
	}
	if r.ReviewOnTime.Rate != nil {
		t.Fatalf("璧山区 owes no review in 2025: %+v", r.ReviewOnTime)
	}
	ot := got["review-on-time-rate"]
	if ot.Status != evaluator.IndicatorNotApplicable || !ot.Disagrees || evaluator.ComputedText(ot) != "无适用项（不一致）" || evaluator.StatusName(ot.Status) != "无适用项" {
		t.Errorf("on-time row %+v, want 无适用项 and flagged", ot)
	}
	if !slices.ContainsFunc(r.Flags, func(f string) bool {
		return strings.Contains(f, "自报 80%（2025年），本系统按标准清单计算为无适用项")
	}) {
		t.Errorf("flags lack the disagreement: %v", r.Flags)
	}
}
