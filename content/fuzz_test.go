package content

import (
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"stdkb"
)

const fuzzFramework = `---
kind: framework
id: fw
title: 测试体系
nodes:
  - code: A
    name: 通用基础标准
  - code: B
    name: 运行保障
    children: [{code: B1, name: 运行经费管理}]
---
`

// fuzzSeeds returns every markdown file of the broken-content archives and the embedded plan.
func fuzzSeeds(f *testing.F) []string {
	var seeds []string
	files, _ := filepath.Glob("testdata/broken/*.txtar")
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, af := range ar.Files {
			if strings.HasSuffix(af.Name, ".md") {
				seeds = append(seeds, string(af.Data))
			}
		}
	}
	plan, err := Default().(interface{ ReadFile(string) ([]byte, error) }).ReadFile("regulations/cq-jgsw-14th-plan/2021.md")
	if err == nil {
		seeds = append(seeds, string(plan))
	}
	return seeds
}

// FuzzLoad feeds arbitrary bytes as one edition file next to a valid framework: loading must
// never panic, and must either fail with located problems or yield a consistent library.
func FuzzLoad(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{
			"framework.md":        {Data: []byte(fuzzFramework)},
			"standards/x/2020.md": {Data: data},
		}
		lib, err := Load(fsys)
		if err != nil {
			ps, ok := err.(stdkb.Problems)
			if !ok || len(ps) == 0 {
				t.Fatalf("error %T %v is not a non-empty stdkb.Problems", err, err)
			}
			for _, p := range ps {
				if p.Path == "" || p.Message == "" {
					t.Fatalf("problem without path or message: %+v", p)
				}
			}
			return
		}
		if lib.Framework == nil {
			t.Fatal("library without framework")
		}
		for _, d := range lib.Documents {
			for _, e := range d.Editions {
				ids := map[string]bool{}
				for _, s := range e.Sections {
					if ids[s.ID] {
						t.Fatalf("duplicate section id %q accepted", s.ID)
					}
					ids[s.ID] = true
				}
			}
		}
	})
}

// FuzzSections feeds arbitrary markdown bodies to the section splitter of each kind.
func FuzzSections(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Add("## 1 范围\n\n4.1 条文\n\n4.1.1 子条文\n\n[^1]: 注释\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
	f.Fuzz(func(t *testing.T, body string) {
		for _, kind := range []stdkb.Kind{stdkb.KindStandard, stdkb.KindRegulation} {
			sections, _ := parseSections(body, 5, kind)
			for _, s := range sections {
				if s.Line < 5 {
					t.Fatalf("section %q at line %d, before the body starts", s.ID, s.Line)
				}
			}
		}
	})
}
