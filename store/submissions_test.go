package store_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"stdkb"
	"stdkb/evaluator"
	"stdkb/store"
)

// Documents used by the submission tests. Bodies are stored as given, so they need not parse.
var (
	body1   = []byte("unit: unit-a\nchecklist: basic\nitems: {a1: 优}\n")
	body2   = []byte("unit: unit-a\nchecklist: basic\nitems: {a1: 良}\n")
	body3   = []byte("unit: unit-a\nchecklist: basic\nitems: {a1: 优, a2: 良}\n")
	body4   = []byte("unit: unit-a\nchecklist: basic\nitems: {a1: 优, a2: 优}\n")
	report1 = []byte(`{"checklist":{"total":80}}`)
	report2 = []byte(`{"checklist":{"total":95}}`)
)

func mustCreate(t *testing.T, s *store.Store, unit, checklist string, body []byte, actor string) stdkb.SubmissionVersion {
	t.Helper()
	v, err := s.CreateSubmission(unit, checklist, body, actor)
	if err != nil {
		t.Fatalf("CreateSubmission(%q, %q): %v", unit, checklist, err)
	}
	return v
}

func mustSave(t *testing.T, s *store.Store, id uint64, body []byte, actor string) stdkb.SubmissionVersion {
	t.Helper()
	v, err := s.SaveDraft(id, body, actor)
	if err != nil {
		t.Fatalf("SaveDraft(%d): %v", id, err)
	}
	return v
}

func mustSubmit(t *testing.T, s *store.Store, id uint64, report []byte, actor string) stdkb.SubmissionVersion {
	t.Helper()
	v, err := s.Submit(id, report, actor)
	if err != nil {
		t.Fatalf("Submit(%d): %v", id, err)
	}
	return v
}

func mustMarkReviewed(t *testing.T, s *store.Store, id uint64, version int, conclusion, actor string) stdkb.SubmissionVersion {
	t.Helper()
	v, err := s.MarkReviewed(id, version, conclusion, actor)
	if err != nil {
		t.Fatalf("MarkReviewed(%d, %d): %v", id, version, err)
	}
	return v
}

func mustVersions(t *testing.T, s *store.Store, id uint64) []stdkb.SubmissionVersion {
	t.Helper()
	vs, err := s.SubmissionVersions(id)
	if err != nil {
		t.Fatalf("SubmissionVersions(%d): %v", id, err)
	}
	return vs
}

func mustSubmission(t *testing.T, s *store.Store, id uint64) stdkb.SubmissionVersion {
	t.Helper()
	v, err := s.Submission(id)
	if err != nil {
		t.Fatalf("Submission(%d): %v", id, err)
	}
	return v
}

func mustSubmissions(t *testing.T, s *store.Store, unit string) []stdkb.SubmissionVersion {
	t.Helper()
	vs, err := s.Submissions(unit)
	if err != nil {
		t.Fatalf("Submissions(%q): %v", unit, err)
	}
	return vs
}

// checkStamp fails unless at is a UTC time in whole seconds between before and now.
func checkStamp(t *testing.T, what string, at, before time.Time) {
	t.Helper()
	if at.Before(before) || at.After(time.Now().UTC()) {
		t.Errorf("%s UpdatedAt = %v, want between %v and now", what, at, before)
	}
	if at.Location() != time.UTC || !at.Equal(at.Truncate(time.Second)) {
		t.Errorf("%s UpdatedAt = %v, want UTC whole seconds", what, at)
	}
}

