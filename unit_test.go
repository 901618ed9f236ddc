package stdkb_test

import (
	"reflect"
	"testing"

	"stdkb"
)

func TestSystemOf(t *testing.T) {
	fw := testFramework(t) // A; B with B1 and B8 (B81 below it)
	doc := func(id, owner string, codes ...string) *stdkb.Document {
		return &stdkb.Document{ID: id, Kind: stdkb.KindStandard, Editions: []*stdkb.Edition{{DocID: id, Key: "1", Owner: owner, Framework: codes}}}
	}
	lib := stdkb.NewLibrary(fw, []*stdkb.Document{
		doc("own-1", "district", "B1"),
		doc("own-2", "district", "B1"), // same branch as own-1: a possible overlap
		doc("city-1", "city", "A"),
		doc("city-2", "city", "B81"),
		doc("other", "elsewhere", "B81"),
	}, nil, nil)
	lib.Units = []*stdkb.Unit{{ID: "city", Name: "市级"}, {ID: "district", Name: "某区", Parent: "city", Adopts: []string{"city-1"}}}
	u, ok := lib.Unit("某区")
	if !ok {
		t.Fatal("unit by name not found")
	}
	sys := lib.SystemOf(u)
	var ids []string
	for _, d := range sys.Documents {
		ids = append(ids, d.ID)
	}
	if want := []string{"city-1", "own-1", "own-2"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("documents %v, want own plus adopted %v", ids, want)
	}
	if sys.Counts["B"] != 2 || sys.Counts["A"] != 1 || sys.Counts["B8"] != 0 {
		t.Errorf("counts %v", sys.Counts)
	}
	if !reflect.DeepEqual(sys.Gaps, []string{"B81"}) {
		t.Errorf("gaps %v, want [B81]", sys.Gaps)
	}
	if !reflect.DeepEqual(sys.Overlaps, [][2]string{{"own-1", "own-2"}}) {
		t.Errorf("overlaps %v", sys.Overlaps)
	}
}

// TestUnitResolves: a unit is found by id, name, full name or alias, and by nothing merely
// similar.
func TestUnitResolves(t *testing.T) {
	lib := stdkb.NewLibrary(testFramework(t), nil, nil, nil)
	lib.Units = []*stdkb.Unit{{ID: "city", Name: "市级"}, {ID: "bishan", Name: "璧山区", FullName: "重庆市璧山区机关事务管理局", Aliases: []string{"璧山区机关事务管理局"}}}
	for key, want := range map[string]string{"bishan": "bishan", "璧山区": "bishan", "重庆市璧山区机关事务管理局": "bishan", " 璧山区机关事务管理局 ": "bishan",
		"璧山区机关事务局（示例）": "", "璧山": "", "": ""} {
		got := ""
		if u, ok := lib.Unit(key); ok {
			got = u.ID
		}
		if got != want {
			t.Errorf("%q found %q, want %q", key, got, want)
		}
	}
	if names := lib.UnitNames(); !reflect.DeepEqual(names, []string{"市级（city）", "璧山区（bishan）"}) {
		t.Errorf("names %v", names)
	}
}
