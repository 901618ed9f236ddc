package indexer

import "testing"

// TestLoneCharactersWeighLess checks that a one-character query word beside a longer one does
// not decide the ranking: formal text seldom leaves 还 standing alone, so the one section that
// does would otherwise outrank those holding the query's real subject, 报销.
func TestLoneCharactersWeighLess(t *testing.T) {
	ix := smallIndex(t, map[string]string{
		"lone":   "车辆一租一还一结。",
		"answer": "差旅费报销应当在一个月内办理。",
		"other1": "报销凭证应当齐全。",
		"other2": "会议费按规定执行。",
		"other3": "培训应当附通知。",
		"other4": "办公用房维修应当制定年度计划。",
	})
	res := mustSearch(t, ix, Request{Query: "发票还没报销", Flat: true})
	if len(res.Hits) == 0 || res.Hits[0].Section == "lone" {
		t.Errorf("发票还没报销: hits %v; a section matching only 还 must not come first", ids(res.Hits))
	}
	// Alone, a character is the whole query and keeps its weight.
	res = mustSearch(t, ix, Request{Query: "还", Flat: true})
	if len(res.Hits) == 0 || res.Hits[0].Section != "lone" {
		t.Errorf("还: hits %v, want the section holding it first", ids(res.Hits))
	}
}
