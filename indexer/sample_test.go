package indexer

import (
	"fmt"
	"slices"
	"testing"

	"stdkb"
)

// TestSampleSectionsYieldToRealOnes: a sample standard's section matches the query as well as a
// real standard's but for being a little shorter. Without sampleFactor it ranks first; with
// it the real section does. A sample section alone in the results is still found.
func TestSampleSectionsYieldToRealOnes(t *testing.T) {
	testIndex(t, AnalyzerGSE)
	eff := stdkb.MustDate("2024-01-01")
	doc := func(id string, n int, sample bool, text string) *stdkb.Document {
		e := &stdkb.Edition{DocID: id, Key: "2024", Kind: stdkb.KindStandard, Title: fmt.Sprintf("测试规范%d", n),
			Number: fmt.Sprintf("DB50/T 99%02d-2024", n), Level: "地方", Status: "现行", Issued: eff, Effective: eff, Sample: sample}
		e.Sections = []*stdkb.Section{{ID: id + "-1", Number: "1", Title: "条款", Depth: 1, Path: []string{"条款"}, Text: text}}
		return &stdkb.Document{ID: id, Kind: stdkb.KindStandard, Editions: []*stdkb.Edition{e}}
	}
	ix := documentsIndex(t, []*stdkb.Document{
		doc("real", 1, false, "机关推进节能工作，建立能源计量制度。"),
		doc("sample", 2, true, "机关推进节能工作，建立计量制度。"),
		doc("other", 3, true, "会议费按规定执行，培训应当附通知。"),
		doc("other2", 4, true, "办公用房维修应当制定年度计划。"),
	}, "samples")
	order := func(factor float64, q string) []string {
		t.Helper()
		saved := sampleFactor
		sampleFactor = factor
		defer func() { sampleFactor = saved }()
		var out []string
		for _, h := range mustSearch(t, ix, Request{Query: q, Flat: true}).Hits {
			out = append(out, h.Section)
		}
		return out
	}
	if got := order(1, "节能 计量"); len(got) < 2 || got[0] != "sample-1" {
		t.Fatalf("without the sample factor: %v, want the shorter sample-1 first (the test's premise)", got)
	}
	if got := order(sampleFactor, "节能 计量"); len(got) < 2 || got[0] != "real-1" {
		t.Errorf("食堂 菜谱 公示: %v, want the real standard's real-1 above sample-1", got)
	}
	if got := order(sampleFactor, "会议费 培训"); !slices.Contains(got, "other-1") {
		t.Errorf("会议费 培训: %v, want the sample section other-1 found", got)
	}
}