func TestSubmissionLifecycle(t *testing.T) {
	s := mustOpen(t, tempPath(t))
	before := time.Now().UTC().Truncate(time.Second)

	created := mustCreate(t, s, "unit-a", "basic", body1, "alice")
	checkStamp(t, "created", created.UpdatedAt, before)
	want := stdkb.SubmissionVersion{ID: 1, Version: 1, Unit: "unit-a", Checklist: "basic",
		State: stdkb.SubmissionDraft, Body: body1, UpdatedBy: "alice", UpdatedAt: created.UpdatedAt}
	if !reflect.DeepEqual(created, want) {
		t.Fatalf("CreateSubmission returned\n%+v\nwant\n%+v", created, want)
	}

	// Each step is a write and the versions the submission must hold afterwards.
	var saved, submitted1, draft2, draft2b, submitted2, reviewed1, reviewed2, draft3 stdkb.SubmissionVersion
	steps := []struct {
		name  string
		write func() stdkb.SubmissionVersion
		want  func(got stdkb.SubmissionVersion) stdkb.SubmissionVersion // the expected return
		after func() []stdkb.SubmissionVersion
	}{
		{"save draft replaces version 1",
			func() stdkb.SubmissionVersion { saved = mustSave(t, s, 1, body2, "bob"); return saved },
			func(got stdkb.SubmissionVersion) stdkb.SubmissionVersion {
				w := created
				w.Body, w.UpdatedBy, w.UpdatedAt = body2, "bob", got.UpdatedAt
				return w
			},
			func() []stdkb.SubmissionVersion { return []stdkb.SubmissionVersion{saved} }},
		{"submit freezes version 1 with its report",
			func() stdkb.SubmissionVersion { submitted1 = mustSubmit(t, s, 1, report1, "bob"); return submitted1 },
			func(got stdkb.SubmissionVersion) stdkb.SubmissionVersion {
				w := saved
				w.State, w.Report, w.UpdatedAt = stdkb.SubmissionSubmitted, report1, got.UpdatedAt
				return w
			},
			func() []stdkb.SubmissionVersion { return []stdkb.SubmissionVersion{submitted1} }},
		{"save after submission starts version 2",
			func() stdkb.SubmissionVersion { draft2 = mustSave(t, s, 1, body3, "carol"); return draft2 },
			func(got stdkb.SubmissionVersion) stdkb.SubmissionVersion {
				return stdkb.SubmissionVersion{ID: 1, Version: 2, Unit: "unit-a", Checklist: "basic",
					State: stdkb.SubmissionDraft, Body: body3, UpdatedBy: "carol", UpdatedAt: got.UpdatedAt}
			},
			func() []stdkb.SubmissionVersion { return []stdkb.SubmissionVersion{submitted1, draft2} }},
		{"save again replaces version 2",
			func() stdkb.SubmissionVersion { draft2b = mustSave(t, s, 1, body4, "carol"); return draft2b },
			func(got stdkb.SubmissionVersion) stdkb.SubmissionVersion {
				w := draft2
				w.Body, w.UpdatedAt = body4, got.UpdatedAt
				return w
			},
			func() []stdkb.SubmissionVersion { return []stdkb.SubmissionVersion{submitted1, draft2b} }},
		{"submit version 2",
			func() stdkb.SubmissionVersion { submitted2 = mustSubmit(t, s, 1, report2, "dave"); return submitted2 },
			func(got stdkb.SubmissionVersion) stdkb.SubmissionVersion {
				w := draft2b
				w.State, w.Report, w.UpdatedBy, w.UpdatedAt = stdkb.SubmissionSubmitted, report2, "dave", got.UpdatedAt
				return w
			},
			func() []stdkb.SubmissionVersion { return []stdkb.SubmissionVersion{submitted1, submitted2} }},
		{"review version 1",
			func() stdkb.SubmissionVersion {
				reviewed1 = mustMarkReviewed(t, s, 1, 1, "基本达标，需补充证明材料", "committee")
				return reviewed1
			},
			func(got stdkb.SubmissionVersion) stdkb.SubmissionVersion {
				w := submitted1
				w.State, w.Review = stdkb.SubmissionReviewed, "基本达标，需补充证明材料"
				w.UpdatedBy, w.UpdatedAt = "committee", got.UpdatedAt
				return w
			},
			func() []stdkb.SubmissionVersion { return []stdkb.SubmissionVersion{reviewed1, submitted2} }},
		{"review version 2",
			func() stdkb.SubmissionVersion {
				reviewed2 = mustMarkReviewed(t, s, 1, 2, "达标", "committee")
				return reviewed2
			},
			func(got stdkb.SubmissionVersion) stdkb.SubmissionVersion {
				w := submitted2
				w.State, w.Review, w.UpdatedBy, w.UpdatedAt = stdkb.SubmissionReviewed, "达标", "committee", got.UpdatedAt
				return w
			},
			func() []stdkb.SubmissionVersion { return []stdkb.SubmissionVersion{reviewed1, reviewed2} }},
		{"save after review starts version 3",
			func() stdkb.SubmissionVersion { draft3 = mustSave(t, s, 1, body1, "alice"); return draft3 },
			func(got stdkb.SubmissionVersion) stdkb.SubmissionVersion {
				return stdkb.SubmissionVersion{ID: 1, Version: 3, Unit: "unit-a", Checklist: "basic",
					State: stdkb.SubmissionDraft, Body: body1, UpdatedBy: "alice", UpdatedAt: got.UpdatedAt}
			},
			func() []stdkb.SubmissionVersion { return []stdkb.SubmissionVersion{reviewed1, reviewed2, draft3} }},
	}
	for _, step := range steps {
		before := time.Now().UTC().Truncate(time.Second)
		got := step.write()
		checkStamp(t, step.name, got.UpdatedAt, before)
		if want := step.want(got); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: returned\n%+v\nwant\n%+v", step.name, got, want)
		}
		wantVersions := step.after()
		if vs := mustVersions(t, s, 1); !reflect.DeepEqual(vs, wantVersions) {
			t.Fatalf("%s: SubmissionVersions(1) =\n%+v\nwant\n%+v", step.name, vs, wantVersions)
		}
		if latest := mustSubmission(t, s, 1); !reflect.DeepEqual(latest, wantVersions[len(wantVersions)-1]) {
			t.Fatalf("%s: Submission(1) = %+v, want the last version %+v", step.name, latest, wantVersions[len(wantVersions)-1])
		}
	}
}

