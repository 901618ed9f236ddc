package evaluator

import (
	"fmt"
	"math"
	"strings"

	"stdkb"
)

// Explanation says how a figure was reached: the rule, the inputs, the arithmetic and where the
// rule comes from.
type Explanation struct {
	Rule       string `json:"rule"`
	Inputs     string `json:"inputs"`
	Arithmetic string `json:"arithmetic"`
	Source     string `json:"source,omitempty"`
}

// Report is the evaluation of one submission.
type Report struct {
	Unit     string `json:"unit"`      // as the submission names it
	UnitID   string `json:"unit_id"`   // the unit it resolved to
	UnitName string `json:"unit_name"` // that unit's name
	Period   Period `json:"period"`
	Stage    string `json:"stage"`
	Sample   bool   `json:"sample"` // the submission is sample data
	// ChecklistSample marks a checklist whose items and weights are illustrative: the report of
	// a real unit is not a sample for that, but its score is shown as illustrative.
	ChecklistSample bool               `json:"checklist_sample,omitempty"`
	Definitions     []stdkb.Definition `json:"definitions"` // the content's definitions behind the figures, quoted
	Checklist       ChecklistScore     `json:"checklist"`
	Omitted         []string           `json:"omitted_standards"` // system standards the submission leaves out
	Implementation  RateResult         `json:"implementation"`
	ByDomain        []RateRow          `json:"implementation_by_domain"`
	ByLevel         []RateRow          `json:"implementation_by_level"`
	EffectCoverage  RateResult         `json:"effect_evaluation_coverage"`
	Publicity       RateResult         `json:"publicity"` // calendar years of the period with enough campaigns
	PublicityYears  []YearCount        `json:"publicity_by_year"`
	ReviewOnTime    RateResult         `json:"review_on_time"`         // reviews the unit owes
	ReviewAdopted   RateResult         `json:"review_on_time_adopted"` // adopted standards, for information
	Indicators      []IndicatorResult  `json:"indicators"`
	Milestones      []MilestoneResult  `json:"milestones,omitempty"`
	Flags           []string           `json:"flags"` // items needing the committee's attention
}

// ChecklistScore is the weighted checklist score with its parts.
type ChecklistScore struct {
	ID        string         `json:"id"`
	Title     string         `json:"title"`
	Total     float64        `json:"total"`
	Max       float64        `json:"max"`        // the maximum of the applicable items
	FullMax   float64        `json:"full_max"`   // the maximum of all items
	PassScore float64        `json:"pass_score"` // the threshold scaled to the applicable items
	Passed    bool           `json:"passed"`
	Verdict   string         `json:"verdict"` // 合格, 不合格 or 无法评分
	Sections  []SectionScore `json:"sections"`
	Explain   Explanation    `json:"explain"`
}

// SectionScore is the subtotal of one checklist section.
type SectionScore struct {
	ID    string      `json:"id"`
	Title string      `json:"title"`
	Score float64     `json:"score"`
	Max   float64     `json:"max"`
	Items []ItemScore `json:"items"`
}

// ItemScore is one item's score and how it was reached.
type ItemScore struct {
	ID       string      `json:"id"`
	Text     string      `json:"text"`
	Response string      `json:"response"` // the level or score given, "未作答" when none
	Score    float64     `json:"score"`
	Max      float64     `json:"max"`
	Counted  bool        `json:"counted"` // false for items marked not applicable
	Flags    []string    `json:"flags,omitempty"`
	Explain  Explanation `json:"explain"`
}

// RateResult is a share with its target. Rate is nil when the denominator is zero: nothing
// applied, so there is no rate, not a rate of zero.
type RateResult struct {
	Numerator   int         `json:"numerator"`
	Denominator int         `json:"denominator"`
	Rate        *float64    `json:"rate"`
	Target      *float64    `json:"target,omitempty"`
	Met         *bool       `json:"met,omitempty"`
	Explain     Explanation `json:"explain"`
}

// RateRow is a rate for one framework branch or level.
type RateRow struct {
	Key  string     `json:"key"`
	Name string     `json:"name"`
	Rate RateResult `json:"rate"`
}

// Indicator statuses.
const (
	IndicatorMet      = "met"       // the target is already reached
	IndicatorOnTrack  = "on_track"  // not yet reached, but at or ahead of the straight line to it
	IndicatorOffTrack = "off_track" // behind the straight line, or moving the wrong way
	IndicatorMissing  = "missing"   // no data: reported as missing, never as zero
	// IndicatorNotApplicable: stdkb computes the figure from the inventory and nothing in it
	// applies (a rate with no denominator), so there is no value to judge.
	IndicatorNotApplicable = "not_applicable"
)

