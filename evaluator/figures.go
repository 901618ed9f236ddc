package evaluator

import (
	"fmt"
	"slices"
	"strings"

	"stdkb"
)

// Ids of the content's definitions and indicators the figures over standards use. The
// definitions and targets themselves are content (indicators/standardization.md).
const (
	defInventory         = "inventory"
	defImplementation    = "implementation-rate"
	targetEffectCoverage = "effect-evaluation-coverage"
	targetPublicity      = "standard-promotion-evaluation"
	targetReviewOnTime   = "review-on-time-rate"
)

// sameRule explains a row of a breakdown: its rule is the overall figure's.
const sameRule = "口径同总体标准实施率，限于本行的标准"

// notDefined stands in for a definition the content lacks, so the gap shows in the report.
const notDefined = "（内容中未给出该项定义）"

// figures holds what every figure over standards shares: the inventory, the content's
// definitions and targets, and the flags raised along the way.
type figures struct {
	s       *Submission
	lib     *stdkb.Library
	inv     inventory
	defs    map[string]stdkb.Definition
	targets map[string]stdkb.Indicator
	flags   []string
}

func newFigures(s *Submission, lib *stdkb.Library) *figures {
	f := &figures{s: s, lib: lib, inv: buildInventory(s, lib), defs: map[string]stdkb.Definition{}, targets: indicatorIndex(lib)}
	for _, set := range lib.Indicators {
		for _, d := range set.Definitions {
			f.defs[d.ID] = d
		}
	}
	return f
}

// definitions returns the content's definitions the report quotes, in a fixed order.
func (f *figures) definitions() []stdkb.Definition {
	out := []stdkb.Definition{}
	for _, id := range []string{defInventory, defImplementation, targetEffectCoverage, targetPublicity, targetReviewOnTime} {
		if d, ok := f.defs[id]; ok {
			out = append(out, d)
		}
	}
	return out
}

// rule is a definition's text and source. The inventory rule every figure shares is quoted
// once, with the other definitions, at the head of the report.
func (f *figures) rule(id string) (text, source string) {
	d, ok := f.defs[id]
	if !ok {
		return notDefined, ""
	}
	return d.Text, sourceOf(f.lib, d.Sources...)
}

// omittedNote names the system standards the submission leaves out, for every figure's inputs.
func (f *figures) omittedNote() string {
	om := f.inv.omitted()
	if len(om) == 0 {
		return ""
	}
	return fmt.Sprintf("；其中 %d 项为本单位标准体系中未申报的标准，按适用、未实施、未评价、未复审计（%s）", len(om), strings.Join(om, "、"))
}

// implementation computes the implementation rate overall, per framework branch and per level.
func (f *figures) implementation() (RateResult, []RateRow, []RateRow) {
	rule, src := f.rule(defImplementation)
	all := func(entry) bool { return true }
	implemented := func(e entry) bool { return e.Implemented }
	impl, app := f.inv.count(all, implemented)
	inputs := fmt.Sprintf("标准清单 %d 项，其中不适用 %d 项", len(f.inv.entries), len(f.inv.entries)-app) + f.omittedNote()
	overall := rate(impl, app, nil, rule, inputs, src)
	var byDomain []RateRow
	f.lib.Framework.Walk(func(n *stdkb.FrameworkNode, depth int) {
		in := func(e entry) bool { return f.lib.Framework.Covers(n.Code, e.Framework) }
		if depth > 1 && !slices.ContainsFunc(f.inv.entries, in) {
			return // below the 3+7N branches, only where the inventory has standards
		}
		impl, app := f.inv.count(in, implemented)
		byDomain = append(byDomain, RateRow{Key: n.Code, Name: n.Name, Rate: rate(impl, app, nil, sameRule, "体系分支 "+n.Code+" "+n.Name+" 及其下级", "")})
	})
	var byLevel []RateRow
	for _, lv := range []string{"国家", "行业", "地方", "团体", "内部", ""} {
		in := func(e entry) bool { return e.Level == lv }
		if !slices.ContainsFunc(f.inv.entries, in) {
			continue
		}
		name := lv + "标准"
		if lv == "" {
			name = "未注明层级"
		}
		impl, app := f.inv.count(in, implemented)
		byLevel = append(byLevel, RateRow{Key: orUnstated(lv), Name: name, Rate: rate(impl, app, nil, sameRule, name, "")})
	}
	return overall, byDomain, byLevel
}

func orUnstated(level string) string {
	if level == "" {
		return "未注明"
	}
	return level
}

// target returns an indicator's target.
func (f *figures) target(id string) *float64 {
	m, ok := f.targets[id]
	if !ok {
		return nil
	}
	return ptr(m.Target)
}

// inPeriod reports whether d falls within the submission's period.
func (f *figures) inPeriod(d stdkb.Date) bool {
	return !d.IsZero() && !d.Before(f.s.Period.From) && !d.After(f.s.Period.To)
}

// evaluatedInPeriod reports whether an entry has a dated effect evaluation inside the period.
func (f *figures) evaluatedInPeriod(e entry) bool {
	return slices.ContainsFunc(e.EffectEvaluations, func(x EffectEvaluation) bool { return f.inPeriod(x.Date) })
}

// effectCoverage is the share of applicable standards that are implemented and were evaluated
// inside the period.
func (f *figures) effectCoverage() RateResult {
	rule, src := f.rule(targetEffectCoverage)
	credited := func(e entry) bool { return e.Implemented && f.evaluatedInPeriod(e) }
	n, app := f.inv.count(func(entry) bool { return true }, credited)
	var outside, undated, unimplemented []string
	for _, e := range f.inv.entries {
		switch {
		case len(e.EffectEvaluations) > 0 && !f.evaluatedInPeriod(e):
			outside = append(outside, e.label())
		case f.evaluatedInPeriod(e) && !e.Implemented:
			unimplemented = append(unimplemented, e.label())
		case e.EffectEvaluated && len(e.EffectEvaluations) == 0:
			undated = append(undated, e.label())
		}
	}
	inputs := fmt.Sprintf("适用标准 %d 项，期内对已实施标准开展效果评价 %d 项", app, n) + f.omittedNote()
	for _, x := range []struct {
		list []string
		what string
	}{
		{unimplemented, "对未实施的标准开展的实施效果评价不计入"},
		{undated, "标注已开展实施效果评价但未注明评价日期，不计入"},
		{outside, "实施效果评价日期不在评估期内，不计入"},
	} {
		if len(x.list) > 0 {
			inputs += "；" + x.what + "：" + strings.Join(x.list, "、")
			f.flags = append(f.flags, x.what+"："+strings.Join(x.list, "、"))
		}
	}
	return rate(n, app, f.target(targetEffectCoverage), rule, inputs, src)
}
