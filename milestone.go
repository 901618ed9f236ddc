package stdkb

// Milestone states.
const (
	MilestoneDone       = "done"
	MilestoneInProgress = "in_progress"
	MilestoneNotStarted = "not_started"
)

// MilestoneStateNames are the states as readers see them.
var MilestoneStateNames = map[string]string{
	MilestoneDone:       "已完成",
	MilestoneInProgress: "推进中",
	MilestoneNotStarted: "未启动",
}

// Milestone is one of the plan's qualitative targets (专栏1's 定性指标) or a countable
// deliverable: reached or not by a deadline rather than measured.
type Milestone struct {
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	Deliverable string       `json:"deliverable,omitempty"` // what counts as done
	Count       int          `json:"count,omitempty"`       // how many, for a countable deliverable
	Unit        string       `json:"unit,omitempty"`        // of Count, e.g. 个方面
	Due         int          `json:"due"`                   // the year it is due by
	Scope       string       `json:"scope,omitempty"`
	Framework   []string     `json:"framework,omitempty"`
	Sources     []SectionRef `json:"sources"`
	Note        string       `json:"note,omitempty"`
	// Status is the state the content records from a public source, when one is known;
	// units report their own states in submissions.
	Status *MilestoneStatus `json:"status,omitempty"`
}

// MilestoneStatus is where a milestone stands: its state, since when, and what shows it.
type MilestoneStatus struct {
	State    string      `json:"state"` // MilestoneDone, MilestoneInProgress or MilestoneNotStarted
	Date     Date        `json:"date,omitzero"`
	Evidence string      `json:"evidence,omitempty"`
	Document *SectionRef `json:"document,omitempty"` // the library document that shows it
}

// Overdue reports whether a milestone not done is past its due year on day today.
func (m *Milestone) Overdue(st MilestoneStatus, today Date) bool {
	return st.State != MilestoneDone && today.Year() > m.Due
}

// Milestone returns the milestone with the given id from any indicator set.
func (l *Library) Milestone(id string) (*Milestone, bool) {
	for _, set := range l.Indicators {
		for i := range set.Milestones {
			if set.Milestones[i].ID == id {
				return &set.Milestones[i], true
			}
		}
	}
	return nil, false
}
