package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"stdkb"
)

// Evidence files are kept in the database, not beside it: a file and the submission that refers
// to it then commit, roll back and get backed up together. evidenceBucket holds each file's
// stdkb.Evidence as JSON, evidenceDataBucket its bytes, both under the same big-endian ID.
var (
	evidenceBucket     = []byte("evidence")
	evidenceDataBucket = []byte("evidence_data")
)

// Evidence limits. docs/limits.md lists them with the other limits.
const (
	// MaxEvidenceSize bounds one evidence file, in bytes.
	MaxEvidenceSize = 10 << 20
	// MaxUnitEvidence bounds the bytes of evidence one unit holds, uploads not yet in a saved
	// draft included, so that no unit can fill the disk.
	MaxUnitEvidence = 200 << 20
	// MaxUnitEvidenceFiles bounds how many evidence files one unit holds.
	MaxUnitEvidenceFiles = 2000
	// MaxEvidenceName bounds the original file name kept as metadata, in characters.
	MaxEvidenceName = 100
	// pendingEvidenceTTL is how long an upload that no saved draft refers to is kept (a form
	// refused after its files were stored); later uploads delete older ones.
	pendingEvidenceTTL = 24 * time.Hour
)

// unitEvidenceLimit is MaxUnitEvidence, a variable so that a test can reach it cheaply.
var unitEvidenceLimit int64 = MaxUnitEvidence

// Audit actions written for evidence.
const (
	actionUploadEvidence = "evidence.upload"
	actionDeleteEvidence = "evidence.delete"
)

// EvidenceUpload is a file to store as evidence for a unit.
type EvidenceUpload struct {
	Unit    string    // the unit the file is uploaded for
	Name    string    // the name the user gave the file; only its base name is kept
	Content io.Reader // the file; at most MaxEvidenceSize bytes are read
	Actor   string    // who uploads it
}

// PutEvidence stores an uploaded file for a unit and returns its record. The file is not yet
// part of any submission: a draft binds it by referring to stdkb.EvidenceRef(ID), and an upload
// no draft binds is deleted after a day (or at once by DiscardEvidence). Refused with EINVALID:
// a name that is empty or longer than MaxEvidenceName characters, a type outside the accepted
// list, content that is not what the name's type says (an HTML page named .pdf), a file over
// MaxEvidenceSize, or one that would take the unit over MaxUnitEvidence or MaxUnitEvidenceFiles.
func (s *Store) PutEvidence(up EvidenceUpload) (stdkb.Evidence, error) {
	fail := func(err error) (stdkb.Evidence, error) {
		return stdkb.Evidence{}, fmt.Errorf("store evidence %q: %w", up.Name, err)
	}
	name, err := evidenceName(up.Name)
	if err != nil {
		return fail(err)
	}
	switch {
	case strings.TrimSpace(up.Unit) == "":
		return fail(stdkb.Errorf(stdkb.EINVALID, "佐证材料需要所属单位"))
	case strings.TrimSpace(up.Actor) == "":
		return fail(stdkb.Errorf(stdkb.EINVALID, "上传缺少操作人"))
	}
	data, err := io.ReadAll(io.LimitReader(up.Content, MaxEvidenceSize+1))
	if err != nil {
		return fail(fmt.Errorf("read upload: %w", err))
	}
	if len(data) > MaxEvidenceSize {
		return fail(stdkb.Errorf(stdkb.EINVALID, "佐证材料“%s”超过 %d MiB", name, MaxEvidenceSize>>20))
	}
	mediaType, err := checkEvidenceContent(name, data)
	if err != nil {
		return fail(err)
	}
	sum := sha256.Sum256(data)
	e := stdkb.Evidence{Unit: up.Unit, Name: name, Type: mediaType, Size: int64(len(data)),
		SHA256: hex.EncodeToString(sum[:]), UploadedBy: up.Actor, UploadedAt: submissionStamp()}
	err = s.db.Update(func(tx *bolt.Tx) error {
		meta, blobs, err := evidenceBuckets(tx)
		if err != nil {
			return err
		}
		if err := sweepPendingEvidence(tx, e.UploadedAt.Add(-pendingEvidenceTTL)); err != nil {
			return err
		}
		if err := checkUnitQuota(meta, e); err != nil {
			return err
		}
		if e.ID, err = meta.NextSequence(); err != nil {
			return fmt.Errorf("next evidence id: %w", err)
		}
		if err := putEvidenceRecord(meta, e); err != nil {
			return err
		}
		if err := blobs.Put(itob(e.ID), data); err != nil {
			return fmt.Errorf("write evidence %d: %w", e.ID, err)
		}
		return auditEvidence(tx, e.UploadedBy, actionUploadEvidence, e)
	})
	if err != nil {
		return fail(err)
	}
	return e, nil
}

