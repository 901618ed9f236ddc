package content_test

import (
	"strings"
	"testing"

	"stdkb"
)

// The catalogue's real standards: enough of them, every one with a source, none invented for
// Chongqing, and every unconfirmed field explained.
func TestRealStandards(t *testing.T) {
	lib := loadDefault(t)
	real := 0
	for _, d := range lib.Documents {
		e := d.Latest()
		if d.Kind != stdkb.KindStandard || e.Sample {
			continue
		}
		real++
		if e.Source == "" {
			t.Errorf("%s has no source", d.ID)
		}
		if e.FullText {
			t.Errorf("%s claims full text; real standards are metadata entries", d.ID)
		}
		if lib.RegionClass(e) == stdkb.RegionLocal && e.Level == "地方" {
			t.Errorf("%s is a Chongqing local standard; none could be confirmed", d.ID)
		}
		if len(e.Unconfirmed) > 0 && e.Note == "" {
			t.Errorf("%s leaves %v unconfirmed without a note", d.ID, e.Unconfirmed)
		}
		if !e.Confirmed("issued") && !e.Issued.IsZero() || !e.Confirmed("effective") && !e.Effective.IsZero() {
			t.Errorf("%s states a date it lists as unconfirmed", d.ID)
		}
	}
	if real < 30 {
		t.Errorf("%d real standards, want at least 30", real)
	}
}

// GB/T 29118 is one document with two editions, so history, as-of and review states run on
// real data.
func TestGBT29118Editions(t *testing.T) {
	lib := loadDefault(t)
	d, ok := lib.Document("gb-t-29118")
	if !ok || len(d.Editions) != 2 {
		t.Fatalf("gb-t-29118 missing or not two editions: %+v", d)
	}
	old, cur := d.Editions[0], d.Editions[1]
	if old.Number != "GB/T 29118-2012" || cur.Number != "GB/T 29118-2023" || cur.Supersedes != old.Key || old.SupersededBy != cur.Key {
		t.Errorf("edition chain: %s → %s (supersedes %q, superseded_by %q)", old.Number, cur.Number, cur.Supersedes, old.SupersededBy)
	}
	for day, want := range map[string]*stdkb.Edition{"2013-05-31": nil, "2013-06-01": old, "2024-03-31": old, "2024-04-01": cur} {
		if got := d.InForce(stdkb.MustDate(day)); got != want {
			t.Errorf("in force on %s: %v, want %v", day, got, want)
		}
	}
	today := stdkb.MustDate("2026-12-01")
	h := stdkb.History(d, nil, today)
	if h[0].Derived != "被代替" || h[1].Derived != "现行" || h[0].SupersededBy != "2023" {
		t.Errorf("history: %s/%s, superseded by %q", h[0].Derived, h[1].Derived, h[0].SupersededBy)
	}
	st := stdkb.StateOf(d, nil, lib.Policy, today)
	if st.State != stdkb.StateOK || st.Due.String() != "2029-04-01" {
		t.Errorf("review state %s due %s, want ok due 2029-04-01", st.State, st.Due)
	}
}

// The seven documents the plan relies on are present, each with its number, a source, and a
// link to the plan passages that rely on it.
func TestPlanDocuments(t *testing.T) {
	lib := loadDefault(t)
	for id, number := range map[string]string{
		"cq-jgsw-standardization-14th-plan":                  "渝机管发〔2021〕108号",
		"cq-14th-five-year-outline":                          "渝府发〔2021〕6号",
		"cq-public-institution-energy-conservation-measures": "渝府令第243号",
		"cq-domestic-official-reception-measures":            "渝委办发〔2014〕3号",
		"cq-liaison-offices-service-measures":                "渝府办发〔2019〕108号",
		"cq-office-space-management-notice-2020":             "渝机管发〔2020〕56号",
		"office-building-construction-standard":              "发改投资〔2014〕2674号",
	} {
		d, ok := lib.Document(id)
		if !ok {
			t.Errorf("%s (%s) missing", id, number)
			continue
		}
		e := d.Latest()
		if e.Number != number || e.Source == "" || e.Kind != stdkb.KindRegulation {
			t.Errorf("%s: number %q, source %q, kind %s", id, e.Number, e.Source, e.Kind)
		}
		linked := false
		for _, m := range e.Mentions {
			linked = linked || m.Doc == "cq-jgsw-14th-plan"
		}
		if !linked {
			t.Errorf("%s is not linked from the plan", id)
		}
		if len(lib.MentionedIn(stdkb.SectionRef{Doc: "cq-jgsw-14th-plan", Section: e.Mentions[0].Section})) == 0 {
			t.Errorf("%s: the plan section %s lists no documents", id, e.Mentions[0].Section)
		}
	}
}

