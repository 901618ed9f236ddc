package content

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"stdkb"
)

// Markdown is the goldmark configuration every part of stdkb uses to read content, so that
// sections, rendering and search see the same document structure.
var Markdown = goldmark.New(
	goldmark.WithExtensions(extension.GFM, extension.Footnote),
	goldmark.WithParserOptions(parser.WithHeadingAttribute()),
)

var (
	// headingNumberRE matches a clause number at the start of a heading: "4.1 维修计划".
	headingNumberRE = regexp.MustCompile(`^(\d+(?:\.\d+)*)[ \t\x{3000}]+(\S.*)$`)
	// clauseRE matches a numbered clause paragraph in a standard: "4.1.2 维修应……".
	clauseRE = regexp.MustCompile(`^(\d+(?:\.\d+)+)[ \t\x{3000}]+\S`)
)

// sectionStart is where a section begins in the body, before its text is known.
type sectionStart struct {
	sec     *stdkb.Section
	offset  int  // byte offset of the section's first line in the body
	body    int  // byte offset where the section's own markdown begins
	heading bool // begun by a heading (or the introduction), so it can contain others
}

// parseSections splits an edition's markdown body into sections: one per heading, one per
// footnote definition (glossary entries), and in standards one per numbered clause paragraph.
// bodyLine is the file line of the body's first line; problems carry file lines.
func parseSections(body string, bodyLine int, kind stdkb.Kind) ([]*stdkb.Section, []*lineError) {
	src := []byte(body)
	p := newSectionParser(src, bodyLine, kind)
	p.walk(Markdown.Parser().Parse(text.NewReader(src)))
	p.fillText()
	return p.result()
}

func newSectionParser(src []byte, bodyLine int, kind stdkb.Kind) *sectionParser {
	p := &sectionParser{src: src, kind: kind, lines: newLineIndex(src, bodyLine), nodes: map[*stdkb.Section]ast.Node{}}
	// Text before the first heading belongs to an untitled introduction.
	p.intro = &stdkb.Section{ID: "intro", Depth: 1}
	p.add(p.intro, 0, 0, true)
	return p
}

// walk visits the document's top-level blocks, starting sections.
func (p *sectionParser) walk(doc ast.Node) {
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		switch n := n.(type) {
		case *ast.Heading:
			p.heading(n)
		case *extast.FootnoteList:
			p.footnotes(n)
		default:
			p.block(n)
		}
	}
}

// sectionParser collects the sections of one body as parseSections walks its top-level
// markdown blocks.
type sectionParser struct {
	src    []byte
	kind   stdkb.Kind
	lines  lineIndex
	intro  *stdkb.Section
	starts []*sectionStart
	blocks []blockAt        // the plain text of every block, by offset
	stack  []*stdkb.Section // open headings by depth
	// nodes holds the markdown node that starts each section (its heading, clause paragraph
	// or footnote), so rendering can give the node the section's id.
	nodes map[*stdkb.Section]ast.Node
}

// add records that section s starts at offset, its own markdown at bodyOffset.
func (p *sectionParser) add(s *stdkb.Section, offset, bodyOffset int, heading bool) {
	s.Line = p.lines.line(offset)
	p.starts = append(p.starts, &sectionStart{sec: s, offset: offset, body: bodyOffset, heading: heading})
}

// parentOf returns the innermost open heading shallower than depth.
func (p *sectionParser) parentOf(depth int) *stdkb.Section {
	for i := len(p.stack) - 1; i >= 0; i-- {
		if p.stack[i].Depth < depth {
			return p.stack[i]
		}
	}
	return nil
}

// link makes s a child of parent (nil for a top-level section) and sets its heading path.
func link(s, parent *stdkb.Section) {
	if parent != nil {
		s.Parent = parent.ID
		s.Path = append(append([]string(nil), parent.Path...), s.Heading())
	} else {
		s.Path = []string{s.Heading()}
	}
}

