package indexer

import (
	"slices"
	"strings"
	"testing"

	"stdkb"
)

// describe writes what a query's document cues name: "level=国家", "kind=checklist",
// "section=名词解释、术语和定义".
func (a docAsk) describe() []string {
	var out []string
	for _, c := range a {
		var parts []string
		for _, k := range c.kinds {
			parts = append(parts, "kind="+string(k))
		}
		if len(c.levels) > 0 {
			parts = append(parts, "level="+strings.Join(c.levels, "、"))
		}
		if len(c.sections) > 0 {
			parts = append(parts, "section="+strings.Join(c.sections, "、"))
		}
		out = append(out, strings.Join(parts, " "))
	}
	return out
}

// TestQueryDocCues reads queries with the content's own cues (dict/document-cues.txt).
func TestQueryDocCues(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	const (
		issued = "section=文件概况、标准概况、规划中的相关表述、印发通知"
		basis  = issued + "、前言"
		terms  = "section=名词解释、术语和定义"
	)
	tests := []struct {
		query string
		want  []string
	}{
		{"机房用电效率那个国标必须执行吗", []string{"level=国家"}},
		{"沪上公车喷标那个地方标准", []string{"level=地方"}},
		{"五年内要出几个地标和团标", []string{"level=地方", "level=团体"}},
		{"市政府管机关事务的那个规章哪年生效", []string{issued, "level=规章"}},
		{"中央关于标准化的纲领性文件", []string{"level=规划"}},
		{"试点中期自评表有几项", []string{"kind=checklist"}},
		{"编写用能额度标准的通用规则", []string{"kind=standard"}},
		{"标准化专家库", nil},    // 标准 inside a longer word
		{"单位要请法律顾问吗", nil}, // 法律 inside a longer word
		{"公务用车", nil},
		// Cues of a kind of answer, matched as written: the segmenter drops 哪, 的, 什么.
		{"重庆公车管理的办法哪年发的", []string{issued}},
		{"国管局那个五年规划几月份出的", []string{issued, "level=规划"}},
		{"驻渝办管理依据", []string{basis}},
		{"大修中修和小修怎么区分", []string{terms}},
		{"分时租赁是什么意思", []string{terms}}, // two of the line's phrases, one cue
		{"租车的钱什么时候结", nil},
	}
	for _, tt := range tests {
		if got := ix.queryDocCues(tt.query).describe(); !slices.Equal(got, tt.want) {
			t.Errorf("queryDocCues(%q) = %q, want %q", tt.query, got, tt.want)
		}
	}
}

func TestDocCueNames(t *testing.T) {
	plan := &entry{Kind: stdkb.KindRegulation, Level: "规划"}
	gb := &entry{Kind: stdkb.KindStandard, Level: "国家"}
	list := &entry{Kind: stdkb.KindChecklist}
	tests := []struct {
		cue  docCue
		e    *entry
		want bool
	}{
		{docCue{levels: []string{"国家"}}, gb, true},
		{docCue{levels: []string{"国家"}}, plan, false},
		{docCue{levels: []string{"法律", "规划"}}, plan, true},
		{docCue{kinds: []stdkb.Kind{stdkb.KindChecklist}}, list, true},
		{docCue{kinds: []stdkb.Kind{stdkb.KindChecklist}}, gb, false},
		{docCue{kinds: []stdkb.Kind{stdkb.KindStandard}, levels: []string{"国家"}}, gb, true},
		{docCue{kinds: []stdkb.Kind{stdkb.KindRegulation}, levels: []string{"国家"}}, gb, false}, // both must hold
	}
	for _, tt := range tests {
		if got := tt.cue.names(tt.e); got != tt.want {
			t.Errorf("%v names %s/%s = %v, want %v", tt.cue, tt.e.Kind, tt.e.Level, got, tt.want)
		}
	}
	if (docAsk{}).names(gb) || !(docAsk{{levels: []string{"规划"}}, {levels: []string{"国家"}}}).names(gb) {
		t.Error("a query's cues: none names nothing, any names its sections")
	}
}

