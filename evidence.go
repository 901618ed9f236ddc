package stdkb

import (
	"strconv"
	"strings"
	"time"
)

// Evidence is a file a unit uploaded to support its self-assessment. The store keeps the file
// under its ID and binds it to the unit and, once a draft refers to it, to that submission; the
// name the user gave is kept only as metadata, so it never reaches a file system.
type Evidence struct {
	ID         uint64    `json:"id"`
	Unit       string    `json:"unit"`
	Submission uint64    `json:"submission,omitempty"` // 0 while uploaded but not yet in a saved draft
	Name       string    `json:"name"`                 // the original file name
	Type       string    `json:"type"`                 // the media type checked against the content
	Size       int64     `json:"size"`
	SHA256     string    `json:"sha256"`
	UploadedBy string    `json:"uploaded_by"`
	UploadedAt time.Time `json:"uploaded_at"`
	LegacyName string    `json:"legacy_name,omitempty"` // the file name an older version stored it under, which bodies written then use
}

// evidenceRefPrefix starts the reference a submission body uses for a stored evidence file.
const evidenceRefPrefix = "evidence:"

// EvidenceRef is how a submission body refers to stored evidence: "evidence:12". Evidence
// entries without this form are descriptions of material that was not uploaded.
func EvidenceRef(id uint64) string { return evidenceRefPrefix + strconv.FormatUint(id, 10) }

// ParseEvidenceRef returns the evidence ID of a reference made by EvidenceRef.
func ParseEvidenceRef(s string) (uint64, bool) {
	rest, ok := strings.CutPrefix(s, evidenceRefPrefix)
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseUint(rest, 10, 64)
	return id, err == nil && id > 0 && rest == strconv.FormatUint(id, 10)
}

// EvidenceRefs returns the IDs of every evidence reference anywhere in a submission body, in
// order of first appearance. It reads the body as text rather than decoding it, so that a
// reference counts wherever it stands and the scan costs one pass whatever the body's shape.
func EvidenceRefs(body []byte) []uint64 {
	var out []uint64
	seen := map[uint64]bool{}
	s := string(body)
	for i := strings.Index(s, evidenceRefPrefix); i >= 0; {
		start := i + len(evidenceRefPrefix)
		end := start
		for end < len(s) && s[end] >= '0' && s[end] <= '9' {
			end++
		}
		boundary := i == 0 || !isWordByte(s[i-1])
		if id, err := strconv.ParseUint(s[start:end], 10, 64); err == nil && id > 0 && boundary && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
		next := strings.Index(s[start:], evidenceRefPrefix)
		if next < 0 {
			break
		}
		i = start + next
	}
	return out
}

func isWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}
