//go:build load

package server_test

// A bounded loopback load test, built only with the `load` tag:
//
//	go test -tags load -run TestLoad -v ./server/
//	go test -tags load -run TestLoad -v ./server/ -args -load.duration=30s -load.clients=4
//
// It drives the shared httptest server (127.0.0.1 only) with a fixed mix of requests — the search
// API over the relevance queries, the HTML search page over the same queries, and three document
// pages — and logs throughput and latency percentiles. It fails if any request errors or answers
// with a non-2xx status.

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var (
	loadDuration = flag.Duration("load.duration", 10*time.Second, "how long TestLoad issues requests")
	loadClients  = flag.Int("load.clients", 8, "concurrent clients in TestLoad")
)

const (
	loadMaxRequests    = 200_000          // hard cap on requests, whatever the duration
	loadRequestTimeout = 10 * time.Second // per-request timeout (http.Client.Timeout)
	loadMaxDuration    = 10 * time.Minute // refuse longer runs
	loadMaxClients     = 256
	loadQueriesFile    = "../indexer/testdata/relevance/queries.json"
)

// The documents whose pages are part of the mix.
var loadDocs = []string{"cq-jgsw-14th-plan", "sample-office-maintenance", "gb-t-41568"}

type loadKind int

const (
	kindAPISearch loadKind = iota
	kindHTMLSearch
	kindDocument
	numLoadKinds
)

func (k loadKind) String() string {
	return [...]string{"api search", "html search", "document"}[k]
}

type loadSample struct {
	kind    loadKind
	latency time.Duration
	status  int // 0 when the request failed before a response
}

type loadFailure struct {
	path string
	msg  string
}

func TestLoad(t *testing.T) {
	if *loadDuration <= 0 || *loadDuration > loadMaxDuration {
		t.Fatalf("-load.duration=%s: want > 0 and <= %s", *loadDuration, loadMaxDuration)
	}
	if *loadClients < 1 || *loadClients > loadMaxClients {
		t.Fatalf("-load.clients=%d: want 1..%d", *loadClients, loadMaxClients)
	}

	queries := loadQueries(t)

	// The server logs every request at Info level through slog.Default, captured when the shared
	// server is built. Keep the formatting cost but drop Info lines, so the run does not flood the
	// test output with ~100k access-log lines; warnings and errors (panics) still reach stderr.
	// (If another test in the same binary built the shared server first, its logger stays.)
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(loadLogWriter{}, nil)))
	t.Cleanup(func() { slog.SetDefault(prev) })

	ts := testServer(t)
	base, err := url.Parse(ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	if ip := net.ParseIP(base.Hostname()); ip == nil || !ip.IsLoopback() {
		t.Fatalf("test server at %s is not on a loopback address", ts.URL)
	}

	// One client for all workers: no proxy, idle connections kept for every worker, and a timeout
	// per request.
	idle := max(8, *loadClients)
	transport := &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConns:        idle,
		MaxIdleConnsPerHost: idle,
		IdleConnTimeout:     30 * time.Second,
	}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: loadRequestTimeout}

	// The fixed cycle each client walks through: api search, html search, document page. Clients
	// start at different offsets so they do not ask the same thing at the same moment.
	type step struct {
		kind loadKind
		path string
	}
	var cycle []step
	for i, q := range queries {
		e := url.QueryEscape(q)
		cycle = append(cycle,
			step{kindAPISearch, "/api/search?q=" + e},
			step{kindHTMLSearch, "/search?q=" + e},
			step{kindDocument, "/docs/" + loadDocs[i%len(loadDocs)]},
		)
	}

	var (
		issued   atomic.Int64 // requests reserved so far, never above loadMaxRequests
		mu       sync.Mutex
		failures []loadFailure // first few, for the report
		nFailed  int
		wg       sync.WaitGroup
	)
	perClient := make([][]loadSample, *loadClients)
	start := time.Now()
	deadline := start.Add(*loadDuration)
	for c := range *loadClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			samples := make([]loadSample, 0, 4096)
			for i := c * len(cycle) / *loadClients; time.Now().Before(deadline); i++ {
				if issued.Add(1) > loadMaxRequests {
					break
				}
				st := cycle[i%len(cycle)]
				status, lat, err := loadGet(client, ts.URL+st.path)
				samples = append(samples, loadSample{st.kind, lat, status})
				if err != nil || status < 200 || status > 299 {
					msg := fmt.Sprintf("status %d", status)
					if err != nil {
						msg = err.Error()
					}
					mu.Lock()
					nFailed++
					if len(failures) < 10 {
						failures = append(failures, loadFailure{st.path, msg})
					}
					mu.Unlock()
				}
			}
			perClient[c] = samples
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)

	var all []loadSample
	for _, s := range perClient {
		all = append(all, s...)
	}
	var byKind [numLoadKinds][]time.Duration
	var overall []time.Duration
	var transportErrs, non2xx int
	for _, s := range all {
		overall = append(overall, s.latency)
		byKind[s.kind] = append(byKind[s.kind], s.latency)
		switch {
		case s.status == 0:
			transportErrs++
		case s.status < 200 || s.status > 299:
			non2xx++
		}
	}

	t.Logf("load: %d clients for %s (ran %s) against %s, GOMAXPROCS=%d", *loadClients, *loadDuration, elapsed.Round(time.Millisecond), ts.URL, runtime.GOMAXPROCS(0))
	t.Logf("mix: %d relevance queries (api + html search each), documents %v; cap %d requests, timeout %s", len(queries), loadDocs, loadMaxRequests, loadRequestTimeout)
	t.Logf("total: %d requests, %.1f req/s", len(all), float64(len(all))/elapsed.Seconds())
	t.Logf("%-12s %8s %10s %10s %10s %10s", "kind", "requests", "p50", "p95", "p99", "max")
	t.Logf("%-12s %8d %s", "overall", len(overall), loadPercentiles(overall))
	for k := range numLoadKinds {
		t.Logf("%-12s %8d %s", k, len(byKind[k]), loadPercentiles(byKind[k]))
	}
	t.Logf("errors: %d (transport %d, non-2xx %d)", nFailed, transportErrs, non2xx)

	if int64(len(all)) > loadMaxRequests {
		t.Errorf("issued %d requests, above the cap of %d", len(all), loadMaxRequests)
	}
	if len(all) == 0 {
		t.Error("no requests were issued")
	}
	for _, f := range failures {
		t.Errorf("GET %s: %s", f.path, f.msg)
	}
	if nFailed > len(failures) {
		t.Errorf("... and %d more failed requests", nFailed-len(failures))
	}
}

