package kb

import (
	"strings"

	"stdkb"
	"stdkb/evaluator"
)

// Experts are personal data: only reviewers and administrators see the pool or panel
// suggestions, and nothing about them enters the search index.

// Experts lists the expert pool: reviewers and administrators only.
func (a *App) Experts(c Caller) ([]stdkb.Expert, error) {
	if err := needReviewer(c); err != nil {
		return nil, err
	}
	if a.cfg.Store == nil {
		return []stdkb.Expert{}, nil
	}
	pool, err := a.cfg.Store.Experts()
	if pool == nil {
		pool = []stdkb.Expert{}
	}
	return pool, err
}

// AddExpert adds or replaces an expert: administrators only.
func (a *App) AddExpert(c Caller, x stdkb.Expert) error {
	if err := needAdmin(c); err != nil {
		return err
	}
	if err := a.needStore(); err != nil {
		return err
	}
	if err := x.Validate(a.lib().Framework); err != nil {
		return invalid(err)
	}
	return a.cfg.Store.PutExpert(x, c.Name)
}

// PanelSuggestion is a proposed review panel with its reasons.
type PanelSuggestion struct {
	evaluator.PanelScope
	Panel     []stdkb.PanelChoice `json:"panel"`
	Uncovered []string            `json:"uncovered"`
	Excluded  []string            `json:"excluded"`
}

// SuggestPanel proposes a panel of n experts for a document id or a submission number:
// reviewers and administrators only.
func (a *App) SuggestPanel(c Caller, target string, n int) (*PanelSuggestion, error) {
	if err := needReviewer(c); err != nil {
		return nil, err
	}
	if n < 1 || n > 20 {
		return nil, stdkb.Errorf(stdkb.EINVALID, "n：专家组人数应在 1 到 20 之间，而不是 %d。", n)
	}
	if strings.TrimSpace(target) == "" {
		return nil, stdkb.Errorf(stdkb.EINVALID, "for：请给出文件编号或自评材料编号。")
	}
	if err := a.needStore(); err != nil {
		return nil, err
	}
	lib := a.lib()
	scope, err := evaluator.PanelTarget(lib, a.cfg.Store, target)
	if err != nil {
		return nil, err
	}
	pool, err := a.cfg.Store.Experts()
	if err != nil {
		return nil, err
	}
	out := &PanelSuggestion{PanelScope: scope}
	out.Panel, out.Uncovered, out.Excluded = stdkb.SuggestPanel(pool, lib.Framework, scope.Branches, scope.Units, n)
	if out.Panel == nil {
		out.Panel = []stdkb.PanelChoice{}
	}
	if out.Uncovered == nil {
		out.Uncovered = []string{}
	}
	if out.Excluded == nil {
		out.Excluded = []string{}
	}
	return out, nil
}

// checkConflicts refuses a panel for target (a document id or a submission number) that holds
// experts listed as conflicted with the units concerned, unless override says why they sit on it
// anyway. It returns the override to record: empty when nobody on the panel is conflicted.
func (a *App) checkConflicts(target string, panel []string, override string) (string, error) {
	if len(panel) == 0 || a.cfg.Store == nil {
		return "", nil
	}
	scope, err := evaluator.PanelTarget(a.lib(), a.cfg.Store, target)
	if err != nil {
		return "", err
	}
	pool, err := a.cfg.Store.Experts()
	if err != nil {
		return "", err
	}
	if err := stdkb.CheckPanel(pool, panel); err != nil {
		return "", stdkb.WrapError(stdkb.EINVALID, err, "评审专家：%s", stdkb.ErrorMessage(invalid(err)))
	}
	conflicted := stdkb.ConflictedOnPanel(pool, panel, scope.Units)
	if len(conflicted) == 0 {
		return "", nil
	}
	if strings.TrimSpace(override) != "" {
		return strings.TrimSpace(override), nil
	}
	names := make([]string, len(conflicted))
	for i, x := range conflicted {
		names[i] = x.Name + "（" + x.Unit + "）"
	}
	return "", stdkb.Errorf(stdkb.EINVALID, "评审专家：%s 与%s存在利益冲突（本单位或已申报回避）。请更换专家；确需保留的，请填写保留理由。",
		strings.Join(names, "、"), scope.What)
}
