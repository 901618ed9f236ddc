package evaluator

import (
	"fmt"
	"html"
	"io"
	"math"
	"strings"

	"github.com/mattn/go-runewidth"

	"stdkb"
)

var statusNames = map[string]string{
	IndicatorMet: "已达标", IndicatorOnTrack: "进度正常", IndicatorOffTrack: "进度滞后", IndicatorMissing: "缺少数据",
	IndicatorNotApplicable: "无适用项",
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

// years shows the publicity figure: calendar years with enough campaigns out of the period's.
func years(r RateResult) string {
	if r.Denominator == 0 {
		return "—"
	}
	s := fmt.Sprintf("%d / %d 年", r.Numerator, r.Denominator)
	if r.Met != nil {
		s += map[bool]string{true: " 达标", false: " 未达标"}[*r.Met]
	}
	return s
}

// computed shows stdkb's own figure beside a self-reported indicator.
func computed(in IndicatorResult) string {
	if in.NotApplicable {
		if in.Disagrees {
			return "无适用项（不一致）"
		}
		return "无适用项"
	}
	if in.Computed == nil {
		if in.Disagrees {
			return "不一致"
		}
		return "—"
	}
	s := value(in.Computed, in.Unit)
	if in.Disagrees {
		s += "（不一致）"
	}
	return s
}

// quote is the plan's wording a definition models, and the measure it stands for.
func quote(d stdkb.Definition) string {
	var parts []string
	if d.Quote != "" {
		parts = append(parts, "规划原文：“"+d.Quote+"”")
	}
	if d.Measures != "" {
		parts = append(parts, "本项为本系统对“"+d.Measures+"”的度量，规划未给出其定义")
	}
	return strings.Join(parts, "；")
}

// definitionsMarkdown quotes the plan and the definitions every figure uses.
func definitionsMarkdown(w io.Writer, r *Report) {
	if len(r.Definitions) == 0 {
		return
	}
	fmt.Fprintf(w, "## 口径说明\n\n")
	quoted := false
	for _, d := range r.Definitions {
		if d.Quote != "" && !quoted {
			fmt.Fprintf(w, "> %s\n\n", d.Quote)
			quoted = true
		}
	}
	for _, d := range r.Definitions {
		fmt.Fprintf(w, "- **%s**：%s", d.Name, d.Text)
		if d.Measures != "" {
			fmt.Fprintf(w, "（本项为本系统对“%s”的度量）", d.Measures)
		}
		fmt.Fprintf(w, "\n")
	}
	if len(r.Omitted) > 0 {
		fmt.Fprintf(w, "\n本单位标准体系中未申报的标准：%s\n", strings.Join(r.Omitted, "、"))
	}
	fmt.Fprintf(w, "\n")
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
	m := md{w}
	title := r.Unit + " " + r.Stage + "报告"
	if r.Sample {
		title += "（示例）"
	}
	m.p("# %s\n\n期间：%s 至 %s\n\n", title, r.Period.From, r.Period.To)
	if r.ChecklistSample && !r.Sample {
		m.p("所用检查表的条目与分值为示例（权重仅作演示），得分不代表正式评估结论。\n\n")
	}
	c := r.Checklist
	m.p("## 摘要\n\n| 项目 | 结果 |\n| --- | --- |\n")
	m.p("| %s | %g / %g 分，合格线 %g，**%s** |\n", c.Title, c.Total, c.Max, c.PassScore, c.Verdict)
	m.p("| 标准实施率（本系统对标准综合运用率的度量） | %s |\n| 实施效果评价覆盖率 | %s |\n| 宣贯与实施评估（达标年度） | %s |\n| 标准按期复审率 | %s |\n| 采用标准的复审（仅供参考） | %s |\n\n",
		pct(r.Implementation), pct(r.EffectCoverage), years(r.Publicity), pct(r.ReviewOnTime), pct(r.ReviewAdopted))
	definitionsMarkdown(w, r)
	if len(r.Flags) > 0 {
		m.p("## 需评审组关注\n\n")
		for _, f := range r.Flags {
			m.p("- %s\n", f)
		}
		m.p("\n")
	}
	m.checklist(c)
	m.inventory(r)
	m.indicators(r.Indicators)
	m.p("\n## 图表\n\n%s\n", Chart(r))
	return nil
}

// md writes the parts of a markdown report.
type md struct{ w io.Writer }

func (m md) p(format string, args ...any) { fmt.Fprintf(m.w, format, args...) }

func (m md) explain(e Explanation) {
	m.p("  - 规则：%s\n  - 数据：%s\n  - 计算：%s\n", e.Rule, e.Inputs, e.Arithmetic)
	if e.Source != "" {
		m.p("  - 依据：%s\n", e.Source)
	}
}

func (m md) checklist(c ChecklistScore) {
	m.p("## 检查表得分\n\n")
	m.explain(c.Explain)
	for _, s := range c.Sections {
		m.p("\n### %s（%g / %g）\n\n", s.Title, s.Score, s.Max)
		for i, it := range s.Items {
			counted := ""
			if !it.Counted {
				counted = "，不计入"
			}
			m.p("- **第%d项** %s：%s，得 %g / %g 分%s\n", i+1, it.Text, it.Response, it.Score, it.Max, counted)
			m.explain(it.Explain)
		}
	}
}

// inventory writes the figures over the standard inventory.
func (m md) inventory(r *Report) {
	m.p("\n## 标准实施率\n\n总体：%s\n", pct(r.Implementation))
	m.explain(r.Implementation.Explain)
	if len(r.ByDomain) > 0 {
		m.p("\n| 体系分支 | 实施率 |\n| --- | --- |\n")
		for _, row := range r.ByDomain {
			m.p("| %s %s | %s |\n", row.Key, row.Name, pct(row.Rate))
		}
	}
	if len(r.ByLevel) > 0 {
		m.p("\n| 层级 | 实施率 |\n| --- | --- |\n")
		for _, row := range r.ByLevel {
			m.p("| %s | %s |\n", row.Name, pct(row.Rate))
		}
	}
	for _, x := range []struct {
		name string
		r    RateResult
		text string
	}{{"实施效果评价覆盖率", r.EffectCoverage, pct(r.EffectCoverage)}, {"宣贯与实施评估", r.Publicity, years(r.Publicity)},
		{"标准按期复审率", r.ReviewOnTime, pct(r.ReviewOnTime)}, {"采用标准的复审（仅供参考）", r.ReviewAdopted, pct(r.ReviewAdopted)}} {
		m.p("\n## %s\n\n%s\n", x.name, x.text)
		m.explain(x.r.Explain)
	}
}

func (m md) indicators(ins []IndicatorResult) {
	if len(ins) == 0 {
		return
	}
	m.p("\n## 规划指标\n\n| 指标 | 目标 | 最新 | 直线进度 | 本系统按清单计算 | 状态 |\n| --- | --- | --- | --- | --- | --- |\n")
	for _, in := range ins {
		m.p("| %s | %g%s | %s | %s | %s | %s |\n", in.Name, in.Target, in.Unit, value(in.Value, in.Unit), value(in.Expected, in.Unit), computed(in), statusNames[in.Status])
	}
	for _, in := range ins {
		m.p("\n- **%s**：%s\n", in.Name, statusNames[in.Status])
		m.explain(in.Explain)
	}
}

// Text writes a short summary for a terminal.
func Text(w io.Writer, r *Report) error {
	c := r.Checklist
	sample := ""
	if r.Sample {
		sample = "【示例】"
	}
	fmt.Fprintf(w, "%s%s %s（%s 至 %s）\n", sample, r.Unit, r.Stage, r.Period.From, r.Period.To)
	fmt.Fprintf(w, "检查表 %s：%g / %g 分，合格线 %g，%s\n", c.Title, c.Total, c.Max, c.PassScore, c.Verdict)
	for _, s := range c.Sections {
		fmt.Fprintf(w, "  %-10s %g / %g\n", s.Title, s.Score, s.Max)
	}
	fmt.Fprintf(w, "标准实施率（本系统对标准综合运用率的度量）：%s\n实施效果评价覆盖率：%s\n宣贯与实施评估（达标年度）：%s\n标准按期复审率：%s\n采用标准的复审（仅供参考）：%s\n",
		pct(r.Implementation), pct(r.EffectCoverage), years(r.Publicity), pct(r.ReviewOnTime), pct(r.ReviewAdopted))
	if len(r.Omitted) > 0 {
		fmt.Fprintf(w, "未申报的体系标准：%s\n", strings.Join(r.Omitted, "、"))
	}
	for _, in := range r.Indicators {
		own := ""
		if in.Computed != nil || in.Disagrees {
			own = "，本系统按清单计算 " + computed(in)
		}
		fmt.Fprintf(w, "指标 %s：%s（最新 %s，目标 %g%s%s）\n", in.Name, statusNames[in.Status], value(in.Value, in.Unit), in.Target, in.Unit, own)
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
	add("检查表", c.Title, fmt.Sprintf("%g", c.Total), c.Verdict, fmt.Sprintf("%g（合格线 %g）", c.Max, c.PassScore), c.Explain)
	for _, s := range c.Sections {
		for i, it := range s.Items {
			add("检查表条目", ItemLabel(s.Title, i, it.Text), fmt.Sprintf("%g", it.Score), it.Response, fmt.Sprintf("%g", it.Max), it.Explain)
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
	result, note := yearCells(r.Publicity)
	add("标准", "宣贯与实施评估（达标年度）", result, note, "", r.Publicity.Explain)
	rate("标准", "标准按期复审率", r.ReviewOnTime)
	rate("标准", "采用标准的复审（仅供参考）", r.ReviewAdopted)
	for _, d := range r.Definitions {
		add("口径", d.Name, "", "", "", Explanation{Rule: d.Text, Inputs: quote(d)})
	}
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

// ItemLabel names the i-th item (from 0) of a checklist section as staff refer to it: the
// section, the item's number within it as the checklist page numbers it, and its wording
// ("组织保障 第1项：建立……"). The item's id is internal and never shown.
func ItemLabel(section string, i int, text string) string {
	return fmt.Sprintf("%s 第%d项：%s", section, i+1, text)
}

// yearCells splits the publicity figure into the years with enough campaigns and the period's
// years with the verdict.
func yearCells(r RateResult) (result, note string) {
	if r.Denominator == 0 {
		return "", "无适用年度"
	}
	note = fmt.Sprintf("年（共 %d 年）", r.Denominator)
	if r.Met != nil {
		note += map[bool]string{true: " 达标", false: " 未达标"}[*r.Met]
	}
	return fmt.Sprint(r.Numerator), note
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

// chartLegend explains the chart's marks: the filled part of a bar is the share reached, the
// text after it the figure or status.
var chartLegend = [2]string{"已完成比例（实施率、指标完成进度，0–100%）", "右侧文字：数值或状态"}

// BarChart draws horizontal bars as SVG with a legend above and a percentage axis below. All
// text is escaped. The label column and the note column are as wide as their longest text, so
// no label is clipped, and the chart scales down (viewBox) in a narrow window.
func BarChart(bars []Bar) string {
	const rowH, barW, fontSize, gap, legendH, axisH = 22, 300, 12, 6, 24, 30
	labelW, noteW := 0.0, 3*fontSize*0.6 // the axis's last tick, "100%", is centred on the bar's end
	for _, x := range bars {
		labelW = math.Max(labelW, textWidth(x.Label, fontSize))
		noteW = math.Max(noteW, textWidth(x.Note, fontSize))
	}
	labelW, noteW = math.Ceil(labelW)+2*gap, math.Ceil(noteW)+2*gap
	legendW := 2*(16+gap) + textWidth(chartLegend[0], fontSize) + textWidth(chartLegend[1], fontSize) + 3*gap
	w := math.Max(labelW+barW+noteW, math.Ceil(legendW))
	top := float64(legendH)
	h := top + float64(rowH*len(bars)) + axisH
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" class="chart-svg" role="img" aria-label="图表：%s" font-family="sans-serif" font-size="%d">`, w, h, w, h, html.EscapeString(chartLegend[0]), fontSize)
	// Legend.
	fmt.Fprintf(&b, `<rect x="0" y="4" width="16" height="12" fill="#2f6fb0"/><text x="%d" y="14">%s</text>`, 16+gap, html.EscapeString(chartLegend[0]))
	x2 := 16 + 2*gap + textWidth(chartLegend[0], fontSize) + gap
	fmt.Fprintf(&b, `<rect x="%.0f" y="4" width="16" height="12" fill="#eef1f5" stroke="#c5ccd6"/><text x="%.0f" y="14">%s</text>`, x2, x2+16+gap, html.EscapeString(chartLegend[1]))
	// Grid lines and the axis.
	bottom := top + float64(rowH*len(bars))
	for k := 0; k <= 4; k++ {
		x := labelW + float64(k)*barW/4
		fmt.Fprintf(&b, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#d5dbe3" stroke-width="1"/>`, x, top, x, bottom+4)
		fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" text-anchor="middle">%d%%</text>`, x, bottom+18, 25*k)
	}
	fmt.Fprintf(&b, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#5a6470" stroke-width="1"/>`, labelW, bottom, labelW+barW, bottom)
	for i, x := range bars {
		y := top + float64(i*rowH)
		share := math.Max(0, math.Min(1, x.Share))
		fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" text-anchor="end">%s</text>`, labelW-gap, y+14, html.EscapeString(x.Label))
		fmt.Fprintf(&b, `<rect x="%.0f" y="%.0f" width="%d" height="16" fill="#eef1f5"/>`, labelW, y+2, barW)
		fmt.Fprintf(&b, `<rect x="%.0f" y="%.0f" width="%.0f" height="16" fill="#2f6fb0"/>`, labelW, y+2, share*barW)
		fmt.Fprintf(&b, `<text x="%.0f" y="%.0f">%s</text>`, labelW+barW+gap, y+14, html.EscapeString(x.Note))
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
	add("是否合格", func(r *Report) string { return r.Checklist.Verdict })
	add("检查表权重", func(r *Report) string {
		if r.ChecklistSample {
			return "示例（仅作演示）"
		}
		return "正式"
	})
	add("标准实施率", func(r *Report) string { return pct(r.Implementation) })
	add("实施效果评价覆盖率", func(r *Report) string { return pct(r.EffectCoverage) })
	add("宣贯与实施评估（达标年度）", func(r *Report) string { return years(r.Publicity) })
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