// loadGet fetches one URL and reads the whole body; the latency covers the body.
func loadGet(client *http.Client, u string) (status int, latency time.Duration, err error) {
	start := time.Now()
	res, err := client.Get(u)
	if err != nil {
		return 0, time.Since(start), err
	}
	_, err = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	latency = time.Since(start)
	if err != nil {
		return 0, latency, fmt.Errorf("reading body: %w", err)
	}
	return res.StatusCode, latency, nil
}

// loadQueries reads the relevance queries, the realistic query mix.
func loadQueries(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(loadQueriesFile)
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Queries []struct {
			Query string `json:"query"`
		} `json:"queries"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("%s: %v", loadQueriesFile, err)
	}
	var qs []string
	for _, q := range f.Queries {
		if q.Query != "" {
			qs = append(qs, q.Query)
		}
	}
	if len(qs) == 0 {
		t.Fatalf("%s: no queries", loadQueriesFile)
	}
	return qs
}

// loadPercentiles formats p50/p95/p99/max by the nearest-rank method.
func loadPercentiles(d []time.Duration) string {
	if len(d) == 0 {
		return fmt.Sprintf("%10s %10s %10s %10s", "-", "-", "-", "-")
	}
	s := slices.Clone(d)
	slices.Sort(s)
	rank := func(p float64) time.Duration {
		i := int(math.Ceil(p/100*float64(len(s)))) - 1
		return s[max(0, min(i, len(s)-1))]
	}
	r := func(d time.Duration) string { return d.Round(10 * time.Microsecond).String() }
	return fmt.Sprintf("%10s %10s %10s %10s", r(rank(50)), r(rank(95)), r(rank(99)), r(s[len(s)-1]))
}

// loadLogWriter passes warnings and errors to stderr and drops the rest (the access log).
// slog's TextHandler writes one record per Write call.
type loadLogWriter struct{}

func (loadLogWriter) Write(p []byte) (int, error) {
	if bytes.Contains(p, []byte(" level=WARN ")) || bytes.Contains(p, []byte(" level=ERROR ")) {
		return os.Stderr.Write(p)
	}
	return len(p), nil
}