// rawVersion returns the bytes stored for a submission version, read with bbolt directly so
// that the check does not depend on the code under test.
func rawVersion(t *testing.T, path string, id uint64, version int) []byte {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v []byte
	err = db.View(func(tx *bolt.Tx) error {
		parent := tx.Bucket([]byte("submissions"))
		if parent == nil {
			return fmt.Errorf("no bucket submissions")
		}
		versions := parent.Bucket(binary.BigEndian.AppendUint64(nil, id))
		if versions == nil {
			return fmt.Errorf("no bucket submissions/%d", id)
		}
		v = bytes.Clone(versions.Get(binary.BigEndian.AppendUint64(nil, uint64(version))))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if v == nil {
		t.Fatalf("submission %d has no stored version %d", id, version)
	}
	return v
}

// closeStore closes s for a raw read; the caller reopens it with mustOpen.
func closeStore(t *testing.T, s *store.Store) {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestSubmittedVersionsStayUnchanged(t *testing.T) {
	path := tempPath(t)
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	mustCreate(t, s, "unit-a", "basic", body1, "alice")
	submitted1 := mustSubmit(t, s, 1, report1, "alice")
	closeStore(t, s)
	raw1 := rawVersion(t, path, 1, 1)

	// Resubmitting writes version 2 and leaves version 1's stored bytes alone.
	if s, err = store.Open(path); err != nil {
		t.Fatal(err)
	}
	mustSave(t, s, 1, body2, "bob")
	mustSave(t, s, 1, body3, "bob")
	mustSubmit(t, s, 1, report2, "bob")
	closeStore(t, s)
	if got := rawVersion(t, path, 1, 1); !bytes.Equal(got, raw1) {
		t.Errorf("version 1 after resubmission:\n%s\nwant\n%s", got, raw1)
	}
	raw2 := rawVersion(t, path, 1, 2)

	// Reviewing version 1 changes it only by the conclusion; version 2 stays as it was.
	if s, err = store.Open(path); err != nil {
		t.Fatal(err)
	}
	mustMarkReviewed(t, s, 1, 1, "达标", "committee")
	mustSave(t, s, 1, body4, "carol")
	if v := mustCreate(t, s, "unit-b", "basic", body1, "carol"); v.ID != 2 {
		t.Errorf("ID after reopen = %d, want 2", v.ID)
	}
	closeStore(t, s)
	if got := rawVersion(t, path, 1, 2); !bytes.Equal(got, raw2) {
		t.Errorf("version 2 after a later draft:\n%s\nwant\n%s", got, raw2)
	}
	var reviewed stdkb.SubmissionVersion
	if err := json.Unmarshal(rawVersion(t, path, 1, 1), &reviewed); err != nil {
		t.Fatal(err)
	}
	want := submitted1
	want.State, want.Review, want.UpdatedBy, want.UpdatedAt = stdkb.SubmissionReviewed, "达标", "committee", reviewed.UpdatedAt
	if !reflect.DeepEqual(reviewed, want) {
		t.Errorf("version 1 after review =\n%+v\nwant\n%+v", reviewed, want)
	}

	s = mustOpen(t, path)
	if vs := mustVersions(t, s, 1); len(vs) != 3 || vs[2].State != stdkb.SubmissionDraft {
		t.Errorf("SubmissionVersions(1) after reopen = %+v, want versions 1-3 with 3 a draft", vs)
	}
}

// submissionState is everything the store holds about submissions, for checking that a refused
// write changed nothing.
type submissionState struct {
	Versions map[uint64][]stdkb.SubmissionVersion
	Audit    []stdkb.AuditEntry
}

func snapshot(t *testing.T, s *store.Store) submissionState {
	t.Helper()
	st := submissionState{Versions: make(map[uint64][]stdkb.SubmissionVersion), Audit: mustAudit(t, s)}
	for _, v := range mustSubmissions(t, s, "") {
		st.Versions[v.ID] = mustVersions(t, s, v.ID)
	}
	return st
}

func TestSubmissionRefused(t *testing.T) {
	s := mustOpen(t, tempPath(t))
	// Submission 1: version 1 submitted, version 2 a draft. 2: version 1 reviewed. 3: version 1
	// submitted.
	mustCreate(t, s, "unit-a", "basic", body1, "alice")
	mustSubmit(t, s, 1, report1, "alice")
	mustSave(t, s, 1, body2, "alice")
	mustCreate(t, s, "unit-b", "basic", body1, "bob")
	mustSubmit(t, s, 2, report1, "bob")
	mustMarkReviewed(t, s, 2, 1, "达标", "committee")
	mustCreate(t, s, "unit-c", "basic", body1, "carol")
	mustSubmit(t, s, 3, report1, "carol")

	oversize := bytes.Repeat([]byte("x"), evaluator.MaxSubmissionSize+1)
	call := func(_ stdkb.SubmissionVersion, err error) error { return err }
	calls := func(_ []stdkb.SubmissionVersion, err error) error { return err }

	tests := []struct {
		name     string
		do       func() error
		wantCode string
		wantMsg  string // in the error, if set
	}{
		// Transitions from the wrong state name the state the version is in.
		{"submit reviewed", func() error { return call(s.Submit(2, report2, "bob")) }, stdkb.ECONFLICT, "已评审"},
		{"submit submitted", func() error { return call(s.Submit(3, report2, "carol")) }, stdkb.ECONFLICT, "已提交"},
		{"review draft", func() error { return call(s.MarkReviewed(1, 2, "达标", "committee")) }, stdkb.ECONFLICT, "是草稿"},
		{"review reviewed", func() error { return call(s.MarkReviewed(2, 1, "达标", "committee")) }, stdkb.ECONFLICT, "已评审"},

		{"save unknown", func() error { return call(s.SaveDraft(99, body1, "alice")) }, stdkb.ENOTFOUND, "99"},
		{"save id 0", func() error { return call(s.SaveDraft(0, body1, "alice")) }, stdkb.ENOTFOUND, ""},
		{"submit unknown", func() error { return call(s.Submit(99, report1, "alice")) }, stdkb.ENOTFOUND, "99"},
		{"review unknown", func() error { return call(s.MarkReviewed(99, 1, "达标", "committee")) }, stdkb.ENOTFOUND, "99"},
		{"review unknown version", func() error { return call(s.MarkReviewed(1, 3, "达标", "committee")) }, stdkb.ENOTFOUND, "第 3 版"},
		{"review version 0", func() error { return call(s.MarkReviewed(1, 0, "达标", "committee")) }, stdkb.ENOTFOUND, ""},
		{"review negative version", func() error { return call(s.MarkReviewed(1, -1, "达标", "committee")) }, stdkb.ENOTFOUND, ""},
		{"get unknown", func() error { return call(s.Submission(99)) }, stdkb.ENOTFOUND, "99"},
		{"versions of unknown", func() error { return calls(s.SubmissionVersions(99)) }, stdkb.ENOTFOUND, "99"},

		{"create empty unit", func() error { return call(s.CreateSubmission("", "basic", body1, "alice")) }, stdkb.EINVALID, "缺少单位"},
		{"create blank unit", func() error { return call(s.CreateSubmission(" \t", "basic", body1, "alice")) }, stdkb.EINVALID, "缺少单位"},
		{"create empty checklist", func() error { return call(s.CreateSubmission("unit-d", "", body1, "alice")) }, stdkb.EINVALID, "缺少检查表"},
		{"create empty actor", func() error { return call(s.CreateSubmission("unit-d", "basic", body1, "")) }, stdkb.EINVALID, "缺少操作人"},
		{"create nil body", func() error { return call(s.CreateSubmission("unit-d", "basic", nil, "alice")) }, stdkb.EINVALID, "为空"},
		{"create blank body", func() error { return call(s.CreateSubmission("unit-d", "basic", []byte("\n \n"), "alice")) }, stdkb.EINVALID, "为空"},
		{"create oversize body", func() error { return call(s.CreateSubmission("unit-d", "basic", oversize, "alice")) }, stdkb.EINVALID, "字节"},
		{"save empty body", func() error { return call(s.SaveDraft(1, []byte{}, "alice")) }, stdkb.EINVALID, "为空"},
		{"save oversize body", func() error { return call(s.SaveDraft(1, oversize, "alice")) }, stdkb.EINVALID, "字节"},
		{"save blank actor", func() error { return call(s.SaveDraft(1, body3, "  ")) }, stdkb.EINVALID, "缺少操作人"},
		{"submit empty report", func() error { return call(s.Submit(1, nil, "alice")) }, stdkb.EINVALID, "评估报告"},
		{"submit blank report", func() error { return call(s.Submit(1, []byte(" "), "alice")) }, stdkb.EINVALID, "评估报告"},
		{"submit report not JSON", func() error { return call(s.Submit(1, []byte("{total: 80"), "alice")) }, stdkb.EINVALID, "JSON"},
		{"submit empty actor", func() error { return call(s.Submit(1, report1, "")) }, stdkb.EINVALID, "缺少操作人"},
		{"review empty conclusion", func() error { return call(s.MarkReviewed(3, 1, "", "committee")) }, stdkb.EINVALID, "结论"},
		{"review blank conclusion", func() error { return call(s.MarkReviewed(3, 1, " ", "committee")) }, stdkb.EINVALID, "结论"},
		{"review empty actor", func() error { return call(s.MarkReviewed(3, 1, "达标", "")) }, stdkb.EINVALID, "缺少操作人"},
		{"review unknown panel member", func() error { return call(s.MarkReviewed(3, 1, "达标", "committee", "nobody")) }, stdkb.EINVALID, `没有专家 "nobody"`},
	}
	before := snapshot(t, s)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.do()
			if code := stdkb.ErrorCode(err); code != tt.wantCode {
				t.Errorf("error = %v (code %q), want code %q", err, code, tt.wantCode)
			}
			if err != nil && !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q does not mention %q", err, tt.wantMsg)
			}
			if after := snapshot(t, s); !reflect.DeepEqual(after, before) {
				t.Errorf("refused call changed the store:\n%+v\nwant\n%+v", after, before)
			}
		})
	}

	// Refusals consume no ID, and the transitions refused above work from the right state.
	if v := mustCreate(t, s, "unit-d", "basic", body1, "dave"); v.ID != 4 {
		t.Errorf("next ID after refusals = %d, want 4", v.ID)
	}
	if v := mustSubmit(t, s, 1, report2, "alice"); v.Version != 2 || v.State != stdkb.SubmissionSubmitted {
		t.Errorf("Submit(1) = %+v, want version 2 submitted", v)
	}
	if v := mustMarkReviewed(t, s, 3, 1, "达标", "committee"); v.State != stdkb.SubmissionReviewed {
		t.Errorf("MarkReviewed(3, 1) = %+v, want reviewed", v)
	}
}

