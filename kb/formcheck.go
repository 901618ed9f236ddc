package kb

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"stdkb"
	"stdkb/evaluator"
)

// formRows remembers which form row each entry of the built submission came from, so that a
// problem the evaluator finds at standards[3] is shown beside the row the user typed.
type formRows struct {
	standards  []int
	campaigns  []int
	indicators []int // the first row of each indicator's values
}

// problemsOf collects a form's problems.
type problemsOf []FormProblem

func (p *problemsOf) add(key, format string, args ...any) {
	*p = append(*p, FormProblem{Key: key, Message: fmt.Sprintf(format, args...)})
}

// formSubmission turns the form into a submission document and lists what is wrong with what
// was typed, in the user's terms: the item's title rather than its id, the row's number. The
// milestones, note and sample mark of a stored draft, which the form does not show as fields,
// are carried over.
func (a *App) formSubmission(c Caller, f *SubmissionForm) (*Submission, formRows, []FormProblem, error) {
	lib := a.lib()
	var p problemsOf
	sub := &Submission{}
	if f.ID != 0 {
		cur, err := a.stored(c, f.ID)
		if err != nil {
			return nil, formRows{}, nil, err
		}
		sub.Unit, f.Checklist = cur.Unit, cur.Checklist
		if prev, err := evaluator.Decode(cur.Body); err == nil {
			sub.Milestones, sub.Note, sub.Sample = prev.Milestones, prev.Note, prev.Sample
		}
	} else if c.Role == stdkb.RolePilot {
		sub.Unit = a.canonicalUnit(c.Unit) // a pilot speaks for its own unit only
	} else {
		sub.Unit = a.canonicalUnit(strings.TrimSpace(f.Unit))
	}
	f.Unit = sub.Unit
	cl, ok := lib.Checklist(f.Checklist)
	if !ok {
		return nil, formRows{}, nil, stdkb.Errorf(stdkb.EINVALID, "没有检查表 %q。", f.Checklist)
	}
	sub.Checklist, sub.Stage = cl.ID, cl.Stage
	if _, ok := lib.Unit(sub.Unit); !ok {
		p.add("unit", "单位“%s”未登记，请从列表中选择单位。", sub.Unit)
	}
	sub.Period.From = formDate(&p, "period", "评估期间的开始日期", f.From, true)
	sub.Period.To = formDate(&p, "period", "评估期间的结束日期", f.To, true)
	if !sub.Period.From.IsZero() && !sub.Period.To.IsZero() && sub.Period.To.Before(sub.Period.From) {
		p.add("period", "评估期间的结束日期 %s 早于开始日期 %s。", sub.Period.To, sub.Period.From)
	}
	sub.Items = formItems(&p, f, cl)
	a.prefillStandards(f, sub.Period.To)
	var rows formRows
	sub.Standards, rows.standards = formStandards(&p, f.Standards, lib)
	sub.Campaigns, rows.campaigns = formCampaigns(&p, f.Campaigns, f.Standards)
	sub.Indicators, rows.indicators = formIndicators(&p, f.Indicators, lib)
	return sub, rows, p, nil
}

// shortTitle names a checklist item by the start of its text.
func shortTitle(it stdkb.ChecklistItem) string {
	const max = 18
	if utf8.RuneCountInString(it.Text) <= max {
		return "“" + it.Text + "”"
	}
	return "“" + string([]rune(it.Text)[:max]) + "…”"
}

