package evaluator

import (
	"fmt"
	"math"
	"strings"

	"stdkb"
)

// scoreChecklist applies each item's rule to its response.
func scoreChecklist(s *Submission, c *stdkb.Checklist, lib *stdkb.Library) ChecklistScore {
	responses := map[string]ItemResponse{}
	for _, r := range s.Items {
		responses[r.ID] = r
	}
	levels := levelsOf(c)
	var levelText []string
	for _, l := range c.Levels {
		if l.NotApplicable {
			levelText = append(levelText, l.Name+"=不计入")
		} else {
			levelText = append(levelText, fmt.Sprintf("%s=%g", l.Name, l.Credit))
		}
	}
	evidenceRule := c.MissingEvidenceRule()
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
	out.Verdict = verdict(out)
	out.Explain = checklistExplanation(c, out, lib)
	return out
}

// checklistExplanation explains the total and the pass mark.
func checklistExplanation(c *stdkb.Checklist, out ChecklistScore, lib *stdkb.Library) Explanation {
	var parts []string
	for _, ss := range out.Sections {
		parts = append(parts, fmt.Sprintf("%g", ss.Score))
	}
	e := Explanation{
		Rule:       fmt.Sprintf("总分为各条目得分之和；合格线 %g 分（满分 %g）。标为不适用的条目不计入满分，合格线按适用条目满分同比例折算。", c.PassScore, out.FullMax),
		Inputs:     fmt.Sprintf("%d 个分组，适用条目满分 %g", len(out.Sections), out.Max),
		Arithmetic: fmt.Sprintf("%s = %g；合格线 %g × %g / %g = %g；%g %s %g", strings.Join(parts, " + "), out.Total, c.PassScore, out.Max, out.FullMax, out.PassScore, out.Total, map[bool]string{true: "≥", false: "<"}[out.Passed], out.PassScore),
		Source:     sourceOf(lib, c.Sources...),
	}
	if out.Verdict == VerdictUnscorable {
		e.Arithmetic = "全部条目均为不适用，适用条目满分为 0：无法评分（不是不合格）"
	}
	return e
}

// Checklist verdicts.
const (
	VerdictPass       = "合格"
	VerdictFail       = "不合格"
	VerdictUnscorable = "无法评分" // no item applies: there is nothing to pass or fail
)

func verdict(c ChecklistScore) string {
	switch {
	case c.Max == 0:
		return VerdictUnscorable
	case c.Passed:
		return VerdictPass
	}
	return VerdictFail
}

func scoreItem(it stdkb.ChecklistItem, responses map[string]ItemResponse, levels map[string]stdkb.Level, levelText []string, missingRule, evidenceRule string) ItemScore {
	is := ItemScore{ID: it.ID, Text: it.Text, Max: it.Max, Counted: true}
	r, answered := responses[it.ID]
	ruleText := it.RuleSummary()
	if it.Rule == stdkb.RuleLevels {
		ruleText += "：" + strings.Join(levelText, "，") + "，乘以满分"
	}
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
