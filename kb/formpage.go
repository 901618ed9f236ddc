package kb

import (
	"fmt"
	"slices"
	"strings"

	"stdkb"
	"stdkb/evaluator"
)

// FormPage is everything a front end needs to show the self-assessment form: the form as
// typed, the checklist, the lists to choose from and the problems to show beside their fields.
type FormPage struct {
	Form       SubmissionForm
	Checklist  *stdkb.Checklist
	Units      []Choice         // for callers who choose the unit (not pilots)
	Standards  []StandardChoice // the unit's system first, then the rest of the library
	Indicators []Choice         // the checklist's indicators first
	Kinds      []string         // campaign kinds
	Levels     []string         // standard levels
	// EvidenceNames names each kept evidence reference: the stored file's name and size.
	EvidenceNames map[string]string
	Problems      map[string][]string
	List          []FormProblem // every problem, in form order, for the summary at the top
	Milestones    int           // milestone reports carried over from the stored draft
	UnitName      string        // the form's unit as people name it
}

// Choice is one option of a list: the value sent and the label shown.
type Choice struct {
	Value, Label string
	Note         string // e.g. an indicator's unit
	First        bool   // in the first group (the unit's system, the checklist's indicators)
}

// StandardChoice is a library standard to choose for an inventory row, with what choosing it
// fills in.
type StandardChoice struct {
	Choice
	Number, Title, Level, Framework string
}

// NewForm is an empty form for a checklist: the period defaults to the last full year.
func (a *App) NewForm(c Caller, checklist string) (SubmissionForm, error) {
	cl, err := a.StartSubmission(c, checklist)
	if err != nil {
		return SubmissionForm{}, err
	}
	year := a.Today().Year() - 1
	return SubmissionForm{Checklist: cl.ID, Unit: c.Unit, From: fmt.Sprintf("%d-01-01", year), To: fmt.Sprintf("%d-12-31", year)}, nil
}

// EditForm is the form filled from the latest version of a stored submission.
func (a *App) EditForm(c Caller, id uint64) (SubmissionForm, error) {
	v, err := a.stored(c, id)
	if err != nil {
		return SubmissionForm{}, err
	}
	sub, err := evaluator.Decode(v.Body)
	if err != nil {
		return SubmissionForm{}, stdkb.WrapError(stdkb.EINVALID, err, "自评 #%d 无法读取。", id)
	}
	return FormOf(v.ID, sub), nil
}

// FormOf lays a submission document out as the form shows it.
func FormOf(id uint64, sub *Submission) SubmissionForm {
	f := SubmissionForm{ID: id, Checklist: sub.Checklist, Unit: sub.Unit, From: sub.Period.From.String(), To: sub.Period.To.String(),
		Answers: map[string]string{}, Comments: map[string]string{}, Evidence: map[string][]string{}}
	for _, it := range sub.Items {
		f.Answers[it.ID] = it.Level
		if it.Score != nil {
			f.Answers[it.ID] = fmt.Sprint(*it.Score)
		}
		f.Comments[it.ID], f.Evidence[it.ID] = it.Comment, it.Evidence
	}
	for _, st := range sub.Standards {
		r := StandardRow{Doc: st.Doc, Number: st.Number, Title: st.Title, Level: st.Level, Framework: strings.Join(st.Framework, " "),
			Applicable: st.Applicable, Implemented: st.Implemented, Publicity: st.LastPublicity.String(), Effective: st.Effective.String()}
		for _, e := range st.EffectEvaluations {
			r.Evaluations = append(r.Evaluations, EvaluationRow{e.Date.String(), e.Report})
		}
		for _, d := range st.Reviews {
			r.Reviews = append(r.Reviews, d.String())
		}
		f.Standards = append(f.Standards, r)
	}
	for _, cp := range sub.Campaigns {
		f.Campaigns = append(f.Campaigns, CampaignRow{Date: cp.Date.String(), Kind: cp.Kind, Title: cp.Title, Standards: campaignNames(cp, sub.Standards)})
	}
	for _, in := range sub.Indicators {
		if in.Baseline != nil {
			f.Indicators = append(f.Indicators, IndicatorRow{in.ID, fmt.Sprint(in.Baseline.Year), fmt.Sprint(in.Baseline.Value), true})
		}
		for _, pt := range in.Values {
			f.Indicators = append(f.Indicators, IndicatorRow{in.ID, fmt.Sprint(pt.Year), fmt.Sprint(pt.Value), false})
		}
	}
	return f
}

// campaignNames shows a campaign's standards by number, or by title where the reference is a
// library document listed without one.
func campaignNames(cp evaluator.Campaign, inventory []evaluator.Standard) string {
	names := make([]string, len(cp.Standards))
	for i, ref := range cp.Standards {
		names[i] = ref
		for _, st := range inventory {
			if st.Doc == ref && ref != "" {
				names[i] = st.Title
				if st.Number != "" {
					names[i] = st.Number
				}
			}
		}
	}
	return strings.Join(names, "、")
}

