package evaluator_test

import (
	"errors"
	"strings"
	"testing"

	"stdkb"
	"stdkb/evaluator"
)

func TestMilestones(t *testing.T) {
	r := evaluate(t, head+`milestones:
  - {id: col1-big-data-platform, state: done, date: 2024-06-30, evidence: [平台验收报告.pdf]}
  - {id: col1-public-warehouse, state: in_progress}
  - {id: standardization-plan, state: done, date: 2021-11-25, evidence: [渝机管发〔2021〕108号]}
`)
	got := map[string]evaluator.MilestoneResult{}
	for _, m := range r.Milestones {
		got[m.ID] = m
	}
	for _, tt := range []struct {
		id, state, name string
		overdue         bool
	}{
		{"col1-big-data-platform", stdkb.MilestoneDone, "已完成", false},
		// Due by the end of 2025 and not done on 2026-11-25.
		{"col1-public-warehouse", stdkb.MilestoneInProgress, "推进中", true},
		{"standardization-plan", stdkb.MilestoneDone, "已完成", false},
	} {
		m, ok := got[tt.id]
		if !ok || m.State != tt.state || m.StateName != tt.name || m.Overdue != tt.overdue || m.Explain.Source == "" {
			t.Errorf("%s: %+v, want %s overdue=%v with a source", tt.id, m, tt.state, tt.overdue)
		}
	}
	if !strings.Contains(got["standardization-plan"].Explain.Arithmetic, "渝机管发〔2021〕108号") {
		t.Errorf("the content's recorded status is not shown: %s", got["standardization-plan"].Explain.Arithmetic)
	}
}

// A checklist item that checks a milestone carries the milestone's reported state, and a
// full-credit answer on a milestone not done is flagged.
func TestMilestoneChecklistItem(t *testing.T) {
	src := `unit: 测试单位
period: {from: 2025-01-01, to: 2025-12-31}
checklist: conservation-organ-annual
stage: 年度自评
items:
  - {id: life-1, level: 符合, evidence: [垃圾分类工作记录.pdf]}
milestones:
  - {id: ch4-s5-no-single-use-plastics, state: not_started}
`
	r := evaluate(t, src)
	it := item(r, "life-1")
	if !strings.Contains(it.Explain.Inputs, "对应里程碑：未启动") || len(it.Flags) != 1 || !strings.Contains(it.Flags[0], "未启动") {
		t.Errorf("life-1: inputs %q, flags %v", it.Explain.Inputs, it.Flags)
	}
	if !strings.Contains(strings.Join(r.Flags, "\n"), "life-1：按满分作答，但对应里程碑填报为未启动") {
		t.Errorf("report flags %v lack the milestone flag", r.Flags)
	}
}

func TestInvalidMilestoneReports(t *testing.T) {
	for _, tt := range []struct {
		src  string
		want []string
	}{
		{head + "milestones:\n  - {id: col1-big-data-platform, state: done}\n", []string{"milestones[0]", "date"}},
		{head + "milestones:\n  - {id: nope, state: in_progress}\n", []string{`milestones[0].id: 没有里程碑 "nope"`}},
		{head + "milestones:\n  - {id: col1-research-centre, state: finished}\n", []string{"milestones[0].state"}},
		{head + "milestones:\n  - {id: col1-research-centre, state: in_progress}\n  - {id: col1-research-centre, state: not_started}\n",
			[]string{`milestones[1].id: 里程碑 "col1-research-centre" 填了两次`}},
		{head + "milestones:\n  - {id: col1-research-centre, state: done, date: 2026-03-01, evidence: [x]}\n",
			[]string{"milestones[0].date: 日期 2026-03-01 晚于评估期截止日 2025-12-31"}},
	} {
		_, err := evaluator.Parse([]byte(tt.src), library(t))
		var ie *evaluator.InvalidError
		if !errors.As(err, &ie) {
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

// The plan's PUE target is 力争 and reported as such; the 200 energy-cost custody projects are
// a stock at the end of 2025, judged on the latest figure rather than a sum.
func TestPlanCorrections(t *testing.T) {
	r := evaluate(t, head+`indicators:
  - id: data-centre-pue
    values: [{year: 2025, value: 1.6}]
  - id: energy-cost-custody-projects
    values: [{year: 2024, value: 150}, {year: 2025, value: 190}]
  - id: nev-share-central-municipal
    values: [{year: 2025, value: 50}]
`)
	got := map[string]evaluator.IndicatorResult{}
	for _, in := range r.Indicators {
		got[in.ID] = in
	}
	if pue := got["data-centre-pue"]; !pue.Aspirational || !strings.Contains(pue.Explain.Rule, "力争") {
		t.Errorf("PUE not reported as aspirational: %+v", pue)
	}
	if c := got["energy-cost-custody-projects"]; c.Value == nil || *c.Value != 190 || c.Status != evaluator.IndicatorOffTrack {
		t.Errorf("custody projects: %+v, want the 2025 stock 190 (below 200), not the sum 340", c)
	}
	if n := got["nev-share-central-municipal"]; !strings.Contains(n.Explain.Rule, "两处表述不一致") {
		t.Errorf("NEV conflict not recorded: %s", n.Explain.Rule)
	}
}
