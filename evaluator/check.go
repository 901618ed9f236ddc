package evaluator

import (
	"fmt"
	"sort"
	"strings"

	"stdkb"
)

// problems collects what is wrong with a submission.
type problems []FieldError

func (p *problems) add(field, format string, args ...any) {
	*p = append(*p, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Check validates a decoded submission against the library and returns every problem.
func Check(s *Submission, lib *stdkb.Library) []FieldError {
	var out problems
	checkHeader(&out, s, lib)
	if c, ok := lib.Checklist(s.Checklist); ok {
		checkItems(&out, s, c)
	}
	inv := checkStandards(&out, s, lib)
	checkCampaigns(&out, s, inv)
	checkIndicators(&out, s, lib)
	out = append(out, checkMilestones(s, lib)...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}

// checkHeader checks the unit, the period and the checklist with its stage.
func checkHeader(out *problems, s *Submission, lib *stdkb.Library) {
	if _, ok := lib.Unit(s.Unit); !ok {
		out.add("unit", "未知单位 %q：请填写已登记单位的标识、简称、全称或别名（已登记：%s）", s.Unit, strings.Join(lib.UnitNames(), "、"))
	}
	if s.Period.To.Before(s.Period.From) {
		out.add("period.to", "评估期截止日 %s 早于起始日 %s", s.Period.To, s.Period.From)
	}
	c, ok := lib.Checklist(s.Checklist)
	if !ok {
		var titles []string
		for _, x := range lib.Checklists {
			titles = append(titles, "《"+x.Title+"》")
		}
		out.add("checklist", "没有检查表 %q（现有：%s）", s.Checklist, strings.Join(titles, "、"))
	} else if s.Stage != c.Stage {
		out.add("stage", "评估阶段“%s”与检查表《%s》不符，该表用于“%s”", s.Stage, c.Title, c.Stage)
	}
}

// checkItems checks each response against its checklist item's rule.
func checkItems(out *problems, s *Submission, c *stdkb.Checklist) {
	items := map[string]stdkb.ChecklistItem{}
	for _, sec := range c.Sections {
		for _, it := range sec.Items {
			items[it.ID] = it
		}
	}
	levels := levelsOf(c)
	var names []string
	for _, l := range c.Levels {
		names = append(names, l.Name)
	}
	seen := map[string]bool{}
	for i, r := range s.Items {
		at := fmt.Sprintf("items[%d]", i)
		it, ok := items[r.ID]
		if !ok {
			out.add(at+".id", "检查表《%s》没有检查项 %q", c.Title, r.ID)
			continue
		}
		if seen[r.ID] {
			out.add(at+".id", "检查项 %q 填了两次", r.ID)
		}
		seen[r.ID] = true
		if it.Rule == stdkb.RuleScore {
			checkScored(out, at, r, it, levels)
		} else {
			checkLevelled(out, at, r, it, "《"+c.Title+"》", levels, names)
		}
	}
}

func checkScored(out *problems, at string, r ItemResponse, it stdkb.ChecklistItem, levels map[string]stdkb.Level) {
	switch {
	case r.Score == nil && r.Level == "":
		out.add(at+".score", "检查项 %s 按分数评分：请填写 0 至 %g 分", r.ID, it.Max)
	case r.Score != nil && *r.Score > it.Max:
		out.add(at+".score", "得分 %g 超过满分 %g", *r.Score, it.Max)
	case r.Level != "" && !levels[r.Level].NotApplicable:
		out.add(at+".level", "检查项 %s 按分数评分，只能选“不适用”这一档", r.ID)
	}
}

func checkLevelled(out *problems, at string, r ItemResponse, it stdkb.ChecklistItem, checklist string, levels map[string]stdkb.Level, names []string) {
	l, ok := levels[r.Level]
	switch {
	case r.Score != nil:
		out.add(at+".score", "检查项 %s 按档次评定（%s），不填分数", r.ID, strings.Join(names, "、"))
	case !ok:
		out.add(at+".level", "“%s”不是检查表%s的档次（应为 %s）", r.Level, checklist, strings.Join(names, "、"))
	case it.Rule == stdkb.RuleBoolean && !l.NotApplicable && l.Credit != 0 && l.Credit != 1:
		out.add(at+".level", "检查项 %s 只分达标与不达标，不能评为“%s”（部分达标）", r.ID, r.Level)
	}
}

// checkStandards checks the inventory entries and refuses duplicates. It returns the inventory
// the campaigns may refer to.
func checkStandards(out *problems, s *Submission, lib *stdkb.Library) inventory {
	first := map[string]int{}
	for i, st := range s.Standards {
		at := fmt.Sprintf("standards[%d]", i)
		for j, code := range st.Framework {
			if _, ok := lib.Framework.Node(code); !ok {
				out.add(fmt.Sprintf("%s.framework[%d]", at, j), "没有体系代码 %q", code)
			}
		}
		d, inLibrary := lib.Document(st.Doc)
		if st.Doc != "" && !inLibrary {
			out.add(at+".doc", "知识库中没有文件 %q", st.Doc)
		}
		if inLibrary && (!st.Effective.IsZero() || len(st.Reviews) > 0) {
			out.add(at+".reviews", "《%s》在知识库中，其实施日期与复审记录以知识库和复审台账为准，不在自评中填写", d.Latest().Title)
		}
		if st.Implemented && !st.Applicable {
			out.add(at+".implemented", "不适用的标准不能填“已实施”")
		}
		for _, key := range standardKeys(st, lib) {
			if j, dup := first[key]; dup {
				out.add(at, "与 standards[%d] 重复（同一标准 %s 只能申报一次）", j, strings.TrimPrefix(key, "#"))
				break
			}
			first[key] = i
		}
	}
	return buildInventory(s, lib)
}

// standardKeys names an inventory entry: its document, its number, or failing both its title.
func standardKeys(st Standard, lib *stdkb.Library) []string {
	var keys []string
	if st.Doc != "" {
		keys = append(keys, "#"+st.Doc)
		if d, ok := lib.Document(st.Doc); ok && d.Latest().Number != "" && normNumber(d.Latest().Number) != normNumber(st.Number) {
			keys = append(keys, normNumber(d.Latest().Number))
		}
	}
	if st.Number != "" {
		keys = append(keys, normNumber(st.Number))
	}
	if len(keys) == 0 {
		keys = append(keys, "《"+strings.TrimSpace(st.Title)+"》")
	}
	return keys
}

// numberSpelling folds the spacing and dash variants of standard numbers.
var numberSpelling = strings.NewReplacer(" ", "", "　", "", "—", "-", "－", "-", "–", "-")

// normNumber compares standard numbers without spacing and dash variants.
func normNumber(n string) string { return numberSpelling.Replace(strings.ToUpper(n)) }

// checkCampaigns checks that each campaign names standards of the inventory.
func checkCampaigns(out *problems, s *Submission, inv inventory) {
	for i, c := range s.Campaigns {
		for j, ref := range c.Standards {
			if inv.find(ref) < 0 {
				out.add(fmt.Sprintf("campaigns[%d].standards[%d]", i, j), "标准清单中没有 %q：请填写清单中标准的 doc 标识或标准编号", ref)
			}
		}
	}
}

// checkIndicators checks indicator data against the indicators' definitions.
func checkIndicators(out *problems, s *Submission, lib *stdkb.Library) {
	known := indicatorIndex(lib)
	seen := map[string]bool{}
	for i, d := range s.Indicators {
		at := fmt.Sprintf("indicators[%d]", i)
		m, ok := known[d.ID]
		if !ok {
			out.add(at+".id", "没有指标 %q", d.ID)
			continue
		}
		if seen[d.ID] {
			out.add(at+".id", "指标 %q 填了两次", d.ID)
		}
		seen[d.ID] = true
		if m.Type == stdkb.IndicatorChange {
			checkBaseline(out, at, d, m)
		}
		years := map[int]bool{}
		for j, p := range d.Values {
			if years[p.Year] {
				out.add(fmt.Sprintf("%s.values[%d].year", at, j), "%d 年的数值填了两次", p.Year)
			}
			years[p.Year] = true
			if p.Year < m.FromYear-1 || p.Year > m.ToYear {
				out.add(fmt.Sprintf("%s.values[%d].year", at, j), "%d 年不在指标“%s”的统计期 %d—%d 年内", p.Year, m.Name, m.FromYear, m.ToYear)
			}
		}
	}
}

func checkBaseline(out *problems, at string, d IndicatorData, m stdkb.Indicator) {
	switch {
	case d.Baseline == nil:
		out.add(at+".baseline", "指标“%s”以 %d 年为基期：请填写基期数值 baseline {year: %d, value: 数值}", m.Name, m.BaselineYear, m.BaselineYear)
	case d.Baseline.Year != m.BaselineYear:
		out.add(at+".baseline.year", "基期年份 %d 不对：指标“%s”以 %d 年为基期", d.Baseline.Year, m.Name, m.BaselineYear)
	case d.Baseline.Value == 0:
		out.add(at+".baseline.value", "计算变化率的基期数值不能为 0")
	}
}

// levelsOf maps a checklist's response levels by name.
func levelsOf(c *stdkb.Checklist) map[string]stdkb.Level {
	out := map[string]stdkb.Level{}
	for _, l := range c.Levels {
		out[l.Name] = l
	}
	return out
}
