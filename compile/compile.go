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

	"stdkb"
	"stdkb/content"
)

// Volume is the selection of editions a compiled volume holds.
type Volume struct {
	Kind     stdkb.Kind
	Title    string
	Unit     string // the unit whose system was compiled, if any
	AsOf     stdkb.Date
	Editions []*stdkb.Edition
}

// Select picks, for every document of the kind (and of the unit's system when unit is not nil),
// the edition in force on day, oldest effective date first, then by title. Editions repealed by
// a review (in the content or in the ledger) by that day are left out.
func Select(lib *stdkb.Library, kind stdkb.Kind, unit *stdkb.Unit, day stdkb.Date, ledger []stdkb.ReviewDecision) *Volume {
	v := &Volume{Kind: kind, AsOf: day, Title: map[stdkb.Kind]string{stdkb.KindRegulation: "机关事务规章制度汇编", stdkb.KindStandard: "机关事务标准汇编"}[kind]}
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

// check refuses a volume that holds no document, so nobody prints or files an empty one.
func (v *Volume) check() error {
	if len(v.Editions) > 0 {
		return nil
	}
	what := map[stdkb.Kind]string{stdkb.KindRegulation: "规章制度", stdkb.KindStandard: "标准"}[v.Kind]
	if what == "" {
		what = "文件"
	}
	scope := ""
	if v.Unit != "" {
		scope = v.Unit + "标准体系中"
	}
	return stdkb.Errorf(stdkb.ENOTFOUND, "%s：截至 %s，%s没有现行有效的%s，未生成汇编（请换一个日期或范围）", v.Title, v.AsOf, scope, what)
}

// Ended reports whether e is a plan whose period was over by the volume's date: the document is
// in force, but a reader must not take its targets for current ones, so the volume says
// 规划期已结束 beside it, as search and the document's page do.
func (v *Volume) Ended(e *stdkb.Edition) bool { return e.PeriodEnded(v.AsOf) }

// ended counts the volume's plans whose period is over.
func (v *Volume) ended() int {
	n := 0
	for _, e := range v.Editions {
		if v.Ended(e) {
			n++
		}
	}
	return n
}

// scope is the cover's line on what the volume holds as of its date. Every document in it is
// in force (neither repealed nor withdrawn); when some are plans whose period is over, calling
// the whole volume 现行有效 would contradict the 规划期已结束 beside them, so the line says both.
func (v *Volume) scope() string {
	n := v.ended()
	if n == 0 {
		return fmt.Sprintf("截至 %s 现行有效", v.AsOf)
	}
	return fmt.Sprintf("截至 %s 未废止的文件：现行有效 %d 件，规划期已结束 %d 件", v.AsOf, len(v.Editions)-n, n)
}

// endedNote is the cover's note on plans whose period is over, or "" when there is none.
func (v *Volume) endedNote() string {
	n := v.ended()
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("其中 %d 件规划的规划期已结束：文件未废止，但其目标和任务属于已结束的规划期。", n)
}

// periodNote is the particulars' note on a plan whose period is over, or "".
func (v *Volume) periodNote(e *stdkb.Edition) string {
	if !v.Ended(e) {
		return ""
	}
	return fmt.Sprintf("规划期 %d—%d 年已结束", e.Period.From, e.Period.To)
}

// effectWord is how a document's effective date is announced: standards are 实施, laws and
// regulations 施行.
func effectWord(e *stdkb.Edition) string {
	if e.Kind == stdkb.KindStandard {
		return "实施"
	}
	return "施行"
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

var volumePage = template.Must(template.New("volume").Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{.V.Title}}</title>
<style>
@page { size: A4; margin: 25mm 20mm 25mm 25mm; @bottom-center { content: counter(page); font-size: 10pt; } }
@page :first { @bottom-center { content: none; } }
body { font: 12pt/1.75 "SimSun", "Songti SC", "Noto Serif CJK SC", serif; color: #000; }
h1, h2, h3 { font-family: "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif; }
.cover { height: 240mm; display: flex; flex-direction: column; justify-content: center; text-align: center; page-break-after: always; }
.cover h1 { font-size: 28pt; } .cover p { font-size: 14pt; }
h1.part { font-size: 18pt; text-align: center; }
.toc { page-break-after: always; } .toc ol { padding-left: 1.5em; } .toc a { color: #000; text-decoration: none; }
.toc a.paged { display: flex; align-items: baseline; } .toc .t { max-width: 85%; }
.toc .dots { flex: 1; border-bottom: 1px dotted #000; margin: 0 4px; } .toc .pg { width: 2.5em; text-align: right; }
.doc { page-break-before: always; } .doc > header { text-align: center; margin-bottom: 1em; }
.meta { font-size: 10.5pt; color: #333; } .sample { border: 1px solid #999; padding: 0 4px; font-size: 9pt; }
table { border-collapse: collapse; } td, th { border: 1px solid #666; padding: 2px 6px; }
.index { page-break-before: always; } .index td { border: none; padding: 2px 12px 2px 0; } .index td.pg { text-align: right; padding-right: 0; } .index table { width: 100%; }
</style></head><body>
<section class="cover"><h1>{{.V.Title}}</h1>{{with .V.Unit}}<p>{{.}}</p>{{end}}<p>{{.Scope}}</p><p>共收录 {{len .V.Editions}} 件</p>{{with .EndedNote}}<p class="meta">{{.}}</p>{{end}}</section>
<nav class="toc"><h1 class="part">目录</h1><ol>{{range $i, $d := .Docs}}<li>{{if $.Paged}}<a class="paged" href="#doc-{{$i}}"><span class="t">{{$d.E.Title}}{{with $d.E.Number}}（{{.}}）{{end}}{{if $.V.Ended $d.E}}（规划期已结束）{{end}}</span><span class="dots"></span><span class="pg">{{$d.Page}}</span></a>{{else}}<a href="#doc-{{$i}}">{{$d.E.Title}}</a>{{with $d.E.Number}}（{{.}}）{{end}}{{if $.V.Ended $d.E}}（规划期已结束）{{end}}{{end}}</li>{{end}}</ol></nav>
{{range $i, $d := .Docs}}<article class="doc" id="doc-{{$i}}"><header><h1>{{$d.E.Title}}{{if $d.E.Sample}} <span class="sample">示例</span>{{end}}</h1>
<p class="meta">{{with $d.E.Number}}{{.}} · {{end}}{{with $d.E.Issuer}}{{.}} · {{end}}{{if not $d.E.Issued.IsZero}}{{$d.E.Issued}} 发布 · {{end}}{{if not $d.E.Effective.IsZero}}{{$d.E.Effective}} {{$d.Effect}}{{end}}{{with $d.Period}} · {{.}}{{end}}</p>
{{if not $d.E.FullText}}<p class="meta">本件未收录全文，以下为相关表述。</p>{{end}}</header>
{{$d.Body}}</article>{{end}}
<section class="index"><h1 class="part">文号索引</h1><table>{{range .Numbered}}<tr><td>{{.E.Number}}</td><td>{{.E.Title}}</td>{{if $.Paged}}<td class="pg">{{.Page}}</td>{{end}}</tr>{{end}}</table></section>
</body></html>
`))

// HTML writes the volume as one print-ready HTML page (CSS paged media: A4, page numbers, each
// document on a new page). Markdown is rendered without raw HTML.
func HTML(w io.Writer, v *Volume) error {
	return render(w, v, nil)
}

// render writes the HTML volume; with pages (the page each document starts on, in order) the
// contents and the index of numbers show page numbers. A pages slice of zeros lays the contents out exactly as the
// numbered one, which is what the first pass of PDF measures.
func render(w io.Writer, v *Volume, pages []int) error {
	if err := v.check(); err != nil {
		return err
	}
	type doc struct {
		E      *stdkb.Edition
		Effect string
		Page   int
		Period string // 规划期…已结束, for a plan whose period is over
		Body   template.HTML
	}
	type entry struct {
		E    *stdkb.Edition
		Page int
	}
	var docs []doc
	pageOf := map[*stdkb.Edition]int{}
	for i, e := range v.Editions {
		var b bytes.Buffer
		if err := content.Markdown.Convert([]byte(e.Body), &b); err != nil {
			return fmt.Errorf("render %s: %w", e.Ref(), err)
		}
		d := doc{E: e, Effect: effectWord(e), Period: v.periodNote(e), Body: template.HTML(b.String())}
		if i < len(pages) {
			d.Page = pages[i]
			pageOf[e] = pages[i]
		}
		docs = append(docs, d)
	}
	var index []entry
	for _, e := range v.numbered() {
		index = append(index, entry{e, pageOf[e]})
	}
	return volumePage.Execute(w, map[string]any{"V": v, "Docs": docs, "Paged": pages != nil, "Numbered": index, "EndedNote": v.endedNote(), "Scope": v.scope()})
}