// formItems reads each item's answer against its rule.
func formItems(p *problemsOf, f *SubmissionForm, cl *stdkb.Checklist) []ItemResponse {
	levels := map[string]stdkb.Level{}
	var names []string
	for _, l := range cl.Levels {
		levels[l.Name] = l
		names = append(names, l.Name)
	}
	var out []ItemResponse
	for _, sec := range cl.Sections {
		for _, it := range sec.Items {
			key, name := "item:"+it.ID, shortTitle(it)
			v := strings.TrimSpace(halfWidth(f.Answers[it.ID]))
			if v == "" {
				if strings.TrimSpace(f.Comments[it.ID]) != "" || len(nonEmpty(f.Evidence[it.ID])) > 0 || len(f.Files[it.ID]) > 0 {
					p.add(key, "%s已填写说明或附有佐证材料，但还没有作答：请%s。", name, map[bool]string{true: "填写得分", false: "选择评价"}[it.Rule == stdkb.RuleScore])
				}
				continue
			}
			resp := ItemResponse{ID: it.ID, Comment: strings.TrimSpace(f.Comments[it.ID])}
			l, isLevel := levels[v]
			switch {
			case it.Rule == stdkb.RuleScore && isLevel && l.NotApplicable:
				resp.Level = v
			case it.Rule == stdkb.RuleScore:
				x, err := strconv.ParseFloat(v, 64)
				switch {
				case err != nil:
					p.add(key, "%s的得分“%s”不是数字：请填写 0 到 %g 之间的分数。", name, v, it.Max)
					continue
				case x < 0 || x > it.Max:
					p.add(key, "%s得分 %s 超过满分 %g：请填写 0 到 %g 之间的分数。", name, v, it.Max, it.Max)
					if x < 0 {
						(*p)[len(*p)-1].Message = fmt.Sprintf("%s得分 %s 小于 0：请填写 0 到 %g 之间的分数。", name, v, it.Max)
					}
					continue
				}
				resp.Score = &x
			case !isLevel:
				p.add(key, "%s的评价“%s”不是本检查表的评价等级（%s）。", name, v, strings.Join(names, "、"))
				continue
			case it.Rule == stdkb.RuleBoolean && !it.Accepts(l):
				p.add(key, "%s只判断是否符合，不能评为“%s”。", name, v)
				continue
			default:
				resp.Level = v
			}
			out = append(out, resp)
		}
	}
	return out
}

// halfWidth turns full-width digits and points, as Chinese input methods type them, into ASCII.
func halfWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '．' || r == '。':
			return '.'
		case r == '－':
			return '-'
		}
		return r
	}, s)
}

// formDate reads a date field: "" is allowed unless required.
func formDate(p *problemsOf, key, what, text string, required bool) stdkb.Date {
	text = strings.TrimSpace(text)
	if text == "" {
		if required {
			p.add(key, "请填写%s。", what)
		}
		return stdkb.Date{}
	}
	d, err := stdkb.ParseDate(text)
	if err != nil {
		p.add(key, "%s“%s”不是有效日期（格式 YYYY-MM-DD，如 2025-10-20）。", what, text)
	}
	return d
}

var codeSeparators = regexp.MustCompile(`[\s,，、;；/]+`)