// evidenceName reduces a client's file name to its base name and checks it: never a path, no
// control characters, at most MaxEvidenceName characters. The name is metadata only (files are
// stored under their ID), so any other character is kept as the user wrote it.
func evidenceName(raw string) (string, error) {
	name := path.Base(strings.ReplaceAll(raw, `\`, "/"))
	name = strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, name))
	switch {
	case !utf8.ValidString(name):
		return "", stdkb.Errorf(stdkb.EINVALID, "佐证材料的文件名不是有效的 UTF-8 文本")
	case name == "" || name == "." || name == "/" || strings.HasPrefix(name, "."):
		return "", stdkb.Errorf(stdkb.EINVALID, "佐证材料缺少文件名")
	case utf8.RuneCountInString(name) > MaxEvidenceName:
		return "", stdkb.Errorf(stdkb.EINVALID, "佐证材料的文件名有 %d 个字，超过 %d 个字的上限，请改短后再上传",
			utf8.RuneCountInString(name), MaxEvidenceName)
	}
	return name, nil
}

func evidenceBuckets(tx *bolt.Tx) (meta, blobs *bolt.Bucket, err error) {
	if meta, err = tx.CreateBucketIfNotExists(evidenceBucket); err != nil {
		return nil, nil, fmt.Errorf("create bucket %s: %w", evidenceBucket, err)
	}
	if blobs, err = tx.CreateBucketIfNotExists(evidenceDataBucket); err != nil {
		return nil, nil, fmt.Errorf("create bucket %s: %w", evidenceDataBucket, err)
	}
	return meta, blobs, nil
}

// checkUnitQuota refuses e if the unit's evidence would then pass MaxUnitEvidence bytes or
// MaxUnitEvidenceFiles files. It walks the records, which are small; the files are not read.
func checkUnitQuota(meta *bolt.Bucket, e stdkb.Evidence) error {
	var total int64
	var files int
	err := eachEvidence(meta, func(old stdkb.Evidence) error {
		if old.Unit == e.Unit {
			total, files = total+old.Size, files+1
		}
		return nil
	})
	switch {
	case err != nil:
		return err
	case total+e.Size > unitEvidenceLimit:
		return stdkb.Errorf(stdkb.EINVALID, "本单位的佐证材料已有 %.1f MiB，加上“%s”将超过 %.0f MiB 的上限；请删除不再需要的材料后再上传",
			float64(total)/(1<<20), e.Name, float64(unitEvidenceLimit)/(1<<20))
	case files+1 > MaxUnitEvidenceFiles:
		return stdkb.Errorf(stdkb.EINVALID, "本单位的佐证材料已达 %d 个文件的上限；请删除不再需要的材料后再上传", MaxUnitEvidenceFiles)
	}
	return nil
}

func eachEvidence(meta *bolt.Bucket, fn func(stdkb.Evidence) error) error {
	return meta.ForEach(func(k, v []byte) error {
		var e stdkb.Evidence
		if err := json.Unmarshal(v, &e); err != nil {
			return fmt.Errorf("decode %s/%d: %w", evidenceBucket, btoi(k), err)
		}
		return fn(e)
	})
}

func putEvidenceRecord(meta *bolt.Bucket, e stdkb.Evidence) error {
	v, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("encode evidence %d: %w", e.ID, err)
	}
	return meta.Put(itob(e.ID), v)
}

func getEvidenceRecord(tx *bolt.Tx, id uint64) (stdkb.Evidence, bool, error) {
	var e stdkb.Evidence
	meta := tx.Bucket(evidenceBucket)
	if meta == nil {
		return e, false, nil
	}
	v := meta.Get(itob(id))
	if v == nil {
		return e, false, nil
	}
	if err := json.Unmarshal(v, &e); err != nil {
		return e, false, fmt.Errorf("decode %s/%d: %w", evidenceBucket, id, err)
	}
	return e, true, nil
}

// deleteEvidence removes a file and its record, with an audit entry.
func deleteEvidence(tx *bolt.Tx, e stdkb.Evidence, actor string) error {
	for _, b := range [][]byte{evidenceBucket, evidenceDataBucket} {
		if bk := tx.Bucket(b); bk != nil {
			if err := bk.Delete(itob(e.ID)); err != nil {
				return fmt.Errorf("delete evidence %d: %w", e.ID, err)
			}
		}
	}
	return auditEvidence(tx, actor, actionDeleteEvidence, e)
}

func auditEvidence(tx *bolt.Tx, actor, action string, e stdkb.Evidence) error {
	detail, err := json.Marshal(map[string]any{"unit": e.Unit, "submission": e.Submission, "name": e.Name, "size": e.Size, "sha256": e.SHA256})
	if err != nil {
		return err
	}
	return appendAudit(tx, stdkb.AuditEntry{At: submissionStamp(), Actor: actor, Action: action,
		Object: fmt.Sprintf("evidence/%d", e.ID), Detail: string(detail)})
}

// sweepPendingEvidence deletes uploads that no draft bound and that were uploaded before cutoff.
func sweepPendingEvidence(tx *bolt.Tx, cutoff time.Time) error {
	meta := tx.Bucket(evidenceBucket)
	if meta == nil {
		return nil
	}
	var stale []stdkb.Evidence
	if err := eachEvidence(meta, func(e stdkb.Evidence) error {
		if e.Submission == 0 && e.UploadedAt.Before(cutoff) {
			stale = append(stale, e)
		}
		return nil
	}); err != nil {
		return err
	}
	for _, e := range stale {
		if err := deleteEvidence(tx, e, "stdkb"); err != nil {
			return err
		}
	}
	return nil
}

// bindEvidence checks every evidence reference in v's body and binds the new ones to v's
// submission, setting v.Evidence. A reference must name evidence of v's unit that is either
// already this submission's or an upload no submission has bound yet; any other reference —
// another unit's file, another submission's, or none at all — is refused with EINVALID, which
// does not say which, so a unit learns nothing about other units' files.
func bindEvidence(tx *bolt.Tx, v *stdkb.SubmissionVersion) error {
	ids := stdkb.EvidenceRefs(v.Body)
	v.Evidence = nil
	if len(ids) == 0 {
		return nil
	}
	if len(ids) > MaxUnitEvidenceFiles {
		// More than a unit can hold: refuse before looking any of them up.
		return stdkb.Errorf(stdkb.EINVALID, "自评引用了 %d 份佐证材料，超过每个单位 %d 份的上限", len(ids), MaxUnitEvidenceFiles)
	}
	meta := tx.Bucket(evidenceBucket)
	for _, id := range ids {
		e, found, err := getEvidenceRecord(tx, id)
		if err != nil {
			return err
		}
		if !found || e.Unit != v.Unit || (e.Submission != 0 && e.Submission != v.ID) {
			return stdkb.Errorf(stdkb.EINVALID, "佐证材料 %s 不是本单位为这份自评上传的文件，不能引用", stdkb.EvidenceRef(id))
		}
		if e.Submission == 0 {
			e.Submission = v.ID
			if err := putEvidenceRecord(meta, e); err != nil {
				return err
			}
		}
		v.Evidence = append(v.Evidence, id)
	}
	slices.Sort(v.Evidence)
	return nil
}

// dropUnreferencedEvidence deletes the evidence that draft v, which replaced a draft referring
// to before, no longer refers to and no other version of the submission refers to either, in
// the transaction that wrote v. Evidence is bound only when a version refers to it, and only a
// draft replaced in place stops referring to anything, so these are the only candidates.
func dropUnreferencedEvidence(tx *bolt.Tx, versions *bolt.Bucket, v stdkb.SubmissionVersion, before []uint64, actor string) error {
	candidates := map[uint64]bool{}
	for _, id := range before {
		if !slices.Contains(v.Evidence, id) {
			candidates[id] = true
		}
	}
	if len(candidates) == 0 {
		return nil
	}
	if err := versions.ForEach(func(k, raw []byte) error {
		if btoi(k) == uint64(v.Version) {
			return nil
		}
		var refs struct {
			Evidence []uint64 `json:"evidence"`
		}
		if err := json.Unmarshal(raw, &refs); err != nil {
			return fmt.Errorf("decode %s/%d/%d: %w", submissionsBucket, v.ID, btoi(k), err)
		}
		for _, id := range refs.Evidence {
			delete(candidates, id)
		}
		return nil
	}); err != nil {
		return err
	}
	for id := range candidates {
		e, found, err := getEvidenceRecord(tx, id)
		if err != nil {
			return err
		}
		if found && e.Submission == v.ID {
			if err := deleteEvidence(tx, e, actor); err != nil {
				return err
			}
		}
	}
	return nil
}

// EvidenceFile returns a stored file with its record, if it belongs to the given submission
// (ENOTFOUND otherwise, the same answer as for a file that does not exist). Callers check that
// the reader may see the submission; this check makes sure the file is that submission's.
func (s *Store) EvidenceFile(submission, id uint64) (stdkb.Evidence, []byte, error) {
	var e stdkb.Evidence
	var data []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		var found bool
		var err error
		if e, found, err = getEvidenceRecord(tx, id); err != nil {
			return err
		}
		if !found || submission == 0 || e.Submission != submission {
			return stdkb.Errorf(stdkb.ENOTFOUND, "这份自评没有编号为 %d 的佐证材料", id)
		}
		// A copy, not a slice of the mapped file: the caller may send it to a slow client, and
		// a read transaction held that long would stall writers that need to grow the file.
		data = bytes.Clone(tx.Bucket(evidenceDataBucket).Get(itob(id)))
		return nil
	})
	if err != nil {
		return stdkb.Evidence{}, nil, fmt.Errorf("get evidence %d of submission %d: %w", id, submission, err)
	}
	return e, data, nil
}

// SubmissionEvidence lists the evidence files bound to a submission, in ID order.
func (s *Store) SubmissionEvidence(submission uint64) ([]stdkb.Evidence, error) {
	var out []stdkb.Evidence
	err := s.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(evidenceBucket)
		if meta == nil {
			return nil
		}
		return eachEvidence(meta, func(e stdkb.Evidence) error {
			if e.Submission == submission {
				out = append(out, e)
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list evidence of submission %d: %w", submission, err)
	}
	return out, nil
}

// DiscardEvidence deletes uploads of the unit that no submission has bound yet, such as the
// files of a form that was then refused. Other IDs are left alone.
func (s *Store) DiscardEvidence(unit, actor string, ids ...uint64) error {
	if len(ids) == 0 {
		return nil
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		for _, id := range ids {
			e, found, err := getEvidenceRecord(tx, id)
			if err != nil {
				return err
			}
			if found && e.Unit == unit && e.Submission == 0 {
				if err := deleteEvidence(tx, e, actor); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("discard evidence of %s: %w", unit, err)
	}
	return nil
}

// UnitEvidence returns the records of those of ids that are the unit's evidence, bound to a
// submission or still pending, for naming the files a form refers to. Other IDs are left out.
func (s *Store) UnitEvidence(unit string, ids ...uint64) (map[uint64]stdkb.Evidence, error) {
	out := map[uint64]stdkb.Evidence{}
	err := s.db.View(func(tx *bolt.Tx) error {
		for _, id := range ids {
			e, found, err := getEvidenceRecord(tx, id)
			if err != nil {
				return err
			}
			if found && e.Unit == unit {
				out[id] = e
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("evidence of %s: %w", unit, err)
	}
	return out, nil
}
