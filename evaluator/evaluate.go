package evaluator

import (
	"fmt"
	"math"
	"strings"

	"stdkb"
)

// Indicator ids whose targets the inventory scores are judged against. The targets themselves
// are content (indicators/standardization.md); these name which ones apply.
const (
	targetEffectCoverage = "effect-evaluation-coverage"
	targetPublicity      = "standard-promotion-evaluation"
	targetReviewOnTime   = "review-on-time-rate"
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
	Unit           string            `json:"unit"`
	Period         Period            `json:"period"`
	Stage          string            `json:"stage"`
	Sample         bool              `json:"sample"`
	Checklist      ChecklistScore    `json:"checklist"`
	Implementation RateResult        `json:"implementation"`
	ByDomain       []RateRow         `json:"implementation_by_domain"`
	ByLevel        []RateRow         `json:"implementation_by_level"`
	EffectCoverage RateResult        `json:"effect_evaluation_coverage"`
	Publicity      RateResult        `json:"publicity"`
	ReviewOnTime   RateResult        `json:"review_on_time"`
	Indicators     []IndicatorResult `json:"indicators"`
	Milestones     []MilestoneResult `json:"milestones,omitempty"`
	Flags          []string          `json:"flags"` // items needing the committee's attention
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
	Aspirational bool        `json:"aspirational,omitempty"`
	Explain      Explanation `json:"explain"`
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
		return nil, stdkb.Errorf(stdkb.EINVALID, "no checklist %q", s.Checklist)
	}
	r := &Report{Unit: s.Unit, Period: s.Period, Stage: s.Stage, Sample: s.Sample || c.Sample, Flags: []string{}}
	r.Checklist = scoreChecklist(s, c, lib)
	annotateMilestoneItems(c, &r.Checklist, s.Milestones)
	for _, sec := range r.Checklist.Sections {
		for _, it := range sec.Items {
			for _, f := range it.Flags {
				r.Flags = append(r.Flags, it.ID+"："+f)
			}
		}
	}
	targets := indicatorIndex(lib)
	r.Implementation, r.ByDomain, r.ByLevel = implementation(s, lib)
	r.ByDomain, r.ByLevel = orEmpty(r.ByDomain), orEmpty(r.ByLevel)
	r.EffectCoverage = effectCoverage(s, lib, targets)
	r.Publicity = publicity(s, lib, targets)
	r.ReviewOnTime = reviewOnTime(s, lib, ledger, today, targets)
	r.Indicators = orEmpty(indicators(s, lib))
	r.Milestones = milestones(s, lib, today)
	return r, nil
}

// orEmpty turns nil into an empty slice, so JSON shows [] rather than null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// scoreChecklist applies each item's rule to its response.
func scoreChecklist(s *Submission, c *stdkb.Checklist, lib *stdkb.Library) ChecklistScore {
	responses := map[string]ItemResponse{}
	for _, r := range s.Items {
		responses[r.ID] = r
	}
	levels := map[string]stdkb.Level{}
	var levelText []string
	for _, l := range c.Levels {
		levels[l.Name] = l
		if l.NotApplicable {
			levelText = append(levelText, l.Name+"=不计入")
		} else {
			levelText = append(levelText, fmt.Sprintf("%s=%g", l.Name, l.Credit))
		}
	}
	evidenceRule := map[string]string{
		stdkb.EvidenceZero: "缺少佐证材料的条目不得分",
		stdkb.EvidenceHalf: "缺少佐证材料的条目得分减半",
		stdkb.EvidenceFlag: "缺少佐证材料的条目保留得分并提示复核",
	}[c.MissingEvidence]
	out := ChecklistScore{ID: c.ID, Title: c.Title}
	for _, sec := range c.Sections {
		ss := SectionScore{ID: sec.ID, Title: sec.Title}
		for _, it := range sec.Items {
			is := scoreItem(it, responses, levels, levelText, c.MissingEvidence, evidenceRule)
			if it.Source != nil {
				is.Explain.Source = sourceOf(lib, *it.Source)
			}
			if is.Counted {
				ss.Score += is.Score
				ss.Max += it.Max
			}
			out.FullMax += it.Max
			ss.Items = append(ss.Items, is)
		}
		ss.Score = round(ss.Score, 2)
		out.Total += ss.Score
		out.Max += ss.Max
		out.Sections = append(out.Sections, ss)
	}
	out.Total = round(out.Total, 2)
	out.PassScore = c.PassScore
	if out.Max < out.FullMax && out.FullMax > 0 {
		out.PassScore = round(c.PassScore*out.Max/out.FullMax, 2)
	}
	out.Passed = out.Max > 0 && out.Total >= out.PassScore
	var parts []string
	for _, ss := range out.Sections {
		parts = append(parts, fmt.Sprintf("%g", ss.Score))
	}
	out.Explain = Explanation{
		Rule:       fmt.Sprintf("总分为各条目得分之和；合格线 %g 分（满分 %g）。标为不适用的条目不计入满分，合格线按适用条目满分同比例折算。", c.PassScore, out.FullMax),
		Inputs:     fmt.Sprintf("%d 个分组，适用条目满分 %g", len(out.Sections), out.Max),
		Arithmetic: fmt.Sprintf("%s = %g；合格线 %g × %g / %g = %g；%g %s %g", strings.Join(parts, " + "), out.Total, c.PassScore, out.Max, out.FullMax, out.PassScore, out.Total, map[bool]string{true: "≥", false: "<"}[out.Passed], out.PassScore),
		Source:     sourceOf(lib, c.Sources...),
	}
	return out
}

