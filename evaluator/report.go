package evaluator

import (
	"fmt"
	"html"
	"io"
	"math"
	"strings"

	"github.com/mattn/go-runewidth"
)

var statusNames = map[string]string{
	IndicatorMet: "已达标", IndicatorOnTrack: "进度正常", IndicatorOffTrack: "进度滞后", IndicatorMissing: "缺少数据",
}

func pct(r RateResult) string {
	if r.Rate == nil {
		return "—（无适用项）"
	}
	s := fmt.Sprintf("%.1f%%（%d/%d）", 100**r.Rate, r.Numerator, r.Denominator)
	if r.Met != nil {
		s += map[bool]string{true: " 达标", false: " 未达标"}[*r.Met]
	}
	return s
}

func value(v *float64, unit string) string {
	if v == nil {
		return "—"
	}
	return fmt.Sprintf("%g%s", *v, unit)
}

// Markdown writes the report as markdown, every figure followed by its explanation: what a
// committee signs off.
func Markdown(w io.Writer, r *Report) error {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	explain := func(e Explanation) {
		p("  - 规则：%s\n  - 数据：%s\n  - 计算：%s\n", e.Rule, e.Inputs, e.Arithmetic)
		if e.Source != "" {
			p("  - 依据：%s\n", e.Source)
		}
	}
	title := r.Unit + " " + r.Stage + "报告"
	if r.Sample {
		title += "（示例）"
	}
	p("# %s\n\n期间：%s 至 %s\n\n", title, r.Period.From, r.Period.To)
	c := r.Checklist
	p("## 摘要\n\n| 项目 | 结果 |\n| --- | --- |\n")
	p("| %s | %g / %g 分，合格线 %g，%s |\n", c.Title, c.Total, c.Max, c.PassScore, map[bool]string{true: "**合格**", false: "**不合格**"}[c.Passed])
	p("| 标准实施率 | %s |\n| 实施效果评价覆盖率 | %s |\n| 宣贯与实施评估 | %s |\n| 标准按期复审率 | %s |\n\n",
		pct(r.Implementation), pct(r.EffectCoverage), pct(r.Publicity), pct(r.ReviewOnTime))
	if len(r.Flags) > 0 {
		p("## 需评审组关注\n\n")
		for _, f := range r.Flags {
			p("- %s\n", f)
		}
		p("\n")
	}
	p("## 检查表得分\n\n")
	explain(c.Explain)
	for _, s := range c.Sections {
		p("\n### %s（%g / %g）\n\n", s.Title, s.Score, s.Max)
		for _, it := range s.Items {
			counted := ""
			if !it.Counted {
				counted = "，不计入"
			}
			p("- **%s** %s：%s，得 %g / %g 分%s\n", it.ID, it.Text, it.Response, it.Score, it.Max, counted)
			explain(it.Explain)
		}
	}
	p("\n## 标准实施率\n\n总体：%s\n", pct(r.Implementation))
	explain(r.Implementation.Explain)
	if len(r.ByDomain) > 0 {
		p("\n| 体系分支 | 实施率 |\n| --- | --- |\n")
		for _, row := range r.ByDomain {
			p("| %s %s | %s |\n", row.Key, row.Name, pct(row.Rate))
		}
	}
	if len(r.ByLevel) > 0 {
		p("\n| 层级 | 实施率 |\n| --- | --- |\n")
		for _, row := range r.ByLevel {
			p("| %s | %s |\n", row.Name, pct(row.Rate))
		}
	}
	for _, x := range []struct {
		name string
		r    RateResult
	}{{"实施效果评价覆盖率", r.EffectCoverage}, {"宣贯与实施评估", r.Publicity}, {"标准按期复审率", r.ReviewOnTime}} {
		p("\n## %s\n\n%s\n", x.name, pct(x.r))
		explain(x.r.Explain)
	}
	if len(r.Indicators) > 0 {
		p("\n## 规划指标\n\n| 指标 | 目标 | 最新 | 直线进度 | 状态 |\n| --- | --- | --- | --- | --- |\n")
		for _, in := range r.Indicators {
			p("| %s | %g%s | %s | %s | %s |\n", in.Name, in.Target, in.Unit, value(in.Value, in.Unit), value(in.Expected, in.Unit), statusNames[in.Status])
		}
		for _, in := range r.Indicators {
			p("\n- **%s**：%s\n", in.Name, statusNames[in.Status])
			explain(in.Explain)
		}
	}
	p("\n## 图表\n\n%s\n", Chart(r))
	return nil
}

