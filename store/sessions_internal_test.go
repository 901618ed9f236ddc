package store

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
	bolt "go.etcd.io/bbolt"
)

func openTemp(tb testing.TB) *Store {
	tb.Helper()
	s, err := Open(filepath.Join(tb.TempDir(), "stdkb.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// sessionData encodes session values the way the server's session manager does.
func sessionData(tb testing.TB, user string) []byte {
	tb.Helper()
	b, err := scs.GobCodec{}.Encode(time.Now().Add(12*time.Hour), map[string]any{"user": user})
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func countKeys(tb testing.TB, s *Store, bucket []byte) int {
	tb.Helper()
	n := 0
	s.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucket); b != nil {
			n = b.Stats().KeyN
		}
		return nil
	})
	return n
}

// Expired sessions are deleted through the expiry index by later writes, and the index holds
// exactly one entry per stored session, however often a session was extended.
func TestExpiredSessionsAreSwept(t *testing.T) {
	s := openTemp(t)
	ss := s.Sessions()
	past := time.Now().Add(-time.Hour)
	for i := range 5 {
		if err := ss.Commit(fmt.Sprintf("old-%d", i), sessionData(t, "pilot"), past); err != nil {
			t.Fatal(err)
		}
	}
	live := time.Now().Add(time.Hour)
	for i := range 3 {
		if err := ss.Commit("live", sessionData(t, "pilot"), live.Add(time.Duration(i)*sessionTouchSlack*2)); err != nil {
			t.Fatal(err)
		}
	}
	if n := countKeys(t, s, sessionsBucket); n != 1 {
		t.Errorf("%d sessions stored, want only the live one", n)
	}
	if n := countKeys(t, s, sessionExpiryBucket); n != 1 {
		t.Errorf("%d expiry index entries, want 1", n)
	}
	if _, ok, _ := ss.Find("live"); !ok {
		t.Error("the live session is gone")
	}
}

// A database written before the expiry index gets one when it is opened.
func TestOpenIndexesOldSessions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stdkb.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.db.Update(func(tx *bolt.Tx) error {
		tx.DeleteBucket(sessionExpiryBucket)
		b, _ := tx.CreateBucketIfNotExists(sessionsBucket)
		v, _ := json.Marshal(sessionRecord{Data: []byte("x"), Expiry: time.Now().Add(-time.Minute)})
		return b.Put([]byte("legacy"), v)
	})
	s.Close()
	if s, err = Open(path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n := countKeys(t, s, sessionExpiryBucket); n != 1 {
		t.Fatalf("%d index entries after reopening, want 1", n)
	}
	s.Sessions().Commit("new", []byte("y"), time.Now().Add(time.Hour))
	if n := countKeys(t, s, sessionsBucket); n != 1 {
		t.Errorf("%d sessions after a commit, want the legacy expired one swept", n)
	}
}

// legacyCommit is how sessions were committed before the expiry index: decode every stored
// session to find the expired ones, then write. Kept as the benchmark's baseline.
func legacyCommit(s *Store, token string, data []byte, expiry time.Time) error {
	return s.db.Update(func(tx *bolt.Tx) error {
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

// BenchmarkSessionCommit measures what a signed-in request costs the session store, with 1,000
// other live sessions: the scan-all baseline against the indexed store, both for the common
// request that only extends the idle deadline and for a write of changed data.
func BenchmarkSessionCommit(b *testing.B) {
	setup := func(b *testing.B) (*Store, []byte) {
		s := openTemp(b)
		data := sessionData(b, "pilot")
		for i := range 1000 {
			if err := s.Sessions().Commit(fmt.Sprintf("tok-%04d", i), data, time.Now().Add(2*time.Hour)); err != nil {
				b.Fatal(err)
			}
		}
		return s, data
	}
	b.Run("touch/baseline-scan-all", func(b *testing.B) {
		s, data := setup(b)
		b.ResetTimer()
		for range b.N {
			legacyCommit(s, "tok-0001", data, time.Now().Add(2*time.Hour))
		}
	})
	b.Run("touch/indexed", func(b *testing.B) {
		s, data := setup(b)
		b.ResetTimer()
		for range b.N {
			s.Sessions().Commit("tok-0001", data, time.Now().Add(2*time.Hour))
		}
	})
	b.Run("write/baseline-scan-all", func(b *testing.B) {
		s, _ := setup(b)
		b.ResetTimer()
		for i := range b.N {
			legacyCommit(s, "tok-0001", []byte(fmt.Sprint(i)), time.Now().Add(2*time.Hour))
		}
	})
	b.Run("write/indexed", func(b *testing.B) {
		s, _ := setup(b)
		b.ResetTimer()
		for i := range b.N {
			s.Sessions().Commit("tok-0001", []byte(fmt.Sprint(i)), time.Now().Add(2*time.Hour))
		}
	})
}
