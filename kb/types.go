package kb

import (
	"bytes"
	"errors"
	"html/template"
	"io"

	"stdkb"
	"stdkb/compare"
	"stdkb/content"
	"stdkb/evaluator"
	"stdkb/export"
	"stdkb/indexer"
)

// The types the front ends render are the adapters' own, named here so that front ends depend
// on the application layer only.
type (
	SearchRequest   = indexer.Request
	SearchResult    = indexer.Result
	Report          = evaluator.Report
	Submission      = evaluator.Submission
	ItemResponse    = evaluator.ItemResponse
	IndicatorResult = evaluator.IndicatorResult
	ParseOptions    = evaluator.ParseOptions
	Diff            = compare.Diff
)

// Search limits the front ends show.
const (
	MaxSearchPage      = indexer.MaxPage
	MaxSearchDocuments = indexer.MaxDocuments
	DefaultSearchLimit = indexer.DefaultLimit
)

// Indicator statuses of a report.
const (
	IndicatorMet      = evaluator.IndicatorMet
	IndicatorOnTrack  = evaluator.IndicatorOnTrack
	IndicatorOffTrack = evaluator.IndicatorOffTrack
	IndicatorMissing  = evaluator.IndicatorMissing
)

// RenderMarkdown renders content markdown as HTML. Raw HTML in content is dropped (goldmark
// without unsafe rendering): nothing in a document can run script in a page.
func RenderMarkdown(src string) (template.HTML, error) {
	var b bytes.Buffer
	if err := content.Markdown.Convert([]byte(src), &b); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

// RenderEdition renders an edition's body with every section's id as an anchor.
func RenderEdition(e *stdkb.Edition) (template.HTML, error) {
	b, err := content.RenderHTML(e.Body, e.Kind)
	return template.HTML(b), err
}

// DiffHTML renders a diff as HTML.
func DiffHTML(d *Diff) template.HTML {
	var b bytes.Buffer
	compare.HTML(&b, d)
	return template.HTML(b.String())
}

// DiffText writes a diff for a terminal.
func DiffText(w io.Writer, d *Diff) error { return compare.Text(w, d) }

// DiffHTMLTo writes a diff as HTML.
func DiffHTMLTo(w io.Writer, d *Diff) error { return compare.HTML(w, d) }

// ReportChart is a report's score chart as inline SVG.
func ReportChart(r *Report) template.HTML { return template.HTML(evaluator.Chart(r)) }

// ReportText writes a report for a terminal.
func ReportText(w io.Writer, r *Report) error { return evaluator.Text(w, r) }

// ReportMarkdown writes a report as markdown.
func ReportMarkdown(w io.Writer, r *Report) error { return evaluator.Markdown(w, r) }

// ReportRows is a report as table rows (for xlsx exports).
func ReportRows(r *Report) [][]string { return evaluator.Rows(r) }

// CompareRows sets reports side by side as table rows.
func CompareRows(rs []*Report) [][]string { return evaluator.CompareRows(rs) }

// Problems of a form or submission, folded into the one error system: every field's problem is
// one of the EINVALID error's fields, read by a person as 第 N 行 评估阶段：… and by a program
// by its key.
func fold(err error) error {
	var ie *evaluator.InvalidError
	if errors.As(err, &ie) {
		fields := make([]stdkb.FieldProblem, len(ie.Errors))
		for i, fe := range ie.Errors {
			fields[i] = stdkb.FieldProblem{Line: fe.Line, Field: fe.Field, Label: fe.Label, Message: fe.Message}
		}
		return &stdkb.Error{Code: stdkb.EINVALID, Message: "自评材料填写有误，请逐项修改：", Fields: fields, Err: err}
	}
	return err
}

// XLSX writes rows to one sheet of a new Excel workbook.
func XLSX(w io.Writer, sheet string, rows [][]string) error { return export.XLSX(w, sheet, rows) }
