package stdkb_test

import (
	"reflect"
	"testing"

	"stdkb"
)

func TestParseDate(t *testing.T) {
	for _, tt := range []struct {
		in    string
		ok    bool
		after string
	}{
		{"2021-11-23", true, "2021-11-23"},
		{"2024-02-29", true, "2024-02-29"},
		{"2023-02-29", false, ""},
		{"2021/11/23", false, ""},
		{"2021-11-23T00:00:00Z", false, ""},
		{"", false, ""},
	} {
		d, err := stdkb.ParseDate(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("ParseDate(%q) error = %v, want ok=%v", tt.in, err, tt.ok)
			continue
		}
		if tt.ok && d.String() != tt.after {
			t.Errorf("ParseDate(%q) = %s", tt.in, d)
		}
	}
	a, b := stdkb.MustDate("2020-02-29"), stdkb.MustDate("2025-03-01")
	if !a.Before(b) || b.Before(a) || !b.After(a) {
		t.Error("Before/After disagree")
	}
	var z stdkb.Date
	if !z.IsZero() || z.String() != "" {
		t.Error("zero date must print empty")
	}
}

func testFramework(t *testing.T) *stdkb.Framework {
	t.Helper()
	fw, err := stdkb.NewFramework("fw", "体系", []*stdkb.FrameworkNode{
		{Code: "A", Name: "通用基础标准"},
		{Code: "B", Name: "运行保障", Children: []*stdkb.FrameworkNode{
			{Code: "B1", Name: "运行经费管理"},
			{Code: "B8", Name: "拓展", Extension: true, Children: []*stdkb.FrameworkNode{{Code: "B81", Name: "子领域"}}},
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return fw
}

func TestFrameworkTree(t *testing.T) {
	fw := testFramework(t)
	if got, want := fw.Subtree("B"), []string{"B", "B1", "B8", "B81"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Subtree(B) = %v, want %v", got, want)
	}
	if fw.Subtree("Z") != nil {
		t.Error("Subtree of an unknown code must be nil")
	}
	for _, tt := range []struct {
		branch string
		codes  []string
		want   bool
	}{
		{"B", []string{"B81"}, true},
		{"B8", []string{"B1"}, false},
		{"A", []string{"B", "A"}, true},
		{"B1", []string{"B"}, false}, // a parent is not inside its child
		{"B", []string{"Z"}, false},
	} {
		if got := fw.Covers(tt.branch, tt.codes); got != tt.want {
			t.Errorf("Covers(%s, %v) = %v, want %v", tt.branch, tt.codes, got, tt.want)
		}
	}
	if _, err := stdkb.NewFramework("fw", "t", []*stdkb.FrameworkNode{{Code: "A"}, {Code: "A"}}); err == nil {
		t.Error("duplicate code accepted")
	}
}

func TestResolve(t *testing.T) {
	ed1 := &stdkb.Edition{DocID: "d", Key: "2019", Sections: []*stdkb.Section{{ID: "4.1"}}}
	ed2 := &stdkb.Edition{DocID: "d", Key: "2024", Sections: []*stdkb.Section{{ID: "4.2"}}}
	lib := stdkb.NewLibrary(testFramework(t), []*stdkb.Document{{ID: "d", Editions: []*stdkb.Edition{ed1, ed2}}}, nil, nil)
	for _, tt := range []struct {
		ref     stdkb.SectionRef
		edition *stdkb.Edition
		section string
		code    string
	}{
		{stdkb.SectionRef{Doc: "d"}, ed2, "", ""},
		{stdkb.SectionRef{Doc: "d", Section: "4.2"}, ed2, "4.2", ""},
		{stdkb.SectionRef{Doc: "d", Edition: "2019", Section: "4.1"}, ed1, "4.1", ""},
		{stdkb.SectionRef{Doc: "d", Section: "4.1"}, nil, "", stdkb.ENOTFOUND},
		{stdkb.SectionRef{Doc: "d", Edition: "2030"}, nil, "", stdkb.ENOTFOUND},
		{stdkb.SectionRef{Doc: "x"}, nil, "", stdkb.ENOTFOUND},
	} {
		e, s, err := lib.Resolve(tt.ref)
		if code := stdkb.ErrorCode(err); code != tt.code {
			t.Errorf("Resolve(%s) error %v, want code %q", tt.ref, err, tt.code)
			continue
		}
		if e != tt.edition || (s == nil) != (tt.section == "") || (s != nil && s.ID != tt.section) {
			t.Errorf("Resolve(%s) = %v, %v", tt.ref, e, s)
		}
	}
}
