package stdkb_test

import (
	"go/build"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// module is the module path of this repository (go.mod).
const module = "stdkb"

// cjkBaseline is bleve's bigram analyzer, which indexer's tests measure gse against.
const cjkBaseline = "github.com/blevesearch/bleve/v2/analysis/lang/cjk"

// TestDependenciesPointOneWay checks the module's import graph, test files excluded: data
// flows from markdown through the loader to the model and on to the adapters, never back. A
// rule names a package and the packages it must not reach, directly or through
// another package of the module; "stdkb/..." stands for every package of the module but the
// root.
func TestDependenciesPointOneWay(t *testing.T) {
	graph := moduleImports(t)
	rules := []struct {
		pkg    string
		forbid []string
		why    string
	}{
		{"stdkb", []string{"stdkb/..."}, "the domain model imports no adapter"},
		{"stdkb/indexer", []string{"stdkb/content"}, "search indexes the model, not the markdown it came from"},
		{"stdkb/wordimport", []string{"stdkb/indexer"}, "identifiers are a domain concept, not the search engine's"},
		{"stdkb/cmd/stdkb", []string{cjkBaseline}, "the cjk analyzer is a baseline for tests, not part of the product"},
	}
	for _, r := range rules {
		if _, ok := graph[r.pkg]; !ok {
			t.Errorf("package %s not found", r.pkg)
			continue
		}
		via := reachable(graph, r.pkg)
		for _, reached := range slices.Sorted(maps.Keys(via)) {
			for _, f := range r.forbid {
				if reached == f || strings.HasSuffix(f, "/...") && strings.HasPrefix(reached, strings.TrimSuffix(f, "...")) {
					t.Errorf("%s reaches %s (%s): %s", r.pkg, reached, chain(via, r.pkg, reached), r.why)
				}
			}
		}
	}
}

// moduleImports returns each package of the module with the packages its non-test files
// import, read from the source (build constraints of this platform apply). Packages outside
// the module have no entry: what they import in turn is not followed.
func moduleImports(t *testing.T) map[string][]string {
	t.Helper()
	graph := map[string][]string{}
	err := filepath.WalkDir(".", func(dir string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if name := d.Name(); dir != "." && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			return filepath.SkipDir
		}
		p, err := build.ImportDir(dir, 0)
		if _, none := err.(*build.NoGoError); none {
			return nil
		}
		if err != nil {
			return err
		}
		graph[path.Join(module, filepath.ToSlash(dir))] = p.Imports
		return nil
	})
	if err != nil {
		t.Fatalf("read the module's packages: %v", err)
	}
	return graph
}

// reachable returns the packages pkg imports directly or through module packages, each with the
// package through which it is first reached (pkg itself for a direct import).
func reachable(graph map[string][]string, pkg string) map[string]string {
	via := map[string]string{}
	queue := []string{pkg}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, imp := range graph[p] {
			if _, seen := via[imp]; !seen && imp != pkg {
				via[imp] = p
				queue = append(queue, imp)
			}
		}
	}
	return via
}

// chain returns the imports leading from pkg to reached, for the message.
func chain(via map[string]string, pkg, reached string) string {
	links := []string{reached}
	for p := reached; p != pkg; {
		p = via[p]
		links = append([]string{p}, links...)
	}
	return strings.Join(links, " → ")
}
