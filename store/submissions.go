package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"stdkb"
)

// Submissions are stored in submissionsBucket, one nested bucket per submission under the
// submission's ID (big-endian, from the parent bucket's sequence). A nested bucket holds the
// submission's versions as JSON stdkb.SubmissionVersion values under big-endian version keys
// 1, 2, …, so a cursor walks them oldest first and Last is the latest version.
//
// Unlike the review ledger and the audit log, this bucket is not purely append-only, and the
// exception is deliberately narrow: a draft is work in progress that the unit keeps editing,
// so its value is replaced in place rather than piling up a version per keystroke; a
// submitted or reviewed version is a record that the committee relies on, so it is never
// rewritten, except that a submitted version changes once, to reviewed, by gaining the
// committee's conclusion. Changing a submission after it was submitted starts a new draft
// version. Nothing is ever deleted. putSubmissionVersion enforces these rules for every write.
//
// Open does not create this bucket: the first CreateSubmission does, and reads treat a missing
// bucket as no submissions.
var submissionsBucket = []byte("submissions")

// maxSubmissionBody bounds a submission body in bytes. It matches evaluator.MaxSubmissionSize,
// so that anything stored can still be evaluated; store does not import the evaluator.
const maxSubmissionBody = 4 << 20

// Audit actions written for submissions.
const (
	actionCreateSubmission = "submission.create"
	actionSaveSubmission   = "submission.save"
	actionSubmitSubmission = "submission.submit"
	actionReviewSubmission = "submission.review"
)

// CreateSubmission stores a new submission as version 1, a draft, and returns it. Unit,
// checklist, body and actor must be non-empty and body at most 4 MiB (else stdkb EINVALID).
// Every evidence reference in the body (stdkb.EvidenceRefs) must name an upload of the same
// unit that no other submission holds (EINVALID); those uploads become this submission's.
func (s *Store) CreateSubmission(unit, checklist string, body []byte, actor string) (stdkb.SubmissionVersion, error) {
	fail := func(err error) (stdkb.SubmissionVersion, error) {
		return stdkb.SubmissionVersion{}, fmt.Errorf("create submission: %w", err)
	}
	switch {
	case strings.TrimSpace(unit) == "":
		return fail(stdkb.Errorf(stdkb.EINVALID, "自评材料缺少单位"))
	case strings.TrimSpace(checklist) == "":
		return fail(stdkb.Errorf(stdkb.EINVALID, "%s的自评材料缺少检查表", unit))
	}
	if err := checkSubmissionWrite(body, "自评正文", actor); err != nil {
		return fail(err)
	}
	var v stdkb.SubmissionVersion
	err := s.db.Update(func(tx *bolt.Tx) error {
		parent, err := tx.CreateBucketIfNotExists(submissionsBucket)
		if err != nil {
			return fmt.Errorf("create bucket %s: %w", submissionsBucket, err)
		}
		id, err := parent.NextSequence()
		if err != nil {
			return fmt.Errorf("next submission id: %w", err)
		}
		// CreateBucket fails if the key exists, so a sequence that went backwards cannot
		// adopt another submission's history.
		versions, err := parent.CreateBucket(itob(id))
		if err != nil {
			return fmt.Errorf("create submission %d: %w", id, err)
		}
		// Versions are numbered by the nested bucket's sequence, so version 1 takes it too.
		first, err := versions.NextSequence()
		if err != nil {
			return fmt.Errorf("first version of submission %d: %w", id, err)
		}
		if first != 1 {
			return fmt.Errorf("new submission %d starts at version %d", id, first)
		}
		v = stdkb.SubmissionVersion{
			ID:        id,
			Version:   1,
			Unit:      unit,
			Checklist: checklist,
			State:     stdkb.SubmissionDraft,
			Body:      bytes.Clone(body),
			UpdatedBy: actor,
			UpdatedAt: submissionStamp(),
		}
		if err := bindEvidence(tx, &v); err != nil {
			return err
		}
		return writeSubmissionVersion(tx, versions, v, actionCreateSubmission)
	})
	if err != nil {
		return fail(err)
	}
	return v, nil
}

