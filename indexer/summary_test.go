package indexer

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"stdkb"
)

// outline builds an edition from lines "id parent title | text" (parent "-" for a top-level
// chapter, listed before its clauses; the text may be empty).
func outline(lines ...string) *stdkb.Edition {
	e := &stdkb.Edition{DocID: "doc", Key: "2024", Kind: stdkb.KindStandard}
	paths := map[string][]string{}
	for _, l := range lines {
		head, text, _ := strings.Cut(l, "|")
		f := strings.SplitN(strings.TrimSpace(head), " ", 3)
		s := &stdkb.Section{ID: f[0], Parent: f[1], Title: f[2], Depth: 2, Text: strings.TrimSpace(text)}
		if s.Parent == "-" {
			s.Parent = ""
		} else {
			s.Depth = 3
		}
		s.Path = append(slices.Clone(paths[s.Parent]), s.Title)
		paths[s.ID] = s.Path
		e.Sections = append(e.Sections, s)
	}
	return e
}

func TestSummarySections(t *testing.T) {
	chapters := []string{
		"4 - 基本要求 |", "4.1 4 条款 | 维修应当及时。",
		"5 - 维修计划 |", "6 - 项目实施 |", "7 - 验收与归档 |", "8 - 监督检查 |",
	}
	tests := []struct {
		name  string
		lines []string
		want  []string
	}{
		{"a scope clause naming four chapters",
			append([]string{"1 - 范围 | 本文件规定了办公用房维修的基本要求、维修计划、项目实施、监督检查等内容。"}, chapters...),
			[]string{"1"}},
		{"naming two chapters is a clause that refers to them, not a summary",
			append([]string{"1 - 范围 | 本文件规定了办公用房维修的维修计划和项目实施。"}, chapters...),
			nil},
		{"a chapter's clause naming its own chapter and two others",
			append([]string{"1 - 范围 | 本文件适用于办公用房维修。", "4.2 4 条款 | 基本要求适用于维修计划和项目实施。"}, chapters...),
			nil},
		{"a clause inside a chapter naming three other chapters",
			append([]string{"1 - 范围 | 本文件适用于办公用房维修。", "4.2 4 条款 | 维修计划、项目实施和验收与归档按本文件执行。"}, chapters...),
			[]string{"4.2"}},
		{"two-character headings are not looked for",
			[]string{
				"1 - 总则 | 总则、职责、附则和监督检查的规定。", "2 - 职责 |", "3 - 附则 |", "4 - 范围 |", "5 - 监督检查 |",
			},
			nil},
		{"numbering is taken off the headings",
			[]string{
				"ch1 - 第一章 总体要求 | 本规划包括发展基础、主要任务、保障措施和实施评估。",
				"ch2 - 第二章 发展基础 |", "ch3 - 第三章 主要任务 |", "ch4 - 第四章 保障措施 |", "ch5 - 第五章 实施评估 |",
			},
			[]string{"ch1"}},
		{"a short standard's scope naming all three other chapters", []string{
			"1 - 范围 | 本文件规定了基本要求、维修计划、项目实施。", "4 - 基本要求 |", "5 - 维修计划 |", "6 - 项目实施 |",
		}, []string{"1"}},
		{"an edition with fewer long headings than a summary names", []string{
			"1 - 范围 | 本文件规定了基本要求、维修计划。", "4 - 基本要求 |", "5 - 维修计划 |", "6 - 附则 |",
		}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := slices.Sorted(maps.Keys(summarySections(outline(tc.lines...))))
			if !slices.Equal(got, tc.want) {
				t.Errorf("summaries %v, want %v", got, tc.want)
			}
		})
	}
}

