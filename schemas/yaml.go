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
		return nil, []LineError{{Line: firstLine, Message: "empty document"}}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, []LineError{{Line: root.Line + firstLine - 1, Message: "must be a mapping of field: value"}}
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
		return LineError{Line: n + firstLine - 1, Message: "invalid YAML: " + m[2]}
	}
	return LineError{Line: firstLine, Message: "invalid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
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
				*errs = append(*errs, LineError{Line: k.Line + d.firstLine - 1, Field: FieldPath(path), Message: "field names must be plain strings"})
				continue
			}
			p := append(append([]string(nil), path...), k.Value)
			if _, dup := m[k.Value]; dup {
				*errs = append(*errs, LineError{Line: k.Line + d.firstLine - 1, Field: FieldPath(p), Message: "duplicate field"})
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
		return bad("YAML aliases (*name) are not supported")
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
			return bad(fmt.Sprintf("number %s is out of range", n.Value))
		case "!!float":
			f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
			if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
				return bad(fmt.Sprintf("%s is not a finite number", n.Value))
			}
			return f
		default: // strings, timestamps (kept as written) and custom tags
			return n.Value
		}
	}
	return bad("unsupported YAML node")
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
