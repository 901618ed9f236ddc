package store_test

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"stdkb"
	"stdkb/store"
)

// tempPath returns a database path in a fresh directory that the test removes.
func tempPath(t *testing.T) string {
	t.Helper()
	return filepath.Join(t.TempDir(), "stdkb.db")
}

// mustOpen opens the store at path and closes it when the test ends.
func mustOpen(t *testing.T, path string) *store.Store {
	t.Helper()
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

// decision returns a valid, not yet recorded decision for doc.
func decision(doc string) stdkb.ReviewDecision {
	return stdkb.ReviewDecision{
		DocID:      doc,
		Edition:    "2021",
		Date:       stdkb.MustDate("2024-03-15"),
		Committee:  "标准化技术委员会",
		Outcome:    stdkb.OutcomeContinue,
		Reasons:    "内容仍然适用",
		RecordedBy: "alice",
	}
}

// correction returns a decision for the same document that corrects d.
func correction(d stdkb.ReviewDecision, outcome string) stdkb.ReviewDecision {
	c := decision(d.DocID)
	c.Outcome = outcome
	c.RecordedBy = "bob"
	c.Supersedes = d.ID
	return c
}

func mustRecord(t *testing.T, s *store.Store, d stdkb.ReviewDecision) stdkb.ReviewDecision {
	t.Helper()
	got, err := s.RecordReview(d)
	if err != nil {
		t.Fatalf("RecordReview(%s): %v", d.DocID, err)
	}
	return got
}

func mustReviews(t *testing.T, s *store.Store) []stdkb.ReviewDecision {
	t.Helper()
	ds, err := s.Reviews()
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func mustCurrent(t *testing.T, s *store.Store) []stdkb.ReviewDecision {
	t.Helper()
	ds, err := s.CurrentReviews()
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func mustAudit(t *testing.T, s *store.Store) []stdkb.AuditEntry {
	t.Helper()
	es, err := s.Audit()
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func ids(ds []stdkb.ReviewDecision) []uint64 {
	out := make([]uint64, len(ds))
	for i, d := range ds {
		out[i] = d.ID
	}
	return out
}

func TestRecordReview(t *testing.T) {
	s := mustOpen(t, tempPath(t))

	in := decision("sample-canteen-service")
	in.ID = 42                                                  // ignored
	in.RecordedAt = time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC) // ignored
	before := time.Now().UTC().Truncate(time.Second)
	got := mustRecord(t, s, in)
	after := time.Now().UTC()

	if got.ID != 1 {
		t.Errorf("ID = %d, want 1", got.ID)
	}
	if got.RecordedAt.Before(before) || got.RecordedAt.After(after) {
		t.Errorf("RecordedAt = %v, want between %v and %v", got.RecordedAt, before, after)
	}
	if got.RecordedAt.Location() != time.UTC || !got.RecordedAt.Equal(got.RecordedAt.Truncate(time.Second)) {
		t.Errorf("RecordedAt = %v, want UTC whole seconds", got.RecordedAt)
	}
	want := in
	want.ID, want.RecordedAt = got.ID, got.RecordedAt
	if !reflect.DeepEqual(got, want) {
		t.Errorf("RecordReview returned\n%+v\nwant\n%+v", got, want)
	}
	if all := mustReviews(t, s); !reflect.DeepEqual(all, []stdkb.ReviewDecision{got}) {
		t.Errorf("Reviews() = %+v, want [%+v]", all, got)
	}
	if cur := mustCurrent(t, s); !reflect.DeepEqual(cur, []stdkb.ReviewDecision{got}) {
		t.Errorf("CurrentReviews() = %+v, want [%+v]", cur, got)
	}
}

func TestCorrections(t *testing.T) {
	s := mustOpen(t, tempPath(t))

	a := mustRecord(t, s, decision("doc-a"))
	b := mustRecord(t, s, decision("doc-b"))
	a2 := mustRecord(t, s, correction(a, stdkb.OutcomeRevise))
	a3 := mustRecord(t, s, correction(a2, stdkb.OutcomeWithdraw)) // correcting the latest correction

	all := mustReviews(t, s)
	if got, want := ids(all), []uint64{1, 2, 3, 4}; !reflect.DeepEqual(got, want) {
		t.Fatalf("Reviews() IDs = %v, want %v", got, want)
	}
	if !reflect.DeepEqual(all, []stdkb.ReviewDecision{a, b, a2, a3}) {
		t.Errorf("Reviews() = %+v, want the decisions as returned by RecordReview", all)
	}
	if got, want := ids(mustCurrent(t, s)), []uint64{b.ID, a3.ID}; !reflect.DeepEqual(got, want) {
		t.Errorf("CurrentReviews() IDs = %v, want %v", got, want)
	}

	audit := mustAudit(t, s)
	if len(audit) != len(all) {
		t.Fatalf("len(Audit()) = %d, want %d (one per decision)", len(audit), len(all))
	}
	actions := []string{"review.record", "review.record", "review.correct", "review.correct"}
	for i, e := range audit {
		d := all[i]
		if e.ID != uint64(i+1) {
			t.Errorf("audit[%d].ID = %d, want %d", i, e.ID, i+1)
		}
		if e.Action != actions[i] {
			t.Errorf("audit[%d].Action = %q, want %q", i, e.Action, actions[i])
		}
		if want := fmt.Sprintf("review/%d", d.ID); e.Object != want {
			t.Errorf("audit[%d].Object = %q, want %q", i, e.Object, want)
		}
		if e.Actor != d.RecordedBy {
			t.Errorf("audit[%d].Actor = %q, want %q", i, e.Actor, d.RecordedBy)
		}
		if !e.At.Equal(d.RecordedAt) {
			t.Errorf("audit[%d].At = %v, want %v", i, e.At, d.RecordedAt)
		}
		var detail stdkb.ReviewDecision
		if err := json.Unmarshal([]byte(e.Detail), &detail); err != nil {
			t.Errorf("audit[%d].Detail: %v", i, err)
		} else if !reflect.DeepEqual(detail, d) {
			t.Errorf("audit[%d].Detail = %+v, want %+v", i, detail, d)
		}
	}
}

// rawValue returns the bytes stored under id in bucket, read with bbolt directly so that the
// check does not depend on the code under test.
func rawValue(t *testing.T, path, bucket string, id uint64) []byte {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v []byte
	err = db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucket))
		if b == nil {
			return fmt.Errorf("no bucket %q", bucket)
		}
		v = bytes.Clone(b.Get(binary.BigEndian.AppendUint64(nil, id)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestCorrectionLeavesOriginalUnchanged(t *testing.T) {
	path := tempPath(t)

	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	orig := mustRecord(t, s, decision("doc-a"))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	review, audit := rawValue(t, path, "reviews", orig.ID), rawValue(t, path, "audit", 1)
	if review == nil || audit == nil {
		t.Fatalf("original not stored: review %q, audit %q", review, audit)
	}

	if s, err = store.Open(path); err != nil {
		t.Fatal(err)
	}
	mustRecord(t, s, correction(orig, stdkb.OutcomeWithdraw))
	if all := mustReviews(t, s); len(all) != 2 || !reflect.DeepEqual(all[0], orig) {
		t.Fatalf("Reviews() = %+v, want the original first and unchanged", all)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if got := rawValue(t, path, "reviews", orig.ID); !bytes.Equal(got, review) {
		t.Errorf("review %d after correction:\n%s\nwant\n%s", orig.ID, got, review)
	}
	if got := rawValue(t, path, "audit", 1); !bytes.Equal(got, audit) {
		t.Errorf("audit entry 1 after correction:\n%s\nwant\n%s", got, audit)
	}
}

func TestRecordReviewRefused(t *testing.T) {
	s := mustOpen(t, tempPath(t))
	a := mustRecord(t, s, decision("doc-a"))
	b := mustRecord(t, s, decision("doc-b"))
	mustRecord(t, s, correction(a, stdkb.OutcomeRevise))

	tests := []struct {
		name     string
		d        stdkb.ReviewDecision
		wantCode string
	}{
		{"supersedes missing", correction(stdkb.ReviewDecision{ID: 99, DocID: "doc-a"}, stdkb.OutcomeRevise), stdkb.EINVALID},
		{"supersedes other document", correction(stdkb.ReviewDecision{ID: b.ID, DocID: "doc-a"}, stdkb.OutcomeRevise), stdkb.EINVALID},
		{"supersedes superseded", correction(a, stdkb.OutcomeWithdraw), stdkb.ECONFLICT},
		{"empty recorded_by", func() stdkb.ReviewDecision { d := decision("doc-c"); d.RecordedBy = ""; return d }(), stdkb.EINVALID},
		{"blank recorded_by", func() stdkb.ReviewDecision { d := decision("doc-c"); d.RecordedBy = " \t"; return d }(), stdkb.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.RecordReview(tt.d)
			if code := stdkb.ErrorCode(err); code != tt.wantCode {
				t.Errorf("RecordReview error = %v (code %q), want code %q", err, code, tt.wantCode)
			}
			if n := len(mustReviews(t, s)); n != 3 {
				t.Errorf("len(Reviews()) = %d after refusal, want 3", n)
			}
			if n := len(mustAudit(t, s)); n != 3 {
				t.Errorf("len(Audit()) = %d after refusal, want 3", n)
			}
		})
	}

	// A refused write must not even consume an ID.
	if got := mustRecord(t, s, decision("doc-c")); got.ID != 4 {
		t.Errorf("next ID after refusals = %d, want 4", got.ID)
	}
}

func TestPersistence(t *testing.T) {
	path := tempPath(t)

	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	a := mustRecord(t, s, decision("doc-a"))
	mustRecord(t, s, correction(a, stdkb.OutcomeRevise))
	wantAll, wantCur, wantAudit := mustReviews(t, s), mustCurrent(t, s), mustAudit(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = mustOpen(t, path)
	if got := mustReviews(t, s); !reflect.DeepEqual(got, wantAll) {
		t.Errorf("Reviews() after reopen = %+v, want %+v", got, wantAll)
	}
	if got := mustCurrent(t, s); !reflect.DeepEqual(got, wantCur) {
		t.Errorf("CurrentReviews() after reopen = %+v, want %+v", got, wantCur)
	}
	if got := mustAudit(t, s); !reflect.DeepEqual(got, wantAudit) {
		t.Errorf("Audit() after reopen = %+v, want %+v", got, wantAudit)
	}
	if got := mustRecord(t, s, decision("doc-b")); got.ID != 3 {
		t.Errorf("ID after reopen = %d, want 3", got.ID)
	}
}

func TestConcurrentWriters(t *testing.T) {
	const writers, each = 8, 25
	s := mustOpen(t, tempPath(t))

	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				d := decision(fmt.Sprintf("doc-%d-%d", w, i))
				d.RecordedBy = fmt.Sprintf("writer-%d", w)
				if _, err := s.RecordReview(d); err != nil {
					t.Errorf("writer %d: %v", w, err)
					return
				}
			}
		})
	}
	wg.Wait()

	all := mustReviews(t, s)
	if len(all) != writers*each {
		t.Fatalf("len(Reviews()) = %d, want %d", len(all), writers*each)
	}
	docs := make(map[string]bool)
	for i, d := range all {
		if d.ID != uint64(i+1) {
			t.Fatalf("Reviews()[%d].ID = %d, want %d (IDs 1..%d in order, no duplicates)", i, d.ID, i+1, len(all))
		}
		if docs[d.DocID] {
			t.Errorf("decision for %s stored twice", d.DocID)
		}
		docs[d.DocID] = true
	}
	audit := mustAudit(t, s)
	if len(audit) != writers*each {
		t.Fatalf("len(Audit()) = %d, want %d", len(audit), writers*each)
	}
	for i, e := range audit {
		if want := "review/" + strconv.Itoa(i+1); e.ID != uint64(i+1) || e.Object != want {
			t.Errorf("audit[%d] = {ID %d, Object %q}, want {ID %d, Object %q}", i, e.ID, e.Object, i+1, want)
		}
	}
}

func TestOpenLocked(t *testing.T) {
	path := tempPath(t)
	mustOpen(t, path)

	done := make(chan error, 1)
	start := time.Now()
	go func() {
		s, err := store.Open(path)
		if err == nil {
			s.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("second Open of a locked database succeeded")
		}
		if !errors.Is(err, bolt.ErrTimeout) {
			t.Errorf("second Open error = %v, want bbolt.ErrTimeout", err)
		}
		if !strings.Contains(err.Error(), path) {
			t.Errorf("second Open error %q does not name the path", err)
		}
		if elapsed := time.Since(start); elapsed > 3*time.Second {
			t.Errorf("second Open took %v, want a couple of seconds at most", elapsed)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("second Open of a locked database hangs")
	}
}

func TestOpenCreatesDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "var", "lib", "stdkb", "stdkb.db")
	s := mustOpen(t, path)
	mustRecord(t, s, decision("doc-a"))
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
}

