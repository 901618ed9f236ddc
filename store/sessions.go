package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/alexedwards/scs/v2"
	bolt "go.etcd.io/bbolt"

	"stdkb"
)

// Sessions live in sessionsBucket (token → sessionRecord) with an expiry index in
// sessionExpiryBucket (big-endian expiry in Unix nanoseconds + token → empty), so that expired
// sessions are found by walking the index from its start, not by decoding every session.
var (
	sessionsBucket      = []byte("sessions")
	sessionExpiryBucket = []byte("session_expiry")
)

const (
	// sessionTouchSlack is how far a session's stored expiry may lag behind the one the session
	// manager asks for before Commit writes it. The manager extends the idle deadline on every
	// request; writing each extension made every signed-in request a database write. With the
	// slack, an unchanged session is written at most once per slack, and an idle session expires
	// up to this much earlier than its cookie says.
	sessionTouchSlack = 5 * time.Minute
	// sweepBatch bounds how many expired sessions one Commit deletes, so that a backlog after a
	// long pause costs a few commits rather than one slow one.
	sweepBatch = 100
)

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
		var err error
		rec, found, err = getSession(tx, token)
		return err
	})
	if err != nil || !found || time.Now().After(rec.Expiry) {
		return nil, false, err
	}
	return rec.Data, true, nil
}

// Commit stores session data until expiry. It writes nothing when the stored session holds the
// same data and an expiry within sessionTouchSlack of the new one, which is the case for almost
// every request of a signed-in user; when it does write, it also deletes up to sweepBatch
// expired sessions found through the expiry index.
func (ss *Sessions) Commit(token string, data []byte, expiry time.Time) error {
	var unchanged bool
	err := ss.s.db.View(func(tx *bolt.Tx) error {
		old, found, err := getSession(tx, token)
		unchanged = found && bytes.Equal(old.Data, data) &&
			!expiry.Before(old.Expiry) && expiry.Sub(old.Expiry) < sessionTouchSlack
		return err
	})
	if err != nil || unchanged {
		return err
	}
	return ss.s.db.Update(func(tx *bolt.Tx) error {
		if err := putSession(tx, token, sessionRecord{Data: data, Expiry: expiry}); err != nil {
			return err
		}
		return sweepSessions(tx, time.Now(), sweepBatch)
	})
}

// Delete removes a session.
func (ss *Sessions) Delete(token string) error {
	return ss.s.db.Update(func(tx *bolt.Tx) error { return deleteSession(tx, token) })
}

func getSession(tx *bolt.Tx, token string) (sessionRecord, bool, error) {
	var rec sessionRecord
	b := tx.Bucket(sessionsBucket)
	if b == nil {
		return rec, false, nil
	}
	v := b.Get([]byte(token))
	if v == nil {
		return rec, false, nil
	}
	if err := json.Unmarshal(v, &rec); err != nil {
		return rec, false, fmt.Errorf("decode session: %w", err)
	}
	return rec, true, nil
}

// putSession writes rec under token and moves its expiry index entry.
func putSession(tx *bolt.Tx, token string, rec sessionRecord) error {
	if err := deleteSession(tx, token); err != nil {
		return err
	}
	b, err := tx.CreateBucketIfNotExists(sessionsBucket)
	if err != nil {
		return err
	}
	idx, err := tx.CreateBucketIfNotExists(sessionExpiryBucket)
	if err != nil {
		return err
	}
	v, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	if err := b.Put([]byte(token), v); err != nil {
		return err
	}
	return idx.Put(expiryKey(rec.Expiry, token), nil)
}

// deleteSession removes a session and its index entry, if they exist.
func deleteSession(tx *bolt.Tx, token string) error {
	old, found, err := getSession(tx, token)
	if err != nil || !found {
		// A record that does not decode is deleted all the same; its index entry, if any,
		// goes when the sweep reaches it.
		if b := tx.Bucket(sessionsBucket); b != nil && err != nil {
			return b.Delete([]byte(token))
		}
		return nil
	}
	if idx := tx.Bucket(sessionExpiryBucket); idx != nil {
		if err := idx.Delete(expiryKey(old.Expiry, token)); err != nil {
			return err
		}
	}
	return tx.Bucket(sessionsBucket).Delete([]byte(token))
}

