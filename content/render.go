package content

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"stdkb"
)

// RenderHTML renders an edition's markdown body as HTML in which every section's anchor exists:
// headings and clause paragraphs carry their section's id, glossary entries theirs (fn-LABEL,
// where goldmark would number them fn:1, fn:2 … in order of reference), and the first block of
// an introduction the id "intro". So a search hit's DOC#SECTION opens exactly its section.
func RenderHTML(body string, kind stdkb.Kind) ([]byte, error) {
	src := []byte(body)
	p := newSectionParser(src, 1, kind)
	doc := Markdown.Parser().Parse(text.NewReader(src))
	p.walk(doc)
	p.fillText()
	sections, _ := p.result()
	var footnotes [][2]string // goldmark's id, the section's id
	for _, s := range sections {
		switch n := p.nodes[s].(type) {
		case nil:
			if s == p.intro {
				if first := doc.FirstChild(); first != nil && first.Kind() != ast.KindHeading {
					first.SetAttributeString("id", []byte(s.ID))
				}
			}
		case *extast.Footnote:
			footnotes = append(footnotes, [2]string{"fn:" + strconv.Itoa(n.Index), s.ID})
		default:
			n.SetAttributeString("id", []byte(s.ID))
		}
	}
	var b bytes.Buffer
	if err := Markdown.Renderer().Render(&b, src, doc); err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	out := b.Bytes()
	for _, fn := range footnotes {
		out = bytes.ReplaceAll(out, []byte(`id="`+fn[0]+`"`), []byte(`id="`+fn[1]+`"`))
		out = bytes.ReplaceAll(out, []byte(`href="#`+fn[0]+`"`), []byte(`href="#`+fn[1]+`"`))
	}
	return out, nil
}
