package stdkb

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong with content, located as precisely as the input allows.
type Problem struct {
	Path    string `json:"path"`            // file path within the content tree
	Line    int    `json:"line,omitempty"`  // 1-based line in the file, 0 when unknown
	Field   string `json:"field,omitempty"` // front-matter field path, e.g. reviews[0].date
	Kind    Kind   `json:"kind,omitempty"`  // the file's kind, when its front matter says
	Message string `json:"message"`
}

// Label names the problem's field for a person (FieldLabel), or "" when it has none.
func (p Problem) Label() string {
	if p.Field == "" {
		return ""
	}
	return FieldLabel(p.Kind, p.Field)
}

// Text is the problem as an author reads it: path:line:, the field in Chinese with the key they
// write in the file beside it (发布机构（issuer）), then the message.
func (p Problem) Text() string {
	var b strings.Builder
	b.WriteString(p.Path)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if label := p.Label(); label != "" && label != p.Field {
		b.WriteString(label + "（" + p.Field + "）：")
	} else if p.Field != "" {
		b.WriteString(p.Field + "：")
	}
	b.WriteString(p.Message)
	return b.String()
}

// String formats the problem as path:line: field: message, omitting the parts that are unknown.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.Path)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.Field != "" {
		b.WriteString(p.Field)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// Problems is every problem found in one load; it is the error a failed load returns.
type Problems []Problem

// Error lists every problem, one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Sort orders problems by path, line, field and message so reports are stable.
func (ps Problems) Sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Field != b.Field {
			return a.Field < b.Field
		}
		return a.Message < b.Message
	})
}
