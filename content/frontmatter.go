package content

import (
	"bytes"
	"strings"

	"stdkb/schemas"
)

// frontMatter is a file split into its YAML header and markdown body.
type frontMatter struct {
	doc      *schemas.Document
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

// splitFrontMatter parses the YAML front matter of a markdown file. Lines in errors are lines
// of the whole file.
func splitFrontMatter(src []byte) (*frontMatter, []*lineError) {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	text := strings.ReplaceAll(string(src), "\r\n", "\n")
	if !strings.HasPrefix(text, "---\n") {
		return nil, []*lineError{{line: 1, msg: "缺少文件头：文件应以一行 \"---\" 开始"}}
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
		return nil, []*lineError{{line: 1, msg: "文件头没有结束：缺少结束行 \"---\""}}
	}
	header := rest[:end]
	body := ""
	if after := end + len("---\n"); after <= len(rest) {
		body = rest[after:]
	}
	headerLines := strings.Count(header, "\n")
	doc, errs := schemas.DecodeYAML([]byte(header), 2)
	if len(errs) > 0 {
		out := make([]*lineError, len(errs))
		for i, e := range errs {
			out[i] = &lineError{line: e.Line, field: e.Field, msg: e.Message}
		}
		return nil, out
	}
	return &frontMatter{doc: doc, value: doc.Value.(map[string]any), body: body, bodyLine: headerLines + 3}, nil
}

// lineOf returns the file line of the value at loc.
func (fm *frontMatter) lineOf(loc ...string) int { return fm.doc.Line(loc...) }
