package stdkb

import "time"

// Submission states: a draft may change; a submitted version is frozen with its computed report;
// a committee then marks it reviewed.
const (
	SubmissionDraft     = "draft"
	SubmissionSubmitted = "submitted"
	SubmissionReviewed  = "reviewed"
)

// SubmissionStateName is a submission state as staff say it: 草稿, 已提交, 已评审.
func SubmissionStateName(state string) string {
	switch state {
	case SubmissionDraft:
		return "草稿"
	case SubmissionSubmitted:
		return "已提交"
	case SubmissionReviewed:
		return "已评审"
	}
	return state
}

// SubmissionVersion is one version of a stored self-assessment. A submission keeps its ID
// across versions; changing it after submission starts a new version, and older versions stay
// readable.
type SubmissionVersion struct {
	ID        uint64   `json:"id"`
	Version   int      `json:"version"` // 1, 2, …
	Unit      string   `json:"unit"`
	Checklist string   `json:"checklist"`
	State     string   `json:"state"`
	Body      []byte   `json:"body"`             // the submission document (YAML or JSON) as given
	Report    []byte   `json:"report,omitempty"` // the evaluation report (JSON), set on submission
	Review    string   `json:"review,omitempty"` // the committee's conclusion, set when reviewed
	Panel     []string `json:"panel,omitempty"`  // ids of the experts on the reviewing committee
	// PanelOverride is why experts listed as conflicted sit on the committee anyway.
	PanelOverride string    `json:"panel_override,omitempty"`
	Evidence      []uint64  `json:"evidence,omitempty"` // stored evidence the body refers to (set by the store)
	UpdatedBy     string    `json:"updated_by"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// SubmissionReview is a committee's conclusion on a submitted version.
type SubmissionReview struct {
	Conclusion string
	Panel      []string // ids of the experts on the committee
	// PanelOverride is why experts listed as conflicted sit on the committee anyway; without
	// it such a panel is refused.
	PanelOverride string
}
