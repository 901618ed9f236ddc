package indexer

import (
	"context"
	"slices"
	"testing"

	"stdkb"
)

func TestQuestionFormsPlain(t *testing.T) {
	lex := stdkb.Lexicon{
		AskVerbs:   []string{"能", "可以", "需要", "是", "有", "好"},
		WhichWords: []string{"哪"},
		FigureCues: []string{"几", "多少"},
		FigureKinds: []stdkb.FigureKind{
			{Name: "数量", Cues: []string{"几个", "几项"}},
			{Name: "期限", Cues: []string{"几个月"}},
		},
	}
	qf := newQuestionForms(lex)
	for _, tt := range []struct{ in, want string }{
		{"公车能不能私用", "公车 私用"},
		{"可不可以报销", " 报销"},
		{"可以不可以报销", " 报销"},
		{"需不需要审批", " 审批"},
		{"物业保洁有没有标准", "物业保洁 标准"},
		{"换车是不是必须买电动车", "换车 必须买电动车"},
		{"评估用得好不好", "评估用得 "},
		{"发票报不报销", "发票报销"},           // not an ask verb: its affirmative stays
		{"合不合规", "合规"},               // X不XY
		{"合规不合规", "合规"},              // XY不XY
		{"交没交社保", "交社保"},             // X没X
		{"不得超过", "不得超过"},             // no question: the halves differ
		{"不能私用", "不能私用"},             // a typed 不能 stays
		{"不超过三年不少于两人", "不超过三年不少于两人"}, // 不X不Y
		{"哪几个区县在试点", " 区县在试点"},
		{"哪几项指标", " 指标"},
		{"一区两群指哪几块", "一区两群指 块"}, // 几 alone is a cue
		{"哪个区县", "哪个区县"},        // 哪 before no cue
		{"哪几个月", " "},           // the longest cue goes with it
		{"多少个区县", "多少个区县"},
		{"", ""},
	} {
		if got := qf.plain(tt.in, nil); got != tt.want {
			t.Errorf("plain(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := newQuestionForms(stdkb.Lexicon{}).plain("能不能", nil); got != "能不能" {
		t.Errorf("without question forms: plain = %q", got)
	}
}

// TestQuestionFormsSearch: a yes-no question ranks as the plain query does, and a list
// question asks for no figure, on the content's own dictionaries.
func TestQuestionFormsSearch(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	ids := func(q string) []string {
		t.Helper()
		res, err := ix.Search(context.Background(), Request{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, h := range res.Hits {
			out = append(out, h.ID)
		}
		return out
	}
	for _, tt := range []struct{ question, plain string }{
		{"公车能不能私用", "公车 私用"},
		{"食堂能不能供加班餐", "食堂 供加班餐"},
		{"维修可不可以顺便豪华装修", "维修 顺便豪华装修"},
		{"水电费算不算机关开支", "水电费 机关开支"},
		{"试点要不要成立专门班子", "试点 成立专门班子"},
		{"哪几个区县在试点标准化", "区县在试点标准化"},
	} {
		if got, want := ids(tt.question), ids(tt.plain); !slices.Equal(got, want) {
			t.Errorf("%s: %v\nwant (as %s) %v", tt.question, got, tt.plain, want)
		}
	}
	for _, q := range []string{"哪几个区县在试点标准化", "哪几项指标", "哪几类单位"} {
		if a := ix.asksFigure(ix.questions.plain(q, ix.seg)); a.kinds != 0 || a.anyKind {
			t.Errorf("%s asks for a figure: %+v", q, a)
		}
	}
}

// TestQuestionFormsWordStart: an A-not-A question starts a word. When the first half is the
// end of the word before it (标准不准确 is 标准 | 不 | 准确, 节能不能 is 节能 | 不能), there is no
// question: rewriting it would cut that word in two and drop the negation that follows.
func TestQuestionFormsWordStart(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	for _, tt := range []struct{ in, want string }{
		{"标准不准确", "标准不准确"},
		{"节能不能达标", "节能不能达标"},
		{"功能不能满足", "功能不能满足"},
		{"费用不用报销", "费用不用报销"},
		{"所有没有登记的车辆", "所有没有登记的车辆"},
		{"但是不是所有单位", "但是不是所有单位"},
		{"可能不能按时完成", "可能不能按时完成"},
		{"预算不算数", "预算不算数"},
		{"银行不行", "银行不行"},
		{"批准不准", "批准不准"},
		// Questions that start a word are still rewritten.
		{"公车能不能私用", "公车 私用"},
		{"单位能不能报销", "单位 报销"},
		{"物业保洁有没有标准", "物业保洁 标准"},
		{"水电费算不算机关开支", "水电费 机关开支"},
		{"发票报不报销", "发票报销"},
		{"需要不需要审批", " 审批"},
	} {
		if got := ix.questions.plain(tt.in, ix.seg); got != tt.want {
			t.Errorf("plain(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
