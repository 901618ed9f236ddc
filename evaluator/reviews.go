package evaluator

import (
	"fmt"
	"strings"

	"stdkb"
)

// reviewSet is the documents whose reviews one figure counts, with what could not be dated.
type reviewSet struct {
	docs    []*stdkb.Document
	skip    map[string]bool // documents whose recorded reviews do not count: left out of the submission
	undated []string        // declared internal standards without an effective date
}

// reviewSets splits the inventory into the reviews the unit owes and those of standards it
// only adopts.
func (f *figures) reviewSets() (owed, adopted reviewSet) {
	owed.skip, adopted.skip = map[string]bool{}, map[string]bool{}
	for i, e := range f.inv.entries {
		set := &adopted
		if e.owed {
			set = &owed
		}
		switch {
		case !e.Applicable && !(e.owed && e.doc != nil):
			// A standard the unit issues in the library owes reviews whether or not it applies
			// to the unit itself; any other standard counts only where it applies.
		case e.doc != nil:
			set.docs = append(set.docs, e.doc)
			set.skip[e.doc.ID] = e.omitted
		case !e.owed:
		case e.Effective.IsZero():
			set.undated = append(set.undated, e.label())
		default:
			set.docs = append(set.docs, declaredStandard(e, i))
		}
	}
	return owed, adopted
}

// declaredStandard makes a document of an internal standard the submission declares, so the
// library's review calendar applies to it.
func declaredStandard(e entry, i int) *stdkb.Document {
	id := fmt.Sprintf("submission-standard-%d", i)
	ed := &stdkb.Edition{DocID: id, Key: "1", Kind: stdkb.KindStandard, Title: e.Title, Number: e.Number, Level: e.Level,
		Framework: e.Framework, Effective: e.Effective, Status: "现行"}
	for _, d := range e.Reviews {
		ed.Reviews = append(ed.Reviews, stdkb.Review{Date: d, Outcome: stdkb.OutcomeContinue})
	}
	return &stdkb.Document{ID: id, Kind: stdkb.KindStandard, Editions: []*stdkb.Edition{ed}}
}

// withoutReviews copies a document with no reviews recorded in its front matter.
func withoutReviews(d *stdkb.Document) *stdkb.Document {
	cp := &stdkb.Document{ID: d.ID, Kind: d.Kind}
	for _, e := range d.Editions {
		x := *e
		x.Reviews = nil
		cp.Editions = append(cp.Editions, &x)
	}
	return cp
}

// count runs the library's review calendar over the set. A review of a left-out standard does
// not count; a declared internal standard without an effective date owes one review, missed.
func (rs reviewSet) count(f *figures, ledger []stdkb.ReviewDecision, today stdkb.Date) (stdkb.OnTimeRate, []string) {
	var docs []*stdkb.Document
	for _, d := range rs.docs {
		if rs.skip[d.ID] {
			d = withoutReviews(d)
		}
		docs = append(docs, d)
	}
	var kept []stdkb.ReviewDecision
	for _, r := range ledger {
		if !rs.skip[r.DocID] {
			kept = append(kept, r)
		}
	}
	sub := stdkb.NewLibrary(f.lib.Framework, docs, nil, nil)
	sub.Policy = f.lib.Policy
	r := stdkb.OnTimeReviews(sub, kept, f.s.Period.From, f.s.Period.To, today)
	var late []string
	for _, d := range r.Reviews {
		if d.Result != "on_time" {
			late = append(late, fmt.Sprintf("%s（%s到期，%s）", d.Number, d.Due, map[string]string{"late": "逾期完成", "missing": "未复审"}[d.Result]))
		}
	}
	for _, u := range rs.undated {
		r.Total.Due++
		late = append(late, u+"（未注明实施日期，按期内应复审而未复审计）")
	}
	return r, late
}

// reviewOnTime is the on-time review rate of the reviews the unit owes, and, for information,
// of the standards it only adopts.
func (f *figures) reviewOnTime(ledger []stdkb.ReviewDecision, today stdkb.Date) (owed, adopted RateResult) {
	rule, src := f.rule(targetReviewOnTime)
	owedSet, adoptedSet := f.reviewSets()
	r, late := owedSet.count(f, ledger, today)
	inputs := fmt.Sprintf("本单位应承担复审的标准 %d 项（本单位主管的和自评中申报的内部标准），期内到期复审 %d 次", len(owedSet.docs)+len(owedSet.undated), r.Total.Due)
	if len(late) > 0 {
		inputs += "；未按期：" + strings.Join(late, "、")
	}
	inputs += f.omittedNote()
	owed = rate(r.Total.OnTime, r.Total.Due, f.target(targetReviewOnTime), rule, inputs, src)

	a, lateA := adoptedSet.count(f, ledger, today)
	inputsA := fmt.Sprintf("本单位采用、由其他单位负责复审的标准 %d 项，期内到期复审 %d 次", len(adoptedSet.docs), a.Total.Due)
	if len(lateA) > 0 {
		inputsA += "；未按期：" + strings.Join(lateA, "、")
	}
	adopted = rate(a.Total.OnTime, a.Total.Due, nil, "仅供参考：本单位采用的国家、市级等标准由发布或主管单位复审，不计入本单位的标准按期复审率", inputsA, src)
	return owed, adopted
}