func TestOpenRefusesUnknownDatabase(t *testing.T) {
	tests := []struct {
		name      string
		fromStore bool // start from a database written by store rather than an empty file
		prepare   func(tx *bolt.Tx) error
		want      string // in the error
	}{
		{"newer schema", true, setSchema("2"), "newer"},
		{"garbled schema", true, setSchema("one"), "unknown schema version"},
		{"foreign database", false, func(tx *bolt.Tx) error {
			_, err := tx.CreateBucket([]byte("settings"))
			return err
		}, "not a stdkb database"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tempPath(t)
			if tt.fromStore {
				s, err := store.Open(path)
				if err != nil {
					t.Fatal(err)
				}
				mustRecord(t, s, decision("doc-a"))
				if err := s.Close(); err != nil {
					t.Fatal(err)
				}
			}
			db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Update(tt.prepare); err != nil {
				t.Fatal(err)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}

			s, err := store.Open(path)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded, want an error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Open error = %q, want it to mention %q", err, tt.want)
			}
		})
	}
}

func setSchema(v string) func(tx *bolt.Tx) error {
	return func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("schema_version"), []byte(v))
	}
}

// crashEnv names the database TestCrashHelper writes to; it is set only in the child process
// that TestCrash starts.
const crashEnv = "STDKB_STORE_CRASH_DB"