// FormPageOf is the page for a form: a new one, a stored draft being edited, or one refused
// (problems) or shown again after adding rows.
func (a *App) FormPageOf(c Caller, f SubmissionForm, problems []FormProblem) (*FormPage, error) {
	cl, err := a.StartSubmission(c, f.Checklist)
	if err != nil {
		return nil, err
	}
	lib := a.lib()
	unit := f.Unit
	if c.Role == stdkb.RolePilot && f.ID == 0 {
		unit, f.Unit = c.Unit, c.Unit
	}
	f.Unit = a.canonicalUnit(f.Unit) // the unit list's values are ids
	to, _ := stdkb.ParseDate(f.To)
	a.prefillStandards(&f, to)
	p := &FormPage{Form: f, Checklist: cl, Kinds: campaignKinds, Levels: standardLevels,
		Problems: map[string][]string{}, List: problems}
	for _, pr := range problems {
		p.Problems[pr.Key] = append(p.Problems[pr.Key], pr.Message)
	}
	if c.Role != stdkb.RolePilot {
		for _, u := range lib.Units {
			p.Units = append(p.Units, Choice{Value: unitValue(u), Label: u.Name})
		}
	}
	p.UnitName = a.unitName(unit)
	p.Standards = standardChoices(lib, unit)
	p.Indicators = indicatorChoices(lib, cl)
	// Evidence is bound to the unit the stored submission names (or, for a new one, the
	// canonical unit), as the uploads were stored.
	evidenceUnit, err := a.formUnit(c, f)
	if err != nil {
		evidenceUnit = a.canonicalUnit(unit)
	}
	if p.EvidenceNames, err = a.evidenceNames(evidenceUnit, f.Evidence); err != nil {
		return nil, err
	}
	if f.ID != 0 {
		if v, err := a.stored(c, f.ID); err == nil {
			if sub, err := evaluator.Decode(v.Body); err == nil {
				p.Milestones = len(sub.Milestones)
			}
		}
	}
	return p, nil
}

// unitValue is what a form sends for a unit: its content id, as submissions store it.
func unitValue(u *stdkb.Unit) string { return u.ID }

// standardChoices lists the library's standards, the unit's system first.
func standardChoices(lib *stdkb.Library, unit string) []StandardChoice {
	var system []*stdkb.Document
	if u, ok := lib.Unit(unit); ok {
		system = lib.SystemOf(u).Documents
	}
	var first, rest []StandardChoice
	for _, d := range lib.Documents {
		if d.Kind != stdkb.KindStandard {
			continue
		}
		e := d.Latest()
		label := e.Title
		if e.Number != "" {
			label = e.Number + " " + e.Title
		}
		ch := StandardChoice{Choice: Choice{Value: d.ID, Label: label, First: slices.Contains(system, d)},
			Number: e.Number, Title: e.Title, Level: e.Level, Framework: strings.Join(e.Framework, " ")}
		if ch.First {
			first = append(first, ch)
		} else {
			rest = append(rest, ch)
		}
	}
	return append(first, rest...)
}

// indicatorChoices lists the plan's indicators, those the checklist asks for first.
func indicatorChoices(lib *stdkb.Library, cl *stdkb.Checklist) []Choice {
	var first, rest []Choice
	for _, set := range lib.Indicators {
		for _, m := range set.Metrics {
			ch := Choice{Value: m.ID, Label: m.Label(), Note: m.Unit, First: slices.Contains(cl.Indicators, m.ID)}
			if ch.First {
				first = append(first, ch)
			} else {
				rest = append(rest, ch)
			}
		}
	}
	return append(first, rest...)
}

// evidenceNames names the stored files a form refers to; references to files that are not the
// unit's stay unnamed (the store refuses them on saving).
func (a *App) evidenceNames(unit string, kept map[string][]string) (map[string]string, error) {
	names := map[string]string{}
	var ids []uint64
	for _, list := range kept {
		for _, ref := range list {
			if id, ok := stdkb.ParseEvidenceRef(ref); ok {
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 || a.cfg.Store == nil {
		return names, nil
	}
	recs, err := a.cfg.Store.UnitEvidence(unit, ids...)
	if err != nil {
		return nil, err
	}
	for id, e := range recs {
		names[stdkb.EvidenceRef(id)] = fmt.Sprintf("%s（%s）", e.Name, sizeText(e.Size))
	}
	return names, nil
}

// sizeText is a file size as people read it.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d 字节", n)
}

// AddSystemStandards adds a row for each standard of the unit's system the form's inventory
// does not list yet: a report counts every one left out as applicable and not implemented.
func (a *App) AddSystemStandards(c Caller, f SubmissionForm) SubmissionForm {
	lib := a.lib()
	u, ok := lib.Unit(f.Unit)
	if c.Role == stdkb.RolePilot {
		u, ok = lib.Unit(c.Unit)
	}
	if !ok {
		return f
	}
	listed := map[string]bool{}
	for _, r := range f.Standards {
		listed[strings.TrimSpace(r.Doc)] = true
		listed[strings.TrimSpace(r.Number)] = true
	}
	for _, d := range lib.SystemOf(u).Documents {
		if d.Kind != stdkb.KindStandard || listed[d.ID] || (d.Latest().Number != "" && listed[d.Latest().Number]) {
			continue
		}
		f.Standards = append(f.Standards, StandardRow{Doc: d.ID, Applicable: true})
	}
	to, _ := stdkb.ParseDate(f.To)
	a.prefillStandards(&f, to)
	return f
}