func TestSubmissionBodyLimit(t *testing.T) {
	s := mustOpen(t, tempPath(t))
	largest := bytes.Repeat([]byte("x"), evaluator.MaxSubmissionSize)
	v := mustCreate(t, s, "unit-a", "basic", largest, "alice")
	if got := mustSubmission(t, s, v.ID); !bytes.Equal(got.Body, largest) {
		t.Errorf("stored body of %d bytes, want the %d given", len(got.Body), len(largest))
	}
	if _, err := s.SaveDraft(v.ID, append(largest, 'x'), "alice"); stdkb.ErrorCode(err) != stdkb.EINVALID {
		t.Errorf("SaveDraft of %d bytes: error %v, want EINVALID", len(largest)+1, err)
	}
}

func TestSubmissionsEmptyStore(t *testing.T) {
	s := mustOpen(t, tempPath(t))
	if vs := mustSubmissions(t, s, ""); len(vs) != 0 {
		t.Errorf("Submissions(\"\") = %+v, want none", vs)
	}
	if _, err := s.Submission(1); stdkb.ErrorCode(err) != stdkb.ENOTFOUND {
		t.Errorf("Submission(1) error = %v, want ENOTFOUND", err)
	}
	if _, err := s.SubmissionVersions(1); stdkb.ErrorCode(err) != stdkb.ENOTFOUND {
		t.Errorf("SubmissionVersions(1) error = %v, want ENOTFOUND", err)
	}
	if _, err := s.SaveDraft(1, body1, "alice"); stdkb.ErrorCode(err) != stdkb.ENOTFOUND {
		t.Errorf("SaveDraft(1) error = %v, want ENOTFOUND", err)
	}
	if _, err := s.MarkReviewed(1, 1, "达标", "committee"); stdkb.ErrorCode(err) != stdkb.ENOTFOUND {
		t.Errorf("MarkReviewed(1, 1) error = %v, want ENOTFOUND", err)
	}
	if a := mustAudit(t, s); len(a) != 0 {
		t.Errorf("Audit() = %+v, want empty", a)
	}
}

