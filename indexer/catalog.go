package indexer

import (
	"strconv"
	"strings"
	"time"

	"stdkb"
)

// entry is one unit of retrieval: a section of an edition, a section of a checklist, or an
// indicator set. The index stores no text; hits are presented from these entries.
type entry struct {
	ID        string // index document id
	DocID     string
	Edition   string
	Section   string
	Kind      stdkb.Kind
	Title     string   // the document's title
	Path      []string // heading path of the section
	Number    string   // the document's number
	Level     string
	Status    string
	Issuer    string
	Region    string // stdkb.RegionLocal, RegionNational or RegionReference; documents only
	Framework []string
	Text      string
	Effective stdkb.Date
	Until     stdkb.Date // when the edition stopped being in force; zero while it is
	// Since is when a checklist or indicator set came to exist (startOf); zero when unknown.
	// Editions use Effective instead.
	Since   stdkb.Date
	Year    int
	Latest  bool
	Sample  bool
	Ordinal int // position of the section in its document
	Clause  string
	Group   string   // DOC@EDITION: what grouped results show once
	QuoteOf []string // ids of the sections this one quotes (linkQuotes), most quoted first
	Figures bool     // the text states figures (holdsFigures)
	// FigureKinds are the kinds of figure the text states (figureKinds.stated).
	FigureKinds kindMask
	// Summary: the section names several other chapters of its edition, as a scope clause does
	// (summarySections); its score is weighed by summaryFactor.
	Summary bool
}

// catalog lists every unit of retrieval in a library, in a stable order.
func catalog(lib *stdkb.Library) []*entry {
	var out []*entry
	for _, d := range lib.Documents {
		for _, e := range d.Editions {
			until := e.Withdrawn
			if next := d.Successor(e); next != nil && !next.Effective.IsZero() && (until.IsZero() || next.Effective.Before(until)) {
				until = next.Effective
			}
			year := e.Issued.Year()
			if e.Issued.IsZero() {
				year = e.Effective.Year()
			}
			if e.Issued.IsZero() && e.Effective.IsZero() {
				year = 0
			}
			summaries := summarySections(e)
			for i, s := range e.Sections {
				out = append(out, &entry{
					ID: e.Ref() + "#" + s.ID, DocID: d.ID, Edition: e.Key, Section: s.ID, Kind: e.Kind,
					Title: e.Title, Path: s.Path, Number: e.Number, Level: e.Level, Status: e.Status,
					Issuer: e.Issuer, Region: lib.RegionClass(e), Framework: e.Framework, Text: s.Text, Effective: e.Effective,
					Until: until, Year: year, Latest: e == d.Latest(), Sample: e.Sample, Ordinal: i,
					Clause: s.Number, Summary: summaries[s.ID],
				})
			}
		}
	}
	for _, c := range lib.Checklists {
		since := startOf(lib, checklistRefs(c), 0)
		if c.BodyText != "" {
			out = append(out, &entry{ID: c.ID + "#" + stdkb.ChecklistIntro, DocID: c.ID, Section: stdkb.ChecklistIntro, Kind: stdkb.KindChecklist,
				Title: c.Title, Framework: c.Framework, Text: c.BodyText, Latest: true, Sample: c.Sample, Since: since})
		}
		for i, s := range c.Sections {
			var items []string
			for _, it := range s.Items {
				items = append(items, itemText(it)) // staff know items by their wording and what they score; the id is internal
			}
			out = append(out, &entry{ID: c.ID + "#" + s.ID, DocID: c.ID, Section: s.ID, Kind: stdkb.KindChecklist,
				Title: c.Title, Path: []string{s.Title}, Framework: c.Framework, Text: strings.Join(items, "\n"),
				Latest: true, Sample: c.Sample, Ordinal: i + 1, Since: since})
		}
	}
	for _, set := range lib.Indicators {
		out = append(out, &entry{ID: set.ID + "#" + stdkb.IndicatorMetrics, DocID: set.ID, Section: stdkb.IndicatorMetrics, Kind: stdkb.KindIndicator,
			Title: set.Title, Framework: set.Framework, Text: indicatorText(set), Latest: true, Sample: set.Sample,
			Since: startOf(lib, indicatorRefs(set), periodStart(set))})
	}
	for _, e := range out {
		e.Group = e.DocID + "@" + e.Edition
	}
	return out
}