// SplitCodes splits framework codes as typed: separated by spaces, commas or 、.
func SplitCodes(text string) []string {
	var out []string
	for _, c := range codeSeparators.Split(strings.ToUpper(strings.TrimSpace(text)), -1) {
		if c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// Blank reports whether a row holds nothing typed (its check boxes aside).
func (r StandardRow) Blank() bool {
	for _, e := range r.Evaluations {
		if strings.TrimSpace(e.Date+e.Report) != "" {
			return false
		}
	}
	return strings.TrimSpace(r.Doc+r.Number+r.Title+r.Level+r.Framework+r.Publicity+r.Effective+strings.Join(r.Reviews, "")) == ""
}

// prefillStandards completes rows that name a library document with its number, title, level
// and framework codes (of the edition in force at the period's end), where the row leaves
// them empty: the list the user chose from fills them in.
func (a *App) prefillStandards(f *SubmissionForm, day stdkb.Date) {
	lib := a.lib()
	for i := range f.Standards {
		r := &f.Standards[i]
		d, ok := lib.Document(strings.TrimSpace(r.Doc))
		if !ok {
			continue
		}
		e := d.Latest()
		if !day.IsZero() && d.InForce(day) != nil {
			e = d.InForce(day)
		}
		fill := func(field *string, v string) {
			if strings.TrimSpace(*field) == "" {
				*field = v
			}
		}
		fill(&r.Number, e.Number)
		fill(&r.Title, e.Title)
		fill(&r.Level, e.Level)
		fill(&r.Framework, strings.Join(e.Framework, " "))
	}
}

// Blank reports whether a campaign row holds nothing typed (its kind aside).
func (r CampaignRow) Blank() bool { return strings.TrimSpace(r.Date+r.Title+r.Standards) == "" }

// Blank reports whether an indicator row holds no year and no value.
func (r IndicatorRow) Blank() bool { return strings.TrimSpace(r.Year+r.Value) == "" }

var standardLevels = []string{"国家", "行业", "地方", "团体", "内部"}

// formStandards reads the inventory rows, skipping blank ones.
func formStandards(p *problemsOf, rows []StandardRow, lib *stdkb.Library) ([]evaluator.Standard, []int) {
	var out []evaluator.Standard
	var from []int
	for i, r := range rows {
		if r.Blank() {
			continue
		}
		key, at := fmt.Sprintf("standard:%d", i), fmt.Sprintf("标准清单第 %d 行", i+1)
		st := evaluator.Standard{Doc: strings.TrimSpace(r.Doc), Number: strings.TrimSpace(r.Number), Title: strings.TrimSpace(r.Title),
			Level: strings.TrimSpace(r.Level), Framework: SplitCodes(r.Framework), Applicable: r.Applicable, Implemented: r.Implemented}
		_, inLibrary := lib.Document(st.Doc)
		if st.Doc != "" && !inLibrary {
			p.add(key, "%s：知识库中没有所选的标准，请重新选择。", at)
		}
		if st.Title == "" {
			p.add(key, "%s：请填写标准名称。", at)
		}
		if st.Level != "" && !slices.Contains(standardLevels, st.Level) {
			p.add(key, "%s：层级“%s”应为%s之一。", at, st.Level, strings.Join(standardLevels, "、"))
		}
		if len(st.Framework) == 0 {
			p.add(key, "%s：请填写体系代码（如 B7）。", at)
		}
		for _, code := range st.Framework {
			if _, ok := lib.Framework.Node(code); !ok {
				p.add(key, "%s：体系代码“%s”不在“3+7N”标准体系中。", at, code)
			}
		}
		if st.Implemented && !st.Applicable {
			p.add(key, "%s：不适用的标准不能标为已实施。", at)
		}
		for _, e := range r.Evaluations {
			if strings.TrimSpace(e.Date+e.Report) == "" {
				continue
			}
			d := formDate(p, key, at+"的实施效果评价日期", e.Date, true)
			st.EffectEvaluations = append(st.EffectEvaluations, evaluator.EffectEvaluation{Date: d, Report: strings.TrimSpace(e.Report)})
		}
		st.LastPublicity = formDate(p, key, at+"的最近宣贯日期", r.Publicity, false)
		st.Effective = formDate(p, key, at+"的实施日期", r.Effective, false)
		for _, rv := range r.Reviews {
			if d := formDate(p, key, at+"的复审日期", rv, false); !d.IsZero() {
				st.Reviews = append(st.Reviews, d)
			}
		}
		if inLibrary && (!st.Effective.IsZero() || len(st.Reviews) > 0) {
			p.add(key, "%s：知识库中的标准，其实施日期与复审记录以知识库和复审台账为准，请留空。", at)
		}
		out = append(out, st)
		from = append(from, i)
	}
	return out, from
}

var listSeparators = regexp.MustCompile(`\s*[,，、;；\n]\s*`)

// formCampaigns reads the campaign rows. A campaign names standards of the inventory by number
// or title; a title is turned into the reference the submission format uses.
func formCampaigns(p *problemsOf, rows []CampaignRow, inventory []StandardRow) ([]evaluator.Campaign, []int) {
	var out []evaluator.Campaign
	var from []int
	for i, r := range rows {
		if r.Blank() {
			continue
		}
		key, at := fmt.Sprintf("campaign:%d", i), fmt.Sprintf("宣贯与实施评估活动第 %d 行", i+1)
		c := evaluator.Campaign{Date: formDate(p, key, at+"的日期", r.Date, true), Kind: strings.TrimSpace(r.Kind), Title: strings.TrimSpace(r.Title)}
		if c.Kind != "宣传贯彻" && c.Kind != "实施评估" {
			p.add(key, "%s：活动类型应为宣传贯彻或实施评估。", at)
		}
		for _, name := range listSeparators.Split(strings.TrimSpace(r.Standards), -1) {
			if name == "" {
				continue
			}
			ref, ok := inventoryRef(name, inventory)
			if !ok {
				p.add(key, "%s：“%s”不在标准清单中，或清单中的这项标准既未从知识库选择也没有编号，活动无法指向它。", at, name)
				continue
			}
			c.Standards = append(c.Standards, ref)
		}
		if len(c.Standards) == 0 && strings.TrimSpace(r.Standards) == "" {
			p.add(key, "%s：请填写活动涉及的标准（标准编号或名称，多项用“、”分隔）。", at)
		}
		out = append(out, c)
		from = append(from, i)
	}
	return out, from
}

// inventoryRef finds the inventory row a campaign names by number or title and returns the
// reference the evaluator resolves: the library document or the number.
func inventoryRef(name string, inventory []StandardRow) (string, bool) {
	name = strings.Trim(name, "《》 ")
	for _, r := range inventory {
		number, title := strings.TrimSpace(r.Number), strings.TrimSpace(r.Title)
		if name != number && name != title && name != strings.TrimSpace(r.Doc) {
			continue
		}
		switch {
		case strings.TrimSpace(r.Doc) != "":
			return strings.TrimSpace(r.Doc), true
		case number != "":
			return number, true
		}
	}
	return "", false
}

// formIndicators groups the indicator rows by indicator: one baseline and the yearly values.
func formIndicators(p *problemsOf, rows []IndicatorRow, lib *stdkb.Library) ([]evaluator.IndicatorData, []int) {
	known := map[string]stdkb.Indicator{}
	for _, set := range lib.Indicators {
		for _, m := range set.Metrics {
			known[m.ID] = m
		}
	}
	var out []evaluator.IndicatorData
	var from []int
	index := map[string]int{}
	years := map[string]int{} // indicator and year → row
	for i, r := range rows {
		if r.Blank() {
			continue
		}
		key, at := fmt.Sprintf("indicator:%d", i), fmt.Sprintf("指标数据第 %d 行", i+1)
		m, ok := known[strings.TrimSpace(r.Indicator)]
		if !ok {
			p.add(key, "%s：请从列表中选择指标。", at)
			continue
		}
		year, err := strconv.Atoi(strings.TrimSpace(halfWidth(r.Year)))
		if err != nil || year < 1990 || year > 2100 {
			p.add(key, "%s：年份“%s”应为四位数年份，如 2025。", at, r.Year)
			continue
		}
		value, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(halfWidth(r.Value), "%")), 64)
		if err != nil {
			p.add(key, "%s：%s的数值“%s”不是数字（单位：%s）。", at, m.Name, r.Value, m.Unit)
			continue
		}
		j, seen := index[m.ID]
		if !seen {
			j = len(out)
			index[m.ID] = j
			out = append(out, evaluator.IndicatorData{ID: m.ID})
			from = append(from, i)
		}
		pt := evaluator.Point{Year: year, Value: value}
		yk := fmt.Sprintf("%s/%d/%t", m.ID, year, r.Baseline)
		if prev, dup := years[yk]; dup {
			p.add(key, "%s：%s %d 年的%s已在第 %d 行填写。", at, m.Name, year, map[bool]string{true: "基数", false: "数值"}[r.Baseline], prev+1)
			continue
		}
		years[yk] = i
		if r.Baseline {
			if out[j].Baseline != nil {
				p.add(key, "%s：%s只能有一个基数。", at, m.Name)
				continue
			}
			out[j].Baseline = &pt
		} else {
			out[j].Values = append(out[j].Values, pt)
		}
	}
	for i := range out {
		sort.SliceStable(out[i].Values, func(a, b int) bool { return out[i].Values[a].Year < out[i].Values[b].Year })
	}
	return out, from
}

