package stdkb

import "testing"

func TestFieldLabel(t *testing.T) {
	for _, c := range []struct {
		kind        Kind
		field, want string
	}{
		{KindStandard, "framework", "所属体系"},
		{KindStandard, "number", "标准编号"},
		{KindRegulation, "number", "文号"},
		{KindRegulation, "effective", "施行日期"},
		{KindStandard, "reviews[0].date", "复审记录第 1 项的日期"},
		{KindRegulation, "period.to", "规划期终止年"},
		{KindRegulation, "mentions[2]", "规划中的依据第 3 项"},
		{KindStandard, "reviews[1].verdict", "复审记录第 2 项的verdict"},
		{KindStandard, "titel", "titel"},
	} {
		if got := FieldLabel(c.kind, c.field); got != c.want {
			t.Errorf("FieldLabel(%s, %q) = %q, want %q", c.kind, c.field, got, c.want)
		}
	}
}

func TestEditionLabel(t *testing.T) {
	for _, c := range []struct {
		key, status, want string
	}{
		{"2019", "现行", "2019"},
		{"draft", "拟制定", "拟制定稿"},
		{"draft", "征求意见稿", "征求意见稿"},
		{"2024", "征求意见稿", "2024"},
		{"current", "现行", "现行文本"}, // an undated edition is never named by its file
		{"current", "废止", "未注明年份的版本"},
	} {
		e := &Edition{Key: c.key, Status: c.status}
		if got := e.Label(); got != c.want {
			t.Errorf("%s/%s: Label() = %q, want %q", c.key, c.status, got, c.want)
		}
	}
}