func TestChapterHeading(t *testing.T) {
	for in, want := range map[string]string{
		"第三章 深化机关事务管理体制机制改革": "深化机关事务管理体制机制改革",
		"第一节 指导思想":           "指导思想",
		"一、总体要求":             "总体要求",
		"（二）主要任务":            "主要任务",
		"3.2 服务承接单位":         "服务承接单位",
		"附录A 统计报表":           "统计报表",
		"A.1 统计报表说明":         "统计报表说明",
		"3.2\u3000服务承接单位":    "服务承接单位", // an ideographic space after the number
		"第一章\u3000总体要求":      "总体要求",
		"2025年工作目标":          "2025年工作目标", // a year is part of the title, not its number
		"范围":                 "",          // too short to tell a summary by
		"第一章 总则":             "",
	} {
		if got := chapterHeading(in); got != want {
			t.Errorf("chapterHeading(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSummariesYieldToChapters: a standard's scope clause names its chapters in a few words
// ("……验收与归档等内容"), so it holds every word of 维修 验收 内容 and outranks the clause of the
// acceptance chapter that answers, which is longer and lacks 内容. With summaryFactor the clause
// ranks first. A query only the scope clause answers still finds it first.
func TestSummariesYieldToChapters(t *testing.T) {
	testIndex(t, AnalyzerGSE)
	eff := stdkb.MustDate("2024-01-01")
	e := outline(
		"1 - 范围 | 本文件规定了办公用房维修的基本要求、维修计划、项目实施、验收与归档等内容。本文件适用于党政机关。",
		"4 - 基本要求 |", "4.1 4 条款 | 维修应当坚持节约、安全、实用的原则。",
		"5 - 维修计划 |", "5.1 5 条款 | 使用单位应当于每年九月前编制下一年度维修计划，报机关事务管理部门审核后纳入预算。",
		"6 - 项目实施 |", "6.1 6 条款 | 维修项目应当按照批准的方案组织施工，不得擅自变更内容。",
		"7 - 验收与归档 |", "7.1 7 条款 | 项目完工后，使用单位应当会同机关事务管理部门组织竣工验收，验收合格后方可交付使用；"+
			"施工合同、变更签证、竣工图纸和结算文件应当在验收后三十日内整理归档，保存期限不少于十年。",
	)
	e.Title, e.Number, e.Level, e.Status, e.Issued, e.Effective, e.Sample = "办公用房维修规范", "DB50/T 9901-2024", "地方", "现行", eff, eff, true
	ix := documentsIndex(t, []*stdkb.Document{{ID: "doc", Kind: stdkb.KindStandard, Editions: []*stdkb.Edition{e}}}, "summaries")
	if e := ix.entries["doc@2024#1"]; e == nil || !e.Summary {
		t.Fatalf("the scope clause's entry %+v is not marked as a summary", e)
	}
	// Query coverage also counts a summary as covering nothing (coverage.go): the premise and
	// the summary factor's own effect are measured without it.
	order := func(factor, coverage float64, q string) []string {
		t.Helper()
		saved, savedCoverage := summaryFactor, coverageWeight
		summaryFactor, coverageWeight = factor, coverage
		defer func() { summaryFactor, coverageWeight = saved, savedCoverage }()
		var out []string
		for _, h := range mustSearch(t, ix, Request{Query: q, Flat: true}).Hits {
			out = append(out, h.Section)
		}
		return out
	}
	const q = "维修 验收 内容"
	if got := order(1, 0, q); len(got) < 2 || got[0] != "1" {
		t.Fatalf("%s without the summary factor and coverage: %v, want the scope clause 1 first (the test's premise)", q, got)
	}
	if got := order(summaryFactor, 0, q); len(got) < 2 || got[0] != "7.1" {
		t.Errorf("%s without coverage: %v, want the answering clause 7.1 first", q, got)
	}
	// With coverage 6.1 may come first: it holds 内容, the query's rarest word, beside 维修.
	if got := order(summaryFactor, coverageWeight, q); slices.Index(got, "7.1") < 0 || slices.Index(got, "1") >= 0 && slices.Index(got, "1") < slices.Index(got, "7.1") {
		t.Errorf("%s: %v, want the answering clause 7.1 above the scope clause", q, got)
	}
	for _, coverage := range []float64{0, coverageWeight} {
		if got := order(summaryFactor, coverage, "党政机关 适用"); len(got) == 0 || got[0] != "1" {
			t.Errorf("党政机关 适用, coverage weight %.1f: %v, want the scope clause 1 first", coverage, got)
		}
	}
}