// checkFormSubmission checks the built document as every front end's submissions are checked
// (schema and library, strict JSON) and keys what it finds to the form's items and rows.
func (a *App) checkFormSubmission(sub *Submission, rows formRows) []FormProblem {
	b, err := json.Marshal(sub)
	if err != nil {
		return []FormProblem{{"form", "表单无法转换为自评材料。"}}
	}
	_, err = evaluator.ParseWith(b, a.lib(), evaluator.ParseOptions{Name: "form.json"})
	var ie *evaluator.InvalidError
	if !errors.As(err, &ie) {
		if err != nil {
			return []FormProblem{{"form", stdkb.ErrorMessage(err)}}
		}
		return nil
	}
	var out []FormProblem
	for _, fe := range ie.Errors {
		out = append(out, FormProblem{Key: rows.key(fe.Field, sub), Message: fe.Message})
	}
	return out
}

var fieldIndex = regexp.MustCompile(`^(items|standards|campaigns|indicators)\[(\d+)\]`)

// key maps an evaluator field path to the form's key for it.
func (r formRows) key(field string, sub *Submission) string {
	m := fieldIndex.FindStringSubmatch(field)
	if m == nil {
		switch {
		case strings.HasPrefix(field, "period"):
			return "period"
		case field == "unit":
			return "unit"
		}
		return "form"
	}
	i, _ := strconv.Atoi(m[2])
	pick := func(rows []int, prefix string) string {
		if i < len(rows) {
			return fmt.Sprintf("%s:%d", prefix, rows[i])
		}
		return "form"
	}
	switch m[1] {
	case "items":
		if i < len(sub.Items) {
			return "item:" + sub.Items[i].ID
		}
	case "standards":
		return pick(r.standards, "standard")
	case "campaigns":
		return pick(r.campaigns, "campaign")
	case "indicators":
		return pick(r.indicators, "indicator")
	}
	return "form"
}