func TestSubmissionsByUnit(t *testing.T) {
	s := mustOpen(t, tempPath(t))
	mustCreate(t, s, "unit-a", "basic", body1, "alice") // 1: resubmitted, latest is version 2
	mustSubmit(t, s, 1, report1, "alice")
	mustSave(t, s, 1, body2, "alice")
	mustCreate(t, s, "unit-b", "basic", body1, "bob") // 2: a draft saved twice
	mustSave(t, s, 2, body3, "bob")
	mustCreate(t, s, "unit-a", "advanced", body1, "alice") // 3: submitted
	mustSubmit(t, s, 3, report2, "alice")
	mustCreate(t, s, "unit-c", "basic", body4, "carol") // 4: as created

	latest := make(map[uint64]stdkb.SubmissionVersion)
	for id := uint64(1); id <= 4; id++ {
		latest[id] = mustSubmission(t, s, id)
	}
	if latest[1].Version != 2 || latest[1].State != stdkb.SubmissionDraft {
		t.Fatalf("Submission(1) = %+v, want version 2, a draft", latest[1])
	}

	tests := []struct {
		unit string
		ids  []uint64
	}{
		{"", []uint64{1, 2, 3, 4}},
		{"unit-a", []uint64{1, 3}},
		{"unit-b", []uint64{2}},
		{"unit-c", []uint64{4}},
		{"unit-z", nil},
		{"unit", nil}, // a prefix is not a match
	}
	for _, tt := range tests {
		t.Run("unit="+tt.unit, func(t *testing.T) {
			var want []stdkb.SubmissionVersion
			for _, id := range tt.ids {
				want = append(want, latest[id])
			}
			got := mustSubmissions(t, s, tt.unit)
			if len(got) != len(want) || (len(want) > 0 && !reflect.DeepEqual(got, want)) {
				t.Errorf("Submissions(%q) =\n%+v\nwant\n%+v", tt.unit, got, want)
			}
		})
	}
}

