package evaluator

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"stdkb"
)

// indicators judges each of the plan's indicators the submission gives data for, lists the
// checklist's indicators it does not report as missing, and sets stdkb's own figure beside a
// self-reported one it also computes.
func (f *figures) indicators(c *stdkb.Checklist, r *Report) []IndicatorResult {
	data := map[string]IndicatorData{}
	for _, d := range f.s.Indicators {
		data[d.ID] = d
	}
	var out []IndicatorResult
	for _, set := range f.lib.Indicators {
		for _, m := range set.Metrics {
			src := sourceOf(f.lib, m.Sources...)
			d, ok := data[m.ID]
			switch {
			case ok:
				res := judge(m, d, src)
				annotateIndicator(m, &res)
				f.compare(&res, d, r)
				out = append(out, res)
			case slices.Contains(c.Indicators, m.ID):
				res, computed := f.fromInventory(m, r, src)
				if !computed {
					res = unreported(m, c, src)
				}
				out = append(out, res)
			}
		}
	}
	return out
}

// unreported is an indicator the checklist asks for that the submission leaves out.
func unreported(m stdkb.Indicator, c *stdkb.Checklist, source string) IndicatorResult {
	return IndicatorResult{ID: m.ID, Name: m.Name, Unit: m.Unit, Target: m.Target, Status: IndicatorMissing,
		Explain: Explanation{Rule: "《" + c.Title + "》要求报送本指标", Inputs: "本单位未报送", Arithmetic: "无数据，不按 0 计", Source: source}}
}

// compare puts stdkb's figure beside the unit's own for an indicator stdkb also computes, and
// flags a disagreement. Values are compared as reports show them: percentages to one decimal,
// campaign counts per year.
func (f *figures) compare(res *IndicatorResult, d IndicatorData, r *Report) {
	if res.ID == targetPublicity {
		res.Computed = campaignsIn(r.PublicityYears, res.Year)
		f.compareYears(res, d, r.PublicityYears)
		return
	}
	rate, ok := inventoryRate(res.ID, r)
	if !ok {
		return
	}
	p := f.reportedInPeriod(d)
	if rate.Rate == nil {
		f.notApplicable(res, p)
		return
	}
	own := percent(rate.Rate)
	if p == nil {
		return
	}
	res.Computed = own
	if round(p.Value, 1) == round(*own, 1) {
		res.Explain.Arithmetic += fmt.Sprintf("；与本系统按标准清单计算的 %g%% 一致", *own)
		return
	}
	res.Disagrees = true
	msg := fmt.Sprintf("%s：自报 %g%%（%d年），本系统按标准清单计算为 %g%%，二者不一致", res.Name, p.Value, p.Year, *own)
	res.Explain.Arithmetic += "；" + msg
	f.flags = append(f.flags, msg)
}

// inventoryRate is the rate over the inventory that stands for an indicator, if there is one.
func inventoryRate(id string, r *Report) (RateResult, bool) {
	switch id {
	case targetEffectCoverage:
		return r.EffectCoverage, true
	case targetReviewOnTime:
		return r.ReviewOnTime, true
	}
	return RateResult{}, false
}

// campaignsIn is the number of campaigns counted from the submission in year, nil when the
// year is outside the period.
func campaignsIn(years []YearCount, year int) *float64 {
	for _, y := range years {
		if y.Year == year {
			return ptr(float64(y.Campaigns))
		}
	}
	return nil
}

// notApplicable marks an indicator whose inventory rate has no applicable standards: the report
// reads 无适用项 for it everywhere, and a value the unit reported all the same is flagged.
func (f *figures) notApplicable(res *IndicatorResult, reported *Point) {
	res.Status, res.NotApplicable, res.Progress, res.Expected = IndicatorNotApplicable, true, nil, nil
	res.Explain.Arithmetic = "本系统按标准清单计算：无适用项（分母为 0），不按 0 计，也不判断进度"
	if reported == nil {
		res.Explain.Inputs = "本单位未自报"
		return
	}
	res.Disagrees = true
	msg := fmt.Sprintf("%s：自报 %g%%（%d年），本系统按标准清单计算为无适用项，二者不一致", res.Name, reported.Value, reported.Year)
	res.Explain.Arithmetic += "；" + msg
	f.flags = append(f.flags, msg)
}