func scoreItem(it stdkb.ChecklistItem, responses map[string]ItemResponse, levels map[string]stdkb.Level, levelText []string, missingRule, evidenceRule string) ItemScore {
	is := ItemScore{ID: it.ID, Text: it.Text, Max: it.Max, Counted: true}
	r, answered := responses[it.ID]
	ruleText := map[string]string{
		stdkb.RuleLevels:  "按等级计分：" + strings.Join(levelText, "，") + "，乘以满分",
		stdkb.RuleScore:   fmt.Sprintf("直接填写 0 至 %g 分", it.Max),
		stdkb.RuleBoolean: "达标得满分，不达标不得分",
	}[it.Rule]
	is.Explain.Rule = ruleText
	if !answered {
		is.Response = "未作答"
		is.Flags = append(is.Flags, "未作答，按 0 分计")
		is.Explain.Inputs = "未作答"
		is.Explain.Arithmetic = "0"
		return is
	}
	var raw float64
	switch {
	case r.Score != nil:
		raw = *r.Score
		is.Response = fmt.Sprintf("%g分", raw)
		is.Explain.Arithmetic = fmt.Sprintf("%g", raw)
	default:
		l := levels[r.Level]
		is.Response = r.Level
		if l.NotApplicable {
			is.Counted = false
			is.Explain.Inputs = "不适用"
			is.Explain.Arithmetic = "不计入得分与满分"
			return is
		}
		raw = l.Credit * it.Max
		is.Explain.Arithmetic = fmt.Sprintf("%g × %g = %g", l.Credit, it.Max, round(raw, 2))
	}
	is.Explain.Inputs = "作答：" + is.Response
	if len(it.Evidence) > 0 {
		is.Explain.Inputs += fmt.Sprintf("；要求佐证：%s；提供 %d 份", strings.Join(it.Evidence, "、"), len(r.Evidence))
	}
	if len(it.Evidence) > 0 && len(r.Evidence) == 0 && raw > 0 {
		is.Explain.Rule += "；" + evidenceRule
		switch missingRule {
		case stdkb.EvidenceZero:
			is.Explain.Arithmetic += "；缺少佐证 → 0"
			raw = 0
		case stdkb.EvidenceHalf:
			is.Explain.Arithmetic += fmt.Sprintf("；缺少佐证 → %g ÷ 2 = %g", round(raw, 2), round(raw/2, 2))
			raw /= 2
		}
		is.Flags = append(is.Flags, "缺少佐证材料："+strings.Join(it.Evidence, "、"))
	}
	is.Score = round(math.Min(math.Max(raw, 0), it.Max), 2)
	return is
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

// implementation computes the standard implementation rate overall, per framework branch and
// per level: implemented ÷ applicable.
func implementation(s *Submission, lib *stdkb.Library) (RateResult, []RateRow, []RateRow) {
	// The unit's own standard system is the default inventory: a standard in it that the
	// submission does not list counts as applicable and not implemented.
	inventory := append([]Standard(nil), s.Standards...)
	listed := map[string]bool{}
	for _, st := range s.Standards {
		if st.Doc != "" {
			listed[st.Doc] = true
		}
	}
	var undeclared []string
	if u, ok := lib.Unit(s.Unit); ok {
		for _, d := range lib.SystemOf(u).Documents {
			if d.Kind != stdkb.KindStandard || listed[d.ID] {
				continue
			}
			e := d.Latest()
			undeclared = append(undeclared, e.Number)
			inventory = append(inventory, Standard{Doc: d.ID, Number: e.Number, Title: e.Title, Level: e.Level, Framework: e.Framework, Applicable: true})
		}
	}
	count := func(keep func(Standard) bool) (impl, app int) {
		for _, st := range inventory {
			if st.Applicable && keep(st) {
				app++
				if st.Implemented {
					impl++
				}
			}
		}
		return
	}
	rule := "标准实施率 = 已实施的适用标准数 ÷ 适用标准数；不适用的标准不计入分母"
	impl, app := count(func(Standard) bool { return true })
	na := len(inventory) - app
	inputs := fmt.Sprintf("标准清单 %d 项，其中不适用 %d 项", len(inventory), na)
	if len(undeclared) > 0 {
		rule += "；本单位标准体系中未在清单申报的标准按适用、未实施计"
		inputs += fmt.Sprintf("；其中 %d 项为本单位标准体系中未申报的标准（%s）", len(undeclared), strings.Join(undeclared, "、"))
	}
	overall := rate(impl, app, nil, rule, inputs, "")
	var byDomain []RateRow
	lib.Framework.Walk(func(n *stdkb.FrameworkNode, _ int) {
		impl, app := count(func(st Standard) bool { return lib.Framework.Covers(n.Code, st.Framework) })
		if app > 0 {
			byDomain = append(byDomain, RateRow{Key: n.Code, Name: n.Name, Rate: rate(impl, app, nil, rule, "体系分支 "+n.Code+" "+n.Name+" 及其下级", "")})
		}
	})
	var byLevel []RateRow
	for _, lv := range []string{"国家", "行业", "地方", "团体", "内部"} {
		impl, app := count(func(st Standard) bool { return st.Level == lv })
		if app > 0 {
			byLevel = append(byLevel, RateRow{Key: lv, Name: lv + "标准", Rate: rate(impl, app, nil, rule, lv+"标准", "")})
		}
	}
	return overall, byDomain, byLevel
}

// target returns an indicator's target and its source.
func target(lib *stdkb.Library, targets map[string]stdkb.Indicator, id string) (*float64, string) {
	m, ok := targets[id]
	if !ok {
		return nil, ""
	}
	return ptr(m.Target), sourceOf(lib, m.Sources...)
}

func effectCoverage(s *Submission, lib *stdkb.Library, targets map[string]stdkb.Indicator) RateResult {
	n, app := 0, 0
	for _, st := range s.Standards {
		if st.Applicable {
			app++
			if st.EffectEvaluated {
				n++
			}
		}
	}
	t, src := target(lib, targets, targetEffectCoverage)
	return rate(n, app, t, "实施效果评价覆盖率 = 本期开展实施效果评价的适用标准数 ÷ 适用标准数", fmt.Sprintf("适用标准 %d 项，开展效果评价 %d 项", app, n), src)
}

// publicity counts the applicable standards publicised (宣贯) or evaluated within the period.
func publicity(s *Submission, lib *stdkb.Library, targets map[string]stdkb.Indicator) RateResult {
	n, app := 0, 0
	for _, st := range s.Standards {
		if !st.Applicable {
			continue
		}
		app++
		if !st.LastPublicity.IsZero() && !st.LastPublicity.Before(s.Period.From) && !st.LastPublicity.After(s.Period.To) {
			n++
		}
	}
	t, src := target(lib, targets, targetPublicity)
	r := rate(n, app, nil, "本期内开展过宣传贯彻或实施评估的适用标准数 ÷ 适用标准数；规划要求每年至少集中开展一次", fmt.Sprintf("期间 %s 至 %s，适用标准 %d 项，期内宣贯 %d 项", s.Period.From, s.Period.To, app, n), src)
	if t != nil {
		met := float64(n) >= *t
		r.Met = &met
		r.Explain.Arithmetic += fmt.Sprintf("；期内宣贯 %d 项，要求至少 %g 次：%s", n, *t, map[bool]string{true: "达到", false: "未达到"}[met])
	}
	return r
}

// reviewOnTime is the on-time review rate of the inventory's standards that are in the library.
func reviewOnTime(s *Submission, lib *stdkb.Library, ledger []stdkb.ReviewDecision, today stdkb.Date, targets map[string]stdkb.Indicator) RateResult {
	mine := map[string]bool{}
	for _, st := range s.Standards {
		if st.Doc != "" && st.Applicable {
			mine[st.Doc] = true
		}
	}
	var docs []*stdkb.Document
	for _, d := range lib.Documents {
		if mine[d.ID] {
			docs = append(docs, d)
		}
	}
	sub := stdkb.NewLibrary(lib.Framework, docs, nil, nil)
	sub.Policy = lib.Policy
	r := stdkb.OnTimeReviews(sub, ledger, s.Period.From, s.Period.To, today)
	var late []string
	for _, d := range r.Reviews {
		if d.Result != "on_time" {
			late = append(late, fmt.Sprintf("%s（%s到期，%s）", d.Number, d.Due, map[string]string{"late": "逾期完成", "missing": "未复审"}[d.Result]))
		}
	}
	inputs := fmt.Sprintf("清单中在知识库登记的适用标准 %d 项，期内到期复审 %d 次", len(docs), r.Total.Due)
	if len(late) > 0 {
		inputs += "；未按期：" + strings.Join(late, "、")
	}
	t, src := target(lib, targets, targetReviewOnTime)
	return rate(r.Total.OnTime, r.Total.Due, t, "标准按期复审率 = 期内到期且在到期日前完成复审的次数 ÷ 期内到期的复审次数", inputs, src)
}

// indicators judges each of the plan's indicators the submission gives data for, and lists the
// others as missing.
func indicators(s *Submission, lib *stdkb.Library) []IndicatorResult {
	data := map[string]IndicatorData{}
	for _, d := range s.Indicators {
		data[d.ID] = d
	}
	var out []IndicatorResult
	for _, set := range lib.Indicators {
		for _, m := range set.Metrics {
			d, ok := data[m.ID]
			if !ok {
				continue
			}
			r := judge(m, d, sourceOf(lib, m.Sources...))
			annotateIndicator(m, &r)
			out = append(out, r)
		}
	}
	return out
}

// judge computes an indicator's value, where the straight line from the start of the period to
// the target stands in the latest year, and the status.
func judge(m stdkb.Indicator, d IndicatorData, source string) IndicatorResult {
	r := IndicatorResult{ID: m.ID, Name: m.Name, Unit: m.Unit, Target: m.Target, Status: IndicatorMissing}
	cmp := map[string]string{"<=": "≤", ">=": "≥"}[m.Comparator]
	r.Explain.Source = source
	meets := func(v, t float64) bool {
		if m.Comparator == "<=" {
			return v <= t+1e-9
		}
		return v >= t-1e-9
	}
	var latest *Point
	for i := range d.Values {
		if d.Values[i].Year >= m.FromYear && (latest == nil || d.Values[i].Year > latest.Year) {
			latest = &d.Values[i]
		}
	}
	span := float64(m.ToYear - m.FromYear + 1)
	switch m.Type {
	case stdkb.IndicatorChange:
		r.Explain.Rule = fmt.Sprintf("较%d年变化率 = (最新值 − 基数) ÷ 基数；目标 %s %g%%，按%d—%d年直线进度判断", m.BaselineYear, cmp, m.Target, m.FromYear, m.ToYear)
		if latest == nil || d.Baseline == nil {
			r.Explain.Inputs = fmt.Sprintf("缺少基数或%d年以来的数据", m.FromYear)
			r.Explain.Arithmetic = "无数据，不按 0 计"
			return r
		}
		change := round(100*(latest.Value-d.Baseline.Value)/d.Baseline.Value, 2)
		expected := round(m.Target*float64(latest.Year-m.BaselineYear)/float64(m.ToYear-m.BaselineYear), 2)
		r.Year, r.Value, r.Expected = latest.Year, &change, &expected
		r.Explain.Inputs = fmt.Sprintf("%d年基数 %g，%d年 %g", d.Baseline.Year, d.Baseline.Value, latest.Year, latest.Value)
		r.Explain.Arithmetic = fmt.Sprintf("(%g − %g) ÷ %g = %+.2f%%；直线进度 %g × (%d − %d) ÷ (%d − %d) = %+.2f%%",
			latest.Value, d.Baseline.Value, d.Baseline.Value, change, m.Target, latest.Year, m.BaselineYear, m.ToYear, m.BaselineYear, expected)
		switch {
		case meets(change, m.Target):
			r.Status = IndicatorMet
		case (m.Target < 0 && change > 0) || (m.Target > 0 && change < 0):
			r.Status = IndicatorOffTrack
			r.Explain.Arithmetic += "；变化方向与目标相反"
		case meets(change, expected):
			r.Status = IndicatorOnTrack
		default:
			r.Status = IndicatorOffTrack
		}
		if m.Target != 0 {
			r.Progress = ptr(round(math.Max(0, math.Min(1, change/m.Target)), 4))
		}
	case stdkb.IndicatorLevel:
		r.Explain.Rule = fmt.Sprintf("%s %s %g%s", m.Name, cmp, m.Target, m.Unit)
		if m.Annual {
			r.Explain.Rule += "，每年均须达到"
		}
		if latest == nil {
			r.Explain.Inputs = fmt.Sprintf("缺少%d年以来的数据", m.FromYear)
			r.Explain.Arithmetic = "无数据，不按 0 计"
			return r
		}
		v := latest.Value
		r.Year, r.Value = latest.Year, &v
		var years, misses []string
		for _, p := range d.Values {
			if p.Year < m.FromYear {
				continue
			}
			years = append(years, fmt.Sprintf("%d年 %g", p.Year, p.Value))
			if !meets(p.Value, m.Target) {
				misses = append(misses, fmt.Sprint(p.Year))
			}
		}
		r.Explain.Inputs = strings.Join(years, "，")
		met := meets(v, m.Target) && (!m.Annual || len(misses) == 0)
		r.Explain.Arithmetic = fmt.Sprintf("%d年 %g %s %g", latest.Year, v, map[bool]string{true: cmp, false: "未" + cmp}[meets(v, m.Target)], m.Target)
		if m.Annual && len(misses) > 0 {
			r.Explain.Arithmetic += "；未达标年份：" + strings.Join(misses, "、")
		}
		r.Status = IndicatorOffTrack
		if met {
			r.Status = IndicatorMet
		}
		if m.Target != 0 {
			p := v / m.Target
			if m.Comparator == "<=" && v != 0 {
				p = m.Target / v
			}
			r.Progress = ptr(round(math.Max(0, math.Min(1, p)), 4))
		}
	case stdkb.IndicatorCumulative:
		r.Explain.Rule = fmt.Sprintf("%d—%d年累计 %s %g%s，按年度直线进度判断", m.FromYear, m.ToYear, cmp, m.Target, m.Unit)
		if latest == nil {
			r.Explain.Inputs = fmt.Sprintf("缺少%d年以来的数据", m.FromYear)
			r.Explain.Arithmetic = "无数据，不按 0 计"
			return r
		}
		sum := 0.0
		var terms []string
		for _, p := range d.Values {
			if p.Year >= m.FromYear && p.Year <= latest.Year {
				sum += p.Value
				terms = append(terms, fmt.Sprintf("%g", p.Value))
			}
		}
		sum = round(sum, 2)
		expected := round(m.Target*float64(latest.Year-m.FromYear+1)/span, 2)
		r.Year, r.Value, r.Expected = latest.Year, &sum, &expected
		r.Explain.Inputs = fmt.Sprintf("%d—%d年逐年数据", m.FromYear, latest.Year)
		r.Explain.Arithmetic = fmt.Sprintf("%s = %g；直线进度 %g × %d ÷ %g = %g", strings.Join(terms, " + "), sum, m.Target, latest.Year-m.FromYear+1, span, expected)
		switch {
		case meets(sum, m.Target):
			r.Status = IndicatorMet
		case meets(sum, expected):
			r.Status = IndicatorOnTrack
		default:
			r.Status = IndicatorOffTrack
		}
		if m.Target != 0 {
			r.Progress = ptr(round(math.Max(0, math.Min(1, sum/m.Target)), 4))
		}
	}
	return r
}