// Text writes a short summary for a terminal.
func Text(w io.Writer, r *Report) error {
	c := r.Checklist
	sample := ""
	if r.Sample {
		sample = "【示例】"
	}
	fmt.Fprintf(w, "%s%s %s（%s 至 %s）\n", sample, r.Unit, r.Stage, r.Period.From, r.Period.To)
	fmt.Fprintf(w, "检查表 %s：%g / %g 分，合格线 %g，%s\n", c.Title, c.Total, c.Max, c.PassScore, map[bool]string{true: "合格", false: "不合格"}[c.Passed])
	for _, s := range c.Sections {
		fmt.Fprintf(w, "  %-10s %g / %g\n", s.Title, s.Score, s.Max)
	}
	fmt.Fprintf(w, "标准实施率：%s\n实施效果评价覆盖率：%s\n宣贯与实施评估：%s\n标准按期复审率：%s\n",
		pct(r.Implementation), pct(r.EffectCoverage), pct(r.Publicity), pct(r.ReviewOnTime))
	for _, in := range r.Indicators {
		fmt.Fprintf(w, "指标 %s：%s（最新 %s，目标 %g%s）\n", in.Name, statusNames[in.Status], value(in.Value, in.Unit), in.Target, in.Unit)
	}
	for _, f := range r.Flags {
		fmt.Fprintf(w, "提示：%s\n", f)
	}
	return nil
}

// Rows lays the report out as a table for spreadsheets: one row per figure, the figure alone in
// 结果 (a plain number or percentage, which a spreadsheet stores as a number) and what qualifies
// it in 说明.
func Rows(r *Report) [][]string {
	rows := [][]string{{"类别", "项目", "结果", "说明", "满分/目标", "规则", "数据", "计算", "依据"}}
	add := func(cat, name, result, note, max string, e Explanation) {
		rows = append(rows, []string{cat, name, result, note, max, e.Rule, e.Inputs, e.Arithmetic, e.Source})
	}
	rate := func(cat, name string, rr RateResult) {
		result, note := rateCells(rr)
		add(cat, name, result, note, "", rr.Explain)
	}
	c := r.Checklist
	add("检查表", c.Title, fmt.Sprintf("%g", c.Total), map[bool]string{true: "合格", false: "不合格"}[c.Passed], fmt.Sprintf("%g（合格线 %g）", c.Max, c.PassScore), c.Explain)
	for _, s := range c.Sections {
		for _, it := range s.Items {
			add("检查表条目", it.ID+" "+it.Text, fmt.Sprintf("%g", it.Score), it.Response, fmt.Sprintf("%g", it.Max), it.Explain)
		}
	}
	rate("标准", "标准实施率", r.Implementation)
	for _, row := range r.ByDomain {
		rate("标准实施率（体系）", row.Key+" "+row.Name, row.Rate)
	}
	for _, row := range r.ByLevel {
		rate("标准实施率（层级）", row.Name, row.Rate)
	}
	rate("标准", "实施效果评价覆盖率", r.EffectCoverage)
	rate("标准", "宣贯与实施评估", r.Publicity)
	rate("标准", "标准按期复审率", r.ReviewOnTime)
	for _, in := range r.Indicators {
		result, note := "", statusNames[in.Status]
		if in.Value != nil {
			result = fmt.Sprintf("%g", *in.Value)
			if in.Unit != "" {
				note += "（单位：" + in.Unit + "）"
			}
		}
		add("规划指标", in.Name, result, note, fmt.Sprintf("%g%s", in.Target, in.Unit), in.Explain)
	}
	return rows
}

// rateCells splits a rate into its percentage and the counts and verdict behind it.
func rateCells(r RateResult) (result, note string) {
	if r.Rate == nil {
		return "", "无适用项"
	}
	note = fmt.Sprintf("%d/%d", r.Numerator, r.Denominator)
	if r.Met != nil {
		note += map[bool]string{true: " 达标", false: " 未达标"}[*r.Met]
	}
	return fmt.Sprintf("%.1f%%", 100**r.Rate), note
}

// Bar is one bar of a chart: a label, a share from 0 to 1, and a note printed after the bar.
type Bar struct {
	Label string
	Share float64
	Note  string
}

