package kb

import (
	"fmt"
	"strings"

	"stdkb"
	"stdkb/evaluator"
)

// ReportView is a report laid out for its page: every figure the committee's comparison shows,
// in words with its explanation, the indicators with stdkb's own figures beside the unit's,
// the definitions quoted, and the evidence files to open.
type ReportView struct {
	Figures        []evaluator.Figure
	PublicityYears []evaluator.YearCount
	Indicators     []IndicatorLine
	Definitions    []DefinitionLine
	Omitted        []string
	Milestones     []evaluator.MilestoneResult
	Evidence       []ItemEvidence
	Flags          []string // the items needing the committee's attention, items named by their text
	// ChecklistSample: the checklist's items and weights are illustrative (the unit's report
	// itself is not a sample for that).
	ChecklistSample bool
}

// IndicatorLine is one indicator's progress as a table row.
type IndicatorLine struct {
	Name, Target, Latest, Expected, Computed, Status string
	Year                                             int
	Disagrees, Aspirational                          bool
	Explain                                          evaluator.Explanation
}

// DefinitionLine is one definition behind the figures, with the plan's words it models.
type DefinitionLine struct{ Name, Text, Quote string }

// ItemEvidence is what a checklist item's answer cites: stored files (with links for those who
// may see the submission) and descriptions of material not uploaded.
type ItemEvidence struct {
	Item  string // the item's text
	Files []stdkb.Evidence
	Notes []string
}

// ReportViewOf lays out a report; sub and files (the submission's stored evidence) give the
// evidence each item cites, and may be nil.
func ReportViewOf(rep *Report, sub *Submission, files []stdkb.Evidence) ReportView {
	v := ReportView{Figures: evaluator.Figures(rep), PublicityYears: rep.PublicityYears, Omitted: rep.Omitted,
		Milestones: rep.Milestones, ChecklistSample: rep.ChecklistSample}
	for _, in := range rep.Indicators {
		v.Indicators = append(v.Indicators, IndicatorLine{Name: in.Name, Target: fmt.Sprintf("%g%s", in.Target, in.Unit),
			Latest: evaluator.ValueText(in.Value, in.Unit), Expected: evaluator.ValueText(in.Expected, in.Unit),
			Computed: evaluator.ComputedText(in), Status: evaluator.StatusName(in.Status), Year: in.Year,
			Disagrees: in.Disagrees, Aspirational: in.Aspirational, Explain: in.Explain})
	}
	for _, d := range rep.Definitions {
		v.Definitions = append(v.Definitions, DefinitionLine{Name: d.Name, Text: d.Text, Quote: evaluator.DefinitionQuote(d)})
	}
	if sub != nil {
		v.Evidence = itemEvidence(rep, sub, files)
	}
	v.Flags = namedFlags(rep)
	return v
}

// namedFlags words the report's flags for readers: a flag on a checklist item starts with the
// item's id ("sys-2：缺少佐证材料"), which becomes the start of the item's text.
func namedFlags(rep *Report) []string {
	names := map[string]string{}
	for _, sec := range rep.Checklist.Sections {
		for _, it := range sec.Items {
			names[it.ID] = shortTitle(stdkb.ChecklistItem{Text: it.Text})
		}
	}
	out := make([]string, len(rep.Flags))
	for i, f := range rep.Flags {
		out[i] = f
		if id, rest, ok := strings.Cut(f, "："); ok && names[id] != "" {
			out[i] = names[id] + "：" + rest
		}
	}
	return out
}

// itemEvidence pairs each answered item with the files and descriptions it cites.
func itemEvidence(rep *Report, sub *Submission, files []stdkb.Evidence) []ItemEvidence {
	byID := map[uint64]stdkb.Evidence{}
	for _, e := range files {
		byID[e.ID] = e
	}
	texts := map[string]string{}
	for _, sec := range rep.Checklist.Sections {
		for _, it := range sec.Items {
			texts[it.ID] = it.Text
		}
	}
	var out []ItemEvidence
	for _, it := range sub.Items {
		ie := ItemEvidence{Item: texts[it.ID]}
		for _, ref := range it.Evidence {
			if id, ok := stdkb.ParseEvidenceRef(ref); ok {
				if e, ok := byID[id]; ok {
					ie.Files = append(ie.Files, e)
				}
				continue
			}
			ie.Notes = append(ie.Notes, ref)
		}
		if len(ie.Files)+len(ie.Notes) > 0 {
			out = append(out, ie)
		}
	}
	return out
}
