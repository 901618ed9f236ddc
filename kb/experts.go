package kb

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

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
	if err := checkExpert(a.lib().Framework, x); err != nil {
		return err
	}
	return a.cfg.Store.PutExpert(x, c.Name)
}

// newExpertMu serialises NewExpert, so two administrators adding at once get distinct ids.
var newExpertMu sync.Mutex

// NewExpert adds an expert under a generated id (ZJ001, ZJ002, …, one past the highest in the
// pool) and returns it: administrators only. Conflicts name units by id or name; each is
// recorded with every name the unit goes by, so panels match it whichever name a document or
// submission uses.
func (a *App) NewExpert(c Caller, x stdkb.Expert) (stdkb.Expert, error) {
	if err := a.adminWithStore(c); err != nil {
		return x, err
	}
	newExpertMu.Lock()
	defer newExpertMu.Unlock()
	pool, err := a.cfg.Store.Experts()
	if err != nil {
		return x, err
	}
	x.ID = nextExpertID(pool)
	x.Conflicts = a.unitKeys(x.Conflicts)
	if err := checkExpert(a.lib().Framework, x); err != nil {
		return x, err
	}
	return x, a.cfg.Store.PutExpert(x, c.Name)
}

// expertPrefix begins every generated expert id.
const expertPrefix = "ZJ"

func nextExpertID(pool []stdkb.Expert) string {
	high := 0
	for _, x := range pool {
		if n, err := strconv.Atoi(strings.TrimPrefix(x.ID, expertPrefix)); err == nil && strings.HasPrefix(x.ID, expertPrefix) && n > high {
			high = n
		}
	}
	return fmt.Sprintf("%s%03d", expertPrefix, high+1)
}

// unitKeys expands each unit named to every name it goes by (id, name, full name, aliases);
// keys the content does not know are kept as given.
func (a *App) unitKeys(keys []string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(k string) {
		if k != "" && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	for _, k := range keys {
		u, ok := a.lib().Unit(k)
		if !ok {
			add(strings.TrimSpace(k))
			continue
		}
		add(u.ID)
		add(u.Name)
		add(u.FullName)
		for _, al := range u.Aliases {
			add(al)
		}
	}
	return out
}

// UnitNames names the units keys refer to, once each, by the content's short names; keys the
// content does not know are kept as given.
func (a *App) UnitNames(keys []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, k := range keys {
		name := k
		if u, ok := a.lib().Unit(k); ok {
			name = u.Name
		}
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	return out
}

// checkExpert checks an expert's fields, in the words of the form that asks for them.
func checkExpert(fw *stdkb.Framework, x stdkb.Expert) error {
	switch {
	case strings.TrimSpace(x.ID) == "" || strings.ContainsAny(x.ID, " /"):
		return stdkb.Errorf(stdkb.EINVALID, "编号 %q：不能为空，不能含空格或斜杠。", x.ID)
	case strings.TrimSpace(x.Name) == "":
		return stdkb.Errorf(stdkb.EINVALID, "姓名：请填写。")
	case strings.TrimSpace(x.Unit) == "":
		return stdkb.Errorf(stdkb.EINVALID, "工作单位：请填写（本单位的评审自动回避）。")
	case len(x.Specialties) == 0:
		return stdkb.Errorf(stdkb.EINVALID, "专业领域：请至少选择一个体系分支。")
	}
	for _, code := range x.Specialties {
		if _, ok := fw.Node(code); !ok {
			return stdkb.Errorf(stdkb.EINVALID, "专业领域：体系中没有分支 %q。", code)
		}
	}
	return nil
}

// PanelSuggestion is a proposed review panel with its reasons.
type PanelSuggestion struct {
	evaluator.PanelScope
	Panel     []stdkb.PanelChoice `json:"panel"`
	Uncovered []string            `json:"uncovered"`
	Excluded  []string            `json:"excluded"` // ids, as a panel names its experts
	// ExcludedNames names the excluded experts as people read them (name and unit), in the
	// order of Excluded.
	ExcludedNames []string `json:"excluded_names"`
	// Avoid names the units concerned, once each, by name (Units holds every key they go by).
	Avoid []string `json:"avoid"`
}

// SuggestPanel proposes a panel of n experts for a document id or a submission number:
// reviewers and administrators only.
func (a *App) SuggestPanel(c Caller, target string, n int) (*PanelSuggestion, error) {
	if err := needReviewer(c); err != nil {
		return nil, err
	}
	if n < 1 || n > 20 {
		return nil, stdkb.Errorf(stdkb.EINVALID, "专家组人数应在 1 到 20 之间，而不是 %d。", n)
	}
	if strings.TrimSpace(target) == "" {
		return nil, stdkb.Errorf(stdkb.EINVALID, "评审对象：请给出文件编号或自评材料编号。")
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
	out := &PanelSuggestion{PanelScope: scope, Avoid: a.UnitNames(scope.Units)}
	out.Panel, out.Uncovered, out.Excluded = stdkb.SuggestPanel(pool, lib.Framework, scope.Branches, a.unitKeys(scope.Units), n)
	if out.Panel == nil {
		out.Panel = []stdkb.PanelChoice{}
	}
	if out.Uncovered == nil {
		out.Uncovered = []string{}
	}
	if out.Excluded == nil {
		out.Excluded = []string{}
	}
	out.ExcludedNames = expertNames(pool, out.Excluded)
	if out.Avoid == nil {
		out.Avoid = []string{}
	}
	return out, nil
}

// expertNames names the experts with the given ids as people read them: 姓名（工作单位）.
func expertNames(pool []stdkb.Expert, ids []string) []string {
	byID := map[string]stdkb.Expert{}
	for _, x := range pool {
		byID[x.ID] = x
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = byID[id].Name + "（" + byID[id].Unit + "）"
	}
	return out
}

// panelNames names a panel's experts as expertNames does; an expert since removed from the
// pool keeps the id the decision recorded.
func panelNames(pool []stdkb.Expert, ids []string) []string {
	out := expertNames(pool, ids)
	for i, id := range ids {
		if !slices.ContainsFunc(pool, func(x stdkb.Expert) bool { return x.ID == id }) {
			out[i] = id
		}
	}
	return out
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
	conflicted := stdkb.ConflictedOnPanel(pool, panel, a.unitKeys(scope.Units))
	if len(conflicted) == 0 {
		return "", nil
	}
	if strings.TrimSpace(override) != "" {
		return strings.TrimSpace(override), nil
	}
	ids := make([]string, len(conflicted))
	for i, x := range conflicted {
		ids[i] = x.ID
	}
	names := expertNames(pool, ids)
	return "", stdkb.Errorf(stdkb.EINVALID, "评审专家：%s 与%s存在利益冲突（本单位或已申报回避）。请更换专家；确需保留的，请填写保留理由。",
		strings.Join(names, "、"), scope.What)
}
