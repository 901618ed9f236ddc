package store

import (
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"stdkb"
)

// RecordAudit appends an audit entry for a change made outside the database (a content import,
// say), so the audit log holds every administrative change.
func (s *Store) RecordAudit(actor, action, object, detail string) error {
	if actor == "" {
		return stdkb.Errorf(stdkb.EINVALID, "the audit entry %s %s has no actor", action, object)
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		return appendAudit(tx, stdkb.AuditEntry{At: time.Now().UTC().Truncate(time.Second), Actor: actor, Action: action, Object: object, Detail: detail})
	})
	if err != nil {
		return fmt.Errorf("audit %s %s: %w", action, object, err)
	}
	return nil
}
