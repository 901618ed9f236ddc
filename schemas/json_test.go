package schemas_test

import (
	"strconv"
	"strings"
	"testing"

	"stdkb/schemas"
)

// DecodeJSON reads JSON as JSON: what YAML would forgive or misread is refused, with the line,
// the column and the reason in Chinese, and every valid JSON text is read as written.
func TestDecodeJSON(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		want      string // "" when the text is valid
	}{
		{"valid", "{\n\t\"a\": \"x\\/y\\u00e9\",\n\t\"b\": [1, 2.5, -3e2, true, null]\n}", ""},
		{"trailing data", `{"a": 1} garbage`, "第 1 行: JSON 语法错误：对象结束后还有多余的内容（第 10 列起）"},
		{"two objects", "{\"a\": 1}\n{\"a\": 2}", "第 2 行: JSON 语法错误：对象结束后还有多余的内容（第 1 列起）"},
		{"duplicate key", "{\"a\": 1,\n \"a\": 2}", "第 2 行 a: 字段重复"},
		{"trailing comma", "{\"a\": 1,\n}", "第 2 行: JSON 语法错误：最后一项后面多了逗号（JSON 不允许尾随逗号）（第 1 列）"},
		{"yaml", "# 注释\nunit: 沙坪坝区", "第 1 行: JSON 语法错误：此处应为一个值（对象、数组、带双引号的文字、数字、true、false 或 null），却是“#”（第 1 列）"},
		{"missing colon", `{"a" 1}`, "第 1 行: JSON 语法错误：字段名后缺少冒号“:”（第 6 列）"},
		{"missing comma", `{"单位": 1 "b": 2}`, "第 1 行: JSON 语法错误：缺少逗号“,”或右花括号“}”（第 10 列）"},
		{"single quotes", `{'a': 1}`, "第 1 行: JSON 语法错误：此处应为带双引号的字段名，却是“'”（第 2 列）"},
		{"bad value", "{\"a\": 1,\n \"b\": #}", "第 2 行: JSON 语法错误：此处应为一个值（对象、数组、带双引号的文字、数字、true、false 或 null），却是“#”（第 7 列）"},
		{"raw tab", "{\"a\": \"x\ty\"}", "第 1 行: JSON 语法错误：文字中有不允许的控制字符"},
		{"bad literal", `{"a": tru}`, "第 1 行: JSON 语法错误：不是合法的 true、false 或 null"},
		{"truncated", `{"a": [1, 2`, "第 1 行: JSON 语法错误：内容意外结束（括号或引号没有闭合）"},
		{"not an object", `[1]`, "第 1 行: JSON 顶层应为对象 { … }"},
		{"empty", "  \n", "第 1 行: 文件为空"},
		{"too deep", `{"a":` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + "}", "第 1 行: 嵌套过深：至多 32 层"},
		{"huge integer", `{"a": 123456789012345678901234567890}`, "第 1 行 a: 数字 123456789012345678901234567890 超出范围"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := schemas.DecodeJSON([]byte(tt.src))
			var got []string
			for _, e := range errs {
				s := "第 " + strconv.Itoa(e.Line) + " 行"
				if e.Field != "" {
					s += " " + e.Field
				}
				got = append(got, s+": "+e.Message)
			}
			if tt.want == "" && len(got) > 0 || tt.want != "" && (len(got) != 1 || !strings.HasPrefix(got[0], tt.want)) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// Every value of a decoded JSON document knows its line, as in a YAML one.
func TestDecodeJSONLines(t *testing.T) {
	doc, errs := schemas.DecodeJSON([]byte("{\n  \"items\": [\n    {\"id\": \"a\"},\n    {\"id\": \"b\",\n     \"score\": 3}\n  ]\n}"))
	if errs != nil {
		t.Fatal(errs)
	}
	for _, tt := range []struct {
		loc  []string
		want int
	}{{[]string{"items"}, 2}, {[]string{"items", "0", "id"}, 3}, {[]string{"items", "1", "score"}, 5}, {[]string{"items", "1", "nope"}, 4}} {
		if got := doc.Line(tt.loc...); got != tt.want {
			t.Errorf("line of %v: %d, want %d", tt.loc, got, tt.want)
		}
	}
}

// DecodeJSONWith holds a document to its schema's shape and list limits, as DecodeYAMLWith
// does, so a JSON body is bounded the way a YAML one is.
func TestDecodeJSONWithShape(t *testing.T) {
	opts := schemas.DecodeOptions{Shape: &schemas.Shape{MaxDepth: 3, MaxFanOut: 2}, ListLimits: map[string]int{"n": 2}}
	for _, tt := range []struct{ src, want string }{
		{`{"a": [{}, {"b": 1}], "n": [1, 2]}`, ""},
		{`{"a": [{}, {}, {}]}`, "至多 2 项，这里已超过"},
		{`{"a": [[[1]]]}`, "嵌套过深：至多 3 层"},
		{`{"n": [1, 2, 3]}`, "至多 2 项"},
	} {
		_, errs := schemas.DecodeJSONWith([]byte(tt.src), opts)
		if tt.want == "" && errs != nil || tt.want != "" && (len(errs) != 1 || !strings.Contains(errs[0].Message, tt.want)) {
			t.Errorf("%s: %v, want %q", tt.src, errs, tt.want)
		}
	}
}
