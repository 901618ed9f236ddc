package content

import (
	"fmt"

	"stdkb"
	"stdkb/schemas"
)

// milestoneRefs checks a set's milestones: framework codes, sources, and the document a
// recorded status points at.
func (l *loader) milestoneRefs(lib *stdkb.Library, set *stdkb.IndicatorSet, fm *frontMatter) {
	for i, m := range set.Milestones {
		at := []string{"milestones", fmt.Sprint(i)}
		l.codes(set.Path, fm, m.Framework, at...)
		for j, r := range m.Sources {
			l.ref(lib, set.Path, fm, r, append(at, "sources", fmt.Sprint(j))...)
		}
		if m.Status == nil {
			continue
		}
		if m.Status.Document != nil {
			l.ref(lib, set.Path, fm, *m.Status.Document, append(at, "status", "document")...)
		}
		if !m.Status.Date.IsZero() && !l.today.IsZero() && m.Status.Date.After(l.today) {
			loc := append(at, "status", "date")
			l.add(set.Path, fm.lineOf(loc...), schemas.FieldPath(loc), "状态日期 %s 晚于今天", m.Status.Date)
		}
	}
}

// checklistMilestones checks that every checklist item naming a milestone names one that
// exists.
func (l *loader) checklistMilestones(lib *stdkb.Library) {
	for _, c := range lib.Checklists {
		fm := l.otherFiles[c.Path]
		for i, s := range c.Sections {
			for j, it := range s.Items {
				if it.Milestone == "" {
					continue
				}
				if _, ok := lib.Milestone(it.Milestone); !ok {
					loc := []string{"sections", fmt.Sprint(i), "items", fmt.Sprint(j), "milestone"}
					l.add(c.Path, fm.lineOf(loc...), schemas.FieldPath(loc), "指标集中没有节点 %q", it.Milestone)
				}
			}
		}
	}
}
