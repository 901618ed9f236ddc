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
		th.fail(fmt.Sprintf("name-%d|10.0.0.1", i), now)
	}
	if n := th.size(); n > maxThrottleEntries {
		t.Errorf("%d entries after %d distinct failures, limit %d", n, 3*maxThrottleEntries, maxThrottleEntries)
	}
	// Expired entries go first, and a locked-out pair stays locked while the table churns.
	th = newThrottle()
	for i := 0; i < maxFailures; i++ {
		th.fail("victim|10.0.0.2", now)
	}
	for i := 0; i < maxThrottleEntries-1; i++ { // the table is full now
		th.fail(fmt.Sprintf("old-%d|10.0.0.3", i), now.Add(-time.Hour))
	}
	th.fail("new|10.0.0.3", now)
	if !th.locked("victim|10.0.0.2", now) {
		t.Error("evicting expired entries dropped a live lockout")
	}
	if n := th.size(); n > 2 {
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