// sweepSessions deletes up to limit sessions whose expiry is before now, oldest first.
func sweepSessions(tx *bolt.Tx, now time.Time, limit int) error {
	idx := tx.Bucket(sessionExpiryBucket)
	if idx == nil {
		return nil
	}
	var expired [][]byte
	c := idx.Cursor()
	for k, _ := c.First(); k != nil && len(expired) < limit; k, _ = c.Next() {
		if len(k) < 8 || int64(binary.BigEndian.Uint64(k)) >= now.UnixNano() {
			break
		}
		expired = append(expired, bytes.Clone(k))
	}
	sessions := tx.Bucket(sessionsBucket)
	for _, k := range expired {
		if err := idx.Delete(k); err != nil {
			return err
		}
		if sessions != nil {
			token := k[8:]
			// The index entry may be stale (the session was extended since); only a record
			// that has really expired goes.
			if rec, found, _ := getSession(tx, string(token)); !found || !rec.Expiry.After(now) {
				if err := sessions.Delete(token); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// expiryKey orders index entries by expiry, then token. Expiries before 1970 sort first.
func expiryKey(t time.Time, token string) []byte {
	n := max(t.UnixNano(), 0)
	return append(binary.BigEndian.AppendUint64(nil, uint64(n)), token...)
}

// indexSessions builds the expiry index for sessions written before the index existed.
func indexSessions(tx *bolt.Tx) error {
	if tx.Bucket(sessionExpiryBucket) != nil {
		return nil
	}
	idx, err := tx.CreateBucket(sessionExpiryBucket)
	if err != nil {
		return fmt.Errorf("create bucket %s: %w", sessionExpiryBucket, err)
	}
	b := tx.Bucket(sessionsBucket)
	if b == nil {
		return nil
	}
	return b.ForEach(func(k, v []byte) error {
		var rec sessionRecord
		if json.Unmarshal(v, &rec) != nil {
			rec.Expiry = time.Time{} // undecodable: index it as expired, so the sweep removes it
		}
		return idx.Put(expiryKey(rec.Expiry, string(k)), nil)
	})
}

// SessionInfo describes a signed-in session without its token: ID is a digest of the token,
// enough to name the session when revoking it and useless for signing in.
type SessionInfo struct {
	ID     string    `json:"id"`
	User   string    `json:"user"`
	Expiry time.Time `json:"expiry"`
}

// sessionID is the public name of a session token.
func sessionID(token []byte) string {
	sum := sha256.Sum256(token)
	return hex.EncodeToString(sum[:6])
}

// sessionUser reads the signed-in user name from session data written by an scs session
// manager with its default codec; "" when the session is anonymous or not decodable.
func sessionUser(data []byte) string {
	_, values, err := scs.GobCodec{}.Decode(data)
	if err != nil {
		return ""
	}
	name, _ := values["user"].(string)
	return name
}

// UserSessions lists the unexpired sessions signed in as the named user, soonest expiry first.
func (s *Store) UserSessions(name string) ([]SessionInfo, error) {
	var out []SessionInfo
	now := time.Now()
	err := s.db.View(func(tx *bolt.Tx) error {
		return eachUserSession(tx, name, func(token []byte, rec sessionRecord) error {
			if rec.Expiry.After(now) {
				out = append(out, SessionInfo{ID: sessionID(token), User: name, Expiry: rec.Expiry})
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list sessions of %s: %w", name, err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Expiry.Before(out[j].Expiry) })
	return out, nil
}

// eachUserSession calls fn for every stored session signed in as name.
func eachUserSession(tx *bolt.Tx, name string, fn func(token []byte, rec sessionRecord) error) error {
	b := tx.Bucket(sessionsBucket)
	if b == nil {
		return nil
	}
	return b.ForEach(func(k, v []byte) error {
		var rec sessionRecord
		if json.Unmarshal(v, &rec) != nil || sessionUser(rec.Data) != name {
			return nil
		}
		return fn(k, rec)
	})
}

// RevokeSessions signs the named user out: it deletes the user's sessions whose IDs are given,
// or all of them when none are, and audits the revocation. It returns how many it deleted; an
// ID that names none of the user's sessions is ENOTFOUND and revokes nothing.
func (s *Store) RevokeSessions(name, actor string, ids ...string) (int, error) {
	var n int
	err := s.db.Update(func(tx *bolt.Tx) error {
		if b := tx.Bucket(usersBucket); b == nil || b.Get([]byte(name)) == nil {
			return stdkb.Errorf(stdkb.ENOTFOUND, "没有用户 %q", name)
		}
		var err error
		n, err = revokeSessions(tx, name, ids)
		if err != nil || n == 0 {
			return err
		}
		return auditUser(tx, actor, "session.revoke", name, map[string]any{"sessions": n, "ids": ids})
	})
	if err != nil {
		return 0, fmt.Errorf("revoke sessions of %s: %w", name, err)
	}
	return n, nil
}

// revokeSessions deletes the user's sessions named by ids (all when ids is empty).
func revokeSessions(tx *bolt.Tx, name string, ids []string) (int, error) {
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	var tokens []string
	err := eachUserSession(tx, name, func(token []byte, _ sessionRecord) error {
		if id := sessionID(token); len(ids) == 0 || want[id] {
			delete(want, id)
			tokens = append(tokens, string(token))
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for id := range want {
		return 0, stdkb.Errorf(stdkb.ENOTFOUND, "用户 %s 没有编号为 %s 的会话", name, id)
	}
	for _, t := range tokens {
		if err := deleteSession(tx, t); err != nil {
			return 0, err
		}
	}
	return len(tokens), nil
}
