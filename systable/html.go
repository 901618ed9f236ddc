package systable

import (
	"bytes"
	"html/template"
	"io"
	"strings"
)

var page = template.Must(template.New("systable").Funcs(template.FuncMap{
	"indent":  func(depth int) string { return strings.Repeat("　", depth) },
	"join":    func(s []string) string { return strings.Join(s, "；") },
	"hasTodo": func(s string) bool { return strings.HasPrefix(s, toFill) },
}).Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{.T.Title}}</title>
<style>
@page { size: A4 landscape; margin: 15mm; }
body { font: 10.5pt/1.6 "SimSun", "Songti SC", "Noto Serif CJK SC", serif; color: #000; max-width: 1200px; margin: 0 auto; padding: 0 12px; }
h1, h2, h3 { font-family: "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif; }
h1 { text-align: center; font-size: 18pt; margin-bottom: 0; } .sub { text-align: center; color: #333; }
section { page-break-before: always; } section:first-of-type { page-break-before: auto; }
.diagram { overflow-x: auto; } .diagram svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #555; padding: 2px 5px; vertical-align: top; }
th { background: #e8e8e8; } thead { display: table-header-group; } td.n { text-align: center; }
tr.total td { font-weight: bold; } .todo { color: #a00; }
</style></head><body>
<h1>{{.T.Title}}</h1>
<p class="sub">{{with .T.Unit}}{{.}}　{{end}}{{.T.Framework}}　截至 {{.T.AsOf}}</p>
<section id="structure"><h2>一、体系结构图</h2><div class="diagram">{{.SVG}}</div></section>
<section id="detail"><h2>二、标准明细表</h2>
<table><thead><tr>{{range .Columns}}<th>{{.}}</th>{{end}}</tr></thead><tbody>
{{range .T.Rows}}<tr><td class="n">{{.Seq}}</td><td class="n">{{.SystemCode}}</td><td>{{.Number}}</td><td>{{.Title}}</td><td class="n">{{.Level}}</td><td class="n">{{.Nature}}</td><td class="n">{{.Status}}</td><td class="n">{{.Effective}}</td><td>{{.Replaces}}</td><td>{{.Custodian}}</td><td>{{join .Remarks}}</td></tr>
{{else}}<tr><td colspan="11">本体系尚未收录标准。</td></tr>{{end}}</tbody></table></section>
<section id="statistics"><h2>三、标准统计表</h2>
<table><thead><tr>{{range .StatsHeaders}}<th>{{.}}</th>{{end}}</tr></thead><tbody>
{{range .Stats}}<tr{{if .Total}} class="total"{{end}}><td class="n">{{.S.Code}}</td><td>{{indent .S.Depth}}{{.S.Name}}</td>{{range .Cells}}<td class="n">{{.}}</td>{{end}}</tr>
{{end}}</tbody></table></section>
<section id="notes"><h2>四、编制说明</h2>
{{range .T.Notes}}<h3>{{.Heading}}</h3>{{range .Paragraphs}}<p{{if hasTodo .}} class="todo"{{end}}>{{.}}</p>{{end}}{{end}}
</section>
</body></html>
`))

// HTML writes the table as one self-contained page that prints on landscape A4: the structure
// diagram (inline SVG), the detail and statistics tables and the notes.
func HTML(w io.Writer, t *Table) error {
	var svg bytes.Buffer
	if err := SVG(&svg, t); err != nil {
		return err
	}
	type statLine struct {
		S     Stat
		Cells []int
		Total bool
	}
	var stats []statLine
	for _, s := range t.Stats {
		stats = append(stats, statLine{s, t.statsCells(s), false})
	}
	stats = append(stats, statLine{t.Total, t.statsCells(t.Total), true})
	return page.Execute(w, map[string]any{
		"T": t, "SVG": template.HTML(svg.String()), "Columns": Columns,
		"StatsHeaders": t.statsHeaders(), "Stats": stats,
	})
}
