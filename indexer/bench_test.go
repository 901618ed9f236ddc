package indexer

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"stdkb"
	"stdkb/content"
)

var (
	corpusDocs  = flag.Int("corpus.docs", 10000, "sections in the benchmark corpus")
	corpusBytes = flag.Int("corpus.bytes", 5000, "bytes of text per section")
	// The soft memory limit `stdkb serve` sets by default (cmd/stdkb, defaultMemoryLimitMiB).
	servingLimit = flag.String("serving.memlimit", "320MiB", "GOMEMLIMIT of the serving process; off for none")
)

var (
	benchOnce  sync.Once
	benchLib   *stdkb.Library
	benchIx    = map[string]*Index{}
	benchPaths = map[string]string{}
	benchMu    sync.Mutex
	benchDirs  []string
)

func TestMain(m *testing.M) {
	code := m.Run()
	for _, ix := range benchIx {
		ix.Close()
	}
	for _, d := range benchDirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

func corpus(b *testing.B) *stdkb.Library {
	b.Helper()
	testIndex(b, AnalyzerGSE)
	benchOnce.Do(func() { benchLib = GenerateCorpus(fixtureLib, *corpusDocs, *corpusBytes, 1) })
	return benchLib
}

// benchIndex builds (once per analyzer) an on-disk index of the corpus for query benchmarks,
// closes it and opens it again read-only, as `stdkb serve` opens an index `stdkb index` built:
// queries never run beside the merges that follow a build.
func benchIndex(b *testing.B, analyzer string) *Index {
	b.Helper()
	lib := corpus(b)
	benchMu.Lock()
	defer benchMu.Unlock()
	if ix, ok := benchIx[analyzer]; ok {
		return ix
	}
	dir, err := os.MkdirTemp("", "stdkb-bench-")
	if err != nil {
		b.Fatal(err)
	}
	benchDirs = append(benchDirs, dir)
	path := filepath.Join(dir, "ix")
	built, err := Build(lib, path, Options{Analyzer: analyzer})
	if err != nil {
		b.Fatal(err)
	}
	if err := built.Close(); err != nil {
		b.Fatal(err)
	}
	ix, err := openDir(lib, path, Options{Analyzer: analyzer}, true)
	if err != nil {
		b.Fatal(err)
	}
	benchIx[analyzer] = ix
	benchPaths[analyzer] = path
	return ix
}

// queryMix is the fixed set of queries the query benchmarks cycle through.
func queryMix(b testing.TB) []string {
	set := loadJudgements(b)
	var qs []string
	for _, q := range set.Queries {
		qs = append(qs, q.Query)
	}
	return qs
}

func dirSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return n
}

// processCPU returns the user and system CPU time the process has used so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakRSS returns the process's peak resident set size in MiB (Linux).
func peakRSS() float64 { return procStatusMiB("VmHWM") }

// procStatusMiB returns a size from /proc/self/status in MiB (Linux): VmHWM, RssAnon (the heap
// and stacks), RssFile (mapped files: the index) …
func procStatusMiB(key string) float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, key+":") {
			kb, _ := strconv.Atoi(strings.Fields(line)[1])
			return float64(kb) / 1024
		}
	}
	return 0
}

// BenchmarkBuild indexes the corpus on disk with each analyzer, and with gse's words alone
// (no character view, "gse-words"). Run with -benchtime=1x.
func BenchmarkBuild(b *testing.B) {
	for _, a := range []string{AnalyzerGSE, AnalyzerCJK, "gse-words"} {
		opts := Options{Analyzer: a}
		if a == "gse-words" {
			opts = Options{Analyzer: AnalyzerGSE, noGrams: true}
		}
		b.Run(a, func(b *testing.B) {
			lib := corpus(b)
			size := CorpusBytes(lib)
			docs := len(catalog(lib))
			b.ResetTimer()
			var total, cpu time.Duration
			var bytesOnDisk int64
			for i := 0; i < b.N; i++ {
				dir := filepath.Join(b.TempDir(), "ix")
				start, cpuStart := time.Now(), processCPU()
				ix, err := Build(lib, dir, opts)
				if err != nil {
					b.Fatal(err)
				}
				ix.Close()
				total += time.Since(start)
				cpu += processCPU() - cpuStart
				bytesOnDisk = dirSize(dir)
			}
			sec := total.Seconds() / float64(b.N)
			b.ReportMetric(float64(docs)/sec, "docs/s")
			// CPU per section: what the build costs, which other processes' load disturbs far
			// less than docs/s (they take processors away, not work).
			b.ReportMetric(float64(cpu.Microseconds())/float64(b.N*docs), "cpu-µs/doc")
			b.ReportMetric(float64(size)/sec/1e6, "MB/s")
			b.ReportMetric(float64(bytesOnDisk)/(1<<20), "index-MiB")
			b.ReportMetric(peakRSS(), "peak-RSS-MiB")
		})
	}
}

// percentiles reports p50 and p99 of the durations in ms.
func percentiles(b *testing.B, d []time.Duration) {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	at := func(p float64) float64 { return float64(d[int(p*float64(len(d)-1))].Microseconds()) / 1000 }
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}

// BenchmarkQuery runs the real query path (search with highlighted snippets and facets, 10
// hits) sequentially over the query mix.
func BenchmarkQuery(b *testing.B) {
	for _, a := range []string{AnalyzerGSE, AnalyzerCJK} {
		b.Run(a, func(b *testing.B) {
			ix := benchIndex(b, a)
			qs := queryMix(b)
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				start := time.Now()
				if _, err := ix.Search(context.Background(), Request{Query: qs[i%len(qs)], Limit: 10}); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(start))
			}
			b.StopTimer()
			percentiles(b, lat)
		})
	}
}

