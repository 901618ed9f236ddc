package indexer

import (
	"context"
	"errors"
	"testing"

	"stdkb"
)

// FuzzSearch feeds arbitrary query strings through parsing and search: every input either
// searches or fails with an EINVALID error; none panics or fails internally.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"公务用车", `"分时租赁" -新能源`, "DB50/T 9901-2019", "year:2019..2023 type:standard", "asof:2022-06-01 公物仓",
		"渝机管发〔2021〕104号", "5.5.17", `"`, "-", "a:", ":", "domain:B3 level:地方", "-\"\"", "国务院令第738号",
		"公务用车　-新能源", `"务用车"`, "渝机管发2021 104号", "国办发〔2020〕1号和渝府办发〔2021〕2号", "ＤＢ５０／Ｔ　１２３４",
		"公车能不能私用", "可以不可以", "哪几个区县", "标准不准确", "296号令", "重庆市人民政府令第296号令", "48 h内", "能\xe4\xb8不能",
		"专栏3第5条", "专栏三十一", "专栏99999999999999999999", "表1.2", "那个国标", "国家地方标准", "地方的标准"} {
		f.Add(s)
	}
	ix := testIndex(f, AnalyzerGSE)
	f.Fuzz(func(t *testing.T, q string) {
		_, err := ix.Search(context.Background(), Request{Query: q})
		var e *stdkb.Error
		if err != nil && (!errors.As(err, &e) || e.Code != stdkb.EINVALID) {
			t.Fatalf("query %q: %v (want success or EINVALID)", q, err)
		}
	})
}
