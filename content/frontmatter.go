package content

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"stdkb/schemas"
)

// frontMatter is a file split into its YAML header and markdown body.
type frontMatter struct {
	root     *yaml.Node // the YAML mapping
	value    map[string]any
	body     string
	bodyLine int // line of the first body line
}

// lineError is a problem located by line (and optionally field) within one file.
type lineError struct {
	line  int
	field string
	msg   string
}

func (e *lineError) Error() string { return e.msg }

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// splitFrontMatter parses the YAML front matter of a markdown file. Lines in errors are lines
// of the whole file.
func splitFrontMatter(src []byte) (*frontMatter, []*lineError) {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	text := strings.ReplaceAll(string(src), "\r\n", "\n")
	if !strings.HasPrefix(text, "---\n") {
		return nil, []*lineError{{line: 1, msg: "missing front matter: the file must start with a line \"---\""}}
	}
	rest := text[len("---\n"):]
	end := -1
	if strings.HasPrefix(rest, "---\n") || rest == "---" {
		end = 0
	} else if i := strings.Index(rest, "\n---\n"); i >= 0 {
		end = i + 1
	} else if strings.HasSuffix(rest, "\n---") {
		end = len(rest) - len("---")
	}
	if end < 0 {
		return nil, []*lineError{{line: 1, msg: "unterminated front matter: no closing line \"---\""}}
	}
	header := rest[:end]
	body := ""
	if after := end + len("---\n"); after <= len(rest) {
		body = rest[after:]
	}
	headerLines := strings.Count(header, "\n")
	fm := &frontMatter{body: body, bodyLine: headerLines + 3}

	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(header), &doc); err != nil {
		return nil, []*lineError{yamlError(err)}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, []*lineError{{line: 2, msg: "empty front matter"}}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, []*lineError{{line: root.Line + 1, msg: "front matter must be a mapping of field: value"}}
	}
	fm.root = root
	var errs []*lineError
	v := toValue(root, nil, &errs)
	if len(errs) > 0 {
		return nil, errs
	}
	fm.value = v.(map[string]any)
	return fm, nil
}

// yamlError turns a yaml.v3 syntax error into a located error. The header starts on line 2.
func yamlError(err error) *lineError {
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
		return &lineError{line: n + 1, msg: "invalid YAML: " + m[2]}
	}
	return &lineError{line: 2, msg: "invalid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
}

// toValue converts a YAML node into the plain values JSON Schema validation expects. Aliases
// are refused: front matter never needs them and they allow exponential expansion.
func toValue(n *yaml.Node, path []string, errs *[]*lineError) any {
	bad := func(msg string) any {
		*errs = append(*errs, &lineError{line: n.Line + 1, field: schemas.FieldPath(path), msg: msg})
		return nil
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode || k.Tag == "!!merge" {
				*errs = append(*errs, &lineError{line: k.Line + 1, field: schemas.FieldPath(path), msg: "field names must be plain strings"})
				continue
			}
			p := append(append([]string(nil), path...), k.Value)
			if _, dup := m[k.Value]; dup {
				*errs = append(*errs, &lineError{line: k.Line + 1, field: schemas.FieldPath(p), msg: "duplicate field"})
				continue
			}
			m[k.Value] = toValue(v, p, errs)
		}
		return m
	case yaml.SequenceNode:
		s := make([]any, len(n.Content))
		for i, c := range n.Content {
			s[i] = toValue(c, append(append([]string(nil), path...), strconv.Itoa(i)), errs)
		}
		return s
	case yaml.AliasNode:
		return bad("YAML aliases (*name) are not supported in front matter")
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

// lineOf returns the line (in file lines) of the value at loc, or of the deepest enclosing
// node that exists when loc names something missing.
func (fm *frontMatter) lineOf(loc ...string) int {
	n := fm.root
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
	return line + 1
}
