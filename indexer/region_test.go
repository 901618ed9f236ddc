package indexer

import (
	"context"
	"testing"

	"stdkb"
)

// The region filter keeps to one region class, and the facet counts all three.
func TestRegionFilterAndFacet(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	ctx := context.Background()
	res, err := ix.Search(ctx, Request{Query: "公务用车", Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	facet := map[string]int{}
	for _, f := range res.Facets["region"] {
		facet[f.Value] = f.Count
	}
	for _, class := range stdkb.RegionClasses {
		if facet[class] == 0 {
			t.Errorf("facet region has no %s: %v", class, res.Facets["region"])
		}
	}
	for _, tt := range []struct {
		req  Request
		want string
	}{
		{Request{Query: "公务用车", Region: stdkb.RegionReference, Limit: 50}, stdkb.RegionReference},
		{Request{Query: "公务用车 region:本市", Limit: 50}, stdkb.RegionLocal},
		{Request{Query: "节约型机关", Region: stdkb.RegionNational, Limit: 50}, stdkb.RegionNational},
	} {
		res, err := ix.Search(ctx, tt.req)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 {
			t.Errorf("%+v: no hits", tt.req)
		}
		for _, h := range res.Hits {
			if h.Region != tt.want {
				t.Errorf("%+v: hit %s is %q", tt.req, h.ID, h.Region)
			}
		}
	}
	if _, err := ix.Search(ctx, Request{Query: "公务用车 region:四川"}); stdkb.ErrorCode(err) != stdkb.EINVALID {
		t.Errorf("region:四川: error %v, want EINVALID", err)
	}
}
