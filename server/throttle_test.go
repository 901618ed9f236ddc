package server

import (
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"stdkb/kb/kbtest"
)

// TestThrottleMemoryIsBounded: failed sign-ins with ever new, huge names neither grow the
// lockout table without limit nor keep the names.
func TestThrottleMemoryIsBounded(t *testing.T) {
	th := newThrottle()
	now := time.Now()
	for i := 0; i < 3*maxThrottleEntries; i++ {
		th.fail(fmt.Sprintf("name-%d|10.0.%d.%d", i, i/250, i%250), fmt.Sprintf("10.0.%d.%d", i/250, i%250), now)
	}
	if n := len(th.names.failures); n > maxThrottleEntries {
		t.Errorf("%d name entries after %d distinct failures, limit %d", n, 3*maxThrottleEntries, maxThrottleEntries)
	}
	if n := len(th.address.failures); n > maxThrottleEntries {
		t.Errorf("%d address entries after %d distinct failures, limit %d", n, 3*maxThrottleEntries, maxThrottleEntries)
	}
	// Expired entries go first, and a locked-out pair stays locked while the table churns.
	th = newThrottle()
	for i := 0; i < maxFailures; i++ {
		th.fail("victim|10.0.0.2", "10.0.0.2", now)
	}
	for i := 0; i < maxThrottleEntries-1; i++ { // the table is full now
		th.fail(fmt.Sprintf("old-%d|10.0.0.3", i), "10.0.0.3", now.Add(-time.Hour))
	}
	th.fail("new|10.0.0.3", "10.0.0.3", now)
	if v := th.check("victim|10.0.0.2", "10.0.0.2", now); v != nameLocked {
		t.Errorf("evicting expired entries dropped a live lockout: verdict %d", v)
	}
	if n := len(th.names.failures); n > 2 {
		t.Errorf("%d entries left, want the expired ones evicted", n)
	}

	f := kbtest.New(t)
	s := New(Config{App: f.App})
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	huge := strings.Repeat("名", 1<<20/3)
	for i := 0; i < 3; i++ {
		req := httptest.NewRequest("POST", "/login", strings.NewReader(url.Values{"name": {huge + fmt.Sprint(i)}, "password": {"x"}}.Encode()))
		key := throttleKey(req, huge+fmt.Sprint(i))
		if len(key) > maxNameBytes+len("|192.0.2.1") {
			t.Fatalf("throttle key of a 1 MiB name holds %d bytes", len(key))
		}
	}
}

// TestThrottleKeepsLockoutsUnderPressure: failures for other names, live and unlocked, never
// evict a lockout; a table full of lockouts refuses new names instead of forgetting one.
func TestThrottleKeepsLockoutsUnderPressure(t *testing.T) {
	now := time.Now()
	th := newThrottle()
	for i := 0; i < maxFailures; i++ {
		th.fail("pb|10.0.0.2", "10.0.0.2", now)
	}
	// The review's attack: ever new names, one failure each, from many addresses, later than
	// the lockout began, more than the table holds.
	for i := 0; i < maxThrottleEntries+maxThrottleEntries/10; i++ {
		addr := fmt.Sprintf("10.1.%d.%d", i/250, i%250)
		th.fail(fmt.Sprintf("%06dyyyy|%s", i, addr), addr, now.Add(time.Second))
	}
	if v := th.check("pb|10.0.0.2", "10.0.0.2", now.Add(2*time.Second)); v != nameLocked {
		t.Fatalf("lockout of pb lifted by pressure from other names: verdict %d", v)
	}

	// A table full of lockouts: a new name is refused, the lockouts all stay.
	th = newThrottle()
	for i := 0; i < maxThrottleEntries; i++ {
		addr := fmt.Sprintf("10.2.%d.%d", i/250, i%250)
		for j := 0; j < maxFailures; j++ {
			th.fail(fmt.Sprintf("n%d|%s", i, addr), addr, now)
		}
	}
	if v := th.check("fresh|10.3.0.1", "10.3.0.1", now); v != throttleSaturated {
		t.Errorf("new name in a table full of lockouts: verdict %d, want saturated", v)
	}
	th.fail("fresh|10.3.0.1", "10.3.0.1", now)
	if n := len(th.names.failures); n != maxThrottleEntries {
		t.Errorf("%d name entries, want the %d lockouts kept", n, maxThrottleEntries)
	}
	if v := th.check("n0|10.2.0.0", "10.2.0.0", now); v != nameLocked {
		t.Errorf("a lockout was forgotten: verdict %d", v)
	}
	// Once the lockouts end, new names are admitted again.
	if v := th.check("fresh|10.3.0.1", "10.3.0.1", now.Add(lockout+time.Second)); v != attemptAllowed {
		t.Errorf("after the lockouts ended: verdict %d, want allowed", v)
	}
}

// TestThrottlePerAddress: one address trying many names is locked out whatever the name.
func TestThrottlePerAddress(t *testing.T) {
	now := time.Now()
	th := newThrottle()
	for i := 0; i < maxAddressFailures; i++ {
		th.fail(fmt.Sprintf("guess%d|10.0.0.9", i), "10.0.0.9", now)
	}
	if v := th.check("another|10.0.0.9", "10.0.0.9", now); v != addressLocked {
		t.Errorf("after %d failures from one address: verdict %d, want address locked", maxAddressFailures, v)
	}
	if v := th.check("another|10.0.0.10", "10.0.0.10", now); v != attemptAllowed {
		t.Errorf("another address: verdict %d, want allowed", v)
	}
}

// TestLongNamesStayOutOfTheThrottle: names refused for length are never recorded, and the
// sign-in lockout of a real account survives a flood of them.
func TestLongNamesStayOutOfTheThrottle(t *testing.T) {
	f := kbtest.New(t)
	s := New(Config{App: f.App})
	post := func(name, password string) int {
		req := httptest.NewRequest("POST", "/login", strings.NewReader(url.Values{"name": {name}, "password": {password}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "http://example.com")
		req.RemoteAddr = "192.0.2.7:1234"
		rec := httptest.NewRecorder()
		s.uiLoginPost(rec, req)
		return rec.Code
	}
	for i := 0; i < 20; i++ {
		post(fmt.Sprintf("%06d", i)+strings.Repeat("y", 64), "wrong")
	}
	if n := s.throttle.size(); n != 0 {
		t.Errorf("%d throttle entries after sign-ins with over-long names, want none", n)
	}
}