func TestSubmissionAudit(t *testing.T) {
	s := mustOpen(t, tempPath(t))

	type write func() (stdkb.SubmissionVersion, error)
	steps := []struct {
		do     write
		action string
		object string
		actor  string
		state  string
	}{
		{func() (stdkb.SubmissionVersion, error) { return s.CreateSubmission("unit-a", "basic", body1, "alice") },
			"submission.create", "submission/1/v1", "alice", stdkb.SubmissionDraft},
		{func() (stdkb.SubmissionVersion, error) { return s.CreateSubmission("unit-b", "basic", body1, "bob") },
			"submission.create", "submission/2/v1", "bob", stdkb.SubmissionDraft},
		{func() (stdkb.SubmissionVersion, error) { return s.SaveDraft(1, body2, "alice") },
			"submission.save", "submission/1/v1", "alice", stdkb.SubmissionDraft},
		{func() (stdkb.SubmissionVersion, error) { return s.Submit(1, report1, "alice") },
			"submission.submit", "submission/1/v1", "alice", stdkb.SubmissionSubmitted},
		{func() (stdkb.SubmissionVersion, error) { return s.SaveDraft(1, body3, "carol") },
			"submission.save", "submission/1/v2", "carol", stdkb.SubmissionDraft},
		{func() (stdkb.SubmissionVersion, error) { return s.Submit(1, report2, "carol") },
			"submission.submit", "submission/1/v2", "carol", stdkb.SubmissionSubmitted},
		{func() (stdkb.SubmissionVersion, error) { return s.MarkReviewed(1, 1, "达标", "committee") },
			"submission.review", "submission/1/v1", "committee", stdkb.SubmissionReviewed},
		{func() (stdkb.SubmissionVersion, error) { return s.Submit(2, report1, "bob") },
			"submission.submit", "submission/2/v1", "bob", stdkb.SubmissionSubmitted},
		{func() (stdkb.SubmissionVersion, error) { return s.MarkReviewed(1, 2, "不达标", "committee") },
			"submission.review", "submission/1/v2", "committee", stdkb.SubmissionReviewed},
	}
	var written []stdkb.SubmissionVersion
	for i, step := range steps {
		v, err := step.do()
		if err != nil {
			t.Fatalf("step %d (%s %s): %v", i, step.action, step.object, err)
		}
		written = append(written, v)
	}

	audit := mustAudit(t, s)
	if len(audit) != len(steps) {
		t.Fatalf("len(Audit()) = %d, want %d (one per write)", len(audit), len(steps))
	}
	for i, e := range audit {
		step, v := steps[i], written[i]
		if e.ID != uint64(i+1) || e.Action != step.action || e.Object != step.object || e.Actor != step.actor {
			t.Errorf("audit[%d] = {ID %d, Action %q, Object %q, Actor %q}, want {%d, %q, %q, %q}",
				i, e.ID, e.Action, e.Object, e.Actor, i+1, step.action, step.object, step.actor)
		}
		if !e.At.Equal(v.UpdatedAt) {
			t.Errorf("audit[%d].At = %v, want the version's UpdatedAt %v", i, e.At, v.UpdatedAt)
		}
		var detail map[string]any
		if err := json.Unmarshal([]byte(e.Detail), &detail); err != nil {
			t.Errorf("audit[%d].Detail %q: %v", i, e.Detail, err)
			continue
		}
		want := map[string]any{"id": float64(v.ID), "version": float64(v.Version), "state": step.state}
		if !reflect.DeepEqual(detail, want) {
			t.Errorf("audit[%d].Detail = %s, want %v (and no body)", i, e.Detail, want)
		}
	}
}

