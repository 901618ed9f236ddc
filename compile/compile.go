// Package compile assembles a volume (汇编) of documents as they stood on a date: a cover, a table
// of contents, each document's edition in force, and an index of document numbers — what a
// bureau prints as its 规章制度汇编 — as print-ready HTML or as a Word document.
package compile

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"

	"stdkb"
	"stdkb/content"
	"stdkb/export"
)

// Volume is the selection of editions a compiled volume holds.
type Volume struct {
	Title    string
	Unit     string // the unit whose system was compiled, if any
	AsOf     stdkb.Date
	Editions []*stdkb.Edition
}

// Select picks, for every document of the kind (and of the unit's system when unit is not nil),
// the edition in force on day, oldest effective date first, then by title. Editions repealed by
// a review (in the content or in the ledger) by that day are left out.
func Select(lib *stdkb.Library, kind stdkb.Kind, unit *stdkb.Unit, day stdkb.Date, ledger []stdkb.ReviewDecision) *Volume {
	v := &Volume{AsOf: day, Title: map[stdkb.Kind]string{stdkb.KindRegulation: "机关事务规章制度汇编", stdkb.KindStandard: "机关事务标准汇编"}[kind]}
	docs := lib.Documents
	if unit != nil {
		v.Unit = unit.Name
		v.Title = unit.Name + v.Title
		docs = lib.SystemOf(unit).Documents
	}
	for _, d := range docs {
		if d.Kind != kind {
			continue
		}
		e := d.InForce(day)
		if e == nil {
			continue
		}
		if st, _ := stdkb.Status(d, e, stdkb.Reviews(e, ledger), day); st == "现行" {
			v.Editions = append(v.Editions, e)
		}
	}
	sort.SliceStable(v.Editions, func(i, j int) bool {
		a, b := v.Editions[i], v.Editions[j]
		if !a.Effective.Equal(b.Effective) {
			return a.Effective.Before(b.Effective)
		}
		return a.Title < b.Title
	})
	return v
}

// numbered lists the editions that have a number, sorted by it, for the index.
func (v *Volume) numbered() []*stdkb.Edition {
	var out []*stdkb.Edition
	for _, e := range v.Editions {
		if e.Number != "" {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Number < out[j].Number })
	return out
}

var page = template.Must(template.New("volume").Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{.V.Title}}</title>
<style>
@page { size: A4; margin: 25mm 20mm 25mm 25mm; @bottom-center { content: counter(page); font-size: 10pt; } }
body { font: 12pt/1.75 "SimSun", "Songti SC", "Noto Serif CJK SC", serif; color: #000; }
h1, h2, h3 { font-family: "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif; }
.cover { height: 240mm; display: flex; flex-direction: column; justify-content: center; text-align: center; page-break-after: always; }
.cover h1 { font-size: 28pt; } .cover p { font-size: 14pt; }
.toc { page-break-after: always; } .toc ol { padding-left: 1.5em; } .toc a { color: #000; text-decoration: none; }
.doc { page-break-before: always; } .doc > header { text-align: center; margin-bottom: 1em; }
.meta { font-size: 10.5pt; color: #333; } .sample { border: 1px solid #999; padding: 0 4px; font-size: 9pt; }
table { border-collapse: collapse; } td, th { border: 1px solid #666; padding: 2px 6px; }
.index { page-break-before: always; } .index td { border: none; padding: 2px 12px 2px 0; }
</style></head><body>
<section class="cover"><h1>{{.V.Title}}</h1>{{with .V.Unit}}<p>{{.}}</p>{{end}}<p>截至 {{.V.AsOf}} 现行有效</p><p>共收录 {{len .V.Editions}} 件</p></section>
<nav class="toc"><h2>目录</h2><ol>{{range $i, $e := .V.Editions}}<li><a href="#doc-{{$i}}">{{$e.Title}}</a>{{with $e.Number}}（{{.}}）{{end}}</li>{{end}}</ol></nav>
{{range $i, $d := .Docs}}<article class="doc" id="doc-{{$i}}"><header><h1>{{$d.E.Title}}{{if $d.E.Sample}} <span class="sample">示例</span>{{end}}</h1>
<p class="meta">{{with $d.E.Number}}{{.}} · {{end}}{{with $d.E.Issuer}}{{.}} · {{end}}{{if not $d.E.Issued.IsZero}}{{$d.E.Issued}} 发布 · {{end}}{{if not $d.E.Effective.IsZero}}{{$d.E.Effective}} 施行{{end}}</p>
{{if not $d.E.FullText}}<p class="meta">本件未收录全文，以下为相关表述。</p>{{end}}</header>
{{$d.Body}}</article>{{end}}
<section class="index"><h2>文号索引</h2><table>{{range .Numbered}}<tr><td>{{.Number}}</td><td>{{.Title}}</td></tr>{{end}}</table></section>
</body></html>
`))

// HTML writes the volume as one print-ready HTML page (CSS paged media: A4, page numbers, each
// document on a new page). Markdown is rendered without raw HTML.
func HTML(w io.Writer, v *Volume) error {
	type doc struct {
		E    *stdkb.Edition
		Body template.HTML
	}
	var docs []doc
	for _, e := range v.Editions {
		var b bytes.Buffer
		if err := content.Markdown.Convert([]byte(e.Body), &b); err != nil {
			return fmt.Errorf("render %s: %w", e.Ref(), err)
		}
		docs = append(docs, doc{E: e, Body: template.HTML(b.String())})
	}
	return page.Execute(w, map[string]any{"V": v, "Docs": docs, "Numbered": v.numbered()})
}

// DOCX writes the volume as a Word document: cover, contents, each document's text by section,
// and the index of numbers.
func DOCX(w io.Writer, v *Volume) error {
	d, err := export.NewDOCX()
	if err != nil {
		return err
	}
	para := func(text, style string) { export.Paragraph(d, text, style) }
	para(v.Title, "Title")
	if v.Unit != "" {
		para(v.Unit, "")
	}
	para(fmt.Sprintf("截至 %s 现行有效，共收录 %d 件", v.AsOf, len(v.Editions)), "")
	para("目录", "Heading1")
	for i, e := range v.Editions {
		line := fmt.Sprintf("%d. %s", i+1, e.Title)
		if e.Number != "" {
			line += "（" + e.Number + "）"
		}
		para(line, "")
	}
	for _, e := range v.Editions {
		para(e.Title, "Heading1")
		var meta []string
		for _, s := range []string{e.Number, e.Issuer} {
			if s != "" {
				meta = append(meta, s)
			}
		}
		if !e.Effective.IsZero() {
			meta = append(meta, e.Effective.String()+" 施行")
		}
		para(strings.Join(meta, " · "), "")
		for _, s := range e.Sections {
			if s.Title != "" && s.ID != "intro" { // numbered clauses carry their number in the text
				para(s.Heading(), fmt.Sprintf("Heading%d", min(s.Depth+1, 6)))
			}
			for _, line := range strings.Split(s.Text, "\n") {
				if line = strings.TrimSpace(line); line != "" {
					para(line, "")
				}
			}
		}
	}
	para("文号索引", "Heading1")
	for _, e := range v.numbered() {
		para(e.Number+"　"+e.Title, "")
	}
	return export.FinishA4(w, d, false)
}
