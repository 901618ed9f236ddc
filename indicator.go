package stdkb

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// Indicator types.
const (
	IndicatorChange     = "change"     // relative change of a value against its baseline year, in %
	IndicatorLevel      = "level"      // the value itself compared with the target
	IndicatorCumulative = "cumulative" // the sum of yearly values over the period
)

// IndicatorSet is a group of quantitative targets from one source, e.g. the plan's 专栏.
type IndicatorSet struct {
	ID        string      `json:"id"`
	Title     string      `json:"title"`
	Path      string      `json:"path"`
	Framework []string    `json:"framework"`
	Metrics   []Indicator `json:"metrics"`
	// Definitions say how the figures behind the targets are counted, in the content's words.
	Definitions []Definition `json:"definitions,omitempty"`
	// Milestones are the set's qualitative targets and countable deliverables: done or not,
	// rather than measured.
	Milestones []Milestone `json:"milestones,omitempty"`
	Sample     bool        `json:"sample"`
	Body       string      `json:"-"`
	BodyText   string      `json:"-"` // Body as plain text, one block a line, as search indexes it; set by the loader
}

// Indicator is one quantitative target with the data needed to judge progress towards it.
type Indicator struct {
	ID           string       `json:"id"`
	Name         string       `json:"name"`
	Type         string       `json:"type"`       // IndicatorChange, IndicatorLevel or IndicatorCumulative
	Comparator   string       `json:"comparator"` // "<=" or ">=": how the measured value must relate to Target
	Target       float64      `json:"target"`
	Unit         string       `json:"unit"`
	Scope        string       `json:"scope,omitempty"`
	BaselineYear int          `json:"baseline_year,omitempty"` // for IndicatorChange
	FromYear     int          `json:"from_year"`               // first year of the period
	ToYear       int          `json:"to_year"`                 // the deadline year
	Annual       bool         `json:"annual,omitempty"`        // the target applies to every year, not only the last
	Framework    []string     `json:"framework,omitempty"`
	Sources      []SectionRef `json:"sources"`
	// Aspirational marks a target the plan states as 力争 (strive for): reported as such, never
	// as a binding requirement.
	Aspirational bool `json:"aspirational,omitempty"`
	// Conflict records where the plan states this target differently elsewhere, and which
	// statement the indicator follows.
	Conflict string `json:"conflict,omitempty"`
	// Note says what a reader must know to read the target right, such as an ambiguity.
	Note string `json:"note,omitempty"`
}

// Label is the indicator as forms, exports and imports name it: its name and, unless the name
// already states it in brackets, its unit in brackets — 标准按期复审率（%）, but
// 绿色数据中心改造后电源使用效率（PUE） stays as it is.
func (in Indicator) Label() string {
	if in.Unit == "" || strings.Contains(in.Name, "（"+in.Unit+"）") || strings.Contains(in.Name, "("+in.Unit+")") {
		return in.Name
	}
	return in.Name + "（" + in.Unit + "）"
}

// Definition is how stdkb counts one figure: the plan's wording, the definition used, and,
// where the plan names a measure without defining it, which measure the figure stands for.
type Definition struct {
	ID       string       `json:"id"`                 // the figure: implementation-rate, effect-evaluation-coverage …
	Name     string       `json:"name"`               // e.g. 标准实施率
	Measures string       `json:"measures,omitempty"` // the plan's undefined term it measures, e.g. 标准综合运用率
	Quote    string       `json:"quote,omitempty"`    // the plan's own wording
	Text     string       `json:"text"`               // the definition as reports show it
	Levels   []string     `json:"levels,omitempty"`   // standard levels in scope, when the rule names some
	Sources  []SectionRef `json:"sources"`
}

// TargetText states the target the way staff write it: 较2020年下降6%以上, 不低于30%, PUE≤1.5,
// 力争 before an aspirational one, （每年） after an annual one.
func (in Indicator) TargetText() string {
	t := strconv.FormatFloat(math.Abs(in.Target), 'f', -1, 64)
	signed := strconv.FormatFloat(in.Target, 'f', -1, 64)
	latin := in.Unit != "" && strings.IndexFunc(in.Unit, func(r rune) bool { return r > unicode.MaxASCII || !unicode.IsLetter(r) }) < 0
	var s string
	switch {
	case in.Type == IndicatorChange && in.Comparator == "<=" && in.Target < 0:
		s = fmt.Sprintf("较%d年下降%s%s以上", in.BaselineYear, t, in.Unit)
	case in.Type == IndicatorChange && in.Comparator == ">=" && in.Target >= 0:
		s = fmt.Sprintf("较%d年增长%s%s以上", in.BaselineYear, t, in.Unit)
	case in.Type == IndicatorChange:
		s = fmt.Sprintf("较%d年变化%s%s%s", in.BaselineYear, comparatorSigns[in.Comparator], signed, in.Unit)
	case latin: // a measure named by its unit, as PUE≤1.5
		s = in.Unit + comparatorSigns[in.Comparator] + signed
	case in.Type == IndicatorCumulative && in.Comparator == ">=":
		s = "累计不少于" + signed + in.Unit
	case in.Type == IndicatorCumulative:
		s = "累计不超过" + signed + in.Unit
	case in.Comparator == ">=" && in.Target == 100 && in.Unit == "%":
		s = "达到100%"
	case in.Comparator == ">=":
		s = "不低于" + signed + in.Unit
	default:
		s = "不高于" + signed + in.Unit
	}
	if in.Aspirational {
		s = "力争" + s
	}
	if in.Annual {
		s += "（每年）"
	}
	return s
}

var comparatorSigns = map[string]string{"<=": "≤", ">=": "≥"}
