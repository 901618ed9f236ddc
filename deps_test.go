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

// TestDependenciesPointOneWay checks the module's import graph, test files excluded: data
// flows from markdown through the loader to the model and on to the adapters, never back. A
// rule names a package and the module packages it must not reach, directly or through
// another package; "stdkb/..." stands for every package of the module but the root.
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

// moduleImports returns each package of the module with the module packages its non-test
// files import, read from the source (build constraints of this platform apply).
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
		var own []string
		for _, imp := range p.Imports {
			if imp == module || strings.HasPrefix(imp, module+"/") {
				own = append(own, imp)
			}
		}
		graph[path.Join(module, filepath.ToSlash(dir))] = own
		return nil
	})
	if err != nil {
		t.Fatalf("read the module's packages: %v", err)
	}
	return graph
}

// reachable returns the module packages pkg imports directly or indirectly, each with the
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
