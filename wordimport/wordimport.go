// Package wordimport turns a standard or regulation held as a Word (.docx) file into a stdkb
// markdown edition: headings, numbered clauses, lists and tables kept, and front matter filled
// from the cover page where it can be read. What it cannot read is left out, so `stdkb check`
// names each field the user still has to complete.
package wordimport

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/fumiama/go-docx"
	"go.yaml.in/yaml/v4"

	"stdkb"
)

// Size bounds, in bytes. The docx reader decodes word/document.xml into a tree about 45 times
// the XML's size when a crafted file holds many tiny runs (4 MiB of XML allocated 185 MiB), and
// reads every media part whole, so the parts it reads are bounded by what they really unpack to,
// counted while decompressing, before the tree is built:
//   - MaxDocumentXML: the main document and its relationships together. The longest text in
//     the library, the 14th five-year plan (54 KB of text), is 87 KB of document XML as written
//     by go-docx; Word's per-run markup makes that several times larger, and a standard is rarely
//     more than twice the plan's length, so 3 MiB leaves room while keeping the worst tree near
//     140 MiB. docs/limits.md records the measurement.
//   - MaxMedia: embedded pictures, which the converter drops but the reader still loads.
//   - MaxSize: the .docx file itself.
const (
	MaxSize        = 50 << 20
	MaxDocumentXML = 3 << 20
	MaxMedia       = 20 << 20
)

// Result is a converted document.
type Result struct {
	Markdown string            // front matter and body
	DocID    string            // a folder name for the document, from its number
	Edition  string            // an edition key, from its year
	Found    map[string]string // front-matter fields read from the cover page
	Missing  []string          // required fields the user must complete
}

var (
	oleMagic   = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	dateRE     = regexp.MustCompile(`(\d{4})\s*[-—年.]\s*(\d{1,2})\s*[-—月.]\s*(\d{1,2})\s*日?\s*(发布|实施)`)
	headingRE  = regexp.MustCompile(`^(\d+(?:\.\d+)*)[ \t\x{3000}]+(\S.{0,40})$`)
	styleLevel = regexp.MustCompile(`(?i)^(?:heading|标题)\s*(\d)$`)
	slugRE     = regexp.MustCompile(`[^a-z0-9]+`)
)

// Convert reads a .docx file. kind is standard or regulation. Files that are not .docx —
// encrypted documents and old .doc files are OLE containers — get an error saying so.
func Convert(r io.ReaderAt, size int64, kind stdkb.Kind) (*Result, error) {
	if size > MaxSize {
		return nil, stdkb.Errorf(stdkb.EINVALID, "文件超过 %d MiB", MaxSize>>20)
	}
	head := make([]byte, 8)
	if n, _ := r.ReadAt(head, 0); n == 8 && bytes.Equal(head, oleMagic) {
		return nil, stdkb.Errorf(stdkb.EINVALID, "这不是 .docx 文件，而是设有密码（加密）的 Word 文件或旧版 .doc 文件：请先取消密码，或在 Word 中另存为 .docx 后再导入")
	}
	if zr, err := zip.NewReader(r, size); err == nil {
		if err := checkUnpackedSizes(zr); err != nil {
			return nil, err
		}
	}
	doc, err := docx.Parse(r, size)
	if err != nil {
		return nil, stdkb.WrapError(stdkb.EINVALID, err, "无法读取该 .docx 文件：它不是有效的 Word 文档，或已损坏；请在 Word 中打开并另存为 .docx 后再导入")
	}
	c := &converter{kind: kind, found: map[string]string{}}
	for _, item := range doc.Document.Body.Items {
		switch x := item.(type) {
		case *docx.Paragraph:
			c.paragraph(x)
		case *docx.Table:
			c.table(x)
		}
	}
	return c.result()
}

