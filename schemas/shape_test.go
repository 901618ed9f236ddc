package schemas_test

import (
	"fmt"
	"strings"
	"testing"

	"stdkb/schemas"
)

// TestShapeOf derives the submission's shape from its schema: five levels (document, list,
// entry, nested list, nested entry) and a fan-out of its 48 fields plus the maxItems of its
// seven lists of objects (2000+5000+100+1000+500+111+500).
func TestShapeOf(t *testing.T) {
	got, err := schemas.ShapeOf("submission")
	if want := (schemas.Shape{MaxDepth: 5, MaxFanOut: 48 + 9211}); err != nil || got != want {
		t.Errorf("ShapeOf(submission) = %+v, %v; want %+v", got, err, want)
	}
	// A recursive schema (framework nodes hold nodes) has no bounded shape.
	if _, err := schemas.ShapeOf("framework"); err == nil || !strings.Contains(err.Error(), "recursive") {
		t.Errorf("ShapeOf(framework): %v, want a recursion error", err)
	}
}

// TestDecodeShape: the shape is checked in every YAML style — block lists with or without
// indentation, flow collections, flow entries of block lists — counting collections directly
// inside one collection, and refusing at the line where the limit is passed.
func TestDecodeShape(t *testing.T) {
	shape := &schemas.Shape{MaxDepth: 3, MaxFanOut: 3}
	for _, tt := range []struct {
		name, src string
		line      int // of the refusal; 0: accepted
	}{
		{"indentless entries", "a:\n- x: 1\n- x: 2\n- x: 3\n", 0},
		{"indentless past", "a:\n- x: 1\n- x: 2\n- x: 3\n- x: 4\n", 5},
		{"indented entries", "a:\n  - x: 1\n  - x: 2\n  - x: 3\n", 0},
		{"indented past", "a:\n  - x: 1\n  - x: 2\n  - x: 3\n  - x: 4\n", 5},
		{"flow entries", "a: [{x: 1}, {x: 2}, {x: 3}]\n", 0},
		{"flow past", "a: [{x: 1}, {x: 2},\n {x: 3}, {x: 4}]\n", 2},
		{"flow entries of a block list", "a:\n- {x: 1}\n- {x: 2}\n- {x: 3}\n", 0},
		{"flow entries of a block list past", "a:\n- {x: 1}\n- {x: 2}\n- {x: 3}\n- {x: 4}\n", 5},
		{"scalars are not counted", "a: [1, 2, 3, 4, 5, 6]\nb:\n- 1\n- 2\n- 3\n- 4\n", 0},
		{"counts restart in each collection", "a:\n- x: [1]\n  y: [2]\n- x: [1]\n  y: [2]\nb: {c: [1], d: [2]}\n", 0},
		{"deep", "a:\n  b:\n    c: [1]\n", 0},
		{"too deep", "a:\n  b:\n    c:\n      d: 1\n", 4},
		{"too deep in flow", "a: [[[[1]]]]\n", 1},
	} {
		_, errs := schemas.DecodeYAMLWith([]byte(tt.src), schemas.DecodeOptions{Shape: shape})
		switch {
		case tt.line == 0 && len(errs) > 0:
			t.Errorf("%s: refused %+v, want accepted", tt.name, errs)
		case tt.line > 0 && (len(errs) != 1 || errs[0].Line != tt.line || !strings.Contains(errs[0].Message, "至多 3 ")):
			t.Errorf("%s: %+v, want one refusal naming the limit 3 at line %d", tt.name, errs, tt.line)
		}
		if _, errs := schemas.DecodeYAML([]byte(tt.src), 1); len(errs) > 0 {
			t.Errorf("%s without a shape: %+v", tt.name, errs)
		}
	}
}

// TestSubmissionShapeAdmitsValidDocuments: a submission with every list at its limit fits the
// derived shape however it is written, including the layout that makes the loader attribute
// most to one collection — flow entries of block lists after a block-written nested entry.
func TestSubmissionShapeAdmitsValidDocuments(t *testing.T) {
	shape, err := schemas.ShapeOf("submission")
	if err != nil {
		t.Fatal(err)
	}
	limits, err := schemas.ListLimits("submission")
	if err != nil {
		t.Fatal(err)
	}
	evals := strings.Repeat("  - date: 2025-01-01\n", 100)
	entries := func(n int, entry string) string { return strings.Repeat(entry, n) }
	for name, src := range map[string]string{
		"block": "period:\n  from: 2025-01-01\n  to: 2025-12-31\n" +
			"standards:\n- title: t\n  framework:\n  - A\n  effect_evaluations:\n" + evals +
			entries(limits["standards"]-1, "- title: t\n  framework: [A]\n  reviews: [2025-01-01]\n") +
			"items:\n" + entries(limits["items"], "- id: a\n  evidence:\n  - e\n") +
			"indicators:\n" + entries(limits["indicators"], "- id: i\n  baseline: {year: 2020, value: 1}\n  values:\n  - year: 2021\n    value: 2\n"),
		"flow entries after a nested block entry": "standards:\n- title: t\n  effect_evaluations:\n" + evals +
			entries(limits["standards"]-1, "- {title: t, framework: [A], reviews: [2025-01-01]}\n") +
			"period: {from: 2025-01-01, to: 2025-12-31}\n" +
			"items:\n" + entries(limits["items"], "- {id: a, evidence: [e]}\n") +
			"campaigns:\n" + entries(limits["campaigns"], "- {date: 2025-01-01, standards: [s]}\n") +
			"indicators:\n" + entries(limits["indicators"], "- {id: i, values: [{year: 2021, value: 2}]}\n") +
			"milestones:\n" + entries(limits["milestones"], "- {id: m, evidence: [e]}\n"),
		"flow document": "{period: {from: 2025-01-01, to: 2025-12-31}, items: [" +
			strings.TrimSuffix(entries(limits["items"], "{id: a, evidence: [e]},"), ",") + "], standards: [" +
			strings.TrimSuffix(entries(limits["standards"], fmt.Sprintf("{title: t, effect_evaluations: [%s]},", strings.TrimSuffix(strings.Repeat("{date: 2025-01-01},", 3), ","))), ",") + "]}",
	} {
		if _, errs := schemas.DecodeYAMLWith([]byte(src), schemas.DecodeOptions{Shape: &shape}); len(errs) > 0 {
			t.Errorf("%s: %+v", name, errs[0])
		}
	}
}

// TestDecodeListLimits: a top-level list past its limit is refused on the node tree, at its
// first entry past the limit, with the JSON counter's message; nested lists are not counted.
func TestDecodeListLimits(t *testing.T) {
	opts := schemas.DecodeOptions{FirstLine: 3, ListLimits: map[string]int{"items": 2}}
	for _, tt := range []struct {
		src  string
		line int
	}{
		{"items: [a, b]\nother: [a, b, c]\n", 0},
		{"items:\n- a\n- b\n- c\n", 3 + 3},
		{"items:\n- [a, b, c]\n", 0},
	} {
		_, errs := schemas.DecodeYAMLWith([]byte(tt.src), opts)
		if tt.line == 0 && len(errs) > 0 || tt.line > 0 && (len(errs) != 1 || errs[0].Line != tt.line || errs[0].Field != "items" || errs[0].Message != "至多 2 项，这里已超过") {
			t.Errorf("%q: %+v, want refusal at line %d (0: none)", tt.src, errs, tt.line)
		}
	}
}