// fromInventory judges an indicator the unit did not report but stdkb computes from the
// inventory (coverage, on-time rate, campaigns per year), on the computed figure.
func (f *figures) fromInventory(m stdkb.Indicator, r *Report, source string) (IndicatorResult, bool) {
	d := IndicatorData{ID: m.ID}
	if m.ID == targetPublicity {
		for _, y := range r.PublicityYears {
			d.Values = append(d.Values, Point{Year: y.Year, Value: float64(y.Campaigns)})
		}
	} else if rate, ok := inventoryRate(m.ID, r); !ok {
		return IndicatorResult{}, false
	} else if rate.Rate != nil {
		d.Values = []Point{{Year: f.s.Period.To.Year(), Value: *percent(rate.Rate)}}
	}
	res := judge(m, d, source)
	annotateIndicator(m, &res)
	if len(d.Values) == 0 {
		f.notApplicable(&res, nil)
		return res, true
	}
	res.Computed = res.Value
	if m.ID == targetPublicity {
		res.Computed = campaignsIn(r.PublicityYears, res.Year)
	}
	res.Explain.Inputs = "本单位未自报，按本系统由标准清单计算的数值判断：" + res.Explain.Inputs
	return res, true
}

// compareYears compares self-reported campaign counts with those counted from the submission.
func (f *figures) compareYears(res *IndicatorResult, d IndicatorData, years []YearCount) {
	var diffs []string
	for _, y := range years {
		for _, p := range d.Values {
			if p.Year == y.Year && p.Value != float64(y.Campaigns) {
				diffs = append(diffs, fmt.Sprintf("%d年自报 %g 次、按自评所列活动计 %d 次", y.Year, p.Value, y.Campaigns))
			}
		}
	}
	if len(diffs) > 0 {
		res.Disagrees = true
		msg := res.Name + "：" + strings.Join(diffs, "，") + "，二者不一致"
		res.Explain.Arithmetic += "；" + msg
		f.flags = append(f.flags, msg)
	}
}

// reportedInPeriod returns the latest self-reported value inside the submission's period.
func (f *figures) reportedInPeriod(d IndicatorData) *Point {
	var p *Point
	for i, x := range d.Values {
		if x.Year >= f.s.Period.From.Year() && x.Year <= f.s.Period.To.Year() && (p == nil || x.Year > p.Year) {
			p = &d.Values[i]
		}
	}
	return p
}

func percent(rate *float64) *float64 {
	if rate == nil {
		return nil
	}
	return ptr(round(100**rate, 2))
}

// judgement works out one indicator's status.
type judgement struct {
	m      stdkb.Indicator
	d      IndicatorData
	r      IndicatorResult
	cmp    string // ≤ or ≥
	latest *Point // the latest value from the indicator's first year on
}

// judge computes an indicator's value, where the straight line from its baseline (or the start
// of the period) to the target stands in the latest year, and the status.
func judge(m stdkb.Indicator, d IndicatorData, source string) IndicatorResult {
	j := &judgement{m: m, d: d, cmp: map[string]string{"<=": "≤", ">=": "≥"}[m.Comparator],
		r: IndicatorResult{ID: m.ID, Name: m.Name, Unit: m.Unit, Target: m.Target, Status: IndicatorMissing}}
	j.r.Explain.Source = source
	for i := range d.Values {
		if d.Values[i].Year >= m.FromYear && (j.latest == nil || d.Values[i].Year > j.latest.Year) {
			j.latest = &d.Values[i]
		}
	}
	switch m.Type {
	case stdkb.IndicatorChange:
		j.change()
	case stdkb.IndicatorLevel:
		j.level()
	case stdkb.IndicatorCumulative:
		j.cumulative()
	}
	return j.r
}

