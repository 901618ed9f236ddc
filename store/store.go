// Package store is stdkb's embedded database (bbolt): the review ledger, the audit log,
// self-assessment submissions with their versions, users, the expert pool and web sessions.
//
// Values are JSON under big-endian uint64 keys taken from the bucket's sequence, so a cursor
// walks them in ID order. The ledger and the audit log are append-only: a key, once written, is
// never rewritten or deleted, and corrections are new records that point at the ones they
// correct. Submissions are the one exception: a draft version is work in progress and is
// replaced in place until it is submitted; submitted versions change only once, to reviewed.
// Web sessions expire and are deleted.
package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"stdkb"
)

// schemaVersion is the layout this build reads and writes. Bump it, with a migration, whenever
// a bucket or value format changes incompatibly.
const schemaVersion = "1"

// lockTimeout bounds the wait for bbolt's file lock: another process holding the database
// should produce an error the user can act on, not a silent hang.
const lockTimeout = time.Second

var (
	metaBucket    = []byte("meta")
	reviewsBucket = []byte("reviews")
	auditBucket   = []byte("audit")

	schemaKey = []byte("schema_version")
)

// Audit actions written by RecordReview.
const (
	actionRecordReview  = "review.record"
	actionCorrectReview = "review.correct"
)

// Store is an open stdkb database. It is safe for concurrent use.
type Store struct {
	db   *bolt.DB
	path string
}

// Open opens or creates the database file at path (creating its directory), with a timeout
// so a second process holding the lock fails with a clear error instead of hanging.
func Open(path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: lockTimeout})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("open store %s: database is locked by another process (waited %s): %w",
			path, lockTimeout, err)
	}
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if err := db.Update(initSchema); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return &Store{db: db, path: path}, nil
}

// initSchema stamps a new database with schemaVersion and creates its buckets, or checks that an
// existing one was written with a layout this build understands.
func initSchema(tx *bolt.Tx) error {
	meta := tx.Bucket(metaBucket)
	if meta == nil {
		// A bbolt file with buckets but no meta is some other program's database; adopting it
		// would mix our records into data we know nothing about.
		if err := tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
			return fmt.Errorf("not a stdkb database (has bucket %q but no %q)", name, metaBucket)
		}); err != nil {
			return err
		}
		var err error
		if meta, err = tx.CreateBucket(metaBucket); err != nil {
			return fmt.Errorf("create bucket %s: %w", metaBucket, err)
		}
		if err := meta.Put(schemaKey, []byte(schemaVersion)); err != nil {
			return fmt.Errorf("write schema version: %w", err)
		}
	}
	switch v := string(meta.Get(schemaKey)); {
	case v == schemaVersion:
	case newerVersion(v):
		return fmt.Errorf("schema version %s is newer than this build supports (%s); upgrade stdkb", v, schemaVersion)
	default:
		return fmt.Errorf("unknown schema version %q (want %s)", v, schemaVersion)
	}
	for _, name := range [][]byte{reviewsBucket, auditBucket} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	return indexSessions(tx)
}

// newerVersion reports whether v is a schema version later than schemaVersion.
func newerVersion(v string) bool {
	n, err := strconv.Atoi(v)
	cur, _ := strconv.Atoi(schemaVersion)
	return err == nil && n > cur
}

// Close releases the database file and its lock.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close store %s: %w", s.path, err)
	}
	return nil
}

// RecordReview appends a review decision to the ledger and an audit entry in the same
// transaction. It assigns ID (next sequence) and RecordedAt (time.Now().UTC(), truncated to
// the second), and returns the stored decision. If d.Supersedes is non-zero the superseded
// decision must exist and be for the same DocID (else stdkb EINVALID error); a decision that is
// already superseded may not be superseded again (ECONFLICT: correct the latest correction).
// d.ID and d.RecordedAt given by the caller are ignored. RecordedBy must be non-empty (EINVALID).
func (s *Store) RecordReview(d stdkb.ReviewDecision) (stdkb.ReviewDecision, error) {
	if strings.TrimSpace(d.RecordedBy) == "" {
		return stdkb.ReviewDecision{}, fmt.Errorf("record review: %w",
			stdkb.Errorf(stdkb.EINVALID, "%s 的复审决定缺少记录人", d.DocID))
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		reviews := tx.Bucket(reviewsBucket)
		if d.Supersedes != 0 {
			if err := checkSupersedable(reviews, d); err != nil {
				return err
			}
		}
		id, err := reviews.NextSequence()
		if err != nil {
			return fmt.Errorf("next review id: %w", err)
		}
		d.ID = id
		d.RecordedAt = time.Now().UTC().Truncate(time.Second)
		value, err := json.Marshal(d)
		if err != nil {
			return fmt.Errorf("encode review %d: %w", id, err)
		}
		if err := appendValue(reviews, id, value); err != nil {
			return fmt.Errorf("write review %d: %w", id, err)
		}

		action := actionRecordReview
		if d.Supersedes != 0 {
			action = actionCorrectReview
		}
		return appendAudit(tx, stdkb.AuditEntry{
			At:     d.RecordedAt,
			Actor:  d.RecordedBy,
			Action: action,
			Object: "review/" + strconv.FormatUint(id, 10),
			Detail: string(value),
		})
	})
	if err != nil {
		return stdkb.ReviewDecision{}, fmt.Errorf("record review: %w", err)
	}
	return d, nil
}

