package store

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"

	"stdkb"
)

var expertsBucket = []byte("experts")

// PutExpert adds or updates an expert of the pool; the write is audited.
func (s *Store) PutExpert(x stdkb.Expert, actor string) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(expertsBucket)
		if err != nil {
			return err
		}
		action := "expert.add"
		if b.Get([]byte(x.ID)) != nil {
			action = "expert.update"
		}
		v, err := json.Marshal(x)
		if err != nil {
			return err
		}
		if err := b.Put([]byte(x.ID), v); err != nil {
			return err
		}
		return appendAudit(tx, stdkb.AuditEntry{At: time.Now().UTC().Truncate(time.Second), Actor: actor, Action: action, Object: "expert/" + x.ID, Detail: string(v)})
	})
	if err != nil {
		return fmt.Errorf("put expert %s: %w", x.ID, err)
	}
	return nil
}

// Experts returns the expert pool by id.
func (s *Store) Experts() ([]stdkb.Expert, error) {
	var out []stdkb.Expert
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(expertsBucket)
		if b == nil {
			return nil
		}
		return b.ForEach(func(_, v []byte) error {
			var x stdkb.Expert
			if err := json.Unmarshal(v, &x); err != nil {
				return err
			}
			out = append(out, x)
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, err
}
