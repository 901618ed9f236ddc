// Package evaluator scores self-assessment submissions: a pilot's checklist, its standard
// inventory (implementation rate, effect-evaluation coverage, publicity), on-time reviews, and
// the plan's indicators. Every figure comes with its rule, inputs, arithmetic and source; every
// rule, weight and target comes from content.
package evaluator

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"stdkb"
	"stdkb/schemas"
)

// MaxSubmissionSize bounds a submission file, in bytes.
const MaxSubmissionSize = 4 << 20

// Submission is a self-assessment as a unit submits it.
type Submission struct {
	Unit       string            `json:"unit"`
	Period     Period            `json:"period"`
	Checklist  string            `json:"checklist"`
	Stage      string            `json:"stage"`
	Sample     bool              `json:"sample,omitempty"`
	Note       string            `json:"note,omitempty"`
	Items      []ItemResponse    `json:"items,omitempty"`
	Standards  []Standard        `json:"standards,omitempty"`
	Indicators []IndicatorData   `json:"indicators,omitempty"`
	Milestones []MilestoneReport `json:"milestones,omitempty"`
}

// Period is the span a submission covers, both days included.
type Period struct {
	From stdkb.Date `json:"from"`
	To   stdkb.Date `json:"to"`
}

// ItemResponse answers one checklist item.
type ItemResponse struct {
	ID       string   `json:"id"`
	Level    string   `json:"level,omitempty"` // for levels and boolean rules
	Score    *float64 `json:"score,omitempty"` // for the score rule
	Evidence []string `json:"evidence,omitempty"`
	Comment  string   `json:"comment,omitempty"`
}

// Standard is one entry of the unit's standard inventory.
type Standard struct {
	Doc             string     `json:"doc,omitempty"` // the document in the library, when it is there
	Number          string     `json:"number,omitempty"`
	Title           string     `json:"title"`
	Level           string     `json:"level,omitempty"`
	Framework       []string   `json:"framework"`
	Applicable      bool       `json:"applicable"`
	Implemented     bool       `json:"implemented"`
	EffectEvaluated bool       `json:"effect_evaluated,omitempty"`
	LastPublicity   stdkb.Date `json:"last_publicity,omitzero"`
}

// IndicatorData is the unit's data for one of the plan's indicators.
type IndicatorData struct {
	ID       string  `json:"id"`
	Baseline *Point  `json:"baseline,omitempty"`
	Values   []Point `json:"values,omitempty"`
}

// Point is a value measured in a year.
type Point struct {
	Year  int     `json:"year"`
	Value float64 `json:"value"`
}