// checkSupersedable reports whether d may correct the decision named by d.Supersedes.
//
// It scans the ledger for an earlier correction rather than keeping an index: the ledger holds
// one record per committee decision, corrections are rare, and the ledger stays the only source
// of truth.
func checkSupersedable(reviews *bolt.Bucket, d stdkb.ReviewDecision) error {
	raw := reviews.Get(itob(d.Supersedes))
	if raw == nil {
		return stdkb.Errorf(stdkb.EINVALID, "要更正的复审记录 %d 不存在", d.Supersedes)
	}
	var old stdkb.ReviewDecision
	if err := json.Unmarshal(raw, &old); err != nil {
		return fmt.Errorf("decode review %d: %w", d.Supersedes, err)
	}
	if old.DocID != d.DocID {
		return stdkb.Errorf(stdkb.EINVALID, "复审记录 %d 针对的是 %s，不是 %s", old.ID, old.DocID, d.DocID)
	}
	c := reviews.Cursor()
	for k, v := c.Seek(itob(d.Supersedes + 1)); k != nil; k, v = c.Next() {
		var later struct {
			Supersedes uint64 `json:"supersedes"`
		}
		if err := json.Unmarshal(v, &later); err != nil {
			return fmt.Errorf("decode review %d: %w", btoi(k), err)
		}
		if later.Supersedes == d.Supersedes {
			return stdkb.Errorf(stdkb.ECONFLICT,
				"复审记录 %d 已被记录 %d 更正；请更正记录 %d",
				d.Supersedes, btoi(k), btoi(k))
		}
	}
	return nil
}

// appendAudit writes e under the audit log's next ID, which it assigns.
func appendAudit(tx *bolt.Tx, e stdkb.AuditEntry) error {
	audit := tx.Bucket(auditBucket)
	id, err := audit.NextSequence()
	if err != nil {
		return fmt.Errorf("next audit id: %w", err)
	}
	e.ID = id
	value, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("encode audit entry %d: %w", id, err)
	}
	if err := appendValue(audit, id, value); err != nil {
		return fmt.Errorf("write audit entry %d: %w", id, err)
	}
	return nil
}

// appendValue puts value under id, refusing to replace an existing value: a sequence that went
// backwards must not silently rewrite history.
func appendValue(b *bolt.Bucket, id uint64, value []byte) error {
	key := itob(id)
	if b.Get(key) != nil {
		return fmt.Errorf("key %d already exists", id)
	}
	return b.Put(key, value)
}

// Reviews returns every decision in the ledger in ID order, including superseded ones.
func (s *Store) Reviews() ([]stdkb.ReviewDecision, error) {
	reviews, err := list[stdkb.ReviewDecision](s.db, reviewsBucket)
	if err != nil {
		return nil, fmt.Errorf("list reviews: %w", err)
	}
	return reviews, nil
}

// CurrentReviews returns the decisions no later decision supersedes, in ID order.
func (s *Store) CurrentReviews() ([]stdkb.ReviewDecision, error) {
	all, err := list[stdkb.ReviewDecision](s.db, reviewsBucket)
	if err != nil {
		return nil, fmt.Errorf("list current reviews: %w", err)
	}
	superseded := make(map[uint64]bool)
	for _, d := range all {
		if d.Supersedes != 0 {
			superseded[d.Supersedes] = true
		}
	}
	current := make([]stdkb.ReviewDecision, 0, len(all))
	for _, d := range all {
		if !superseded[d.ID] {
			current = append(current, d)
		}
	}
	return current, nil
}

// Audit returns the audit log in ID order.
func (s *Store) Audit() ([]stdkb.AuditEntry, error) {
	entries, err := list[stdkb.AuditEntry](s.db, auditBucket)
	if err != nil {
		return nil, fmt.Errorf("list audit log: %w", err)
	}
	return entries, nil
}

// list decodes every value in bucket, in key order.
func list[T any](db *bolt.DB, bucket []byte) ([]T, error) {
	var out []T
	err := db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucket).ForEach(func(k, v []byte) error {
			var x T
			if err := json.Unmarshal(v, &x); err != nil {
				return fmt.Errorf("decode %s/%d: %w", bucket, btoi(k), err)
			}
			out = append(out, x)
			return nil
		})
	})
	return out, err
}

// itob encodes id as a big-endian key so that byte order is numeric order.
func itob(id uint64) []byte { return binary.BigEndian.AppendUint64(nil, id) }

// btoi decodes a key written by itob.
func btoi(k []byte) uint64 { return binary.BigEndian.Uint64(k) }
