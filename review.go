package stdkb

import "time"

// Review outcomes (复审结论).
const (
	OutcomeContinue = "继续有效"
	OutcomeRevise   = "修订"
	OutcomeWithdraw = "废止"
)

// ReviewDecision is one review decision recorded in the ledger. The ledger is append-only: a
// correction is a new decision whose Supersedes names the one it corrects.
type ReviewDecision struct {
	ID         uint64    `json:"id"` // assigned by the ledger, increasing from 1
	DocID      string    `json:"doc_id"`
	Edition    string    `json:"edition"`
	Date       Date      `json:"date"` // the day the committee decided
	Committee  string    `json:"committee"`
	Outcome    string    `json:"outcome"`
	Reasons    string    `json:"reasons,omitempty"`
	RecordedBy string    `json:"recorded_by"`
	RecordedAt time.Time `json:"recorded_at"`          // set by the ledger
	Supersedes uint64    `json:"supersedes,omitempty"` // ID of the decision this one corrects
}

// AuditEntry records one write to the store: who did what to which thing, and when.
type AuditEntry struct {
	ID     uint64    `json:"id"`
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"` // e.g. "review.record"
	Object string    `json:"object"` // e.g. "review/12" or "sample-canteen-service@2021"
	Detail string    `json:"detail"` // a JSON rendering of what was written
}