// indicatorText is what an indicator set is searched and shown by: its body, then a line for
// each metric with its target as staff write it (到2025年较2020年下降6%以上) and a line for each
// milestone with its due year and deliverable. Staff ask for the figures ("目标是多少"), so the
// figures are part of the text, not only the metrics' names.
func indicatorText(set *stdkb.IndicatorSet) string {
	var lines []string
	if set.BodyText != "" {
		lines = append(lines, set.BodyText)
	}
	for _, m := range set.Metrics {
		line := m.Name
		if m.Scope != "" && !strings.Contains(m.Name, m.Scope) {
			line += "（" + m.Scope + "）"
		}
		lines = append(lines, line+"："+metricPeriod(m)+m.TargetText())
	}
	for _, m := range set.Milestones {
		line := m.Name
		if m.Due > 0 {
			line += "：" + strconv.Itoa(m.Due) + "年前完成"
		}
		if m.Deliverable != "" {
			line += "，以" + m.Deliverable + "为准"
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// metricPeriod says when a metric's target is due: 到2025年, or 2021—2025年 for a target that
// applies every year or adds up over the period.
func metricPeriod(m stdkb.Indicator) string {
	switch {
	case m.ToYear == 0:
		return ""
	case (m.Annual || m.Type == stdkb.IndicatorCumulative) && m.FromYear > 0:
		return strconv.Itoa(m.FromYear) + "—" + strconv.Itoa(m.ToYear) + "年"
	default:
		return "到" + strconv.Itoa(m.ToYear) + "年"
	}
}

// startOf is the first day an entry without editions can be shown as existing: the latest of
// the effective dates of the editions it derives from and the first day of its period (fromYear,
// 0 when it has none). It is zero when none of these is known.
func startOf(lib *stdkb.Library, refs []stdkb.SectionRef, fromYear int) stdkb.Date {
	var start stdkb.Date
	if fromYear > 0 {
		start = stdkb.DateOf(time.Date(fromYear, time.January, 1, 0, 0, 0, 0, time.UTC))
	}
	for _, r := range refs {
		e, _, err := lib.Resolve(stdkb.SectionRef{Doc: r.Doc, Edition: r.Edition})
		if err != nil || e.Effective.IsZero() {
			continue // the loader reports dangling references; an undated source says nothing
		}
		if e.Effective.After(start) {
			start = e.Effective
		}
	}
	return start
}

// checklistRefs lists what a checklist derives from: its sources and its items' sources.
func checklistRefs(c *stdkb.Checklist) []stdkb.SectionRef {
	refs := append([]stdkb.SectionRef(nil), c.Sources...)
	for _, s := range c.Sections {
		for _, it := range s.Items {
			if it.Source != nil {
				refs = append(refs, *it.Source)
			}
		}
	}
	return refs
}

// indicatorRefs lists what an indicator set derives from: its metrics' and milestones' sources.
func indicatorRefs(set *stdkb.IndicatorSet) []stdkb.SectionRef {
	var refs []stdkb.SectionRef
	for _, m := range set.Metrics {
		refs = append(refs, m.Sources...)
	}
	for _, m := range set.Milestones {
		refs = append(refs, m.Sources...)
	}
	return refs
}

// periodStart is the first year of an indicator set's period: its earliest metric's first year,
// 0 when no metric states one.
func periodStart(set *stdkb.IndicatorSet) int {
	first := 0
	for _, m := range set.Metrics {
		if m.FromYear > 0 && (first == 0 || m.FromYear < first) {
			first = m.FromYear
		}
	}
	return first
}

// heading joins a section's heading path for display.
func (e *entry) heading() string { return strings.Join(e.Path, " > ") }

// contains reports whether the document's title, the section's heading path or its text holds
// s, which is lowercased; the entry's letters are compared lowercased too. These are the fields
// a section is searched by (the path field holds the title and the headings).
func (e *entry) contains(s string) bool {
	letters := strings.IndexFunc(s, isASCIILetter) >= 0
	in := func(t string) bool {
		if strings.Contains(t, s) {
			return true
		}
		if !letters { // case cannot matter
			return false
		}
		b, lowered := lowerASCII([]byte(t), nil)
		return lowered != nil && strings.Contains(string(b), s)
	}
	if in(e.Title) || in(e.Text) {
		return true
	}
	for _, h := range e.Path {
		if in(h) {
			return true
		}
	}
	return false
}

func isASCIILetter(r rune) bool { return r < 0x80 && (r|0x20 >= 'a' && r|0x20 <= 'z') }

// itemText is what a checklist item is searched and shown by: its wording, then its maximum,
// how it is scored and the evidence it asks for (满分10分；按等级计分；佐证材料：…). The
// checklist's intro states the scoring rules once for every item; without each item's own
// score and evidence, a question about how one item is scored or proven ("牵头班子怎么打分",
// "要交什么佐证") found the intro, whose few lines hold every scoring word, and not the item.
func itemText(it stdkb.ChecklistItem) string {
	t := it.Text
	var notes []string
	if it.Max > 0 {
		notes = append(notes, "满分"+strconv.FormatFloat(it.Max, 'f', -1, 64)+"分")
	}
	if rule := it.RuleSummary(); rule != "" {
		notes = append(notes, rule)
	}
	if len(it.Evidence) > 0 {
		notes = append(notes, "佐证材料："+strings.Join(it.Evidence, "、"))
	}
	if len(notes) > 0 {
		t += "（" + strings.Join(notes, "；") + "）"
	}
	return t
}
