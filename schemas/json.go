package schemas

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"
)

// MaxJSONDepth bounds how deeply a JSON document may nest when no Shape bounds it; documents
// need four or five levels, and the bound keeps the decoder's recursion small whatever a
// request sends.
const MaxJSONDepth = 32

// DecodeJSON decodes src as strict JSON (RFC 8259): exactly one value, an object, and nothing
// after it but white space. Like DecodeYAML it refuses duplicate fields and non-finite numbers,
// keeps dates as strings and records the line of every value; unlike DecodeYAML it reads JSON
// as JSON, so every valid JSON text is accepted (YAML refuses escapes such as \/) and nothing
// that is not JSON is. Syntax errors name the line and column in Chinese. It never panics.
func DecodeJSON(src []byte) (*Document, []LineError) {
	return DecodeJSONWith(src, DecodeOptions{})
}

// DecodeJSONWith is DecodeJSON with DecodeYAMLWith's options: the shape is checked while the
// document is read (exactly: JSON names every collection's parent), the top-level lists are
// counted before the tree is converted. FirstLine is ignored: JSON documents are whole files.
func DecodeJSONWith(src []byte, opts DecodeOptions) (*Document, []LineError) {
	b := &jsonBuilder{src: src, dec: json.NewDecoder(bytes.NewReader(src)), line: 1, shape: Shape{MaxDepth: MaxJSONDepth}}
	if opts.Shape != nil {
		b.shape = *opts.Shape
	}
	b.dec.UseNumber()
	root, err := b.value(0)
	if err != nil {
		return nil, []LineError{b.locate(err)}
	}
	if root.Kind != yaml.MappingNode {
		return nil, []LineError{{Line: root.Line, Message: "JSON 顶层应为对象 { … }"}}
	}
	if at := b.rest(); at >= 0 {
		line, col := b.position(at)
		return nil, []LineError{{Line: line, Message: fmt.Sprintf("JSON 语法错误：对象结束后还有多余的内容（第 %d 列起）：只能有一个 JSON 对象", col)}}
	}
	return newDocument(root, 1, opts.ListLimits)
}

// jsonBuilder turns a JSON token stream into the yaml.Node tree a Document is made of, counting
// lines as it goes (offsets only grow, so each byte is counted once).
type jsonBuilder struct {
	src          []byte
	dec          *json.Decoder
	counted      int // src[:counted] has been counted
	line         int // the line at offset counted
	lineStartsAt int // the offset where that line starts
	shape        Shape
	refusal      string // why the document left its shape
}

// value reads one value and what it holds.
func (b *jsonBuilder) value(depth int) (*yaml.Node, error) {
	tok, err := b.dec.Token()
	if err != nil {
		return nil, err
	}
	line := b.lineAt(int(b.dec.InputOffset()))
	switch t := tok.(type) {
	case json.Delim:
		if depth >= b.shape.MaxDepth {
			b.refusal = fmt.Sprintf("嵌套过深：至多 %d 层", b.shape.MaxDepth)
			return nil, errShape
		}
		if t == '{' {
			return b.object(line, depth)
		}
		return b.array(line, depth)
	case string:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: t, Line: line}, nil
	case json.Number:
		tag := "!!int"
		if strings.ContainsAny(string(t), ".eE") {
			tag = "!!float"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: string(t), Line: line}, nil
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: fmt.Sprint(t), Line: line}, nil
	default: // nil
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null", Line: line}, nil
	}
}

// object reads the fields of an object whose { was read.
func (b *jsonBuilder) object(line, depth int) (*yaml.Node, error) {
	n := &yaml.Node{Kind: yaml.MappingNode, Line: line}
	inside := 0 // collections among the values
	for entries := 1; b.dec.More(); entries++ {
		if err := b.entries(entries); err != nil {
			return nil, err
		}
		tok, err := b.dec.Token()
		if err != nil {
			return nil, err
		}
		keyLine := b.lineAt(int(b.dec.InputOffset()))
		v, err := b.value(depth + 1)
		if err == nil {
			err = b.fanOut(&inside, v)
		}
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key, Line: keyLine}, v)
	}
	_, err := b.dec.Token() // }
	return n, err
}

// array reads the elements of an array whose [ was read.
func (b *jsonBuilder) array(line, depth int) (*yaml.Node, error) {
	n := &yaml.Node{Kind: yaml.SequenceNode, Line: line}
	inside := 0 // collections among the elements
	for entries := 1; b.dec.More(); entries++ {
		if err := b.entries(entries); err != nil {
			return nil, err
		}
		v, err := b.value(depth + 1)
		if err == nil {
			err = b.fanOut(&inside, v)
		}
		if err != nil {
			return nil, err
		}
		n.Content = append(n.Content, v)
	}
	_, err := b.dec.Token() // ]
	return n, err
}

// fanOut counts v, a value just read into a collection already holding *inside collections,
// and refuses it when it is one collection more than the shape lets one collection hold.
func (b *jsonBuilder) fanOut(inside *int, v *yaml.Node) error {
	if b.shape.MaxFanOut == 0 || v.Kind == yaml.ScalarNode {
		return nil
	}
	if *inside++; *inside > b.shape.MaxFanOut {
		b.refusal = fmt.Sprintf("至多 %d 项，这里已超过：同一处的列表项与成组字段合计不能超过各列表上限与字段数之和，其余内容未读取", b.shape.MaxFanOut)
		return errShape
	}
	return nil
}

