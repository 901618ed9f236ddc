package store

import (
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"stdkb"
)

var usersBucket = []byte("users")

// AddUser stores a new user; an existing name is ECONFLICT. The write is audited.
func (s *Store) AddUser(u stdkb.User, actor string) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(usersBucket)
		if err != nil {
			return err
		}
		if b.Get([]byte(u.Name)) != nil {
			return stdkb.Errorf(stdkb.ECONFLICT, "用户 %q 已存在", u.Name)
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
			return stdkb.Errorf(stdkb.ENOTFOUND, "没有用户 %q", name)
		}
		v := b.Get([]byte(name))
		if v == nil {
			return stdkb.Errorf(stdkb.ENOTFOUND, "没有用户 %q", name)
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
