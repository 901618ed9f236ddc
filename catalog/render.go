package catalog

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v4"
)

// frontMatter is the entry's front matter as YAML would decode it; what the row does not say
// is left out.
func (e *entry) frontMatter(supersedes, source string) map[string]any {
	m := map[string]any{"kind": "standard", "full_text": false}
	put := func(k, v string) {
		if v != "" {
			m[k] = v
		}
	}
	put("number", e.number)
	put("title", e.title)
	put("level", e.level)
	put("nature", e.nature)
	put("issuer", e.issuer)
	put("issued", e.issued.String())
	put("effective", e.effective.String())
	put("withdrawn", e.withdrawn.String())
	put("status", e.status)
	put("supersedes", supersedes)
	put("custodian", e.custodian)
	put("scope", e.scope)
	put("source", source)
	if len(e.framework) > 0 {
		codes := make([]any, len(e.framework))
		for i, c := range e.framework {
			codes[i] = c
		}
		m["framework"] = codes
	}
	return m
}

// fieldOrder is the order fields are written in, as the content's hand-written files have them.
var fieldOrder = []string{"kind", "number", "title", "level", "nature", "issuer", "issued", "effective", "withdrawn", "status",
	"supersedes", "framework", "custodian", "scope", "full_text", "source"}

// render writes the entry as a content file: front matter and a body saying where it came from.
func (e *entry) render(supersedes, file string, replacedElsewhere bool) ([]byte, error) {
	source := e.source
	origin := fmt.Sprintf("标准明细表 %s 第 %d 行", file, e.line)
	if source == "" {
		source = origin + "（import-catalog 导入）"
	}
	fm := e.frontMatter(supersedes, source)
	var doc yaml.Node
	doc.Kind = yaml.MappingNode
	for _, k := range fieldOrder {
		v, ok := fm[k]
		if !ok {
			continue
		}
		var val yaml.Node
		if err := val.Encode(v); err != nil {
			return nil, fmt.Errorf("encode %s: %w", k, err)
		}
		if k == "framework" {
			val.Style = yaml.FlowStyle
		}
		doc.Content = append(doc.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k}, &val)
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, err
	}
	enc.Close()
	b.WriteString("---\n\n## 标准概况\n\n")
	fmt.Fprintf(&b, "- 本条目由%s导入，只有题录信息，未收录全文。\n", origin)
	if replacedElsewhere {
		fmt.Fprintf(&b, "- 据明细表，本标准代替 %s（本库未收录该版本）。\n", e.replaces)
	}
	if e.note != "" {
		fmt.Fprintf(&b, "- 明细表备注：%s\n", strings.Join(strings.Fields(e.note), " "))
	}
	return b.Bytes(), nil
}

var statusLine = regexp.MustCompile(`(?m)^status:[ \t]*\S.*$`)

// withStatus returns a content file with its front matter's status replaced, every other byte
// kept.
func withStatus(src []byte, status string) ([]byte, error) {
	if !bytes.HasPrefix(src, []byte("---\n")) {
		return nil, fmt.Errorf("no front matter")
	}
	end := bytes.Index(src[4:], []byte("\n---"))
	if end < 0 {
		return nil, fmt.Errorf("front matter not closed")
	}
	head := src[:4+end+1]
	locs := statusLine.FindAllIndex(head, -1)
	if len(locs) != 1 {
		return nil, fmt.Errorf("front matter has %d status lines, want 1", len(locs))
	}
	out := append([]byte(nil), src[:locs[0][0]]...)
	out = append(out, "status: "+status...)
	return append(out, src[locs[0][1]:]...), nil
}
