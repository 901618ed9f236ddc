package store

import (
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"stdkb"
)

// Audit actions written by account management.
const (
	actionDisableUser   = "user.disable"
	actionEnableUser    = "user.enable"
	actionResetPassword = "user.passwd"
)

// SetUserDisabled disables or re-enables the named user (ENOTFOUND when there is none).
// Disabling also deletes the user's sessions in the same transaction, so the account is signed
// out everywhere at once; stdkb.User.CheckPassword refuses a disabled account, so it cannot sign
// in again. It returns how many sessions were revoked. The change is audited; setting the state
// the account already has changes nothing and writes no audit entry.
func (s *Store) SetUserDisabled(name string, disabled bool, actor string) (int, error) {
	var revoked int
	err := s.updateUser(name, func(tx *bolt.Tx, u *stdkb.User) (bool, error) {
		if u.Disabled == disabled {
			return false, nil
		}
		u.Disabled = disabled
		action := actionEnableUser
		if disabled {
			action = actionDisableUser
			var err error
			if revoked, err = revokeSessions(tx, name, nil); err != nil {
				return false, err
			}
		}
		return true, auditUser(tx, actor, action, name, map[string]any{"sessions_revoked": revoked})
	})
	if err != nil {
		return 0, fmt.Errorf("set user %s disabled=%v: %w", name, disabled, err)
	}
	return revoked, nil
}

// ResetPassword replaces the named user's password (at least stdkb.MinPasswordLength
// characters, EINVALID otherwise) and deletes the user's sessions in the same transaction, so
// whoever knew the old password is signed out. Audited, without the password or its hash.
func (s *Store) ResetPassword(name, password, actor string) (int, error) {
	hash, err := stdkb.HashPassword(password)
	if err != nil {
		return 0, fmt.Errorf("reset password of %s: %w", name, err)
	}
	var revoked int
	err = s.updateUser(name, func(tx *bolt.Tx, u *stdkb.User) (bool, error) {
		u.PasswordHash = hash
		var err error
		if revoked, err = revokeSessions(tx, name, nil); err != nil {
			return false, err
		}
		return true, auditUser(tx, actor, actionResetPassword, name, map[string]any{"sessions_revoked": revoked})
	})
	if err != nil {
		return 0, fmt.Errorf("reset password of %s: %w", name, err)
	}
	return revoked, nil
}

// updateUser loads the named user, lets change modify it, and stores it if change reports a
// change, all in one transaction; the actor must be named (EINVALID).
func (s *Store) updateUser(name string, change func(*bolt.Tx, *stdkb.User) (bool, error)) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(usersBucket)
		var raw []byte
		if b != nil {
			raw = b.Get([]byte(name))
		}
		if raw == nil {
			return stdkb.Errorf(stdkb.ENOTFOUND, "没有用户 %q", name)
		}
		var u stdkb.User
		if err := json.Unmarshal(raw, &u); err != nil {
			return fmt.Errorf("decode user %s: %w", name, err)
		}
		changed, err := change(tx, &u)
		if err != nil || !changed {
			return err
		}
		v, err := json.Marshal(u)
		if err != nil {
			return err
		}
		return b.Put([]byte(name), v)
	})
}

// auditUser appends an audit entry about the named account.
func auditUser(tx *bolt.Tx, actor, action, name string, detail map[string]any) error {
	if actor == "" {
		return stdkb.Errorf(stdkb.EINVALID, "对用户 %s 的修改缺少操作人", name)
	}
	d, err := json.Marshal(detail)
	if err != nil {
		return err
	}
	return appendAudit(tx, stdkb.AuditEntry{At: time.Now().UTC().Truncate(time.Second), Actor: actor, Action: action,
		Object: "user/" + name, Detail: string(d)})
}

// SetUserUnit sets the unit a pilot speaks for (ENOTFOUND when there is no such user). The
// change is audited with the old and new unit; setting the unit the account has writes nothing.
func (s *Store) SetUserUnit(name, unit, actor string) error {
	err := s.updateUser(name, func(tx *bolt.Tx, u *stdkb.User) (bool, error) {
		if u.Unit == unit {
			return false, nil
		}
		old := u.Unit
		u.Unit = unit
		return true, auditUser(tx, actor, "user.unit", name, map[string]any{"from": old, "to": unit})
	})
	if err != nil {
		return fmt.Errorf("set unit of %s: %w", name, err)
	}
	return nil
}
