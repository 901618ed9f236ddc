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