// checkUnpackedSizes refuses a .docx whose parts the reader loads would unpack to more than
// MaxDocumentXML (XML) or MaxMedia (pictures). Declared sizes are checked first, as they cost
// nothing; then the parts are decompressed and counted, since a crafted file may understate them.
func checkUnpackedSizes(zr *zip.Reader) error {
	var xmlParts, media []*zip.File
	var xmlDeclared, mediaDeclared uint64
	for _, f := range zr.File {
		switch {
		case f.Name == "word/document.xml" || f.Name == "word/_rels/document.xml.rels":
			xmlParts, xmlDeclared = append(xmlParts, f), xmlDeclared+f.UncompressedSize64
		case strings.HasPrefix(f.Name, docx.MEDIA_FOLDER):
			media, mediaDeclared = append(media, f), mediaDeclared+f.UncompressedSize64
		}
	}
	tooBigXML := stdkb.Errorf(stdkb.EINVALID, "Word 文件正文解压后超过 %d MiB，超出一项标准所需；请拆分文件或删除无关内容后再导入", MaxDocumentXML>>20)
	tooBigMedia := stdkb.Errorf(stdkb.EINVALID, "Word 文件中的图片解压后超过 %d MiB；请删除或压缩图片后再导入", MaxMedia>>20)
	switch {
	case xmlDeclared > MaxDocumentXML:
		return tooBigXML
	case mediaDeclared > MaxMedia:
		return tooBigMedia
	}
	if n, err := unpackedSize(xmlParts, MaxDocumentXML); err != nil {
		return err
	} else if n > MaxDocumentXML {
		return tooBigXML
	}
	if n, err := unpackedSize(media, MaxMedia); err != nil {
		return err
	} else if n > MaxMedia {
		return tooBigMedia
	}
	return nil
}

// unpackedSize decompresses files and counts their bytes, stopping once the count passes limit.
func unpackedSize(files []*zip.File, limit int64) (int64, error) {
	var total int64
	for _, f := range files {
		rc, err := f.Open()
		if err != nil {
			return 0, stdkb.WrapError(stdkb.EINVALID, err, "无法读取该 .docx 文件：其中的 %s 已损坏", f.Name)
		}
		n, err := io.Copy(io.Discard, io.LimitReader(rc, limit-total+1))
		rc.Close()
		total += n
		if total > limit {
			return total, nil
		}
		if err != nil {
			return 0, stdkb.WrapError(stdkb.EINVALID, err, "无法读取该 .docx 文件：其中的 %s 已损坏", f.Name)
		}
	}
	return total, nil
}

type converter struct {
	kind   stdkb.Kind
	body   strings.Builder
	inBody bool // past the cover page
	cover  []string
	found  map[string]string
}

func (c *converter) paragraph(p *docx.Paragraph) {
	text := strings.TrimSpace(strings.ReplaceAll(p.String(), "\n", " "))
	if text == "" {
		return
	}
	level := 0
	if p.Properties != nil && p.Properties.Style != nil {
		if m := styleLevel.FindStringSubmatch(p.Properties.Style.Val); m != nil {
			level = int(m[1][0] - '0')
		} else if v := p.Properties.Style.Val; len(v) == 1 && v[0] >= '1' && v[0] <= '6' {
			level = int(v[0] - '0') // Chinese Word templates name heading styles 1, 2, 3 …
		}
	}
	// A numbered line without a full stop, short enough to be a title, is a heading: "4 基本要求".
	if m := headingRE.FindStringSubmatch(text); level == 0 && m != nil && !strings.ContainsAny(m[2], "。；，") {
		level = strings.Count(m[1], ".") + 1
	}
	if !c.inBody {
		if level == 0 && !strings.HasPrefix(text, "1 ") && !strings.HasPrefix(text, "前言") {
			c.cover = append(c.cover, text)
			return
		}
		c.inBody = true
	}
	switch {
	case level > 0:
		fmt.Fprintf(&c.body, "\n%s %s\n\n", strings.Repeat("#", min(level+1, 6)), text)
	case p.Properties != nil && p.Properties.NumProperties != nil:
		fmt.Fprintf(&c.body, "- %s\n", text)
	default:
		fmt.Fprintf(&c.body, "%s\n\n", text)
	}
}

