// Package evaluator scores self-assessment submissions: a pilot's checklist, its standard
// inventory (implementation rate, effect-evaluation coverage, publicity), on-time reviews, and
// the plan's indicators. Every figure comes with its rule, inputs, arithmetic and source; every
// rule, weight and target comes from content.
package evaluator

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"sync"

	"stdkb"
	"stdkb/schemas"
)

// MaxSubmissionSize bounds a submission file, in bytes: 4 MiB, far more than a checklist with
// thousands of standards needs, and small enough to parse for an anonymous request.
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
	Campaigns  []Campaign        `json:"campaigns,omitempty"`
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
	Doc         string   `json:"doc,omitempty"` // the document in the library, when it is there
	Number      string   `json:"number,omitempty"`
	Title       string   `json:"title"`
	Level       string   `json:"level,omitempty"`
	Framework   []string `json:"framework"`
	Applicable  bool     `json:"applicable"`
	Implemented bool     `json:"implemented"`
	// EffectEvaluated without a dated evaluation is kept for old submissions; it earns no credit.
	EffectEvaluated   bool               `json:"effect_evaluated,omitempty"`
	EffectEvaluations []EffectEvaluation `json:"effect_evaluations,omitempty"`
	LastPublicity     stdkb.Date         `json:"last_publicity,omitzero"` // counts as a 宣传贯彻 campaign on this standard
	// Effective and Reviews date the unit's internal standards that are not in the library, so
	// their reviews can be counted.
	Effective stdkb.Date   `json:"effective,omitzero"`
	Reviews   []stdkb.Date `json:"reviews,omitempty"`
}

// EffectEvaluation is one evaluation of how well a standard works (实施效果评价).
type EffectEvaluation struct {
	Date   stdkb.Date `json:"date"`
	Report string     `json:"report,omitempty"` // the evaluation report, e.g. a file name or 文号
}

