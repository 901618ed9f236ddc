package evaluator

import (
	"fmt"
	"strings"

	"stdkb"
)

// MilestoneReport is a unit's progress on one of the plan's milestones.
type MilestoneReport struct {
	ID       string     `json:"id"`
	State    string     `json:"state"` // stdkb.MilestoneDone, MilestoneInProgress or MilestoneNotStarted
	Date     stdkb.Date `json:"date,omitzero"`
	Evidence []string   `json:"evidence,omitempty"`
	Comment  string     `json:"comment,omitempty"`
}

// MilestoneResult is a milestone with the progress reported on it.
type MilestoneResult struct {
	ID        string      `json:"id"`
	Name      string      `json:"name"`
	Due       int         `json:"due"`
	State     string      `json:"state"`
	StateName string      `json:"state_name"` // 已完成, 推进中 or 未启动
	Date      string      `json:"date,omitempty"`
	Evidence  []string    `json:"evidence,omitempty"`
	Overdue   bool        `json:"overdue,omitempty"` // not done and past its due year
	Explain   Explanation `json:"explain"`
}

// checkMilestones validates the submission's milestone reports against the library.
func checkMilestones(s *Submission, lib *stdkb.Library) []FieldError {
	var out []FieldError
	seen := map[string]bool{}
	for i, m := range s.Milestones {
		at := fmt.Sprintf("milestones[%d]", i)
		if _, ok := lib.Milestone(m.ID); !ok {
			out = append(out, FieldError{Field: at + ".id", Message: fmt.Sprintf("没有里程碑 %q", m.ID)})
			continue
		}
		if seen[m.ID] {
			out = append(out, FieldError{Field: at + ".id", Message: fmt.Sprintf("里程碑 %q 填了两次", m.ID)})
		}
		seen[m.ID] = true
		if !m.Date.IsZero() && m.Date.After(s.Period.To) {
			out = append(out, FieldError{Field: at + ".date", Message: fmt.Sprintf("日期 %s 晚于评估期截止日 %s", m.Date, s.Period.To)})
		}
	}
	return out
}

// milestones lists the milestones the submission reports on, with their state, whether they
// are overdue on day today, and where the target comes from.
func milestones(s *Submission, lib *stdkb.Library, today stdkb.Date) []MilestoneResult {
	var out []MilestoneResult
	for _, rep := range s.Milestones {
		m, ok := lib.Milestone(rep.ID)
		if !ok {
			continue
		}
		r := MilestoneResult{ID: m.ID, Name: m.Name, Due: m.Due, State: rep.State,
			StateName: stdkb.MilestoneStateNames[rep.State], Date: rep.Date.String(), Evidence: rep.Evidence}
		r.Overdue = m.Overdue(stdkb.MilestoneStatus{State: rep.State}, today)
		r.Explain = Explanation{
			Rule:   fmt.Sprintf("%d年底前完成%s；按已完成、推进中、未启动填报，已完成须有日期和证明材料", m.Due, orName(m.Deliverable, m.Name)),
			Inputs: milestoneInputs(rep),
			Source: sourceOf(lib, m.Sources...),
		}
		r.Explain.Arithmetic = r.StateName
		if r.Overdue {
			r.Explain.Arithmetic += fmt.Sprintf("；已过%d年底，逾期未完成", m.Due)
		}
		if m.Status != nil {
			r.Explain.Arithmetic += fmt.Sprintf("；知识库据公开文件记录为%s（%s）", stdkb.MilestoneStateNames[m.Status.State], m.Status.Evidence)
		}
		out = append(out, r)
	}
	return out
}

func orName(deliverable, name string) string {
	if deliverable != "" {
		return deliverable
	}
	return name
}

func milestoneInputs(rep MilestoneReport) string {
	parts := []string{"填报：" + stdkb.MilestoneStateNames[rep.State]}
	if !rep.Date.IsZero() {
		parts = append(parts, "日期 "+rep.Date.String())
	}
	if len(rep.Evidence) > 0 {
		parts = append(parts, "证明材料 "+strings.Join(rep.Evidence, "、"))
	}
	if rep.Comment != "" {
		parts = append(parts, "说明："+rep.Comment)
	}
	return strings.Join(parts, "；")
}

// annotateMilestoneItems sets, beside each checklist item that checks a milestone, the state
// the submission reports for it, and flags an item answered at full credit whose milestone is
// not reported done. It runs before the report gathers the items' flags.
func annotateMilestoneItems(c *stdkb.Checklist, score *ChecklistScore, reports []MilestoneReport) {
	byID := map[string]MilestoneReport{}
	for _, r := range reports {
		byID[r.ID] = r
	}
	milestoneOf := map[string]string{}
	for _, sec := range c.Sections {
		for _, it := range sec.Items {
			if it.Milestone != "" {
				milestoneOf[it.ID] = it.Milestone
			}
		}
	}
	for i := range score.Sections {
		for j := range score.Sections[i].Items {
			it := &score.Sections[i].Items[j]
			id, ok := milestoneOf[it.ID]
			if !ok {
				continue
			}
			rep, reported := byID[id]
			if !reported {
				it.Explain.Inputs += "；对应里程碑未填报进展"
				continue
			}
			it.Explain.Inputs += "；对应里程碑：" + stdkb.MilestoneStateNames[rep.State]
			if it.Counted && it.Score >= it.Max && rep.State != stdkb.MilestoneDone {
				it.Flags = append(it.Flags, "按满分作答，但对应里程碑填报为"+stdkb.MilestoneStateNames[rep.State])
			}
		}
	}
}

// annotateIndicator marks an aspirational target and records a conflict in the plan in the
// result's explanation.
func annotateIndicator(m stdkb.Indicator, r *IndicatorResult) {
	if m.Aspirational {
		r.Aspirational = true
		r.Explain.Rule = "规划表述为“力争”，是争取目标而非硬性要求：" + r.Explain.Rule
	}
	if m.Conflict != "" {
		r.Explain.Rule += "。" + m.Conflict
	}
}