// BenchmarkQueryParallel runs the query mix from 8 concurrent clients and reports throughput.
func BenchmarkQueryParallel(b *testing.B) {
	for _, a := range []string{AnalyzerGSE, AnalyzerCJK} {
		b.Run(a, func(b *testing.B) {
			ix := benchIndex(b, a)
			qs := queryMix(b)
			b.SetParallelism((8 + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
			var mu sync.Mutex
			var lat []time.Duration
			start := time.Now()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				var mine []time.Duration
				i := 0
				for pb.Next() {
					t0 := time.Now()
					if _, err := ix.Search(context.Background(), Request{Query: qs[i%len(qs)], Limit: 10}); err != nil {
						b.Error(err)
						return
					}
					mine = append(mine, time.Since(t0))
					i += 7
				}
				mu.Lock()
				lat = append(lat, mine...)
				mu.Unlock()
			})
			b.StopTimer()
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "queries/s")
			percentiles(b, lat)
			b.ReportMetric(peakRSS(), "peak-RSS-MiB")
		})
	}
}

// BenchmarkDictionaryLoad measures building a segmenter: gse's simplified-Chinese dictionary
// plus the lexicon.
func BenchmarkDictionaryLoad(b *testing.B) {
	testIndex(b, AnalyzerGSE)
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	before := ms.HeapAlloc
	var seg *Segmenter
	for i := 0; i < b.N; i++ {
		var err error
		seg, err = newSegmenter(&fixtureLib.Lexicon)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(int64(ms.HeapAlloc)-int64(before))/(1<<20), "heap-MiB")
	runtime.KeepAlive(seg)
}

// BenchmarkColdStart runs the stdkb binary's search on the embedded content with its index
// already built: process start, content load, dictionary load, index open and one query.
func BenchmarkColdStart(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "stdkb")
	build := exec.Command("go", "build", "-o", bin, "stdkb/cmd/stdkb")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	data := filepath.Join(dir, "data")
	if out, err := exec.Command(bin, "index", "--data", data).CombinedOutput(); err != nil {
		b.Fatalf("index: %v\n%s", err, out)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(bin, "search", "--data", data, "--json", "公务用车")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("search: %v\n%s", err, out)
		} else if !strings.Contains(string(out), `"hits"`) {
			b.Fatalf("unexpected output: %s", out)
		}
	}
	b.StopTimer()
	if fi, err := os.Stat(bin); err == nil {
		b.ReportMetric(float64(fi.Size())/1e6, "binary-MB")
	}
}

// BenchmarkServingRSS reports the peak resident memory of a process holding what `stdkb serve`
// holds for the corpus (library, segmenter, the on-disk gse index opened read-only) while 8
// clients run the query mix 2,000 times, with serve's default soft memory limit. The process
// is this test binary, started afresh.
func BenchmarkServingRSS(b *testing.B) {
	benchIndex(b, AnalyzerGSE)
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestServingProcess$", "-test.v",
			"-corpus.docs="+strconv.Itoa(*corpusDocs), "-corpus.bytes="+strconv.Itoa(*corpusBytes))
		cmd.Env = append(os.Environ(), "STDKB_SERVING_INDEX="+benchPaths[AnalyzerGSE], "GOMEMLIMIT="+*servingLimit)
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("serving process: %v\n%s", err, out)
		}
		// The process prints "name value" pairs; peak-RSS-MiB is reported as serving-RSS-MiB.
		for _, m := range [][2]string{{"peak-RSS-MiB", "serving-RSS-MiB"}, {"live-heap-MiB", "live-heap-MiB"}, {"queries/s", "queries/s"},
			{"rss-anon-MiB", "anon-MiB"}, {"rss-file-MiB", "file-MiB"}} {
			_, after, _ := strings.Cut(string(out), m[0]+" ")
			v, err := strconv.ParseFloat(strings.Fields(after + " x")[0], 64)
			if err != nil {
				b.Fatalf("serving process printed no %s:\n%s", m[0], out)
			}
			b.ReportMetric(v, m[1])
		}
	}
}

// TestServingProcess is the process BenchmarkServingRSS starts; it does nothing otherwise.
func TestServingProcess(t *testing.T) {
	path := os.Getenv("STDKB_SERVING_INDEX")
	if path == "" {
		t.Skip("the serving process of BenchmarkServingRSS")
	}
	content, err := content.Load(content.Default())
	if err != nil {
		t.Fatal(err)
	}
	lib := GenerateCorpus(content, *corpusDocs, *corpusBytes, 1)
	ix, err := openDir(lib, path, Options{}, true)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	qs := queryMix(t)
	start := time.Now()
	var wg sync.WaitGroup
	for c := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := c; i < 2000; i += 8 {
				if _, err := ix.Search(context.Background(), Request{Query: qs[i%len(qs)], Limit: 10}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	qps := 2000 / time.Since(start).Seconds()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("peak-RSS-MiB %.1f live-heap-MiB %.1f queries/s %.0f rss-anon-MiB %.1f rss-file-MiB %.1f\n",
		peakRSS(), float64(ms.HeapAlloc)/(1<<20), qps, procStatusMiB("RssAnon"), procStatusMiB("RssFile"))
}