// SaveDraft replaces the body of the submission's latest version if it is a draft; if the
// latest version was submitted or reviewed, it starts a new draft version (resubmission) with
// the same unit and checklist, and the older versions stay as they were. Body and actor must
// be non-empty and body at most 4 MiB (EINVALID); an unknown id is ENOTFOUND. Evidence
// references are checked and bound as by CreateSubmission, and evidence of this submission
// that no version refers to any more is deleted in the same transaction.
func (s *Store) SaveDraft(id uint64, body []byte, actor string) (stdkb.SubmissionVersion, error) {
	fail := func(err error) (stdkb.SubmissionVersion, error) {
		return stdkb.SubmissionVersion{}, fmt.Errorf("save draft of submission %d: %w", id, err)
	}
	if err := checkSubmissionWrite(body, "自评正文", actor); err != nil {
		return fail(err)
	}
	var v stdkb.SubmissionVersion
	err := s.db.Update(func(tx *bolt.Tx) error {
		versions, err := submissionBucket(tx, id)
		if err != nil {
			return err
		}
		latest, err := latestSubmissionVersion(versions, id)
		if err != nil {
			return err
		}
		v = latest
		if latest.State != stdkb.SubmissionDraft {
			next, err := versions.NextSequence()
			if err != nil {
				return fmt.Errorf("next version of submission %d: %w", id, err)
			}
			if next != uint64(latest.Version)+1 {
				return fmt.Errorf("version sequence of submission %d is %d but its latest version is %d",
					id, next, latest.Version)
			}
			v = stdkb.SubmissionVersion{ID: id, Version: int(next), Unit: latest.Unit, Checklist: latest.Checklist,
				State: stdkb.SubmissionDraft}
		}
		v.Body = bytes.Clone(body)
		v.UpdatedBy, v.UpdatedAt = actor, submissionStamp()
		if err := bindEvidence(tx, &v); err != nil {
			return err
		}
		if err := writeSubmissionVersion(tx, versions, v, actionSaveSubmission); err != nil {
			return err
		}
		if latest.State != stdkb.SubmissionDraft {
			return nil // a new version: every older one, and what it refers to, stays
		}
		return dropUnreferencedEvidence(tx, versions, v, latest.Evidence, actor)
	})
	if err != nil {
		return fail(err)
	}
	return v, nil
}

// Submit freezes the latest version, which must be a draft (else ECONFLICT), with its
// evaluation report. The report must be non-empty JSON of at most 4 MiB and the actor
// non-empty (EINVALID); an unknown id is ENOTFOUND.
func (s *Store) Submit(id uint64, report []byte, actor string) (stdkb.SubmissionVersion, error) {
	fail := func(err error) (stdkb.SubmissionVersion, error) {
		return stdkb.SubmissionVersion{}, fmt.Errorf("submit submission %d: %w", id, err)
	}
	if err := checkSubmissionWrite(report, "评估报告", actor); err != nil {
		return fail(err)
	}
	if !json.Valid(report) {
		return fail(stdkb.Errorf(stdkb.EINVALID, "评估报告不是有效的 JSON"))
	}
	var v stdkb.SubmissionVersion
	err := s.db.Update(func(tx *bolt.Tx) error {
		versions, err := submissionBucket(tx, id)
		if err != nil {
			return err
		}
		if v, err = latestSubmissionVersion(versions, id); err != nil {
			return err
		}
		if v.State != stdkb.SubmissionDraft {
			return stdkb.Errorf(stdkb.ECONFLICT,
				"自评 #%d 的第 %d 版%s，只有草稿可以提交（请先保存新的草稿）",
				id, v.Version, stdkb.SubmissionStateName(v.State))
		}
		v.State = stdkb.SubmissionSubmitted
		v.Report = bytes.Clone(report)
		v.UpdatedBy, v.UpdatedAt = actor, submissionStamp()
		return writeSubmissionVersion(tx, versions, v, actionSubmitSubmission)
	})
	if err != nil {
		return fail(err)
	}
	return v, nil
}

// MarkReviewed records the committee's conclusion on a submitted version (ECONFLICT for a draft
// or a version already reviewed). Conclusion and actor must be non-empty (EINVALID); an unknown
// id or version is ENOTFOUND. The panel, the experts on the committee, must be in the pool.
func (s *Store) MarkReviewed(id uint64, version int, conclusion, actor string, panel ...string) (stdkb.SubmissionVersion, error) {
	return s.ReviewSubmission(id, version, stdkb.SubmissionReview{Conclusion: conclusion, Panel: panel}, actor)
}