// heading starts a section at a heading: number and title from its text, id and editorial
// mark from its attributes.
func (p *sectionParser) heading(n *ast.Heading) {
	off := lineStart(p.src, firstOffset(n, 0))
	title := inlineText(n, p.src)
	s := &stdkb.Section{Depth: n.Level, Title: title}
	if m := headingNumberRE.FindStringSubmatch(title); m != nil {
		s.Number, s.Title = m[1], m[2]
	}
	if id, ok := n.AttributeString("id"); ok {
		s.ID = string(id.([]byte))
	}
	if class, ok := n.AttributeString("class"); ok {
		s.Editorial = hasWord(string(class.([]byte)), "editorial")
	}
	if s.ID == "" {
		s.ID = autoID(s)
	}
	for len(p.stack) > 0 && p.stack[len(p.stack)-1].Depth >= n.Level {
		p.stack = p.stack[:len(p.stack)-1]
	}
	link(s, p.parentOf(n.Level))
	p.stack = append(p.stack, s)
	p.nodes[s] = n
	p.add(s, off, lineEnd(p.src, firstOffset(n, off)), true)
}

// footnotes makes each footnote definition a section (a glossary entry) under the section
// that holds it.
func (p *sectionParser) footnotes(list *extast.FootnoteList) {
	for fn := list.FirstChild(); fn != nil; fn = fn.NextSibling() {
		f := fn.(*extast.Footnote)
		off := lineStart(p.src, firstOffset(f, len(p.src)))
		txt := blockText(f, p.src)
		label := string(f.Ref)
		s := &stdkb.Section{ID: "fn-" + label, Number: "〔" + label + "〕", Title: glossaryTerm(txt)}
		p.nodes[s] = f
		owner := ownerAt(p.starts, off)
		s.Depth = owner.Depth + 1
		link(s, owner)
		if owner == p.intro {
			link(s, nil)
		}
		p.add(s, off, off, false)
		p.blocks = append(p.blocks, blockAt{offset: off, text: txt})
	}
}

// block records a block's text; in a standard a paragraph that starts with a clause number
// (4.1.2) also starts a clause section.
func (p *sectionParser) block(n ast.Node) {
	off := firstOffset(n, -1)
	txt := blockText(n, p.src)
	if _, ok := n.(*ast.Paragraph); ok && p.kind == stdkb.KindStandard && off >= 0 {
		if m := clauseRE.FindStringSubmatch(txt); m != nil {
			parent := clauseParent(p.stack, p.starts, m[1])
			s := &stdkb.Section{ID: m[1], Number: m[1], Depth: parent.Depth + 1}
			link(s, parent)
			p.nodes[s] = n
			p.add(s, lineStart(p.src, off), lineStart(p.src, off), false)
		}
	}
	if off < 0 && len(p.blocks) > 0 {
		off = p.blocks[len(p.blocks)-1].offset
	}
	if off < 0 {
		off = 0
	}
	p.blocks = append(p.blocks, blockAt{offset: off, text: txt})
}

// fillText gives each section its own markdown and plain text: everything from its start to
// the next section's.
func (p *sectionParser) fillText() {
	sort.SliceStable(p.starts, func(i, j int) bool { return p.starts[i].offset < p.starts[j].offset })
	sort.SliceStable(p.blocks, func(i, j int) bool { return p.blocks[i].offset < p.blocks[j].offset })
	for i, st := range p.starts {
		end := len(p.src)
		if i+1 < len(p.starts) {
			end = p.starts[i+1].offset
		}
		if st.body < end {
			st.sec.Markdown = strings.TrimSpace(string(p.src[st.body:end]))
		}
		var parts []string
		for _, b := range p.blocks {
			if b.offset >= st.offset && b.offset < end && b.text != "" {
				parts = append(parts, b.text)
			}
		}
		st.sec.Text = strings.Join(parts, "\n")
	}
}