// IndicatorResult is the progress on one of the plan's targets.
type IndicatorResult struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Unit     string   `json:"unit"`
	Target   float64  `json:"target"`
	Status   string   `json:"status"`
	Year     int      `json:"year,omitempty"`     // the latest year with data
	Value    *float64 `json:"value,omitempty"`    // change in %, level, or cumulative sum
	Expected *float64 `json:"expected,omitempty"` // where the straight line to the target stands in Year
	Progress *float64 `json:"progress,omitempty"` // share of the target reached, 0–1 (capped), for charts
	// Aspirational marks a target the plan states as 力争: its status is reported, but missing
	// it is not a failure.
	Aspirational bool `json:"aspirational,omitempty"`
	// Computed is stdkb's own figure for an indicator it also computes from the inventory
	// (coverage, on-time rate); Disagrees marks a self-reported value that differs from it.
	Computed  *float64 `json:"computed,omitempty"`
	Disagrees bool     `json:"disagrees,omitempty"`
	// NotApplicable: the computed figure has no applicable standards (shown as 无适用项).
	NotApplicable bool        `json:"not_applicable,omitempty"`
	Explain       Explanation `json:"explain"`
}

func ptr[T any](v T) *T { return &v }

func round(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}

// sourceOf describes where a rule comes from: document title and section heading.
func sourceOf(lib *stdkb.Library, refs ...stdkb.SectionRef) string {
	var parts []string
	for _, r := range refs {
		e, s, err := lib.Resolve(r)
		if err != nil {
			parts = append(parts, r.String())
			continue
		}
		label := "《" + e.Title + "》"
		if s != nil {
			label += s.Heading()
		}
		parts = append(parts, label)
	}
	return strings.Join(parts, "；")
}

// Evaluate scores a valid submission (see Parse and Check). ledger adds recorded review
// decisions to the on-time review rate; today bounds which reviews have fallen due.
func Evaluate(s *Submission, lib *stdkb.Library, ledger []stdkb.ReviewDecision, today stdkb.Date) (*Report, error) {
	c, ok := lib.Checklist(s.Checklist)
	if !ok {
		return nil, stdkb.Errorf(stdkb.EINVALID, "没有检查表 %q", s.Checklist)
	}
	u, ok := lib.Unit(s.Unit)
	if !ok {
		return nil, stdkb.Errorf(stdkb.EINVALID, "未知单位 %q（已登记：%s）", s.Unit, strings.Join(lib.UnitNames(), "、"))
	}
	r := &Report{Unit: s.Unit, UnitID: u.ID, UnitName: u.Name, Period: s.Period, Stage: s.Stage, Sample: s.Sample, ChecklistSample: c.Sample, Flags: []string{}}
	r.Checklist = scoreChecklist(s, c, lib)
	annotateMilestoneItems(c, &r.Checklist, s.Milestones)
	for _, sec := range r.Checklist.Sections {
		for _, it := range sec.Items {
			for _, f := range it.Flags {
				r.Flags = append(r.Flags, it.ID+"："+f)
			}
		}
	}
	f := newFigures(s, lib)
	r.Definitions = f.definitions()
	r.Omitted = orEmpty(f.inv.omitted())
	if len(r.Omitted) > 0 {
		r.Flags = append(r.Flags, "本单位标准体系中未申报的标准（按适用、未实施、未评价、未复审计）："+strings.Join(r.Omitted, "、"))
	}
	r.Implementation, r.ByDomain, r.ByLevel = f.implementation()
	r.ByDomain, r.ByLevel = orEmpty(r.ByDomain), orEmpty(r.ByLevel)
	r.EffectCoverage = f.effectCoverage()
	r.Publicity, r.PublicityYears = f.publicity()
	r.ReviewOnTime, r.ReviewAdopted = f.reviewOnTime(ledger, today)
	r.Indicators = orEmpty(f.indicators(c, r))
	r.Milestones = milestones(s, lib, today)
	r.Flags = append(r.Flags, f.flags...)
	return r, nil
}

// orEmpty turns nil into an empty slice, so JSON shows [] rather than null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// rate builds a RateResult and its arithmetic.
func rate(num, den int, target *float64, rule, inputs, source string) RateResult {
	r := RateResult{Numerator: num, Denominator: den, Target: target,
		Explain: Explanation{Rule: rule, Inputs: inputs, Source: source}}
	if den == 0 {
		r.Explain.Arithmetic = fmt.Sprintf("%d / 0：分母为零，无法计算（不按 0 计）", num)
		return r
	}
	v := round(float64(num)/float64(den), 4)
	r.Rate = &v
	r.Explain.Arithmetic = fmt.Sprintf("%d / %d = %.1f%%", num, den, 100*v)
	if target != nil {
		met := 100*v >= *target-1e-9
		r.Met = &met
		r.Explain.Arithmetic += fmt.Sprintf("，目标 ≥ %g%%：%s", *target, map[bool]string{true: "达到", false: "未达到"}[met])
	}
	return r
}
