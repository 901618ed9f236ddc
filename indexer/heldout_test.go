package indexer_test

import (
	"encoding/json"
	"os"
	"testing"

	"stdkb"
	"stdkb/content"
)

// heldoutSet is the blind held-out query set of issue 16: written and judged without sight of
// the ranking code or the other judged sets, and never used for tuning.
type heldoutSet struct {
	About   string `json:"about"`
	Queries []struct {
		Query    string   `json:"query"`
		Relevant []string `json:"relevant"`
		Kind     string   `json:"kind"`
	} `json:"queries"`
}

var heldoutKinds = map[string]bool{
	"question": true, "colloquial": true, "abbreviation": true, "figure": true,
	"paraphrase": true, "clause": true, "checklist": true, "indicator": true,
}

// searchableSections lists "doc#section" for everything a search hit can name: every section of
// each document's latest edition, each checklist's introduction and sections, and each indicator
// set (one hit per set, named SET#metrics as the indexer names it).
func searchableSections(lib *stdkb.Library) map[string]bool {
	ids := map[string]bool{}
	for _, d := range lib.Documents {
		for _, s := range d.Latest().Sections {
			ids[d.ID+"#"+s.ID] = true
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

// TestHeldoutIDsExist checks the held-out sets, and the off-wording tuning set written the same
// way, against the embedded content: every judged section exists, every query is judged, kinds
// are the agreed ones and no query appears twice, so a renamed section cannot silently turn a
// judged answer into one no ranking can find. It reads no other judged set.
func TestHeldoutIDsExist(t *testing.T) {
	lib, err := content.Load(content.Default())
	if err != nil {
		t.Fatal(err)
	}
	ids := searchableSections(lib)
	for _, tc := range []struct {
		file       string
		minQueries int
	}{
		{"testdata/relevance/heldout.json", 120},
		{"testdata/relevance/heldout2.json", 160},
		{"testdata/relevance/heldout3.json", 150},
		{"testdata/relevance/heldout4.json", 150},
		{"testdata/relevance/offwording.json", 200},
		{"testdata/relevance/offwording2.json", 160},
		{"testdata/relevance/offwording3.json", 160},
		{"testdata/relevance/offwording4.json", 160},
	} {
		t.Run(tc.file, func(t *testing.T) {
			raw, err := os.ReadFile(tc.file)
			if err != nil {
				t.Fatal(err)
			}
			var set heldoutSet
			if err := json.Unmarshal(raw, &set); err != nil {
				t.Fatalf("%s: %v", tc.file, err)
			}
			if set.About == "" {
				t.Error("about is empty")
			}
			if len(set.Queries) < tc.minQueries {
				t.Errorf("%d queries, want at least %d", len(set.Queries), tc.minQueries)
			}
			checkHeldoutQueries(t, set, ids)
		})
	}
}

func checkHeldoutQueries(t *testing.T, set heldoutSet, ids map[string]bool) {
	t.Helper()
	seen := map[string]bool{}
	for i, q := range set.Queries {
		switch {
		case q.Query == "":
			t.Errorf("query %d is empty", i)
		case seen[q.Query]:
			t.Errorf("query %d %q appears twice", i, q.Query)
		case !heldoutKinds[q.Kind]:
			t.Errorf("query %q: kind %q is not one of the agreed kinds", q.Query, q.Kind)
		case len(q.Relevant) == 0:
			t.Errorf("query %q has no relevant section", q.Query)
		}
		seen[q.Query] = true
		judged := map[string]bool{}
		for _, id := range q.Relevant {
			if !ids[id] {
				t.Errorf("query %q: %s is not a section of the content", q.Query, id)
			}
			if judged[id] {
				t.Errorf("query %q: %s is listed twice", q.Query, id)
			}
			judged[id] = true
		}
	}
}