// result lists the sections in body order, without an empty introduction, reporting
// duplicate ids.
func (p *sectionParser) result() ([]*stdkb.Section, []*lineError) {
	var out []*stdkb.Section
	var errs []*lineError
	seen := map[string]int{}
	for _, st := range p.starts {
		s := st.sec
		if s == p.intro && s.Text == "" {
			continue
		}
		if s == p.intro {
			s.Path = []string{}
		}
		if first, dup := seen[s.ID]; dup {
			errs = append(errs, &lineError{line: s.Line, msg: fmt.Sprintf("章节编号 %q 重复（首次出现在第 %d 行）；请为标题写明 {#编号}", s.ID, first)})
			continue
		}
		seen[s.ID] = s.Line
		out = append(out, s)
	}
	return out, errs
}

type blockAt struct {
	offset int
	text   string
}

// clauseParent finds the section a numbered clause belongs to: the closest section whose number
// is a proper prefix of the clause's, else the innermost open heading.
func clauseParent(stack []*stdkb.Section, starts []*sectionStart, number string) *stdkb.Section {
	for i := len(starts) - 1; i >= 0; i-- {
		s := starts[i].sec
		if s.Number != "" && strings.HasPrefix(number, s.Number+".") {
			return s
		}
	}
	if len(stack) > 0 {
		return stack[len(stack)-1]
	}
	return starts[0].sec
}

// ownerAt returns the section that contains the given body offset.
func ownerAt(starts []*sectionStart, offset int) *stdkb.Section {
	owner := starts[0].sec
	for _, st := range starts {
		if st.heading && st.offset <= offset {
			owner = st.sec
		}
	}
	return owner
}

// autoID derives a section id from its number or, failing that, its title.
func autoID(s *stdkb.Section) string {
	if s.Number != "" {
		return s.Number
	}
	return strings.Join(strings.Fields(s.Title), "-")
}

// glossaryTerm returns the term a glossary entry defines: the text before its first colon,
// without quotation marks.
func glossaryTerm(entry string) string {
	term, _, found := strings.Cut(entry, "：")
	if !found || utf8.RuneCountInString(term) > 30 {
		return ""
	}
	if inner, ok := strings.CutPrefix(term, "“"); ok && strings.HasSuffix(inner, "”") && !strings.ContainsAny(strings.TrimSuffix(inner, "”"), "“”") {
		return strings.TrimSuffix(inner, "”")
	}
	return term
}

func hasWord(list, word string) bool {
	for _, w := range strings.Fields(list) {
		if w == word {
			return true
		}
	}
	return false
}

// firstOffset returns the byte offset of the first source line under n, or def if n has none.
func firstOffset(n ast.Node, def int) int {
	if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		return n.Lines().At(0).Start
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if off := firstOffset(c, -1); off >= 0 {
			return off
		}
	}
	if t, ok := n.(*ast.Text); ok {
		return t.Segment.Start
	}
	return def
}

func lineStart(src []byte, off int) int {
	if off > len(src) {
		off = len(src)
	}
	for off > 0 && src[off-1] != '\n' {
		off--
	}
	return off
}

func lineEnd(src []byte, off int) int {
	for off < len(src) && src[off] != '\n' {
		off++
	}
	if off < len(src) {
		off++
	}
	return off
}

// lineIndex maps body byte offsets to file lines.
type lineIndex struct {
	starts []int
	first  int
}

func newLineIndex(src []byte, firstLine int) lineIndex {
	li := lineIndex{starts: []int{0}, first: firstLine}
	for i, b := range src {
		if b == '\n' {
			li.starts = append(li.starts, i+1)
		}
	}
	return li
}

func (li lineIndex) line(off int) int {
	return sort.Search(len(li.starts), func(i int) bool { return li.starts[i] > off }) - 1 + li.first
}

