package store

import (
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"stdkb"
)

var (
	usersBucket    = []byte("users")
	sessionsBucket = []byte("sessions")
)

// AddUser stores a new user; an existing name is ECONFLICT. The write is audited.
func (s *Store) AddUser(u stdkb.User, actor string) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(usersBucket)
		if err != nil {
			return err
		}
		if b.Get([]byte(u.Name)) != nil {
			return stdkb.Errorf(stdkb.ECONFLICT, "user %q exists", u.Name)
		}
		v, err := json.Marshal(u)
		if err != nil {
			return err
		}
		if err := b.Put([]byte(u.Name), v); err != nil {
			return err
		}
		detail, _ := json.Marshal(map[string]string{"name": u.Name, "role": u.Role, "unit": u.Unit})
		return appendAudit(tx, stdkb.AuditEntry{At: u.CreatedAt, Actor: actor, Action: "user.add", Object: "user/" + u.Name, Detail: string(detail)})
	})
	if err != nil {
		return fmt.Errorf("add user %s: %w", u.Name, err)
	}
	return nil
}

// User returns the named user (ENOTFOUND when there is none).
func (s *Store) User(name string) (stdkb.User, error) {
	var u stdkb.User
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(usersBucket)
		if b == nil {
			return stdkb.Errorf(stdkb.ENOTFOUND, "no user %q", name)
		}
		v := b.Get([]byte(name))
		if v == nil {
			return stdkb.Errorf(stdkb.ENOTFOUND, "no user %q", name)
		}
		return json.Unmarshal(v, &u)
	})
	return u, err
}

// Users returns every user by name, without password hashes.
func (s *Store) Users() ([]stdkb.User, error) {
	var out []stdkb.User
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(usersBucket)
		if b == nil {
			return nil
		}
		return b.ForEach(func(_, v []byte) error {
			var u stdkb.User
			if err := json.Unmarshal(v, &u); err != nil {
				return err
			}
			u.PasswordHash = nil
			out = append(out, u)
			return nil
		})
	})
	return out, err
}

// Sessions returns the store's session storage, for a session manager (it has the methods of
// scs.Store). Sessions are the one bucket whose records expire and are deleted.
func (s *Store) Sessions() *Sessions { return &Sessions{s: s} }

// Sessions keeps web sessions in the database, so they survive restarts.
type Sessions struct{ s *Store }

type sessionRecord struct {
	Data   []byte    `json:"data"`
	Expiry time.Time `json:"expiry"`
}

// Find returns the session data for a token, if it exists and has not expired.
func (ss *Sessions) Find(token string) ([]byte, bool, error) {
	var rec sessionRecord
	found := false
	err := ss.s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(sessionsBucket)
		if b == nil {
			return nil
		}
		v := b.Get([]byte(token))
		if v == nil {
			return nil
		}
		found = true
		return json.Unmarshal(v, &rec)
	})
	if err != nil || !found || time.Now().After(rec.Expiry) {
		return nil, false, err
	}
	return rec.Data, true, nil
}

// Commit stores session data until expiry, and drops expired sessions on the way.
func (ss *Sessions) Commit(token string, data []byte, expiry time.Time) error {
	return ss.s.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(sessionsBucket)
		if err != nil {
			return err
		}
		now := time.Now()
		var expired [][]byte
		b.ForEach(func(k, v []byte) error {
			var rec sessionRecord
			if json.Unmarshal(v, &rec) != nil || now.After(rec.Expiry) {
				expired = append(expired, append([]byte(nil), k...))
			}
			return nil
		})
		for _, k := range expired {
			b.Delete(k)
		}
		v, err := json.Marshal(sessionRecord{Data: data, Expiry: expiry})
		if err != nil {
			return err
		}
		return b.Put([]byte(token), v)
	})
}

// Delete removes a session.
func (ss *Sessions) Delete(token string) error {
	return ss.s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(sessionsBucket)
		if b == nil {
			return nil
		}
		return b.Delete([]byte(token))
	})
}
