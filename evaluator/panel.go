package evaluator

import (
	"fmt"
	"strconv"

	"stdkb"
)

// PanelScope is what a review or assessment panel must cover and whom it must avoid.
type PanelScope struct {
	What     string   `json:"for"`
	Branches []string `json:"branches"` // framework branches the panel should cover
	Units    []string `json:"units"`    // units (ids and names) whose experts are conflicted
}

// Submissions finds stored self-assessments by number.
type Submissions interface {
	Submission(id uint64) (stdkb.SubmissionVersion, error)
}

// PanelTarget works out what a panel reviews: a document (its branches; its owner must be
// avoided) or a stored submission by number (its checklist's and inventory's branches; its unit).
func PanelTarget(lib *stdkb.Library, subs Submissions, target string) (PanelScope, error) {
	if d, ok := lib.Document(target); ok {
		e := d.Latest()
		scope := PanelScope{What: e.Title, Branches: e.Framework, Units: []string{}}
		if e.Owner != "" {
			scope.Units = append(scope.Units, e.Owner)
			if u, ok := lib.Unit(e.Owner); ok {
				scope.Units = append(scope.Units, u.Name)
			}
		}
		return scope, nil
	}
	id, err := strconv.ParseUint(target, 10, 64)
	if err != nil {
		return PanelScope{}, stdkb.Errorf(stdkb.ENOTFOUND, "没有文件或自评 %q（请填写文件编号或自评编号）", target)
	}
	v, err := subs.Submission(id)
	if err != nil {
		return PanelScope{}, err
	}
	scope := PanelScope{What: fmt.Sprintf("自评 #%d（%s）", v.ID, v.Unit), Branches: []string{}, Units: []string{v.Unit}}
	seen := map[string]bool{}
	add := func(codes []string) {
		for _, c := range codes {
			if !seen[c] {
				seen[c] = true
				scope.Branches = append(scope.Branches, c)
			}
		}
	}
	if c, ok := lib.Checklist(v.Checklist); ok {
		add(c.Framework)
	}
	if sub, err := Decode(v.Body); err == nil {
		for _, s := range sub.Standards {
			add(s.Framework)
		}
	}
	if u, ok := lib.Unit(v.Unit); ok {
		scope.Units = append(scope.Units, u.ID, u.Name)
	}
	return scope, nil
}
