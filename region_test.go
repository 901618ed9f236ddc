package stdkb_test

import (
	"testing"

	"stdkb"
)

func TestRegionClass(t *testing.T) {
	fw := testFramework(t)
	fw.Region = "重庆市"
	lib := stdkb.NewLibrary(fw, nil, nil, nil)
	for _, tt := range []struct {
		level, region, want string
	}{
		{"国家", "", stdkb.RegionNational},
		{"行业", "", stdkb.RegionNational},
		{"团体", "", stdkb.RegionNational},
		{"团体", "重庆市", stdkb.RegionLocal},
		{"地方", "重庆市", stdkb.RegionLocal},
		{"地方", "四川省", stdkb.RegionReference},
		{"内部", "", stdkb.RegionLocal},
		{"规章", "重庆市", stdkb.RegionLocal},
		{"行政法规", "", stdkb.RegionNational},
	} {
		e := &stdkb.Edition{Level: tt.level, Region: tt.region}
		if got := lib.RegionClass(e); got != tt.want {
			t.Errorf("%s %q: RegionClass = %s, want %s", tt.level, tt.region, got, tt.want)
		}
	}
	fw.Region = ""
	if got := lib.RegionClass(&stdkb.Edition{Level: "地方", Region: "四川省"}); got != stdkb.RegionLocal {
		t.Errorf("without a framework region a local standard is %s, want %s", got, stdkb.RegionLocal)
	}
}

func TestStatusLabel(t *testing.T) {
	plan := &stdkb.Edition{Status: "现行", Period: stdkb.YearRange{From: 2021, To: 2025}}
	for _, tt := range []struct {
		e     *stdkb.Edition
		today string
		want  string
	}{
		{plan, "2025-12-31", "现行"},
		{plan, "2026-01-01", "现行（规划期2021—2025年已结束）"},
		{&stdkb.Edition{Status: "现行", Unconfirmed: []string{"status"}}, "2026-12-01", "现行（未核实）"},
		{&stdkb.Edition{Unconfirmed: []string{"status"}}, "2026-12-01", "未核实"},
		{&stdkb.Edition{Status: "被代替"}, "2026-12-01", "被代替"},
	} {
		if got := tt.e.StatusLabel(stdkb.MustDate(tt.today)); got != tt.want {
			t.Errorf("StatusLabel(%s) = %q, want %q", tt.today, got, tt.want)
		}
	}
}

func TestCycleForSkipsOtherRegions(t *testing.T) {
	p := stdkb.DefaultReviewPolicy
	p.Region = "重庆市"
	for _, tt := range []struct {
		e    *stdkb.Edition
		want int
	}{
		{&stdkb.Edition{Level: "地方", Region: "重庆市"}, 5},
		{&stdkb.Edition{Level: "国家"}, 5},
		{&stdkb.Edition{Level: "地方", Region: "四川省"}, 0},
	} {
		if got := p.CycleFor(tt.e); got != tt.want {
			t.Errorf("CycleFor(%s %s) = %d, want %d", tt.e.Level, tt.e.Region, got, tt.want)
		}
	}
}
