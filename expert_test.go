package stdkb_test

import (
	"reflect"
	"testing"

	"stdkb"
)

func TestSuggestPanel(t *testing.T) {
	fw := testFramework(t) // A; B with B1 and B8 (B81 below it)
	pool := []stdkb.Expert{
		{ID: "e1", Name: "甲", Unit: "某区", Specialties: []string{"B1", "B8"}}, // the reviewed unit's own expert
		{ID: "e2", Name: "乙", Unit: "市级", Specialties: []string{"B1"}},
		{ID: "e3", Name: "丙", Unit: "他区", Specialties: []string{"B8"}, Conflicts: []string{"某区"}}, // declared conflict
		{ID: "e4", Name: "丁", Unit: "他区", Specialties: []string{"B"}},                             // B covers B1 and B81
		{ID: "e5", Name: "戊", Unit: "高校", Specialties: []string{"A"}},
	}
	panel, uncovered, excluded := stdkb.SuggestPanel(pool, fw, []string{"B1", "B81"}, []string{"某区"}, 3)
	var ids []string
	for _, p := range panel {
		ids = append(ids, p.Expert.ID)
		if p.Reason == "" {
			t.Errorf("%s chosen without a reason", p.Expert.ID)
		}
	}
	// e4 covers both branches at once; e2 knows B1; e5 fills the panel without a conflict.
	if want := []string{"e4", "e2", "e5"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("panel %v, want %v", ids, want)
	}
	if len(uncovered) != 0 {
		t.Errorf("uncovered %v", uncovered)
	}
	if want := []string{"e1", "e3"}; !reflect.DeepEqual(excluded, want) {
		t.Errorf("excluded %v, want %v (own unit and declared conflict)", excluded, want)
	}
	// With only conflicted experts for B81 it stays uncovered.
	_, uncovered, _ = stdkb.SuggestPanel(pool[:3], fw, []string{"B81"}, []string{"某区"}, 2)
	if !reflect.DeepEqual(uncovered, []string{"B81"}) {
		t.Errorf("uncovered %v, want [B81]", uncovered)
	}
	if err := (stdkb.Expert{ID: "x", Name: "x", Unit: "u", Specialties: []string{"Z9"}}).Validate(fw); err == nil {
		t.Error("unknown specialty accepted")
	}
}