func (j *judgement) meets(v, t float64) bool {
	if j.m.Comparator == "<=" {
		return v <= t+1e-9
	}
	return v >= t-1e-9
}

// noData records that there is nothing to judge: missing, never zero.
func (j *judgement) noData(inputs string) {
	j.r.Explain.Inputs = inputs
	j.r.Explain.Arithmetic = "无数据，不按 0 计"
}

// track sets the status of a value against the target and the straight line to it.
func (j *judgement) track(v, expected float64, wrongWay bool) {
	switch {
	case j.meets(v, j.m.Target):
		j.r.Status = IndicatorMet
	case wrongWay:
		j.r.Status = IndicatorOffTrack
		j.r.Explain.Arithmetic += "；变化方向与目标相反"
	case j.meets(v, expected):
		j.r.Status = IndicatorOnTrack
	default:
		j.r.Status = IndicatorOffTrack
	}
}

func (j *judgement) progress(share float64) {
	j.r.Progress = ptr(round(math.Max(0, math.Min(1, share)), 4))
}

// line is where the straight line from (fromYear, from) to (toYear, to) stands in year.
func line(from, to float64, fromYear, toYear, year int) float64 {
	return round(from+(to-from)*float64(year-fromYear)/float64(toYear-fromYear), 2)
}

func (j *judgement) change() {
	m, d := j.m, j.d
	j.r.Explain.Rule = fmt.Sprintf("较%d年变化率 = (最新值 − 基数) ÷ 基数；目标 %s %g%%，按%d—%d年直线进度判断", m.BaselineYear, j.cmp, m.Target, m.FromYear, m.ToYear)
	if j.latest == nil || d.Baseline == nil {
		j.noData(fmt.Sprintf("缺少基数或%d年以来的数据", m.FromYear))
		return
	}
	change := round(100*(j.latest.Value-d.Baseline.Value)/d.Baseline.Value, 2)
	expected := line(0, m.Target, m.BaselineYear, m.ToYear, j.latest.Year)
	j.r.Year, j.r.Value, j.r.Expected = j.latest.Year, &change, &expected
	j.r.Explain.Inputs = fmt.Sprintf("%d年基数 %g，%d年 %g", d.Baseline.Year, d.Baseline.Value, j.latest.Year, j.latest.Value)
	j.r.Explain.Arithmetic = fmt.Sprintf("(%g − %g) ÷ %g = %+.2f%%；直线进度 %g × (%d − %d) ÷ (%d − %d) = %+.2f%%",
		j.latest.Value, d.Baseline.Value, d.Baseline.Value, change, m.Target, j.latest.Year, m.BaselineYear, m.ToYear, m.BaselineYear, expected)
	j.track(change, expected, (m.Target < 0 && change > 0) || (m.Target > 0 && change < 0))
	if m.Target != 0 {
		j.progress(change / m.Target)
	}
}

func (j *judgement) level() {
	m, d := j.m, j.d
	j.r.Explain.Rule = fmt.Sprintf("%s %s %g%s", m.Name, j.cmp, m.Target, m.Unit)
	if m.Annual {
		j.r.Explain.Rule += "，每年均须达到"
	} else if d.Baseline != nil {
		j.r.Explain.Rule += fmt.Sprintf("；有基数时按%d年基数至%d年目标的直线进度判断", d.Baseline.Year, m.ToYear)
	}
	if j.latest == nil {
		j.noData(fmt.Sprintf("缺少%d年以来的数据", m.FromYear))
		return
	}
	v := j.latest.Value
	j.r.Year, j.r.Value = j.latest.Year, &v
	var years, misses []string
	for _, p := range d.Values {
		if p.Year < m.FromYear {
			continue
		}
		years = append(years, fmt.Sprintf("%d年 %g", p.Year, p.Value))
		if !j.meets(p.Value, m.Target) {
			misses = append(misses, fmt.Sprint(p.Year))
		}
	}
	j.r.Explain.Inputs = strings.Join(years, "，")
	j.r.Explain.Arithmetic = fmt.Sprintf("%d年 %g %s %g", j.latest.Year, v, map[bool]string{true: j.cmp, false: "未" + j.cmp}[j.meets(v, m.Target)], m.Target)
	switch {
	case m.Annual:
		j.annual(v, misses)
	case d.Baseline != nil && d.Baseline.Year < j.latest.Year && d.Baseline.Year < m.ToYear:
		j.levelTrack(v)
	default:
		j.r.Status = map[bool]string{true: IndicatorMet, false: IndicatorOffTrack}[j.meets(v, m.Target)]
		j.levelProgress(v)
	}
}

