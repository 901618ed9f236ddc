package schemas_test

import (
	"strings"
	"testing"

	"stdkb/schemas"
)

// Fields of a submission are named from the schema's titles, through lists and $refs; what the
// schema does not know is quoted as written.
func TestLabel(t *testing.T) {
	for field, want := range map[string]string{
		"stage":                     "评估阶段",
		"period.to":                 "评估期间截止日",
		"items[3].score":            "检查项评价第 4 项的得分",
		"items[0].evidence[1]":      "检查项评价第 1 项的佐证材料第 2 项",
		"standards[0].framework[2]": "标准清单第 1 项的体系代码第 3 项",
		"standards[1].effect_evaluations[0].date": "标准清单第 2 项的实施效果评价第 1 项的日期",
		"indicators[0].baseline.year":             "规划指标数据第 1 项的基数年份",
		"indicators[0].values[1].value":           "规划指标数据第 1 项的各年数值第 2 项的数值",
		"campaigns[0].standards":                  "宣传贯彻与实施评估活动第 1 项的涉及标准",
		"items[0].colour":                         "检查项评价第 1 项的“colour”",
		"colour.size":                             "“colour”“size”",
	} {
		if got := schemas.Label("submission", splitPath(field)); got != want {
			t.Errorf("%s: %q, want %q", field, got, want)
		}
	}
}

// splitPath turns items[3].score into its location.
func splitPath(f string) []string {
	return strings.Split(strings.NewReplacer("[", ".", "]", "").Replace(f), ".")
}