// entries refuses the n-th entry of a collection when the shape bounds entries below n. Arrays
// of scalars and objects with unknown fields cost a node (and a schema error) per entry, and
// neither the fan-out nor the top-level counts see them.
func (b *jsonBuilder) entries(n int) error {
	if b.shape.MaxEntries > 0 && n > b.shape.MaxEntries {
		b.refusal = fmt.Sprintf("至多 %d 项，这里已超过：同一处的列表项或字段不能超过各列表上限与字段数中最大的一个，其余内容未读取", b.shape.MaxEntries)
		return errShape
	}
	return nil
}

// rest returns the offset of the first byte after the top-level value that is not white space,
// or -1 when there is none.
func (b *jsonBuilder) rest() int {
	at := int(b.dec.InputOffset())
	for i, c := range b.src[at:] {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return at + i
		}
	}
	return -1
}

// lineAt returns the 1-based line of offset. It is called for every token, so it only counts
// the newlines since the last call: a document written on one line costs no more than others.
func (b *jsonBuilder) lineAt(offset int) int {
	offset = min(max(offset, 0), len(b.src))
	if offset < b.counted { // an error's offset may lie behind the last token read
		b.counted, b.line, b.lineStartsAt = 0, 1, 0
	}
	for i, c := range b.src[b.counted:offset] {
		if c == '\n' {
			b.line++
			b.lineStartsAt = b.counted + i + 1
		}
	}
	b.counted = offset
	return b.line
}

// position returns the 1-based line and column (in characters) of offset. Counting the column
// reads the line up to offset, so it is for error messages only.
func (b *jsonBuilder) position(offset int) (line, col int) {
	line = b.lineAt(offset)
	return line, utf8.RuneCount(b.src[b.lineStartsAt:b.counted]) + 1
}

// locate turns a decoding error into a located, worded one.
func (b *jsonBuilder) locate(err error) LineError {
	if errors.Is(err, errShape) {
		return LineError{Line: b.lineAt(int(b.dec.InputOffset())), Message: b.refusal}
	}
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		line := b.lineAt(len(b.src))
		if errors.Is(err, io.EOF) && len(bytes.TrimSpace(b.src)) == 0 {
			return LineError{Line: 1, Message: "文件为空"}
		}
		return LineError{Line: line, Message: "JSON 语法错误：内容意外结束（括号或引号没有闭合）"}
	}
	char, context := jsonCharacter(se.Error())
	at := offending(b.src, int(se.Offset), char)
	line, col := b.position(at)
	return LineError{Line: line, Message: fmt.Sprintf("JSON 语法错误：%s（第 %d 列）", jsonReason(se.Error(), char, context, bytes.TrimRight(b.src[:at], " \t\r\n")), col)}
}

// offending finds the character a syntax error names: encoding/json's offsets for an error
// inside a value point near it rather than at it, so the first occurrence from one byte before
// the offset on is taken.
func offending(src []byte, offset int, char string) int {
	offset = min(max(offset-1, 0), len(src))
	if char == "" {
		return offset
	}
	if i := bytes.Index(src[offset:], []byte(char)); i >= 0 {
		return offset + i
	}
	return offset
}

var jsonCharRE = regexp.MustCompile(`^invalid character '((?:[^'\\]|\\.)+)' ?(.*)$`)

// jsonCharacter reads the character and the context out of encoding/json's "invalid character"
// message; char is "" for other messages.
func jsonCharacter(msg string) (char, context string) {
	m := jsonCharRE.FindStringSubmatch(msg)
	if m == nil {
		return "", ""
	}
	if c, err := strconv.Unquote(`"` + m[1] + `"`); err == nil {
		return c, m[2]
	}
	return strings.TrimPrefix(m[1], `\`), m[2]
}

// jsonReason words encoding/json's syntax error (its message, the character it names and the
// context) for the person who typed the JSON; before is the text up to that character.
func jsonReason(msg, char, context string, before []byte) string {
	if char == "" {
		return "不是合法的 JSON"
	}
	switch {
	case bytes.HasSuffix(before, []byte(",")) && (char == "}" || char == "]"):
		return "最后一项后面多了逗号（JSON 不允许尾随逗号）"
	case context == "looking for beginning of value":
		return fmt.Sprintf("此处应为一个值（对象、数组、带双引号的文字、数字、true、false 或 null），却是“%s”", char)
	case context == "looking for beginning of object key string" || context == "":
		return fmt.Sprintf("此处应为带双引号的字段名，却是“%s”", char)
	case context == "after object key":
		return "字段名后缺少冒号“:”"
	case context == "after object key:value pair":
		return "缺少逗号“,”或右花括号“}”"
	case context == "after array element":
		return "缺少逗号“,”或右方括号“]”"
	case context == "in string literal":
		return "文字中有不允许的控制字符（换行、制表符须写成 \\n、\\t）"
	case context == "in string escape code":
		return "文字中有无法识别的转义（“\\”后的字母）"
	case strings.HasPrefix(context, "in literal"):
		return "不是合法的 true、false 或 null"
	case strings.HasPrefix(context, "in numeric literal") || strings.HasPrefix(context, "after decimal point") || strings.HasPrefix(context, "in exponent"):
		return "数字格式有误"
	}
	return fmt.Sprintf("此处不能出现“%s”", char)
}