// Corrections from the 2026-12-01 fact check.
func TestCorrections(t *testing.T) {
	lib := loadDefault(t)
	today := stdkb.MustDate("2026-12-01")
	reception, _ := lib.Document("domestic-official-reception-provisions")
	if got := reception.Latest().Issued.String(); got != "2013-12-01" {
		t.Errorf("接待规定 issued %s, want 2013-12-01 (2013-12-08 is when it was made public)", got)
	}
	plan, _ := lib.Document("cq-jgsw-14th-plan")
	if got := plan.Latest().StatusLabel(today); !strings.Contains(got, "规划期2021—2025年已结束") {
		t.Errorf("plan status after its period reads %q", got)
	}
	terms, _ := lib.Document("gb-t-41568")
	if !strings.Contains(terms.Latest().Custodian, "SAC/SWG 17") {
		t.Errorf("GB/T 41568 归口 %q, want SAC/SWG 17", terms.Latest().Custodian)
	}
}

// Units' standard systems hold what applies to them: never another province's local standard.
func TestUnitSystemsExcludeReferences(t *testing.T) {
	lib := loadDefault(t)
	refs := 0
	for _, d := range lib.Documents {
		if lib.RegionClass(d.Latest()) == stdkb.RegionReference {
			refs++
		}
	}
	if refs == 0 {
		t.Fatal("no other provinces' standards to test with")
	}
	for _, u := range lib.Units {
		for _, d := range lib.SystemOf(u).Documents {
			if !lib.Applies(d) {
				t.Errorf("%s's system holds %s, a reference from %s", u.Name, d.ID, d.Latest().Region)
			}
		}
	}
}

// Indicator corrections: the NEV conflict recorded where the indicator cites it, PUE as 力争,
// the custody projects as an end-2025 stock.
func TestIndicatorCorrections(t *testing.T) {
	lib := loadDefault(t)
	metrics := map[string]stdkb.Indicator{}
	for _, set := range lib.Indicators {
		for _, m := range set.Metrics {
			metrics[m.ID] = m
		}
	}
	municipal := metrics["nev-share-central-municipal"]
	cites := map[string]bool{}
	for _, s := range municipal.Sources {
		cites[s.Section] = true
	}
	if municipal.Target != 50 || !cites["ch4-s4"] || !cites["col6"] || !strings.Contains(municipal.Conflict, "30%") {
		t.Errorf("municipal NEV share: target %g, sources %v, conflict %q", municipal.Target, municipal.Sources, municipal.Conflict)
	}
	for _, s := range metrics["nev-share-renewal"].Sources {
		if s.Section == "ch4-s4" {
			t.Error("the all-vehicles NEV share cites 第四章第四节, which speaks only of centrally renewed vehicles")
		}
	}
	if pue := metrics["data-centre-pue"]; !pue.Aspirational {
		t.Error("PUE ≤ 1.5 is 力争 in the plan; the indicator must be aspirational")
	}
	if c := metrics["energy-cost-custody-projects"]; c.Type != stdkb.IndicatorLevel || c.Annual || c.Target != 200 || c.ToYear != 2025 {
		t.Errorf("custody projects: %+v, want a level (stock) of 200 at the end of 2025", c)
	}
}

// The plan's milestones: the ten qualitative targets of 专栏1 and the countable deliverables,
// with a status only where a public document shows it.
func TestPlanMilestones(t *testing.T) {
	lib := loadDefault(t)
	col1 := 0
	for _, set := range lib.Indicators {
		for _, m := range set.Milestones {
			for _, s := range m.Sources {
				if s.Section == "col1" {
					col1++
					break
				}
			}
			if m.Status != nil && m.Status.Document == nil {
				t.Errorf("%s records a status without the document that shows it", m.ID)
			}
		}
	}
	if col1 != 10 {
		t.Errorf("%d milestones cite 专栏1, want its ten qualitative targets", col1)
	}
	m, ok := lib.Milestone("standardization-plan")
	if !ok || m.Status == nil || m.Status.State != stdkb.MilestoneDone || m.Status.Document.Doc != "cq-jgsw-standardization-14th-plan" {
		t.Fatalf("standardization-plan: %+v", m)
	}
	if m, ok := lib.Milestone("col4-platform-standards"); !ok || m.Count != 5 {
		t.Errorf("专栏4's five areas of platform standards: %+v", m)
	}
	c, _ := lib.Checklist("conservation-organ-annual")
	used := false
	for _, s := range c.Sections {
		for _, it := range s.Items {
			used = used || it.Milestone != ""
		}
	}
	if !used {
		t.Error("no checklist item checks a milestone")
	}
}
