package evaluator

import (
	"fmt"

	"stdkb"
)

// Figure is one headline figure of a report, worded as the committee's comparison shows it,
// with how it was reached: what a pilot reads on its own report page.
type Figure struct {
	Name    string
	Result  string
	Explain Explanation
	// ForInformation marks a figure shown for information only, outside the unit's targets.
	ForInformation bool
}

// Figures are a report's headline figures in the order CompareRows lists them: the checklist
// score with its verdict, the implementation rate, effect-evaluation coverage, the years with
// enough publicity, the on-time review rate the unit owes, and the adopted standards' reviews.
func Figures(r *Report) []Figure {
	c := r.Checklist
	return []Figure{
		{Name: "检查表得分", Result: checklistResult(c), Explain: c.Explain},
		{Name: "标准实施率（本系统对标准综合运用率的度量）", Result: pct(r.Implementation), Explain: r.Implementation.Explain},
		{Name: "实施效果评价覆盖率", Result: pct(r.EffectCoverage), Explain: r.EffectCoverage.Explain},
		{Name: "宣贯与实施评估（达标年度）", Result: years(r.Publicity), Explain: r.Publicity.Explain},
		{Name: "标准按期复审率（本单位应承担的复审）", Result: pct(r.ReviewOnTime), Explain: r.ReviewOnTime.Explain},
		{Name: "采用标准的复审", Result: pct(r.ReviewAdopted), Explain: r.ReviewAdopted.Explain, ForInformation: true},
	}
}

func checklistResult(c ChecklistScore) string {
	return fmt.Sprintf("%g / %g 分，合格线 %g：%s", c.Total, c.Max, c.PassScore, c.Verdict)
}

// StatusName is an indicator status as readers see it.
func StatusName(status string) string { return statusNames[status] }

// ValueText is an indicator figure with its unit, "—" when there is none.
func ValueText(v *float64, unit string) string { return value(v, unit) }

// ComputedText is stdkb's own figure beside a self-reported indicator, marked 不一致 when the
// two differ; "—" when stdkb does not compute this indicator.
func ComputedText(in IndicatorResult) string { return computed(in) }

// DefinitionQuote is the plan's wording a definition models and the measure it stands for.
func DefinitionQuote(d stdkb.Definition) string { return quote(d) }