// FieldError is one thing wrong with a submission, at a field path such as items[3].score.
type FieldError struct {
	Field   string `json:"field"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

// InvalidError lists every problem of an invalid submission. Its code is stdkb.EINVALID.
type InvalidError struct{ Errors []FieldError }

func (e *InvalidError) Error() string {
	lines := make([]string, len(e.Errors))
	for i, fe := range e.Errors {
		lines[i] = fe.Field + ": " + fe.Message
		if fe.Line > 0 {
			lines[i] = fmt.Sprintf("line %d: %s", fe.Line, lines[i])
		}
	}
	return "invalid submission:\n" + strings.Join(lines, "\n")
}

// Parse decodes a submission (YAML or JSON), validates it against schemas/submission.json and
// then against the library: the checklist and its items, levels, score ranges, indicators and
// framework codes. It reports every problem at once in an *InvalidError and never panics.
func Parse(src []byte, lib *stdkb.Library) (*Submission, error) {
	if len(src) > MaxSubmissionSize {
		return nil, &InvalidError{[]FieldError{{Message: fmt.Sprintf("submission is larger than %d bytes", MaxSubmissionSize)}}}
	}
	doc, errs := schemas.DecodeYAML(src, 1)
	if len(errs) > 0 {
		out := make([]FieldError, len(errs))
		for i, e := range errs {
			out[i] = FieldError{Field: e.Field, Line: e.Line, Message: e.Message}
		}
		return nil, &InvalidError{out}
	}
	violations, err := schemas.Validate("submission", doc.Value)
	if err != nil {
		return nil, err
	}
	if len(violations) > 0 {
		out := make([]FieldError, len(violations))
		for i, v := range violations {
			out[i] = FieldError{Field: v.Field(), Line: doc.Line(v.Location...), Message: v.Message}
		}
		return nil, &InvalidError{out}
	}
	b, err := json.Marshal(doc.Value)
	if err != nil {
		return nil, err
	}
	var s Submission
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, &InvalidError{[]FieldError{{Message: err.Error()}}}
	}
	if fes := Check(&s, lib); len(fes) > 0 {
		for i := range fes {
			fes[i].Line = doc.Line(splitField(fes[i].Field)...)
		}
		return nil, &InvalidError{fes}
	}
	return &s, nil
}

// Decode reads a submission (YAML or JSON) without checking it against schema or library, for
// showing stored documents. Use Parse for anything that will be scored.
func Decode(src []byte) (*Submission, error) {
	doc, errs := schemas.DecodeYAML(src, 1)
	if len(errs) > 0 {
		return nil, &InvalidError{[]FieldError{{Line: errs[0].Line, Field: errs[0].Field, Message: errs[0].Message}}}
	}
	b, err := json.Marshal(doc.Value)
	if err != nil {
		return nil, err
	}
	var s Submission
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, &InvalidError{[]FieldError{{Message: err.Error()}}}
	}
	return &s, nil
}

// splitField turns items[3].score back into a location for line lookup.
func splitField(f string) []string {
	f = strings.NewReplacer("[", ".", "]", "").Replace(f)
	return strings.Split(strings.TrimPrefix(f, "."), ".")
}

// Check validates a decoded submission against the library and returns every problem.
func Check(s *Submission, lib *stdkb.Library) []FieldError {
	var out []FieldError
	add := func(field, format string, args ...any) {
		out = append(out, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	if s.Period.To.Before(s.Period.From) {
		add("period.to", "%s is before period.from %s", s.Period.To, s.Period.From)
	}
	c, ok := lib.Checklist(s.Checklist)
	if !ok {
		var ids []string
		for _, x := range lib.Checklists {
			ids = append(ids, x.ID)
		}
		add("checklist", "no checklist %q (known: %s)", s.Checklist, strings.Join(ids, ", "))
	} else if s.Stage != c.Stage {
		add("stage", "%s does not match checklist %s, which is for %s", s.Stage, c.ID, c.Stage)
	}
	if c != nil {
		items := map[string]stdkb.ChecklistItem{}
		for _, sec := range c.Sections {
			for _, it := range sec.Items {
				items[it.ID] = it
			}
		}
		levels := map[string]stdkb.Level{}
		var names []string
		for _, l := range c.Levels {
			levels[l.Name] = l
			names = append(names, l.Name)
		}
		seen := map[string]bool{}
		for i, r := range s.Items {
			at := fmt.Sprintf("items[%d]", i)
			it, ok := items[r.ID]
			if !ok {
				add(at+".id", "checklist %s has no item %q", c.ID, r.ID)
				continue
			}
			if seen[r.ID] {
				add(at+".id", "item %q answered twice", r.ID)
			}
			seen[r.ID] = true
			switch it.Rule {
			case stdkb.RuleScore:
				switch {
				case r.Score == nil && r.Level == "":
					add(at+".score", "item %s is scored: give a score from 0 to %g", r.ID, it.Max)
				case r.Score != nil && *r.Score > it.Max:
					add(at+".score", "%g exceeds max %g", *r.Score, it.Max)
				case r.Level != "" && !levels[r.Level].NotApplicable:
					add(at+".level", "item %s is scored with a number; the only level it takes is one that marks it not applicable", r.ID)
				}
			default:
				l, ok := levels[r.Level]
				switch {
				case r.Score != nil:
					add(at+".score", "item %s is answered with a level (%s), not a score", r.ID, strings.Join(names, ", "))
				case !ok:
					add(at+".level", "%q is not a level of checklist %s (want %s)", r.Level, c.ID, strings.Join(names, ", "))
				case it.Rule == stdkb.RuleBoolean && !l.NotApplicable && l.Credit != 0 && l.Credit != 1:
					add(at+".level", "item %s is pass/fail: %s is partial", r.ID, r.Level)
				}
			}
		}
	}
	for i, st := range s.Standards {
		for j, code := range st.Framework {
			if _, ok := lib.Framework.Node(code); !ok {
				add(fmt.Sprintf("standards[%d].framework[%d]", i, j), "unknown framework code %q", code)
			}
		}
		if st.Doc != "" {
			if _, ok := lib.Document(st.Doc); !ok {
				add(fmt.Sprintf("standards[%d].doc", i), "no document %q in the library", st.Doc)
			}
		}
		if st.Implemented && !st.Applicable {
			add(fmt.Sprintf("standards[%d].implemented", i), "a standard that does not apply cannot be implemented")
		}
	}
	known := indicatorIndex(lib)
	seenInd := map[string]bool{}
	for i, d := range s.Indicators {
		at := fmt.Sprintf("indicators[%d]", i)
		m, ok := known[d.ID]
		if !ok {
			add(at+".id", "no indicator %q", d.ID)
			continue
		}
		if seenInd[d.ID] {
			add(at+".id", "indicator %q given twice", d.ID)
		}
		seenInd[d.ID] = true
		if m.Type == stdkb.IndicatorChange {
			switch {
			case d.Baseline == nil:
				add(at+".baseline", "indicator %s is measured against %d: give baseline {year: %d, value}", d.ID, m.BaselineYear, m.BaselineYear)
			case d.Baseline.Year != m.BaselineYear:
				add(at+".baseline.year", "%d: indicator %s is measured against %d", d.Baseline.Year, d.ID, m.BaselineYear)
			case d.Baseline.Value == 0:
				add(at+".baseline.value", "0 cannot be a baseline for a relative change")
			}
		}
		years := map[int]bool{}
		for j, p := range d.Values {
			if years[p.Year] {
				add(fmt.Sprintf("%s.values[%d].year", at, j), "year %d given twice", p.Year)
			}
			years[p.Year] = true
			if p.Year < m.FromYear-1 || p.Year > m.ToYear {
				add(fmt.Sprintf("%s.values[%d].year", at, j), "%d is outside the indicator's period %d–%d", p.Year, m.FromYear, m.ToYear)
			}
		}
	}
	out = append(out, checkMilestones(s, lib)...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}

// indicatorIndex maps indicator ids to their definitions.
func indicatorIndex(lib *stdkb.Library) map[string]stdkb.Indicator {
	out := map[string]stdkb.Indicator{}
	for _, set := range lib.Indicators {
		for _, m := range set.Metrics {
			out[m.ID] = m
		}
	}
	return out
}

// Unwrap makes stdkb.ErrorCode report EINVALID for an invalid submission.
func (e *InvalidError) Unwrap() error { return stdkb.Errorf(stdkb.EINVALID, "invalid submission") }
