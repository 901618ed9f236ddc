package schemas_test

import (
	"reflect"
	"testing"

	"stdkb/schemas"
)

func TestEverySchemaCompiles(t *testing.T) {
	for _, name := range schemas.Names() {
		if _, err := schemas.Validate(name, map[string]any{}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := schemas.Validate("nope", nil); err == nil {
		t.Error("unknown schema accepted")
	}
}

func TestValidate(t *testing.T) {
	review := func(outcome string) map[string]any {
		return map[string]any{"date": "2021-01-01", "outcome": outcome}
	}
	tests := []struct {
		name   string
		schema string
		value  map[string]any
		want   []string // field: message
	}{
		{"valid regulation", "regulation", map[string]any{"kind": "regulation", "title": "办法", "status": "现行", "framework": []any{"B"}}, nil},
		{"missing and unknown", "regulation", map[string]any{"kind": "regulation", "title": "办法", "framework": []any{"B"}, "titel": "x"},
			[]string{"status: 缺少必填字段", "titel: 没有这个字段（请检查拼写）"}},
		{"nested enum", "standard", map[string]any{"kind": "standard", "number": "DB50/T 1-2020", "title": "t", "level": "地方", "nature": "推荐", "issuer": "i", "status": "现行", "framework": []any{"A"}, "reviews": []any{review("继续有效"), review("撤销")}},
			[]string{`reviews[1].outcome: “撤销”不可用：应为 继续有效、修订、废止 之一`}},
		{"impossible date", "regulation", map[string]any{"kind": "regulation", "title": "办法", "status": "现行", "framework": []any{"B"}, "issued": "2023-02-29"},
			[]string{`issued: 日期 "2023-02-29" 无效：应为 YYYY-MM-DD 格式的真实日期`}},
		{"empty framework", "regulation", map[string]any{"kind": "regulation", "title": "办法", "status": "现行", "framework": []any{}},
			[]string{"framework: 至少要有 1 项，现有 0 项"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vs, err := schemas.Validate(tt.schema, tt.value)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, v := range vs {
				got = append(got, v.Field()+": "+v.Message)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestFieldPath(t *testing.T) {
	for _, tt := range []struct {
		loc  []string
		want string
	}{
		{nil, ""},
		{[]string{"title"}, "title"},
		{[]string{"sections", "2", "items", "0", "max"}, "sections[2].items[0].max"},
		{[]string{"0", "a"}, "[0].a"},
	} {
		if got := schemas.FieldPath(tt.loc); got != tt.want {
			t.Errorf("FieldPath(%q) = %q, want %q", tt.loc, got, tt.want)
		}
	}
}
