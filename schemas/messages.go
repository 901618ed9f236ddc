package schemas

import (
	"fmt"
	"math/big"
	"regexp"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

// MissingField is the message of a required field that is missing; notAllowed words a value
// outside an enumeration (the value, then the allowed ones joined by 、), which NotAllowed
// matches.
const (
	MissingField = "缺少必填字段"
	notAllowed   = "“%s”不可用：应为 %s 之一"
)

// NotAllowed matches the message of a value outside an enumeration: the value, then the
// allowed values joined by 、.
var NotAllowed = regexp.MustCompile(`^“(.*)”不可用：应为 (.*) 之一$`)

// typeNames are JSON Schema types as a person filling a form names them.
var typeNames = map[string]string{"string": "文字", "number": "数字", "integer": "整数", "boolean": "是/否（true 或 false）",
	"object": "若干“字段: 值”", "array": "列表", "null": "空值"}

func typeName(t string) string {
	if n, ok := typeNames[t]; ok {
		return n
	}
	return t
}

func ratString(r *big.Rat) string {
	if r == nil {
		return ""
	}
	if r.IsInt() {
		return r.Num().String()
	}
	f, _ := r.Float64()
	return fmt.Sprint(f)
}

// chineseMessage is the message of one schema violation in Chinese, or "" when the kind has no
// Chinese wording here (the library's own wording is used then).
func chineseMessage(k any) string {
	switch k := k.(type) {
	case *kind.Type:
		want := make([]string, len(k.Want))
		for i, w := range k.Want {
			want[i] = typeName(w)
		}
		return fmt.Sprintf("应填%s，而不是%s", strings.Join(want, "或"), typeName(k.Got))
	case *kind.MinItems:
		return fmt.Sprintf("至少要有 %d 项，现有 %d 项", k.Want, k.Got)
	case *kind.MaxItems:
		return fmt.Sprintf("至多 %d 项，现有 %d 项", k.Want, k.Got)
	case *kind.MinLength:
		if k.Want == 1 {
			return "不能为空"
		}
		return fmt.Sprintf("至少 %d 个字符，现有 %d 个", k.Want, k.Got)
	case *kind.MaxLength:
		return fmt.Sprintf("至多 %d 个字符，现有 %d 个", k.Want, k.Got)
	case *kind.Minimum:
		return fmt.Sprintf("%s 小于下限 %s", ratString(k.Got), ratString(k.Want))
	case *kind.Maximum:
		return fmt.Sprintf("%s 超过上限 %s", ratString(k.Got), ratString(k.Want))
	case *kind.ExclusiveMinimum:
		return fmt.Sprintf("%s 应大于 %s", ratString(k.Got), ratString(k.Want))
	case *kind.ExclusiveMaximum:
		return fmt.Sprintf("%s 应小于 %s", ratString(k.Got), ratString(k.Want))
	case *kind.Pattern:
		return fmt.Sprintf("“%s”的写法不符合要求（应匹配 %s）", k.Got, k.Want)
	case *kind.UniqueItems:
		return fmt.Sprintf("第 %d 项与第 %d 项重复", k.Duplicates[0]+1, k.Duplicates[1]+1)
	case *kind.Const:
		return fmt.Sprintf("应为 “%v”", k.Want)
	case *kind.MinProperties:
		return fmt.Sprintf("至少要有 %d 个字段", k.Want)
	case *kind.MaxProperties:
		return fmt.Sprintf("至多 %d 个字段", k.Want)
	case *kind.MultipleOf:
		return fmt.Sprintf("%s 应为 %s 的整数倍", ratString(k.Got), ratString(k.Want))
	case *kind.OneOf:
		return "不符合任何一种允许的写法"
	}
	return ""
}