func TestDocCueNamesSections(t *testing.T) {
	front := &entry{Kind: stdkb.KindRegulation, Level: "规章", Path: []string{"文件概况"}}
	term := &entry{Kind: stdkb.KindStandard, Level: "地方", Path: []string{"术语和定义", "大修"}}
	chapter := &entry{Kind: stdkb.KindRegulation, Level: "规划", Path: []string{"第四章 提高服务保障水平", "第四节 公务用车"}}
	issued := docCue{sections: []string{"文件概况", "标准概况"}}
	terms := docCue{sections: []string{"名词解释", "术语和定义"}}
	rules := docCue{levels: []string{"规章"}}
	tests := []struct {
		ask  docAsk
		e    *entry
		want float64
	}{
		{docAsk{issued}, front, docCueFactor},
		{docAsk{issued}, chapter, 1},
		{docAsk{terms}, term, docCueFactor}, // a heading above its own
		{docAsk{terms}, front, 1},
		{docAsk{{levels: []string{"地方"}, sections: []string{"术语和定义"}}}, term, docCueFactor},
		{docAsk{{levels: []string{"国家"}, sections: []string{"术语和定义"}}}, term, 1}, // all must hold
		{docAsk{rules, issued}, front, docCueFactor * docCueFactor},              // a kind of document and of answer
		{docAsk{rules, {levels: []string{"规章", "规划"}}}, front, docCueFactor},     // two of documents count once
		{docAsk{issued, terms}, chapter, 1},
		{nil, front, 1},
	}
	for _, tt := range tests {
		if got := tt.ask.factor(tt.e); got != tt.want {
			t.Errorf("%q on %q: factor %v, want %v", tt.ask.describe(), tt.e.Path, got, tt.want)
		}
	}
}

// TestAnswerCuesRankTheirSections: the plan's chapter holds the query's words more often than
// the regulation's own 文件概况, or the plan's glossary entry, and ranks first, unless the query
// asks when the regulation was issued, or what a term means, and the cue's preference counts.
// Without the cue the chapter stays first.
func TestAnswerCuesRankTheirSections(t *testing.T) {
	testIndex(t, AnalyzerGSE)
	eff := stdkb.MustDate("2021-11-23")
	plan := outline(
		"p1 - 第四章 强化公务用车管理 | 严格执行公务用车管理办法，推进公务用车制度改革。",
		"p2 - 第五章 建设公物仓 | 建设公物仓，推进公物仓共享共用，公物仓资产统一调剂。",
		"p3 - 第六章 节约能源 | 推进公共机构节约能源资源。",
		"glossary - 名词解释 |",
		"fn-2 glossary 公物仓 | 公物仓：是指党政机关既解决举办大型会议活动重复购置办公资产，又避免机关资产闲置浪费，对物资设备实行集中统一管理的模式。",
	)
	plan.DocID, plan.Kind, plan.Title, plan.Level, plan.Status, plan.Issued, plan.Effective = "plan", stdkb.KindRegulation, "机关事务工作规划", "规划", "现行", eff, eff
	reg := outline("文件概况 - 文件概况 | 党政机关公务用车管理办法的配套规定，规范车辆配备、使用和处置。")
	reg.DocID, reg.Kind, reg.Title, reg.Level, reg.Status, reg.Issued, reg.Effective = "reg", stdkb.KindRegulation, "党政机关用车办法", "规范性文件", "现行", eff, eff
	ix := documentsIndex(t, []*stdkb.Document{
		{ID: "plan", Kind: stdkb.KindRegulation, Editions: []*stdkb.Edition{plan}},
		{ID: "reg", Kind: stdkb.KindRegulation, Editions: []*stdkb.Edition{reg}},
	}, "answercues")
	first := func(factor float64, q string) string {
		t.Helper()
		saved := answerCueFactor
		answerCueFactor = factor
		defer func() { answerCueFactor = saved }()
		hits := mustSearch(t, ix, Request{Query: q, Flat: true}).Hits
		if len(hits) == 0 {
			t.Fatalf("%s: no hits", q)
		}
		return hits[0].DocID + "#" + hits[0].Section
	}
	tests := []struct {
		query, chapter, want string
	}{
		{"公务用车管理办法哪年发的", "plan#p1", "reg#文件概况"},
		{"公务用车管理办法什么时候施行", "plan#p1", "reg#文件概况"},
		{"公务用车管理办法", "plan#p1", "plan#p1"}, // asks no kind of answer
		{"公物仓是什么意思", "plan#p2", "plan#fn-2"},
		{"公物仓啥意思", "plan#p2", "plan#fn-2"},
		{"公物仓", "plan#p2", "plan#p2"},
	}
	for _, tt := range tests {
		if got := first(1, tt.query); got != tt.chapter {
			t.Fatalf("%s without the preference: %s first, want %s (the test's premise)", tt.query, got, tt.chapter)
		}
		if got := first(answerCueFactor, tt.query); got != tt.want {
			t.Errorf("%s: %s first, want %s", tt.query, got, tt.want)
		}
	}
}