func (c *converter) table(t *docx.Table) {
	c.inBody = true
	cell := func(tc *docx.WTableCell) string {
		var parts []string
		for _, p := range tc.Paragraphs {
			if s := strings.TrimSpace(p.String()); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.ReplaceAll(strings.Join(parts, " "), "|", "\\|")
	}
	c.body.WriteString("\n")
	for i, row := range t.TableRows {
		var cells []string
		for _, tc := range row.TableCells {
			cells = append(cells, cell(tc))
		}
		c.body.WriteString("| " + strings.Join(cells, " | ") + " |\n")
		if i == 0 {
			c.body.WriteString("|" + strings.Repeat(" --- |", len(cells)) + "\n")
		}
	}
	c.body.WriteString("\n")
}

// readCover fills front-matter fields from the cover page: number, title, dates, issuer.
func (c *converter) readCover() {
	for _, line := range c.cover {
		if _, ok := c.found["number"]; !ok {
			if ids, rest := stdkb.FindIdentifiers(line); len(ids) > 0 && strings.TrimSpace(rest) == "" {
				c.found["number"] = ids[0].Canonical
				continue
			}
		}
		if ms := dateRE.FindAllStringSubmatch(line, -1); len(ms) > 0 {
			for _, m := range ms {
				field := map[string]string{"发布": "issued", "实施": "effective"}[m[4]]
				c.found[field] = fmt.Sprintf("%s-%02s-%02s", m[1], pad(m[2]), pad(m[3]))
			}
			continue
		}
		if strings.HasSuffix(line, "发布") && !strings.ContainsAny(line, "0123456789") {
			c.found["issuer"] = strings.TrimSpace(strings.TrimSuffix(line, "发布"))
			continue
		}
		// The title is the first Chinese line that is not the kind of standard (重庆市地方标准)
		// or a classification code.
		if _, ok := c.found["title"]; !ok && hasHan(line) && !strings.HasSuffix(line, "标准") &&
			!strings.HasPrefix(line, "ICS") && !strings.HasPrefix(line, "CCS") {
			c.found["title"] = line
		}
	}
}

func pad(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4E00 && r <= 0x9FFF {
			return true
		}
	}
	return false
}

func (c *converter) result() (*Result, error) {
	c.readCover()
	fm := yaml.Node{Kind: yaml.MappingNode}
	add := func(k, v string) {
		fm.Content = append(fm.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k}, &yaml.Node{Kind: yaml.ScalarNode, Value: v})
	}
	add("kind", string(c.kind))
	var required []string
	if c.kind == stdkb.KindStandard {
		required = []string{"number", "title", "level", "nature", "issuer", "issued", "effective", "status", "framework"}
		if n := c.found["number"]; n != "" {
			c.found["level"], c.found["nature"] = levelOf(n)
		}
		if c.found["level"] == "地方" {
			required = append(required, "region")
			c.found["region"] = regionOf(c.found["issuer"])
		}
	} else {
		required = []string{"title", "status", "framework"}
	}
	c.found["status"] = "现行"
	r := &Result{Found: c.found}
	for _, f := range []string{"number", "title", "level", "nature", "region", "issuer", "issued", "effective", "status"} {
		if v := c.found[f]; v != "" {
			add(f, v)
		}
	}
	for _, f := range required {
		if c.found[f] == "" {
			r.Missing = append(r.Missing, f)
		}
	}
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(&fm); err != nil {
		return nil, err
	}
	r.Markdown = "---\n" + out.String() + "---\n\n" + strings.TrimSpace(c.body.String()) + "\n"
	r.DocID, r.Edition = "imported", "draft"
	if n := c.found["number"]; n != "" {
		ids, _ := stdkb.FindIdentifiers(n)
		if len(ids) > 0 {
			r.DocID = strings.Trim(slugRE.ReplaceAllString(strings.ToLower(ids[0].Base), "-"), "-")
			if ids[0].Year != "" {
				r.Edition = ids[0].Year
			}
		}
	}
	return r, nil
}

// marketRegulatorRE matches a local standard's issuer, the region's market regulator (or its
// predecessor), and captures the region: 重庆市市场监督管理局 → 重庆市.
var marketRegulatorRE = regexp.MustCompile(`^(.+?[省市区州盟])(?:市场监督管理|质量技术监督)(?:局|厅)$`)

// regionOf reads the issuing region off a local standard's issuer; "" when the issuer does not
// say.
func regionOf(issuer string) string {
	if m := marketRegulatorRE.FindStringSubmatch(strings.TrimSpace(issuer)); m != nil {
		return m[1]
	}
	return ""
}

// levelOf guesses level and nature from a standard number's prefix.
func levelOf(number string) (level, nature string) {
	up := strings.ToUpper(number)
	switch {
	case strings.HasPrefix(up, "GB/T"), strings.HasPrefix(up, "GB/Z"):
		return "国家", "推荐"
	case strings.HasPrefix(up, "GB "):
		return "国家", "强制"
	case strings.HasPrefix(up, "DB"):
		if strings.Contains(up, "/T") {
			return "地方", "推荐"
		}
		return "地方", "强制"
	case strings.HasPrefix(up, "T/"):
		return "团体", "推荐"
	case strings.HasPrefix(up, "Q/"):
		return "内部", "推荐"
	case strings.Contains(up, "/T"):
		return "行业", "推荐"
	}
	return "", ""
}