func TestConcurrentSubmissionWrites(t *testing.T) {
	const workers, rounds = 8, 15
	s := mustOpen(t, tempPath(t))
	shared := mustCreate(t, s, "unit-a", "basic", body1, "alice")

	var saves, submits, reviews, creates atomic.Int64
	var mu sync.Mutex
	bodies := map[string]bool{string(body1): true}
	savedVersions := map[int]bool{1: true} // version 1 comes from CreateSubmission
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			actor := fmt.Sprintf("worker-%d", w)
			if _, err := s.CreateSubmission(fmt.Sprintf("unit-%d", w), "basic", body1, actor); err != nil {
				t.Errorf("%s: CreateSubmission: %v", actor, err)
				return
			}
			creates.Add(1)
			for r := range rounds {
				body := fmt.Sprintf("by %s in round %d\n", actor, r)
				mu.Lock()
				bodies[body] = true
				mu.Unlock()
				v, err := s.SaveDraft(shared.ID, []byte(body), actor)
				if err != nil {
					t.Errorf("%s: SaveDraft: %v", actor, err)
					return
				}
				saves.Add(1)
				mu.Lock()
				savedVersions[v.Version] = true
				mu.Unlock()

				// Another worker may have submitted the draft first: that is a conflict, not a failure.
				v, err = s.Submit(shared.ID, []byte(fmt.Sprintf(`{"by":%q}`, actor)), actor)
				if stdkb.ErrorCode(err) == stdkb.ECONFLICT {
					continue
				}
				if err != nil {
					t.Errorf("%s: Submit: %v", actor, err)
					return
				}
				submits.Add(1)
				// Only this worker reviews the version it submitted, so the review must succeed
				// however the others save and submit meanwhile.
				if r%2 == 0 {
					if _, err := s.MarkReviewed(shared.ID, v.Version, "reviewed by "+actor, "committee"); err != nil {
						t.Errorf("%s: MarkReviewed(%d): %v", actor, v.Version, err)
						return
					}
					reviews.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}

	versions := mustVersions(t, s, shared.ID)
	var frozen, reviewed int64
	for i, v := range versions {
		if v.ID != shared.ID || v.Version != i+1 || v.Unit != shared.Unit || v.Checklist != shared.Checklist {
			t.Errorf("version %d = {ID %d, Version %d, Unit %q, Checklist %q}, want {%d, %d, %q, %q}",
				i+1, v.ID, v.Version, v.Unit, v.Checklist, shared.ID, i+1, shared.Unit, shared.Checklist)
		}
		if !bodies[string(v.Body)] {
			t.Errorf("version %d has body %q, which no one wrote", v.Version, v.Body)
		}
		switch v.State {
		case stdkb.SubmissionDraft:
			if i != len(versions)-1 || v.Report != nil || v.Review != "" {
				t.Errorf("version %d = %+v: only the latest version may be a draft, with no report or review", v.Version, v)
			}
		case stdkb.SubmissionSubmitted, stdkb.SubmissionReviewed:
			frozen++
			if !json.Valid(v.Report) {
				t.Errorf("version %d is %s with report %q", v.Version, v.State, v.Report)
			}
			if v.State == stdkb.SubmissionReviewed {
				reviewed++
				if v.Review == "" {
					t.Errorf("version %d is reviewed without a conclusion", v.Version)
				}
			} else if v.Review != "" {
				t.Errorf("version %d is submitted but has a conclusion %q", v.Version, v.Review)
			}
		default:
			t.Errorf("version %d has unknown state %q", v.Version, v.State)
		}
		if i > 0 && !savedVersions[v.Version] {
			t.Errorf("version %d was not returned by any SaveDraft", v.Version)
		}
	}
	if len(savedVersions) != len(versions) {
		t.Errorf("SaveDraft returned versions %v, want exactly 1..%d", savedVersions, len(versions))
	}
	if frozen != submits.Load() || reviewed != reviews.Load() {
		t.Errorf("%d versions submitted and %d reviewed, want %d and %d (one per successful call)",
			frozen, reviewed, submits.Load(), reviews.Load())
	}
	if all := mustSubmissions(t, s, ""); int64(len(all)) != creates.Load()+1 {
		t.Errorf("len(Submissions(\"\")) = %d, want %d", len(all), creates.Load()+1)
	}

	counts := make(map[string]int64)
	for i, e := range mustAudit(t, s) {
		if e.ID != uint64(i+1) {
			t.Fatalf("audit[%d].ID = %d, want %d", i, e.ID, i+1)
		}
		counts[e.Action]++
	}
	want := map[string]int64{
		"submission.create": creates.Load() + 1,
		"submission.save":   saves.Load(),
		"submission.submit": submits.Load(),
		"submission.review": reviews.Load(),
	}
	if !reflect.DeepEqual(counts, want) {
		t.Errorf("audit actions = %v, want %v", counts, want)
	}
	t.Logf("%d saves, %d submits, %d reviews produced %d versions", saves.Load(), submits.Load(), reviews.Load(), len(versions))
}
