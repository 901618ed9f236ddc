package indexer

import (
	"slices"
	"testing"
)

// TestAbbreviationsExpand checks that a shortening the index does not hold finds the index's
// word it stands for — whether the segmenter keeps it as one unknown word or cuts it into
// single characters — scoring below the word typed in full, and that an ambiguous shortening
// is not expanded.
func TestAbbreviationsExpand(t *testing.T) {
	ix := smallIndex(t, map[string]string{
		"group":   "每年制定团体标准。",
		"promote": "开展宣传贯彻活动。",
		"other":   "食堂应当公示菜品价格。",
		"car1":    "公务用车。",
		"car2":    "公共汽车。",
		"car3":    "公交车。",
		"car4":    "公务车。",
	})
	for _, tt := range []struct{ short, full, section string }{
		{"团标", "团体标准", "group"},
		{"宣贯", "宣传贯彻", "promote"},
	} {
		if got := ix.expansions(tt.short); !slices.Equal(got, []string{tt.full}) {
			t.Errorf("%s expands to %v, want [%s]", tt.short, got, tt.full)
		}
		res := mustSearch(t, ix, Request{Query: tt.short + "要几项", Flat: true})
		if len(res.Hits) == 0 || res.Hits[0].Section != tt.section {
			t.Errorf("%s: hits %v, want %s first", tt.short, ids(res.Hits), tt.section)
			continue
		}
		full := mustSearch(t, ix, Request{Query: tt.full, Flat: true})
		if res.Hits[0].Score >= full.Hits[0].Score {
			t.Errorf("%s scores %.3f, %s typed %.3f: a shortening must weigh less", tt.short, res.Hits[0].Score, tt.full, full.Hits[0].Score)
		}
	}
	// Here 公车 could be 公务用车, 公共汽车, 公交车 or 公务车: too many readings; 公汽 has one.
	if got := ix.expansions("公车"); len(got) <= maxAbbreviations {
		t.Fatalf("公车 expands to %v; the test needs more than %d readings", got, maxAbbreviations)
	}
	if got := ix.abbreviationTerms("公车怎么管"); len(got) != 0 {
		t.Errorf("公车 is looked for as %v; an ambiguous shortening must not be", got)
	}
	if got := ix.abbreviationTerms("公汽怎么管"); !slices.Equal(got, []string{"公共汽车"}) {
		t.Errorf("公汽 is looked for as %v, want [公共汽车]", got)
	}
}
