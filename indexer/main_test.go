package indexer

import (
	"sync"
	"testing"

	"stdkb"
	"stdkb/content"
)

var (
	fixtureOnce sync.Once
	fixtureLib  *stdkb.Library
	fixtureIx   map[string]*Index
	fixtureErr  error
)

// testIndex returns an in-memory index of the embedded content for the analyzer, built once per
// test binary.
func testIndex(t testing.TB, analyzer string) *Index {
	t.Helper()
	fixtureOnce.Do(func() {
		fixtureLib, fixtureErr = content.Load(content.Default())
		if fixtureErr != nil {
			return
		}
		fixtureIx = map[string]*Index{}
		for _, a := range []string{AnalyzerGSE, AnalyzerCJK} {
			ix, err := Build(fixtureLib, "", Options{Analyzer: a})
			if err != nil {
				fixtureErr = err
				return
			}
			fixtureIx[a] = ix
		}
	})
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	return fixtureIx[analyzer]
}