// Chart draws an SVG bar chart of a report: implementation rate per framework branch and
// progress per indicator.
func Chart(r *Report) string {
	var bars []Bar
	for _, row := range r.ByDomain {
		if row.Rate.Rate != nil {
			bars = append(bars, Bar{row.Key + " " + row.Name + " 实施率", *row.Rate.Rate, fmt.Sprintf("%.0f%%", 100**row.Rate.Rate)})
		}
	}
	for _, in := range r.Indicators {
		b := Bar{Label: in.Name, Note: statusNames[in.Status]}
		if in.Progress != nil {
			b.Share = *in.Progress
		}
		bars = append(bars, b)
	}
	return BarChart(bars)
}

// BarChart draws horizontal bars as SVG. All text is escaped. The label column and the note
// column are as wide as their longest text, so no label is clipped, and the chart scales down
// (viewBox) in a narrow window.
func BarChart(bars []Bar) string {
	const rowH, barW, fontSize, gap = 22, 300, 12, 6
	labelW, noteW := 0.0, 0.0
	for _, x := range bars {
		labelW = math.Max(labelW, textWidth(x.Label, fontSize))
		noteW = math.Max(noteW, textWidth(x.Note, fontSize))
	}
	labelW, noteW = math.Ceil(labelW)+2*gap, math.Ceil(noteW)+2*gap
	w, h := labelW+barW+noteW, float64(rowH*len(bars)+10)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" style="max-width:100%%;height:auto" role="img" aria-label="图表" font-family="sans-serif" font-size="%d">`, w, h, w, h, fontSize)
	for i, x := range bars {
		y := 5 + i*rowH
		share := math.Max(0, math.Min(1, x.Share))
		fmt.Fprintf(&b, `<text x="%.0f" y="%d" text-anchor="end">%s</text>`, labelW-gap, y+14, html.EscapeString(x.Label))
		fmt.Fprintf(&b, `<rect x="%.0f" y="%d" width="%d" height="16" fill="#eef1f5"/>`, labelW, y+2, barW)
		fmt.Fprintf(&b, `<rect x="%.0f" y="%d" width="%.0f" height="16" fill="#2f6fb0"/>`, labelW, y+2, share*barW)
		fmt.Fprintf(&b, `<text x="%.0f" y="%d">%s</text>`, labelW+barW+gap, y+14, html.EscapeString(x.Note))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// textWidth estimates how wide text is drawn at size px: a CJK character takes a full em,
// Latin letters and digits at most 0.6 em (their widest in common sans-serif faces).
func textWidth(text string, size float64) float64 {
	w := 0.0
	for _, r := range text {
		if runewidth.RuneWidth(r) == 2 {
			w += size
		} else {
			w += 0.6 * size
		}
	}
	return w
}

// CompareRows lays several reports side by side, one column per report: the five pilots, or
// one unit across years.
func CompareRows(rs []*Report) [][]string {
	header := []string{"项目"}
	for _, r := range rs {
		label := r.Unit + " " + r.Period.To.String()[:4]
		if r.Sample {
			label += "（示例）"
		}
		header = append(header, label)
	}
	rows := [][]string{header}
	add := func(name string, f func(*Report) string) {
		row := []string{name}
		for _, r := range rs {
			row = append(row, f(r))
		}
		rows = append(rows, row)
	}
	add("评估阶段", func(r *Report) string { return r.Stage })
	add("检查表得分", func(r *Report) string { return fmt.Sprintf("%g / %g", r.Checklist.Total, r.Checklist.Max) })
	add("是否合格", func(r *Report) string { return map[bool]string{true: "合格", false: "不合格"}[r.Checklist.Passed] })
	add("标准实施率", func(r *Report) string { return pct(r.Implementation) })
	add("实施效果评价覆盖率", func(r *Report) string { return pct(r.EffectCoverage) })
	add("标准按期复审率", func(r *Report) string { return pct(r.ReviewOnTime) })
	add("规划指标（达标/滞后/缺数据）", func(r *Report) string {
		n := map[string]int{}
		for _, in := range r.Indicators {
			n[in.Status]++
		}
		return fmt.Sprintf("%d/%d/%d", n[IndicatorMet], n[IndicatorOffTrack], n[IndicatorMissing])
	})
	add("需关注事项", func(r *Report) string { return fmt.Sprint(len(r.Flags)) })
	return rows
}
