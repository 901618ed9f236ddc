package stdkb

import "strings"

// The sections search gives a checklist and an indicator set beside their own: a checklist's
// introduction (its body) and an indicator set's one hit, its metrics and milestones.
const (
	ChecklistIntro   = "intro"
	IndicatorMetrics = "metrics"
)

// Phrasing lists what staff type when they need one section (dict/phrasings.txt): everyday
// words and questions its text may not hold (规划目标, 五年要干成什么). Search looks for the
// query's words in them as well, weighing them below the section's own text, and never shows
// them.
type Phrasing struct {
	// Section names the section as search hits do: DOC#SECTION (every edition of the document
	// holding that section), CHECKLIST#SECTION, CHECKLIST#intro or SET#metrics.
	Section string   `json:"section"`
	Phrases []string `json:"phrases"`
}

// Searchable reports whether id names a section search returns, as a Phrasing names it.
func (l *Library) Searchable(id string) bool {
	owner, section, ok := strings.Cut(id, "#")
	if !ok || owner == "" || section == "" {
		return false
	}
	if d, ok := l.docs[owner]; ok {
		for _, e := range d.Editions {
			if _, ok := e.Section(section); ok {
				return true
			}
		}
		return false
	}
	if c, ok := l.checklists[owner]; ok {
		if section == ChecklistIntro {
			return c.BodyText != ""
		}
		for _, s := range c.Sections {
			if s.ID == section {
				return true
			}
		}
		return false
	}
	for _, set := range l.Indicators {
		if set.ID == owner {
			return section == IndicatorMetrics
		}
	}
	return false
}
