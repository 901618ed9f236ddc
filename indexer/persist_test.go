package indexer

import (
	"context"
	"errors"
	"maps"
	"math"
	"os"
	"path/filepath"
	"testing"

	"stdkb"
)

func indexDirs(t *testing.T, data string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(data, "index"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestOpenDirRebuildsOnlyWhenContentChanges(t *testing.T) {
	testIndex(t, AnalyzerGSE) // loads the library and segmenter once
	lib := fixtureLib
	data := t.TempDir()
	ctx := context.Background()

	ix, built, err := OpenDir(ctx, lib, data, DirOptions{})
	if err != nil || !built {
		t.Fatalf("first open: built=%v err=%v, want a build", built, err)
	}
	ix.Close()
	ix, built, err = OpenDir(ctx, lib, data, DirOptions{ReadOnly: true})
	if err != nil || built {
		t.Fatalf("second open: built=%v err=%v, want the existing index", built, err)
	}
	if res := mustSearch(t, ix, Request{Query: "公物仓"}); len(res.Hits) == 0 {
		t.Error("reopened index finds nothing")
	}
	ix.Close()
	first := indexDirs(t, data)

	// Changed content (another hash) gets its own index; the old one is removed after the switch.
	changed := *lib
	changed.Hash = "0000000000000000" + lib.Hash[16:]
	ix, built, err = OpenDir(ctx, &changed, data, DirOptions{})
	if err != nil || !built {
		t.Fatalf("changed content: built=%v err=%v, want a build", built, err)
	}
	ix.Close()
	if got := indexDirs(t, data); len(got) != 1 || got[0] == first[0] {
		t.Errorf("index dirs %v after the change, want one new dir replacing %v", got, first)
	}

	// --rebuild builds again in place.
	ix, built, err = OpenDir(ctx, &changed, data, DirOptions{Rebuild: true})
	if err != nil || !built {
		t.Fatalf("rebuild: built=%v err=%v", built, err)
	}
	ix.Close()
}

// indexedDataDir returns the fixture library and a data directory holding its index.
func indexedDataDir(t *testing.T) (*stdkb.Library, string) {
	t.Helper()
	testIndex(t, AnalyzerGSE)
	data := t.TempDir()
	ix, _, err := OpenDir(context.Background(), fixtureLib, data, DirOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	return fixtureLib, data
}

func TestFailedBuildKeepsTheOldIndex(t *testing.T) {
	lib, data := indexedDataDir(t)
	before := indexDirs(t, data)

	// A rebuild interrupted half-way fails and leaves the index in place and working.
	ctx, cancel := context.WithCancel(context.Background())
	_, _, err := OpenDir(ctx, lib, data, DirOptions{Rebuild: true, Progress: func(done, total int) { cancel() }})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted rebuild: err = %v, want context.Canceled", err)
	}
	if after := indexDirs(t, data); len(after) != 1 || after[0] != before[0] {
		t.Fatalf("index dirs %v after a failed rebuild, want %v", after, before)
	}
	ix, built, err := OpenDir(context.Background(), lib, data, DirOptions{ReadOnly: true})
	if err != nil || built {
		t.Fatalf("reopen after failed rebuild: built=%v err=%v", built, err)
	}
	defer ix.Close()
	if res := mustSearch(t, ix, Request{Query: "公物仓"}); len(res.Hits) == 0 {
		t.Error("old index finds nothing after a failed rebuild")
	}
}

func TestOpenDirRejectsAnIndexOfOtherContent(t *testing.T) {
	lib, data := indexedDataDir(t)
	// Same hash, different catalog (as if the directory were copied from elsewhere): rebuilt.
	smaller := *lib
	smaller.Documents = lib.Documents[:1]
	fewer := stdkb.NewLibrary(lib.Framework, smaller.Documents, nil, nil)
	fewer.Hash, fewer.Lexicon = lib.Hash, lib.Lexicon
	ix, built, err := OpenDir(context.Background(), fewer, data, DirOptions{})
	if err != nil || !built {
		t.Fatalf("mismatched index: built=%v err=%v, want a rebuild", built, err)
	}
	ix.Close()
}

// TestBuildIsOnDiskWhenItReturns checks that a build of several batches is entirely on disk
// when Build returns: the index reopened read-only holds every section and its stop-pairs.
func TestBuildIsOnDiskWhenItReturns(t *testing.T) {
	testIndex(t, AnalyzerGSE)
	lib := GenerateCorpus(fixtureLib, 3*batchSize+1, 300, 2)
	dir := filepath.Join(t.TempDir(), "ix")
	built, err := Build(lib, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := built.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err := openDir(lib, dir, Options{}, true) // fails unless it holds every section
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if len(ix.stop) == 0 || !maps.Equal(ix.stop, built.stop) {
		t.Errorf("reopened index has %d stop-pairs, the build %d", len(ix.stop), len(built.stop))
	}
	if res := mustSearch(t, ix, Request{Query: "节约"}); res.Total == 0 {
		t.Error("the reopened index finds nothing")
	}
}

// TestReopenedIndexRanksAsBuilt: an index opened from disk ranks as the one just built, the
// views that keep state beside bleve's postings (stop-pairs, stop-characters, field lengths,
// summary marks) included; the queries hold words no section has, so the unigram view scores.
func TestReopenedIndexRanksAsBuilt(t *testing.T) {
	built := testIndex(t, AnalyzerGSE)
	lib, data := indexedDataDir(t)
	ix, fresh, err := OpenDir(context.Background(), lib, data, DirOptions{ReadOnly: true})
	if err != nil || fresh {
		t.Fatalf("reopen: built=%v err=%v", fresh, err)
	}
	defer ix.Close()
	if !ix.chars {
		t.Fatal("the reopened index has no unigram view")
	}
	for _, q := range []string{"修房子的流水账要登记啥", "水管漏水怎么办", "公车能不能私用", "296号令", "办公用房维修的范围"} {
		a, b := mustSearch(t, built, Request{Query: q, Flat: true}), mustSearch(t, ix, Request{Query: q, Flat: true})
		if len(a.Hits) != len(b.Hits) {
			t.Errorf("%s: %d hits built, %d reopened", q, len(a.Hits), len(b.Hits))
			continue
		}
		for i := range a.Hits {
			if a.Hits[i].ID != b.Hits[i].ID || math.Abs(a.Hits[i].Score-b.Hits[i].Score) > 1e-9 {
				t.Errorf("%s: hit %d is %s %.6f built, %s %.6f reopened", q, i, a.Hits[i].ID, a.Hits[i].Score, b.Hits[i].ID, b.Hits[i].Score)
				break
			}
		}
	}
}