// blockText renders a block node as plain text: paragraphs and list items on their own lines,
// ordered items with their numbers, table cells separated by tabs.
func blockText(n ast.Node, src []byte) string {
	var b strings.Builder
	writeBlock(&b, n, src)
	return strings.TrimSpace(b.String())
}

func writeBlock(b *strings.Builder, n ast.Node, src []byte) {
	newline := func() {
		if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
			b.WriteByte('\n')
		}
	}
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock, *ast.Heading:
		newline()
		b.WriteString(inlineText(n, src))
	case *ast.List:
		i := n.Start
		for item := n.FirstChild(); item != nil; item = item.NextSibling() {
			newline()
			if n.IsOrdered() {
				b.WriteString(strconv.Itoa(i) + ". ")
				i++
			}
			var inner strings.Builder
			for c := item.FirstChild(); c != nil; c = c.NextSibling() {
				writeBlock(&inner, c, src)
			}
			b.WriteString(strings.TrimSpace(inner.String()))
		}
	case *extast.TableRow, *extast.TableHeader:
		newline()
		var cells []string
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			cells = append(cells, inlineText(c, src))
		}
		b.WriteString(strings.Join(cells, "\t"))
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		newline()
		for i := 0; i < n.Lines().Len(); i++ {
			seg := n.Lines().At(i)
			b.Write(seg.Value(src))
		}
	case *ast.HTMLBlock, *ast.ThematicBreak, *extast.FootnoteList:
	default: // blockquotes, tables, footnotes and other containers
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			writeBlock(b, c, src)
		}
	}
}

// inlineText concatenates the text of n's inline descendants. Soft line breaks join without a
// space between CJK characters and with one between Latin words.
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				b.Write(c.Segment.Value(src))
				if c.HardLineBreak() {
					b.WriteByte('\n')
				} else if c.SoftLineBreak() {
					if next := c.NextSibling(); next != nil {
						if t, ok := next.(*ast.Text); ok && latinJoin(b.String(), string(t.Segment.Value(src))) {
							b.WriteByte(' ')
						}
					}
				}
			case *ast.String:
				b.Write(c.Value)
			case *ast.AutoLink:
				b.Write(c.URL(src))
			case *ast.RawHTML, *extast.FootnoteLink, *extast.FootnoteBacklink, *extast.TaskCheckBox:
			default:
				walk(c)
			}
		}
	}
	walk(n)
	return b.String()
}

func latinJoin(before, after string) bool {
	r1, _ := utf8.DecodeLastRuneInString(before)
	r2, _ := utf8.DecodeRuneInString(after)
	return r1 < utf8.RuneSelf && r2 < utf8.RuneSelf && !unicode.IsSpace(r1) && !unicode.IsSpace(r2)
}

// PlainText renders markdown as the plain text search indexes: one block per line, no markup.
func PlainText(markdown string) string {
	src := []byte(markdown)
	doc := Markdown.Parser().Parse(text.NewReader(src))
	var parts []string
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if t := blockText(n, src); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, "\n")
}

// Block is a top-level block of markdown as plain text, for writers that lay tables out as
// tables: either Text (as PlainText renders the block) or Table (rows of cells, header first).
type Block struct {
	Text  string
	Table [][]string
}

// Blocks splits markdown into its top-level blocks as plain text, keeping tables' cells apart.
func Blocks(markdown string) []Block {
	src := []byte(markdown)
	doc := Markdown.Parser().Parse(text.NewReader(src))
	var out []Block
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if _, ok := n.(*extast.Table); ok {
			var rows [][]string
			for r := n.FirstChild(); r != nil; r = r.NextSibling() {
				var cells []string
				for c := r.FirstChild(); c != nil; c = c.NextSibling() {
					cells = append(cells, inlineText(c, src))
				}
				rows = append(rows, cells)
			}
			out = append(out, Block{Table: rows})
		} else if t := blockText(n, src); t != "" {
			out = append(out, Block{Text: t})
		}
	}
	return out
}
