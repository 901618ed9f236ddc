package schemas

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"
	errorformatv3 "go.yaml.in/yaml/v4/plugin/errorformat/v3"
	"go.yaml.in/yaml/v4/plugin/loaderlimits"
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

// DecodeYAML decodes src, whose first line is line firstLine of the file it came from. The top
// level must be a mapping. Duplicate fields, aliases, and non-finite numbers are errors; dates
// stay strings. It never panics.
func DecodeYAML(src []byte, firstLine int) (*Document, []LineError) {
	return DecodeYAMLWith(src, DecodeOptions{FirstLine: firstLine})
}

// DecodeOptions says how DecodeYAMLWith reads a document.
type DecodeOptions struct {
	// FirstLine is the line of the file that src starts at; 0 means 1.
	FirstLine int
	// Shape, when set, is checked while the document is read (see ShapeOf): a document that
	// leaves it is refused there, before the rest is parsed.
	Shape *Shape
	// ListLimits bound the entries of top-level lists (see ListLimits). They are checked on the
	// node tree, before it is converted or validated, with CheckJSONCounts's message.
	ListLimits map[string]int
}

// DecodeYAMLWith is DecodeYAML with options.
func DecodeYAMLWith(src []byte, opts DecodeOptions) (*Document, []LineError) {
	firstLine := max(opts.FirstLine, 1)
	doc, err := loadNode(bytes.NewReader(src), opts.Shape)
	if err != nil {
		return nil, []LineError{yamlError(err, firstLine)}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, []LineError{{Line: firstLine, Message: "文件为空"}}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, []LineError{{Line: root.Line + firstLine - 1, Message: "应为若干“字段: 值”"}}
	}
	return newDocument(root, firstLine, opts.ListLimits)
}

// newDocument checks a decoded tree's list counts, then converts it to plain values, whichever
// syntax it was read from.
func newDocument(root *yaml.Node, firstLine int, limits map[string]int) (*Document, []LineError) {
	d := &Document{root: root, firstLine: firstLine}
	if e := d.checkListCounts(limits); e != nil {
		return nil, []LineError{*e}
	}
	var errs []LineError
	d.Value = d.toValue(root, nil, &errs)
	if len(errs) > 0 {
		return nil, errs
	}
	return d, nil
}

// loadNode reads the first document of r into a node tree as yaml.v3 did (its messages, an
// empty document for empty input, later documents ignored), checking shape while reading.
func loadNode(r io.Reader, shape *Shape) (*yaml.Node, error) {
	limits := loaderlimits.New()
	var counter *shapeCounter
	if shape != nil {
		counter = &shapeCounter{shape: *shape}
		limits = loaderlimits.New(loaderlimits.DepthFunc(counter.check))
	}
	var doc yaml.Node
	dec, err := yaml.NewLoader(r, yaml.WithV3Defaults(), yaml.WithPlugin(limits, errorformatv3.New()))
	if err == nil {
		err = dec.Load(&doc)
	}
	if counter != nil && counter.refusal != "" {
		return nil, shapeError{msg: counter.refusal, err: err}
	}
	if errors.Is(err, io.EOF) { // no document at all: yaml.v3 gave an empty one
		return &doc, nil
	}
	return &doc, err
}

// shapeError is a refusal by a shapeCounter, with the loader's error that locates it.
type shapeError struct {
	msg string
	err error
}

func (e shapeError) Error() string { return e.err.Error() }
func (e shapeError) Unwrap() error { return e.err }

// yamlError turns a loader error into a located error: at the line where an unclosed [ or {
// opens, else where the loader stopped.
func yamlError(err error, firstLine int) LineError {
	var se shapeError
	shape := errors.As(err, &se)
	var le *yaml.LoadError
	if !errors.As(err, &le) {
		return LineError{Line: firstLine, Message: "YAML 格式有误：" + strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	line := le.Mark.Line
	if strings.HasPrefix(le.ContextMsg, "while parsing a flow") && le.ContextMark.Line > 0 {
		line = le.ContextMark.Line
	}
	out := LineError{Line: max(line, 1) + firstLine - 1, Message: "YAML 格式有误：" + yamlReason(le.Message)}
	if shape {
		out.Message = se.msg
	}
	return out
}

// yamlReasons word the loader's usual syntax errors for the people who typed them.
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

// yamlReason is the loader's reason in Chinese when it is a usual one, else as it is.
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
