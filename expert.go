package stdkb

import (
	"fmt"
	"sort"
	"strings"
)

// Expert is a member of the expert pool (专家库). Experts are personal data: they live in the
// database, never in content or the search index.
type Expert struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Unit        string   `json:"unit"`        // the expert's own unit: always a conflict of interest
	Title       string   `json:"title"`       // e.g. 高级工程师
	Specialties []string `json:"specialties"` // framework codes
	Conflicts   []string `json:"conflicts,omitempty"`
}

// Validate checks an expert's fields against the framework.
func (x Expert) Validate(fw *Framework) error {
	switch {
	case strings.TrimSpace(x.ID) == "" || strings.ContainsAny(x.ID, " /"):
		return Errorf(EINVALID, "专家编号 %q 不可用：编号应简短，不能含空格或斜杠", x.ID)
	case strings.TrimSpace(x.Name) == "":
		return Errorf(EINVALID, "专家 %s 缺少姓名", x.ID)
	case strings.TrimSpace(x.Unit) == "":
		return Errorf(EINVALID, "专家 %s 缺少工作单位", x.ID)
	case len(x.Specialties) == 0:
		return Errorf(EINVALID, "专家 %s 至少需要一个专业领域（体系代码）", x.ID)
	}
	for _, c := range x.Specialties {
		if _, ok := fw.Node(c); !ok {
			return Errorf(EINVALID, "专家 %s：没有体系代码 %q", x.ID, c)
		}
	}
	return nil
}

// conflicted reports whether the expert may not judge work of any of the units.
func (x Expert) conflicted(units []string) bool {
	for _, u := range units {
		if u == "" {
			continue
		}
		if x.Unit == u {
			return true
		}
		for _, c := range x.Conflicts {
			if c == u {
				return true
			}
		}
	}
	return false
}

// PanelChoice is one expert proposed for a panel and why.
type PanelChoice struct {
	Expert Expert   `json:"expert"`
	Covers []string `json:"covers"` // the needed branches this expert covers
	Reason string   `json:"reason"`
}

// SuggestPanel proposes up to n experts for reviewing work in the given framework branches
// done by the given units. Experts of those units, or who declared a conflict with them, are
// left out. It picks greedily the expert who covers most of the branches still uncovered (a
// specialty covers a branch when one lies within the other), then fills the panel with the
// experts closest to the work. It returns the panel, the branches no chosen expert covers, and
// the experts excluded for conflicts.
func SuggestPanel(pool []Expert, fw *Framework, branches, units []string, n int) (panel []PanelChoice, uncovered, excluded []string) {
	var candidates []Expert
	for _, x := range pool {
		if x.conflicted(units) {
			excluded = append(excluded, x.ID)
			continue
		}
		candidates = append(candidates, x)
	}
	sort.Slice(candidates, func(i, j int) bool { return candidates[i].ID < candidates[j].ID })
	covers := func(x Expert, branch string) bool {
		for _, s := range x.Specialties {
			if fw.Covers(s, []string{branch}) || fw.Covers(branch, []string{s}) {
				return true
			}
		}
		return false
	}
	need := map[string]bool{}
	for _, b := range branches {
		need[b] = true
	}
	chosen := map[string]bool{}
	for len(panel) < n {
		best, bestCovers := -1, []string(nil)
		for i, x := range candidates {
			if chosen[x.ID] {
				continue
			}
			var c []string
			for _, b := range branches {
				if need[b] && covers(x, b) {
					c = append(c, b)
				}
			}
			if len(c) > len(bestCovers) {
				best, bestCovers = i, c
			}
		}
		if best < 0 {
			break
		}
		x := candidates[best]
		chosen[x.ID] = true
		for _, b := range bestCovers {
			need[b] = false
		}
		panel = append(panel, PanelChoice{Expert: x, Covers: bestCovers,
			Reason: fmt.Sprintf("覆盖尚未覆盖的体系分支 %s；本人单位 %s 与被评对象无利益冲突", strings.Join(bestCovers, "、"), x.Unit)})
	}
	// Fill the rest with experts who know any of the branches, then anyone without a conflict.
	for _, pass := range []bool{true, false} {
		for _, x := range candidates {
			if len(panel) >= n || chosen[x.ID] {
				continue
			}
			var c []string
			for _, b := range branches {
				if covers(x, b) {
					c = append(c, b)
				}
			}
			if pass && len(c) == 0 {
				continue
			}
			chosen[x.ID] = true
			reason := fmt.Sprintf("补足人数：熟悉 %s", strings.Join(c, "、"))
			if len(c) == 0 {
				reason = "补足人数：无利益冲突的其他专家"
			}
			panel = append(panel, PanelChoice{Expert: x, Covers: c, Reason: reason})
		}
	}
	for _, b := range branches {
		if need[b] {
			uncovered = append(uncovered, b)
		}
	}
	return panel, uncovered, excluded
}

// SplitList splits a list a person typed, separated by commas (ASCII or full-width) or 、.
func SplitList(s string) []string {
	var out []string
	for _, x := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == '、' }) {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// ConflictedOnPanel returns the panel members who may not judge work of the units: experts of
// those units, or who declared a conflict with them (the experts SuggestPanel leaves out).
func ConflictedOnPanel(pool []Expert, panel, units []string) []Expert {
	byID := map[string]Expert{}
	for _, x := range pool {
		byID[x.ID] = x
	}
	var out []Expert
	for _, id := range panel {
		if x, ok := byID[id]; ok && x.conflicted(units) {
			out = append(out, x)
		}
	}
	return out
}

// CheckPanel reports the first panel member who is not in the expert pool.
func CheckPanel(pool []Expert, ids []string) error {
	known := map[string]bool{}
	for _, x := range pool {
		known[x.ID] = true
	}
	for _, id := range ids {
		if !known[id] {
			return Errorf(EINVALID, "专家库中没有专家 %q", id)
		}
	}
	return nil
}