// Campaign is a publicity (宣传贯彻) or implementation-assessment (实施评估) campaign on
// standards of the inventory.
type Campaign struct {
	Date      stdkb.Date `json:"date"`
	Kind      string     `json:"kind"` // 宣传贯彻 or 实施评估
	Title     string     `json:"title,omitempty"`
	Standards []string   `json:"standards"` // doc ids or standard numbers
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
// Label names the field for a person, from the submission schema's titles.
type FieldError struct {
	Field   string `json:"field"`
	Label   string `json:"label,omitempty"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

// InvalidError lists every problem of an invalid submission. Its code is stdkb.EINVALID.
type InvalidError struct{ Errors []FieldError }

// invalid is the error of the problems fes, each field labelled for a person.
func invalid(fes ...FieldError) *InvalidError {
	for i := range fes {
		if fes[i].Field != "" && fes[i].Label == "" {
			fes[i].Label = schemas.Label("submission", splitField(fes[i].Field))
		}
	}
	return &InvalidError{fes}
}

func (e *InvalidError) Error() string {
	lines := make([]string, len(e.Errors))
	for i, fe := range e.Errors {
		lines[i] = fe.String()
	}
	return "invalid submission:\n" + strings.Join(lines, "\n")
}

// String formats the problem as "line N: field: message", leaving out the line or field when
// there is none, so no message shows an empty field.
func (fe FieldError) String() string {
	s := fe.Message
	if fe.Field != "" {
		s = fe.Field + ": " + s
	}
	if fe.Line > 0 {
		s = fmt.Sprintf("line %d: %s", fe.Line, s)
	}
	return s
}

// ParseOptions says how to read a submission file.
type ParseOptions struct {
	// Name is the file's name. A name ending in .json makes the file strict JSON, read as
	// JSON: one object and nothing after it, no trailing comma, no comment — what YAML would
	// forgive is refused, and every escape JSON allows is read.
	Name string
}

// strictJSON reports whether opts declare the file JSON.
func (opts ParseOptions) strictJSON() bool {
	return strings.EqualFold(filepath.Ext(opts.Name), ".json")
}

// decode reads the file as its name declares it, JSON as JSON, anything else as YAML (which
// includes most JSON), within the shape and list limits of the schema either way.
func decode(src []byte, opts ParseOptions) (*schemas.Document, []schemas.LineError) {
	if opts.strictJSON() {
		return schemas.DecodeJSONWith(src, submissionDecoding())
	}
	return schemas.DecodeYAMLWith(src, submissionDecoding())
}

// Parse decodes a submission (YAML or JSON), validates it against schemas/submission.json and
// then against the library: the unit, the checklist and its items, levels, score ranges, the
// inventory, campaigns, indicators and framework codes. It reports every problem at once in an
// *InvalidError and never panics.
func Parse(src []byte, lib *stdkb.Library) (*Submission, error) {
	return ParseWith(src, lib, ParseOptions{})
}

// ParseWith is Parse for a named file; see ParseOptions.
func ParseWith(src []byte, lib *stdkb.Library, opts ParseOptions) (*Submission, error) {
	if fe := checkBytes(src); fe != nil {
		return nil, invalid(*fe)
	}
	// A JSON body is counted as it is read: a list past its limit is refused before the whole
	// document is decoded. A YAML body is checked against the schema's shape while it is read,
	// and its lists counted before it is validated (see docs/limits.md).
	if fe := checkJSONCounts(src); fe != nil {
		return nil, invalid(*fe)
	}
	doc, errs := decode(src, opts)
	if len(errs) > 0 {
		out := make([]FieldError, len(errs))
		for i, e := range errs {
			out[i] = FieldError{Field: e.Field, Line: e.Line, Message: e.Message}
		}
		return nil, invalid(out...)
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
		return nil, invalid(out...)
	}
	b, err := json.Marshal(doc.Value)
	if err != nil {
		return nil, err
	}
	var s Submission
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, invalid(FieldError{Message: err.Error()})
	}
	if fes := Check(&s, lib); len(fes) > 0 {
		for i := range fes {
			fes[i].Line = doc.Line(splitField(fes[i].Field)...)
		}
		return nil, invalid(fes...)
	}
	return &s, nil
}

// submissionLimits are the submission schema's list limits.
var submissionLimits = sync.OnceValue(func() map[string]int {
	limits, err := schemas.ListLimits("submission")
	if err != nil {
		panic(err) // the schema is embedded: a broken one is a build defect
	}
	return limits
})

// submissionDecoding reads submissions within the shape and list limits of their schema.
var submissionDecoding = sync.OnceValue(func() schemas.DecodeOptions {
	shape, err := schemas.ShapeOf("submission")
	if err != nil {
		panic(err) // the schema is embedded: a broken one is a build defect
	}
	return schemas.DecodeOptions{Shape: &shape, ListLimits: submissionLimits()}
})

// checkJSONCounts refuses a JSON submission whose top-level lists pass their limits, while
// reading it.
func checkJSONCounts(src []byte) *FieldError {
	if e := schemas.CheckJSONCounts(src, submissionLimits()); e != nil {
		return &FieldError{Field: e.Field, Line: e.Line, Message: e.Message}
	}
	return nil
}

// Decode reads a submission (YAML or JSON) without checking it against schema or library, for
// showing stored documents. Use Parse for anything that will be scored.
func Decode(src []byte) (*Submission, error) {
	doc, errs := schemas.DecodeYAML(src, 1)
	if len(errs) > 0 {
		return nil, invalid(FieldError{Line: errs[0].Line, Field: errs[0].Field, Message: errs[0].Message})
	}
	b, err := json.Marshal(doc.Value)
	if err != nil {
		return nil, err
	}
	var s Submission
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, invalid(FieldError{Message: err.Error()})
	}
	return &s, nil
}

// splitField turns items[3].score back into a location for line lookup.
func splitField(f string) []string {
	f = strings.NewReplacer("[", ".", "]", "").Replace(f)
	return strings.Split(strings.TrimPrefix(f, "."), ".")
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
func (e *InvalidError) Unwrap() error {
	return stdkb.Errorf(stdkb.EINVALID, "自评材料填写有误")
}
