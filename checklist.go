package stdkb

import "fmt"

// Scoring rules a checklist item may use.
const (
	RuleLevels  = "levels"  // the response is a level (符合, 部分符合 …) worth a share of the maximum
	RuleScore   = "score"   // the response is a number from 0 to the maximum
	RuleBoolean = "boolean" // the response is 符合 (full marks) or 不符合 (none)
)

// RuleSummary says in a phrase how the item is scored, as the self-assessment explains it and
// search indexes it: 按等级计分, 直接填写 0 至 10 分, 达标得满分，不达标不得分; "" for an unknown rule.
func (it ChecklistItem) RuleSummary() string {
	switch it.Rule {
	case RuleLevels:
		return "按等级计分"
	case RuleScore:
		return fmt.Sprintf("直接填写 0 至 %g 分", it.Max)
	case RuleBoolean:
		return "达标得满分，不达标不得分"
	}
	return ""
}

// What happens to an item whose required evidence is missing.
const (
	EvidenceZero = "zero" // the item scores nothing
	EvidenceHalf = "half" // the item keeps half its score
	EvidenceFlag = "flag" // the item keeps its score but is flagged for the committee
)

// Checklist is a self-assessment or acceptance checklist: sections of weighted items.
type Checklist struct {
	ID              string             `json:"id"`
	Title           string             `json:"title"`
	Path            string             `json:"path"`
	Stage           string             `json:"stage"` // 中期评估, 终期评估验收 or 年度自评
	Framework       []string           `json:"framework"`
	PassScore       float64            `json:"pass_score"`       // total needed to pass
	Levels          []Level            `json:"levels"`           // credit per response level
	MissingEvidence string             `json:"missing_evidence"` // EvidenceZero, EvidenceHalf or EvidenceFlag
	Sections        []ChecklistSection `json:"sections"`
	Sources         []SectionRef       `json:"sources,omitempty"`
	Indicators      []string           `json:"indicators,omitempty"` // indicators a submission should report
	Sample          bool               `json:"sample"`
	Body            string             `json:"-"`
	BodyText        string             `json:"-"` // Body as plain text, one block a line, as search indexes it; set by the loader
}

// Level is a response level and the share of an item's maximum it earns. NotApplicable levels
// remove the item from the total instead.
type Level struct {
	Name          string  `json:"name"`
	Credit        float64 `json:"credit"`
	NotApplicable bool    `json:"not_applicable,omitempty"`
}

// ChecklistSection groups items under a heading.
type ChecklistSection struct {
	ID    string          `json:"id"`
	Title string          `json:"title"`
	Items []ChecklistItem `json:"items"`
}

// ChecklistItem is one scored requirement.
type ChecklistItem struct {
	ID       string      `json:"id"`
	Text     string      `json:"text"`
	Max      float64     `json:"max"`
	Rule     string      `json:"rule"`
	Evidence []string    `json:"evidence,omitempty"` // what must be attached; empty when none is required
	Source   *SectionRef `json:"source,omitempty"`
	// Milestone names the plan milestone the item checks; the evaluator sets the unit's
	// reported state beside the answer.
	Milestone string `json:"milestone,omitempty"`
}

// MaxScore returns the sum of all items' maxima.
func (c *Checklist) MaxScore() float64 {
	var sum float64
	for _, s := range c.Sections {
		for _, it := range s.Items {
			sum += it.Max
		}
	}
	return sum
}

// Accepts reports whether the item's rule accepts the response level: a boolean item takes only
// full credit, none or not applicable; a score item takes a level only to be not applicable.
func (it ChecklistItem) Accepts(l Level) bool {
	switch it.Rule {
	case RuleBoolean:
		return l.NotApplicable || l.Credit == 0 || l.Credit == 1
	case RuleScore:
		return l.NotApplicable
	}
	return true
}

// LevelsFor returns the checklist's response levels the item accepts, in checklist order.
func (c *Checklist) LevelsFor(it ChecklistItem) []Level {
	var out []Level
	for _, l := range c.Levels {
		if it.Accepts(l) {
			out = append(out, l)
		}
	}
	return out
}

// missingEvidenceRules says in words what each MissingEvidence setting does.
var missingEvidenceRules = map[string]string{
	EvidenceZero: "缺少佐证材料的条目不得分",
	EvidenceHalf: "缺少佐证材料的条目得分减半",
	EvidenceFlag: "缺少佐证材料的条目保留得分并提示复核",
}

// MissingEvidenceRule says in words how the checklist scores an item whose required evidence
// is missing; "" when the checklist sets no rule.
func (c *Checklist) MissingEvidenceRule() string { return missingEvidenceRules[c.MissingEvidence] }
