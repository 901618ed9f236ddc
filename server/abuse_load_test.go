//go:build load

package server_test

// A bounded abuse test, built only with the `load` tag, loopback only:
//
//	go test -tags load -run TestAnonymousAbuseMemory -v ./server/
//
// It builds stdkb, runs `stdkb serve` (with its default 320 MiB soft memory limit) on a loopback
// port, sends it 200 failed sign-ins with 1 MiB user names and 20 large anonymous assessments
// (up to the route's limit), eight at a time, and checks the server process's peak resident
// memory (VmHWM) against the limit.

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"stdkb/server"
)

// procMiB reads a VmRSS or VmHWM line of a process's status, in MiB.
func procMiB(t *testing.T, pid int, field string) int {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skip("no /proc on this system")
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if fields := strings.Fields(sc.Text()); len(fields) >= 2 && fields[0] == field+":" {
			kb, _ := strconv.Atoi(fields[1])
			return kb >> 10
		}
	}
	return 0
}

func TestAnonymousAbuseMemory(t *testing.T) {
	const limitMiB = 320
	bin := filepath.Join(t.TempDir(), "stdkb")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/stdkb").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	srv := exec.Command(bin, "serve", "--addr", addr, "--data", t.TempDir())
	srv.Env = append(os.Environ(), "STDKB_DATA=", "STDKB_CONTENT=", "GOMEMLIMIT=")
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer srv.Process.Kill()
	base := "http://" + addr
	for {
		if res, err := http.Get(base + "/healthz"); err == nil {
			res.Body.Close()
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	start := procMiB(t, srv.Process.Pid, "VmRSS")
	name := strings.Repeat("名", (1<<20)/3)
	assessment := "unit: 沙坪坝区机关事务管理局\nperiod: {from: 2025-01-01, to: 2025-12-31}\nchecklist: pilot-midterm\nstage: 中期评估\nnote: " +
		strings.Repeat("说明", (server.MaxAssessBytes-200)/6) + "\n"
	jobs := make(chan func() (int, error))
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for job := range jobs {
				code, err := job()
				if err != nil {
					t.Error(err)
					continue
				}
				mu.Lock()
				statuses[code]++
				mu.Unlock()
			}
		}()
	}
	do := func(req *http.Request) (int, error) {
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err
		}
		res.Body.Close()
		return res.StatusCode, nil
	}
	signIns, assessments := 200, 20
	if os.Getenv("ABUSE_ONLY") == "signin" {
		assessments = 0
	}
	if os.Getenv("ABUSE_ONLY") == "assess" {
		signIns = 0
	}
	for i := 0; i < signIns; i++ {
		form := url.Values{"name": {name + strconv.Itoa(i)}, "password": {"wrong"}}.Encode()
		jobs <- func() (int, error) {
			// Without the CSRF token the form is refused before sign-in; with a browser's
			// cookie and token it reaches the throttle. Send what an attacker's script sends:
			// the token of a fresh page.
			c := browser(t)
			tok := token(t, c, base+"/login")
			req, _ := http.NewRequest("POST", base+"/login", strings.NewReader(form+"&csrf_token="+url.QueryEscape(tok)))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", base)
			res, err := c.Do(req)
			if err != nil {
				return 0, err
			}
			res.Body.Close()
			return res.StatusCode, nil
		}
	}
	for i := 0; i < assessments; i++ {
		jobs <- func() (int, error) {
			req, _ := http.NewRequest("POST", base+"/api/assess", strings.NewReader(assessment))
			req.Header.Set("Content-Type", "application/yaml")
			return do(req)
		}
	}
	close(jobs)
	wg.Wait()
	now, peak := procMiB(t, srv.Process.Pid, "VmRSS"), procMiB(t, srv.Process.Pid, "VmHWM")
	t.Logf("server RSS: %d MiB before, %d MiB after, peak %d MiB (limit %d MiB); answers %v", start, now, peak, limitMiB, statuses)
	// Every sign-in is refused: 413 (the form is over its limit before anything parses it), or
	// 401 or 429 if it ever got through.
	if refused := statuses[http.StatusRequestEntityTooLarge] + statuses[http.StatusUnauthorized] + statuses[http.StatusTooManyRequests]; refused != signIns {
		t.Errorf("failed sign-ins answered %v, want %d refusals", statuses, signIns)
	}
	if peak > limitMiB {
		t.Errorf("peak RSS %d MiB over the %d MiB limit", peak, limitMiB)
	}
}
