package schemas

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Document is decoded YAML (or JSON, which YAML includes): its plain value, ready for Validate,
// and the source line of every value in it.
type Document struct {
	Value     any
	root      *yaml.Node
	firstLine int
}

// LineError is a problem located at a line of the source, and at a field when known.
type LineError struct {
	Line    int
	Field   string
	Message string
}

func (e LineError) Error() string { return e.Message }

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// DecodeYAML decodes src, whose first line is line firstLine of the file it came from. The top
// level must be a mapping. Duplicate fields, aliases, and non-finite numbers are errors; dates
// stay strings. It never panics.
func DecodeYAML(src []byte, firstLine int) (*Document, []LineError) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, []LineError{yamlError(err, firstLine)}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, []LineError{{Line: firstLine, Message: "文件为空"}}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, []LineError{{Line: root.Line + firstLine - 1, Message: "应为若干“字段: 值”"}}
	}
	d := &Document{root: root, firstLine: firstLine}
	var errs []LineError
	d.Value = d.toValue(root, nil, &errs)
	if len(errs) > 0 {
		return nil, errs
	}
	return d, nil
}

// yamlError turns a yaml.v3 syntax error into a located error.
func yamlError(err error, firstLine int) LineError {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		if strings.HasPrefix(m[2], "did not find expected") {
			n++ // yaml.v3 reports these parser errors at the 0-based line of their context
		}
		return LineError{Line: n + firstLine - 1, Message: "YAML 格式有误：" + yamlReason(m[2])}
	}
	return LineError{Line: firstLine, Message: "YAML 格式有误：" + strings.TrimPrefix(msg, "yaml: ")}
}

// yamlReasons word yaml.v3's usual syntax errors for the people who typed them.
var yamlReasons = map[string]string{
	"did not find expected ',' or ']'":                       "列表 [ ] 缺少“,”或“]”",
	"did not find expected ',' or '}'":                       "{ } 缺少“,”或“}”",
	"did not find expected key":                              "缩进有误，或缺少“字段:”",
	"did not find expected node content":                     "缺少值",
	"did not find expected '-' indicator":                    "列表项缺少“- ”，或缩进有误",
	"could not find expected ':'":                            "缺少冒号“:”",
	"mapping values are not allowed in this context":         "此处不能写“字段: 值”（检查冒号和缩进）",
	"found character that cannot start any token":            "出现了不能作为值开头的字符（例如制表符 Tab，请改用空格）",
	"found a tab character that violates indentation":        "缩进中有制表符 Tab，请改用空格",
	"found unexpected end of stream":                         "文件意外结束（引号或括号没有闭合）",
	"found unknown escape character":                         "双引号内有无法识别的转义字符（“\\”后的字母）",
	"block sequence entries are not allowed in this context": "此处不能开始列表（检查“- ”的缩进）",
}

// yamlReason is yaml.v3's reason in Chinese when it is a usual one, else as it is.
func yamlReason(reason string) string {
	for en, zh := range yamlReasons {
		if strings.HasPrefix(reason, en) {
			return zh
		}
	}
	return reason
}

// toValue converts a YAML node into the plain values JSON Schema validation expects. Aliases
// are refused: documents never need them and they allow exponential expansion.
func (d *Document) toValue(n *yaml.Node, path []string, errs *[]LineError) any {
	bad := func(msg string) any {
		*errs = append(*errs, LineError{Line: n.Line + d.firstLine - 1, Field: FieldPath(path), Message: msg})
		return nil
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode || k.Tag == "!!merge" {
				*errs = append(*errs, LineError{Line: k.Line + d.firstLine - 1, Field: FieldPath(path), Message: "字段名须为普通文字"})
				continue
			}
			p := append(append([]string(nil), path...), k.Value)
			if _, dup := m[k.Value]; dup {
				*errs = append(*errs, LineError{Line: k.Line + d.firstLine - 1, Field: FieldPath(p), Message: "字段重复"})
				continue
			}
			m[k.Value] = d.toValue(v, p, errs)
		}
		return m
	case yaml.SequenceNode:
		s := make([]any, len(n.Content))
		for i, c := range n.Content {
			s[i] = d.toValue(c, append(append([]string(nil), path...), strconv.Itoa(i)), errs)
		}
		return s
	case yaml.AliasNode:
		return bad("不支持 YAML 别名（*name）")
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return nil
		case "!!bool":
			b, err := strconv.ParseBool(n.Value)
			if err != nil {
				return n.Value
			}
			return b
		case "!!int":
			if i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64); err == nil {
				return i
			}
			return bad(fmt.Sprintf("数字 %s 超出范围", n.Value))
		case "!!float":
			f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
			if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
				return bad(fmt.Sprintf("%s 不是有限的数字", n.Value))
			}
			return f
		default: // strings, timestamps (kept as written) and custom tags
			return n.Value
		}
	}
	return bad("不支持的 YAML 写法")
}

// Line returns the file line of the value at loc, or of the deepest enclosing value that exists
// when loc names something missing.
func (d *Document) Line(loc ...string) int {
	n := d.root
	line := n.Line
	for _, p := range loc {
		var next *yaml.Node
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == p {
					line = n.Content[i].Line
					next = n.Content[i+1]
					break
				}
			}
		case yaml.SequenceNode:
			if i, err := strconv.Atoi(p); err == nil && i >= 0 && i < len(n.Content) {
				next = n.Content[i]
				line = next.Line
			}
		}
		if next == nil {
			break
		}
		n = next
	}
	return line + d.firstLine - 1
}
