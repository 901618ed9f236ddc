package indexer_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"stdkb"
	"stdkb/content"
)

// heldout2File is the third blind relevance set (issue 16): queries whose answer is mostly a
// section of the plan, phrased the way staff ask. It is judged, not tuned on.
var heldout2File = filepath.Join("testdata", "relevance", "heldout2.json")

type heldout2Set struct {
	About   string          `json:"about"`
	Queries []heldout2Query `json:"queries"`
}

type heldout2Query struct {
	Query    string   `json:"query"`
	Relevant []string `json:"relevant"`
	Kind     string   `json:"kind"`
}

var heldout2Kinds = map[string]bool{
	"question": true, "colloquial": true, "abbreviation": true, "figure": true,
	"paraphrase": true, "clause": true, "checklist": true, "indicator": true,
}

// heldout2SectionIDs lists every "docID#sectionID" a search hit can name: each edition's
// sections, each checklist's introduction and sections, and each indicator set's metrics.
func heldout2SectionIDs(lib *stdkb.Library) map[string]bool {
	ids := map[string]bool{}
	for _, d := range lib.Documents {
		for _, e := range d.Editions {
			for _, s := range e.Sections {
				ids[d.ID+"#"+s.ID] = true
			}
		}
	}
	for _, c := range lib.Checklists {
		ids[c.ID+"#intro"] = true
		for _, s := range c.Sections {
			ids[c.ID+"#"+s.ID] = true
		}
	}
	for _, set := range lib.Indicators {
		ids[set.ID+"#metrics"] = true
	}
	return ids
}

// TestHeldout2IDsExist checks that the blind set is well formed and that every section it
// judges relevant exists in the shipped content, so a renamed section cannot silently turn a
// judged answer into one no ranking can find.
func TestHeldout2IDsExist(t *testing.T) {
	raw, err := os.ReadFile(heldout2File)
	if err != nil {
		t.Fatal(err)
	}
	var set heldout2Set
	if err := json.Unmarshal(raw, &set); err != nil {
		t.Fatalf("%s: %v", heldout2File, err)
	}
	if set.About == "" {
		t.Errorf("%s: about is empty", heldout2File)
	}
	if len(set.Queries) < 160 {
		t.Errorf("%s: %d queries, want at least 160", heldout2File, len(set.Queries))
	}
	lib, err := content.Load(content.Default())
	if err != nil {
		t.Fatal(err)
	}
	ids := heldout2SectionIDs(lib)
	seen := map[string]bool{}
	for i, q := range set.Queries {
		switch {
		case q.Query == "":
			t.Errorf("query %d: empty", i)
		case seen[q.Query]:
			t.Errorf("query %d %q: appears twice", i, q.Query)
		case !heldout2Kinds[q.Kind]:
			t.Errorf("query %d %q: kind %q is not one of the set's kinds", i, q.Query, q.Kind)
		case len(q.Relevant) == 0:
			t.Errorf("query %d %q: no relevant section", i, q.Query)
		}
		seen[q.Query] = true
		listed := map[string]bool{}
		for _, id := range q.Relevant {
			if !ids[id] {
				t.Errorf("query %d %q: relevant section %q does not exist in the content", i, q.Query, id)
			}
			if listed[id] {
				t.Errorf("query %d %q: relevant section %q listed twice", i, q.Query, id)
			}
			listed[id] = true
		}
	}
}