// ReviewSubmission is MarkReviewed with the whole review, including the reason a conflicted
// panel was kept (recorded on the version and in the audit log).
func (s *Store) ReviewSubmission(id uint64, version int, rev stdkb.SubmissionReview, actor string) (stdkb.SubmissionVersion, error) {
	conclusion, panel := rev.Conclusion, rev.Panel
	fail := func(err error) (stdkb.SubmissionVersion, error) {
		return stdkb.SubmissionVersion{}, fmt.Errorf("review version %d of submission %d: %w", version, id, err)
	}
	switch {
	case strings.TrimSpace(conclusion) == "":
		return fail(stdkb.Errorf(stdkb.EINVALID, "评审须填写评审委员会的结论"))
	case strings.TrimSpace(actor) == "":
		return fail(stdkb.Errorf(stdkb.EINVALID, "评审缺少操作人"))
	}
	if len(panel) > 0 {
		pool, err := s.Experts()
		if err != nil {
			return fail(err)
		}
		if err := stdkb.CheckPanel(pool, panel); err != nil {
			return fail(err)
		}
	}
	var v stdkb.SubmissionVersion
	err := s.db.Update(func(tx *bolt.Tx) error {
		versions, err := submissionBucket(tx, id)
		if err != nil {
			return err
		}
		if v, err = getSubmissionVersion(versions, id, version); err != nil {
			return err
		}
		switch v.State {
		case stdkb.SubmissionSubmitted:
		case stdkb.SubmissionReviewed:
			return stdkb.Errorf(stdkb.ECONFLICT, "自评 #%d 的第 %d 版已评审，不能再次评审", id, version)
		default:
			return stdkb.Errorf(stdkb.ECONFLICT,
				"自评 #%d 的第 %d 版是%s，只有已提交的版本可以评审", id, version, stdkb.SubmissionStateName(v.State))
		}
		v.State = stdkb.SubmissionReviewed
		v.Review, v.Panel, v.PanelOverride = conclusion, panel, rev.PanelOverride
		v.UpdatedBy, v.UpdatedAt = actor, submissionStamp()
		return writeSubmissionVersion(tx, versions, v, actionReviewSubmission)
	})
	if err != nil {
		return fail(err)
	}
	return v, nil
}

// Submission returns the latest version of a submission (ENOTFOUND for an unknown id).
func (s *Store) Submission(id uint64) (stdkb.SubmissionVersion, error) {
	var v stdkb.SubmissionVersion
	err := s.db.View(func(tx *bolt.Tx) error {
		versions, err := submissionBucket(tx, id)
		if err != nil {
			return err
		}
		v, err = latestSubmissionVersion(versions, id)
		return err
	})
	if err != nil {
		return stdkb.SubmissionVersion{}, fmt.Errorf("get submission %d: %w", id, err)
	}
	return v, nil
}