// crashDecision is the decision TestCrashHelper records as its n-th write, so that the parent
// can check every stored decision's data without being told it.
func crashDecision(n uint64) stdkb.ReviewDecision {
	outcomes := []string{stdkb.OutcomeContinue, stdkb.OutcomeRevise, stdkb.OutcomeWithdraw}
	d := decision(fmt.Sprintf("doc-%04d", n))
	d.Date = stdkb.MustDate("2024-01-01").AddDays(int(n % 365))
	d.Outcome = outcomes[n%3]
	d.Reasons = strings.Repeat("理由", int(n%50)+1) // varying sizes make bbolt split and rewrite pages
	d.RecordedBy = "crash-helper"
	return d
}

// TestCrashHelper is the child process of TestCrash: it records decisions until it is killed,
// printing each ID as soon as its transaction has committed.
func TestCrashHelper(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("child process of TestCrash")
	}
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	deadline := time.Now().Add(10 * time.Second)
	for n := uint64(1); time.Now().Before(deadline); n++ {
		d, err := s.RecordReview(crashDecision(n))
		if err != nil {
			t.Fatal(err)
		}
		// os.Stdout is unbuffered, so the parent sees the ID the moment it is durable.
		fmt.Fprintf(os.Stdout, "committed %d\n", d.ID)
	}
}

