package store

import (
	"strings"
	"testing"
	"time"

	"stdkb"
)

func addUser(t *testing.T, s *Store, name string) {
	t.Helper()
	u, err := stdkb.NewUser(name, stdkb.RolePilot, "沙坪坝区机关事务管理局", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AddUser(u, "admin"); err != nil {
		t.Fatal(err)
	}
}

func lastAudit(t *testing.T, s *Store) stdkb.AuditEntry {
	t.Helper()
	log, err := s.Audit()
	if err != nil || len(log) == 0 {
		t.Fatalf("audit log: %v %v", log, err)
	}
	return log[len(log)-1]
}

// Disabling an account signs it out everywhere and keeps it out; enabling lets it back in.
// Both are audited.
func TestDisableUser(t *testing.T) {
	s := openTemp(t)
	addUser(t, s, "pilot")
	addUser(t, s, "other")
	ss := s.Sessions()
	exp := time.Now().Add(time.Hour)
	ss.Commit("p1", sessionData(t, "pilot"), exp)
	ss.Commit("p2", sessionData(t, "pilot"), exp)
	ss.Commit("o1", sessionData(t, "other"), exp)

	n, err := s.SetUserDisabled("pilot", true, "admin")
	if err != nil || n != 2 {
		t.Fatalf("disable: %d sessions revoked, %v; want 2", n, err)
	}
	if a := lastAudit(t, s); a.Action != "user.disable" || a.Object != "user/pilot" || a.Actor != "admin" {
		t.Errorf("audit entry %+v", a)
	}
	for tok, want := range map[string]bool{"p1": false, "p2": false, "o1": true} {
		if _, ok, _ := ss.Find(tok); ok != want {
			t.Errorf("session %s found=%v after disabling pilot, want %v", tok, ok, want)
		}
	}
	u, _ := s.User("pilot")
	if !u.Disabled || u.CheckPassword("correct horse battery") {
		t.Errorf("disabled user: disabled=%v, password accepted=%v", u.Disabled, u.CheckPassword("correct horse battery"))
	}
	if _, err := s.SetUserDisabled("pilot", false, "admin"); err != nil {
		t.Fatal(err)
	}
	if u, _ := s.User("pilot"); u.Disabled || !u.CheckPassword("correct horse battery") {
		t.Error("re-enabled user cannot sign in")
	}
	if a := lastAudit(t, s); a.Action != "user.enable" {
		t.Errorf("audit entry %+v", a)
	}
	if _, err := s.SetUserDisabled("nobody", true, "admin"); stdkb.ErrorCode(err) != stdkb.ENOTFOUND {
		t.Errorf("unknown user: %v", err)
	}
}

// A password reset replaces the hash, signs the user out, and never writes the password or the
// hash to the audit log.
func TestResetPassword(t *testing.T) {
	s := openTemp(t)
	addUser(t, s, "pilot")
	s.Sessions().Commit("p1", sessionData(t, "pilot"), time.Now().Add(time.Hour))
	if _, err := s.ResetPassword("pilot", "short", "admin"); stdkb.ErrorCode(err) != stdkb.EINVALID {
		t.Errorf("short password: %v", err)
	}
	n, err := s.ResetPassword("pilot", "another long secret", "admin")
	if err != nil || n != 1 {
		t.Fatalf("reset: %d, %v", n, err)
	}
	u, _ := s.User("pilot")
	if u.CheckPassword("correct horse battery") || !u.CheckPassword("another long secret") {
		t.Error("the password did not change")
	}
	a := lastAudit(t, s)
	if a.Action != "user.passwd" || strings.Contains(a.Detail, "secret") || strings.Contains(a.Detail, "$2") {
		t.Errorf("audit entry %+v", a)
	}
	if _, ok, _ := s.Sessions().Find("p1"); ok {
		t.Error("the old session survived the reset")
	}
}

// Sessions are listed by a digest of their token, never the token, and can be revoked one by
// one; an unknown id revokes nothing.
func TestListAndRevokeSessions(t *testing.T) {
	s := openTemp(t)
	addUser(t, s, "pilot")
	exp := time.Now().Add(time.Hour)
	s.Sessions().Commit("secret-token-1", sessionData(t, "pilot"), exp)
	s.Sessions().Commit("secret-token-2", sessionData(t, "pilot"), exp.Add(time.Hour))
	s.Sessions().Commit("anon", sessionData(t, ""), exp)
	list, err := s.UserSessions("pilot")
	if err != nil || len(list) != 2 {
		t.Fatalf("sessions: %+v %v", list, err)
	}
	for _, si := range list {
		if strings.Contains(si.ID, "secret") || len(si.ID) != 12 {
			t.Errorf("session id %q", si.ID)
		}
	}
	if _, err := s.RevokeSessions("pilot", "admin", "000000000000"); stdkb.ErrorCode(err) != stdkb.ENOTFOUND {
		t.Errorf("unknown id: %v", err)
	}
	if n, err := s.RevokeSessions("pilot", "admin", list[0].ID); err != nil || n != 1 {
		t.Fatalf("revoke one: %d %v", n, err)
	}
	if _, ok, _ := s.Sessions().Find("secret-token-1"); ok {
		t.Error("the revoked session is still found")
	}
	if _, ok, _ := s.Sessions().Find("secret-token-2"); !ok {
		t.Error("the other session was revoked too")
	}
	if a := lastAudit(t, s); a.Action != "session.revoke" || a.Object != "user/pilot" {
		t.Errorf("audit entry %+v", a)
	}
}

// A request that only extends a session's idle deadline writes nothing; changed data, or an
// extension past the slack, does.
func TestSessionTouchWritesOnlyWhenNeeded(t *testing.T) {
	s := openTemp(t)
	data := sessionData(t, "pilot")
	exp := time.Now().Add(time.Hour)
	s.Sessions().Commit("tok", data, exp)
	digest := func() string { d, _ := s.Digest(); return d }
	before := digest()
	s.Sessions().Commit("tok", data, exp.Add(time.Second))
	if digest() != before {
		t.Error("an unchanged session extended by a second was written")
	}
	s.Sessions().Commit("tok", data, exp.Add(sessionTouchSlack+time.Second))
	if digest() == before {
		t.Error("an extension past the slack was not written")
	}
	before = digest()
	s.Sessions().Commit("tok", sessionData(t, "other"), exp.Add(sessionTouchSlack+time.Second))
	if digest() == before {
		t.Error("changed session data was not written")
	}
}
