package indexer

import (
	"slices"
	"testing"
)

// kindNames lists the names of the kinds in m.
func (fk *figureKinds) kindNames(m kindMask) []string {
	var out []string
	for i, n := range fk.names {
		if m&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return out
}

// TestFigureKindsStated reads figures with the content's own kinds (dict/figure-kinds.txt):
// the longest unit decides (6个月 is a deadline, not a count of 个), Chinese numerals count, a
// calendar year is not a number of years, and ordinals, quoted names and a lone 一 are no
// figures.
func TestFigureKindsStated(t *testing.T) {
	fk := newFigureKinds(testIndex(t, AnalyzerGSE).lib.Lexicon)
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"合同期限为6个月。", []string{"期限"}},
		{"托管期限一般不超过10年。", []string{"期限", "上限"}},
		{"服务期三年，期满可续签。", []string{"期限"}},
		{"收到意见后5个工作日内答复。", []string{"期限", "上限"}},
		{"每年3月底前报送上年度报表。", []string{"期限"}},
		{"到2025年，全市公共机构节约能源。", []string{"年份"}},
		{"2025年底前完成登记。", []string{"期限"}},
		{"全市共有公务用车30余辆、培训5000人次。", []string{"数量"}},
		{"新增十五个示范单位。", []string{"数量"}},
		{"新能源汽车比例不低于30%。", []string{"比例", "下限"}},
		{"至少占三分之一。", []string{"比例"}},
		{"实现全覆盖。", []string{"比例"}},
		{"补助标准为每人每天100元，总额3万元。", []string{"金额"}},
		{"夏季室内空调温度设置不低于26℃。", []string{"计量", "下限"}},
		{"依照第3条和第十五条执行。", nil},
		{"树立“四个意识”，推进“十四五”规划。", nil},
		{"建立一个机制，推出一批措施。", nil},
		{"依据GB/T 41568-2022执行。", nil},
		// Durations, as staff ask for them with 多久, 几天, 多长时间.
		{"接到报修后48小时内到场。", []string{"期限", "上限"}},
		{"24小时值守。", []string{"期限"}},
		{"3个工作日内办结。", []string{"期限", "上限"}},
		{"自收到之日起15日内答复。", []string{"期限", "上限"}},
		{"两个工作日内反馈。", []string{"期限", "上限"}},
		// Standards set unit symbols apart from the number.
		{"留样时间不少于48 h。", []string{"期限", "下限"}},
		{"每个品种留样量不少于125 g。", []string{"计量", "下限"}},
		{"温度不低于26 ℃。", []string{"计量", "下限"}},
		{"会议不超过30 min。", []string{"期限", "上限"}},
		{"保存48 hours。", nil},
		{"到2025 年，全市公共机构节约能源。", []string{"年份"}}, // a calendar year set apart from 年 is no duration
		{"2025 年底前完成登记。", []string{"期限"}},
		{"一周内反馈，半年评估一次。", []string{"期限"}},
	} {
		if got := fk.kindNames(fk.stated(tc.text)); !slices.Equal(got, tc.want) {
			t.Errorf("%s: kinds %v, want %v", tc.text, got, tc.want)
		}
	}
}