// annual judges a level every year of which must meet the target.
func (j *judgement) annual(v float64, misses []string) {
	j.r.Status = IndicatorOffTrack
	if j.meets(v, j.m.Target) && len(misses) == 0 {
		j.r.Status = IndicatorMet
	}
	if len(misses) > 0 {
		j.r.Explain.Arithmetic += "；未达标年份：" + strings.Join(misses, "、")
	}
	j.levelProgress(v)
}

// levelTrack judges a level with a baseline against the straight line from it to the target.
func (j *judgement) levelTrack(v float64) {
	b, m := j.d.Baseline, j.m
	expected := line(b.Value, m.Target, b.Year, m.ToYear, j.latest.Year)
	j.r.Expected = &expected
	j.r.Explain.Inputs = fmt.Sprintf("%d年基数 %g；", b.Year, b.Value) + j.r.Explain.Inputs
	j.r.Explain.Arithmetic += fmt.Sprintf("；直线进度 %g + (%g − %g) × (%d − %d) ÷ (%d − %d) = %g",
		b.Value, m.Target, b.Value, j.latest.Year, b.Year, m.ToYear, b.Year, expected)
	j.track(v, expected, (m.Target > b.Value && v < b.Value) || (m.Target < b.Value && v > b.Value))
	if m.Target != b.Value {
		j.progress((v - b.Value) / (m.Target - b.Value))
	}
}

func (j *judgement) levelProgress(v float64) {
	if j.m.Target == 0 {
		return
	}
	p := v / j.m.Target
	if j.m.Comparator == "<=" && v != 0 {
		p = j.m.Target / v
	}
	j.progress(p)
}

func (j *judgement) cumulative() {
	m, d := j.m, j.d
	j.r.Explain.Rule = fmt.Sprintf("%d—%d年累计 %s %g%s，按年度直线进度判断", m.FromYear, m.ToYear, j.cmp, m.Target, m.Unit)
	if j.latest == nil {
		j.noData(fmt.Sprintf("缺少%d年以来的数据", m.FromYear))
		return
	}
	sum := 0.0
	var terms []string
	for _, p := range d.Values {
		if p.Year >= m.FromYear && p.Year <= j.latest.Year {
			sum += p.Value
			terms = append(terms, fmt.Sprintf("%g", p.Value))
		}
	}
	sum = round(sum, 2)
	span := float64(m.ToYear - m.FromYear + 1)
	expected := round(m.Target*float64(j.latest.Year-m.FromYear+1)/span, 2)
	j.r.Year, j.r.Value, j.r.Expected = j.latest.Year, &sum, &expected
	j.r.Explain.Inputs = fmt.Sprintf("%d—%d年逐年数据", m.FromYear, j.latest.Year)
	j.r.Explain.Arithmetic = fmt.Sprintf("%s = %g；直线进度 %g × %d ÷ %g = %g", strings.Join(terms, " + "), sum, m.Target, j.latest.Year-m.FromYear+1, span, expected)
	j.track(sum, expected, false)
	if m.Target != 0 {
		j.progress(sum / m.Target)
	}
}
