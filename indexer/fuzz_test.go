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
		"公务用车　-新能源", `"务用车"`, "渝机管发2021 104号", "国办发〔2020〕1号和渝府办发〔2021〕2号", "ＤＢ５０／Ｔ　１２３４"} {
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