// SubmissionVersions returns every version of a submission, oldest first (ENOTFOUND for an
// unknown id).
func (s *Store) SubmissionVersions(id uint64) ([]stdkb.SubmissionVersion, error) {
	var out []stdkb.SubmissionVersion
	err := s.db.View(func(tx *bolt.Tx) error {
		versions, err := submissionBucket(tx, id)
		if err != nil {
			return err
		}
		return versions.ForEach(func(k, raw []byte) error {
			v, err := decodeSubmissionVersion(id, k, raw)
			if err != nil {
				return err
			}
			out = append(out, v)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list versions of submission %d: %w", id, err)
	}
	return out, nil
}

// Submissions returns the latest version of every submission, or of one unit's ("" for all),
// in ID order.
func (s *Store) Submissions(unit string) ([]stdkb.SubmissionVersion, error) {
	var out []stdkb.SubmissionVersion
	err := s.db.View(func(tx *bolt.Tx) error {
		parent := tx.Bucket(submissionsBucket)
		if parent == nil {
			return nil // nothing was ever submitted
		}
		return parent.ForEach(func(k, raw []byte) error {
			id := btoi(k)
			versions := parent.Bucket(k)
			if versions == nil {
				return fmt.Errorf("%s/%d is a value, not a submission bucket", submissionsBucket, id)
			}
			v, err := latestSubmissionVersion(versions, id)
			if err != nil {
				return err
			}
			if unit == "" || v.Unit == unit {
				out = append(out, v)
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list submissions: %w", err)
	}
	return out, nil
}

// checkSubmissionWrite checks the arguments every submission write shares: a non-empty
// document (named by what: the body, or the evaluation report, which is bounded alike so that
// no caller can store an unbounded record) of at most maxSubmissionBody bytes, and an actor.
func checkSubmissionWrite(doc []byte, what, actor string) error {
	switch {
	case len(bytes.TrimSpace(doc)) == 0:
		return stdkb.Errorf(stdkb.EINVALID, "%s为空", what)
	case len(doc) > maxSubmissionBody:
		return stdkb.Errorf(stdkb.EINVALID, "%s有 %d 字节，超过上限 %d 字节",
			what, len(doc), maxSubmissionBody)
	case strings.TrimSpace(actor) == "":
		return stdkb.Errorf(stdkb.EINVALID, "写入缺少操作人")
	}
	return nil
}

// submissionStamp is the time of a submission write: UTC, whole seconds, like the ledger's.
func submissionStamp() time.Time { return time.Now().UTC().Truncate(time.Second) }

// submissionBucket returns the bucket of submission id's versions, or an ENOTFOUND error.
func submissionBucket(tx *bolt.Tx, id uint64) (*bolt.Bucket, error) {
	if parent := tx.Bucket(submissionsBucket); parent != nil {
		if versions := parent.Bucket(itob(id)); versions != nil {
			return versions, nil
		}
	}
	return nil, stdkb.Errorf(stdkb.ENOTFOUND, "没有编号为 %d 的自评", id)
}

// latestSubmissionVersion decodes the last version in versions. A submission bucket is created together
// with its first version, so an empty one means the database is damaged.
func latestSubmissionVersion(versions *bolt.Bucket, id uint64) (stdkb.SubmissionVersion, error) {
	k, raw := versions.Cursor().Last()
	if k == nil {
		return stdkb.SubmissionVersion{}, fmt.Errorf("submission %d has no versions", id)
	}
	return decodeSubmissionVersion(id, k, raw)
}

// getSubmissionVersion decodes version of submission id, or returns an ENOTFOUND error.
func getSubmissionVersion(versions *bolt.Bucket, id uint64, version int) (stdkb.SubmissionVersion, error) {
	if version > 0 {
		key := itob(uint64(version))
		if raw := versions.Get(key); raw != nil {
			return decodeSubmissionVersion(id, key, raw)
		}
	}
	return stdkb.SubmissionVersion{}, stdkb.Errorf(stdkb.ENOTFOUND, "自评 #%d 没有第 %d 版", id, version)
}

// decodeSubmissionVersion decodes the value stored under key k of submission id's bucket.
func decodeSubmissionVersion(id uint64, k, raw []byte) (stdkb.SubmissionVersion, error) {
	var v stdkb.SubmissionVersion
	if raw == nil {
		return v, fmt.Errorf("%s/%d/%d is a bucket, not a version", submissionsBucket, id, btoi(k))
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return v, fmt.Errorf("decode %s/%d/%d: %w", submissionsBucket, id, btoi(k), err)
	}
	return v, nil
}

// writeSubmissionVersion stores v with putSubmissionVersion and appends the audit entry for action in the same
// transaction, so that a write and its audit entry commit or fail together.
func writeSubmissionVersion(tx *bolt.Tx, versions *bolt.Bucket, v stdkb.SubmissionVersion, action string) error {
	if err := putSubmissionVersion(versions, v); err != nil {
		return fmt.Errorf("write version %d of submission %d: %w", v.Version, v.ID, err)
	}
	detail, err := json.Marshal(struct {
		ID       uint64 `json:"id"`
		Version  int    `json:"version"`
		State    string `json:"state"`
		Override string `json:"panel_override,omitempty"`
	}{v.ID, v.Version, v.State, v.PanelOverride})
	if err != nil {
		return fmt.Errorf("encode audit detail: %w", err)
	}
	return appendAudit(tx, stdkb.AuditEntry{
		At:     v.UpdatedAt,
		Actor:  v.UpdatedBy,
		Action: action,
		Object: "submission/" + strconv.FormatUint(v.ID, 10) + "/v" + strconv.Itoa(v.Version),
		Detail: string(detail),
	})
}

// putSubmissionVersion writes v under its version key, enforcing the bucket's rules whatever
// the caller: a new key is written freely; a draft may be replaced, because it is work in
// progress; a submitted version may be replaced only by the same version marked reviewed,
// because submitted and reviewed versions are records that the review relies on; anything else
// is refused, like appendValue refuses to rewrite a ledger entry.
func putSubmissionVersion(versions *bolt.Bucket, v stdkb.SubmissionVersion) error {
	if v.Version <= 0 {
		return fmt.Errorf("version %d of submission %d is not positive", v.Version, v.ID)
	}
	key := itob(uint64(v.Version))
	if raw := versions.Get(key); raw != nil {
		old, err := decodeSubmissionVersion(v.ID, key, raw)
		if err != nil {
			return err
		}
		same := old.ID == v.ID && old.Version == v.Version && old.Unit == v.Unit && old.Checklist == v.Checklist
		switch {
		case !same:
			return fmt.Errorf("stored version %d is of another submission", v.Version)
		case old.State == stdkb.SubmissionDraft:
		case old.State == stdkb.SubmissionSubmitted && v.State == stdkb.SubmissionReviewed &&
			bytes.Equal(old.Body, v.Body) && bytes.Equal(old.Report, v.Report):
		default:
			return fmt.Errorf("version %d is %s and may not be rewritten as %s", v.Version, old.State, v.State)
		}
	}
	value, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode version %d: %w", v.Version, err)
	}
	return versions.Put(key, value)
}