func TestCrash(t *testing.T) {
	const minCommitted = 20
	path := tempPath(t)

	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelper$", "-test.timeout=30s")
	cmd.Env = append(os.Environ(), crashEnv+"="+path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The child stops by itself after 10 s; this covers a child that is stuck instead.
	watchdog := time.AfterFunc(20*time.Second, func() { cmd.Process.Kill() })
	defer watchdog.Stop()

	var committed []uint64
	sc := bufio.NewScanner(stdout)
	for len(committed) < minCommitted && sc.Scan() {
		var id uint64
		if _, err := fmt.Sscanf(sc.Text(), "committed %d", &id); err == nil {
			committed = append(committed, id)
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Logf("kill child: %v", err)
	}
	err = cmd.Wait()
	t.Logf("child: %v", err)
	if len(committed) < minCommitted {
		t.Fatalf("child reported %d committed IDs before exiting, want %d; stderr:\n%s",
			len(committed), minCommitted, stderr.Bytes())
	}
	for i, id := range committed {
		if id != uint64(i+1) {
			t.Fatalf("child reported IDs %v, want 1..%d", committed, len(committed))
		}
	}

	s := mustOpen(t, path)
	all := mustReviews(t, s)
	audit := mustAudit(t, s)
	t.Logf("child reported %d committed IDs before SIGKILL; the reopened database holds %d reviews and %d audit entries",
		len(committed), len(all), len(audit))
	if len(all) < len(committed) {
		t.Fatalf("reopened database holds %d reviews, want at least the %d the child reported", len(all), len(committed))
	}
	for i, d := range all {
		want := crashDecision(uint64(i + 1))
		want.ID, want.RecordedAt = uint64(i+1), d.RecordedAt
		if d.RecordedAt.IsZero() || !reflect.DeepEqual(d, want) {
			t.Errorf("review %d after crash = %+v, want %+v", i+1, d, want)
		}
	}
	// Each decision and its audit entry commit together, so a crash leaves neither half alone.
	if len(audit) != len(all) {
		t.Errorf("len(Audit()) = %d, want %d (one per decision)", len(audit), len(all))
	}
	for i, e := range audit {
		if want := "review/" + strconv.Itoa(i+1); e.ID != uint64(i+1) || e.Object != want {
			t.Errorf("audit[%d] = {ID %d, Object %q}, want {ID %d, Object %q}", i, e.ID, e.Object, i+1, want)
		}
	}
	if d := mustRecord(t, s, crashDecision(uint64(len(all)+1))); d.ID != uint64(len(all)+1) {
		t.Errorf("first ID after crash = %d, want %d", d.ID, len(all)+1)
	}
}