// TestHoldsFigures: the rule for any figure (多少, 几) counts durations as figures.
func TestHoldsFigures(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"接到报修后48小时内到场，3个工作日内修复。", true},
		{"留样时间不少于48 h，检测不超过30 min。", true},
		{"每周公布菜谱，满意度测评每15天一次。", false}, // 每周 states a period, but no number: one figure
		{"全市共有公务用车30辆、培训5000人次。", true},
		{"依照第3条执行。", false},
	} {
		if got := holdsFigures(tc.text); got != tc.want {
			t.Errorf("holdsFigures(%s) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

// TestFigureKindsAsked checks which kinds a query asks for: the longest cue decides, and a bare
// cue asks for a figure of any kind.
func TestFigureKindsAsked(t *testing.T) {
	fk := newFigureKinds(testIndex(t, AnalyzerGSE).lib.Lexicon)
	for _, tc := range []struct {
		query   string
		want    []string
		anyKind bool
	}{
		{"托管合同签几个月", []string{"期限"}, false},
		{"维修完多少天内归档", []string{"期限"}, false},
		{"几个区县试点", []string{"数量"}, false}, // 哪几个 is questions.go's: it asks for none
		{"电动车占百分之几", []string{"比例"}, false},
		{"合同最长签几年", []string{"期限", "上限"}, false},
		{"能耗降多少", nil, true},
		{"公务用车管理", nil, false},
	} {
		kinds, anyKind := fk.asked(tc.query)
		if got := fk.kindNames(kinds); !slices.Equal(got, tc.want) || anyKind != tc.anyKind {
			t.Errorf("%s: kinds %v (any %v), want %v (any %v)", tc.query, got, anyKind, tc.want, tc.anyKind)
		}
	}
}

// TestFigureQuestionsPreferTheKindAsked checks, on a small index, that a question naming a kind
// of figure prefers the section stating a figure of that kind over one stating figures of
// another kind, which the rule for any figure prefers (it counts two figures there and one in
// the answer); and that a bare cue keeps that rule.
func TestFigureQuestionsPreferTheKindAsked(t *testing.T) {
	// No word of "counts" holds 签: the query's lone 签 would be completed to it (completion.go).
	ix := smallIndex(t, map[string]string{
		"term":   "托管合同的期限一般为八年。",
		"counts": "托管合同约定托管范围、托管费用等12项内容，由3家单位共同执行。",
		"other1": "办公用房维修应当制定年度计划。",
		"other2": "机关食堂应当建立留样制度。",
		"other3": "公务用车实行统一管理。",
	})
	top := func(q string) string {
		res := mustSearch(t, ix, Request{Query: q, Flat: true})
		if len(res.Hits) < 2 {
			t.Fatalf("%s finds %d sections, want 2", q, len(res.Hits))
		}
		return res.Hits[0].Section
	}
	if got := top("托管合同签几年"); got != "term" {
		t.Errorf("托管合同签几年: top %s, want the section stating a number of years", got)
	}
	if got := top("托管合同有几项"); got != "counts" {
		t.Errorf("托管合同有几项: top %s, want the section stating a count", got)
	}
	defer func(saved bool) { typedFigures = saved }(typedFigures)
	typedFigures = false
	if got := top("托管合同签几年"); got != "counts" {
		t.Errorf("托管合同签几年 with the rule for any figure: top %s, want the section stating two figures", got)
	}
	typedFigures = true
	if got := top("托管合同要多少"); got != "counts" {
		t.Errorf("托管合同要多少 (any figure): top %s, want the section stating two figures", got)
	}
}

// BenchmarkFigureKinds measures what marking sections with the kinds of figure they state
// adds to a build (and to opening an index): one pass over every section of the benchmark
// corpus, beside the rule for any figure (holdsFigures) measured in the same run.
func BenchmarkFigureKinds(b *testing.B) {
	lib := corpus(b)
	entries := catalog(lib)
	fk := newFigureKinds(lib.Lexicon)
	var size int
	for _, e := range entries {
		size += len(e.Text)
	}
	b.Run("kinds", func(b *testing.B) {
		b.SetBytes(int64(size))
		for range b.N {
			for _, e := range entries {
				fk.stated(e.Text)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(entries)), "µs/section")
	})
	b.Run("any", func(b *testing.B) {
		b.SetBytes(int64(size))
		for range b.N {
			for _, e := range entries {
				holdsFigures(e.Text)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(entries)), "µs/section")
	})
}

// BenchmarkFigureCues measures what reading a query's figure cues adds to a search, over the
// existing set's queries.
func BenchmarkFigureCues(b *testing.B) {
	fk := newFigureKinds(testIndex(b, AnalyzerGSE).lib.Lexicon)
	qs := queryMix(b)
	b.ResetTimer()
	for i := range b.N {
		fk.asked(qs[i%len(qs)])
	}
}
