package kb

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"stdkb"
)

// ImportInventory replaces the form's inventory, campaigns and indicator data with those of a
// workbook laid out as InventoryWorkbook writes it; everything else typed in the form is kept.
// Sheets the workbook lacks leave the form's rows as they were. Standards are matched to the
// library by number, indicators by the names the form and the export give them.
//
// Every value it cannot read is returned as a problem naming sheet, row and column, keyed to
// the form row it landed in; the row keeps what could be read. An unreadable file is an error
// and leaves the form as it was.
func (a *App) ImportInventory(c Caller, f SubmissionForm, r io.Reader) (SubmissionForm, []FormProblem, error) {
	if err := needUser(c); err != nil {
		return f, nil, err
	}
	book, err := a.readInventory(c, r)
	if err != nil {
		return f, nil, err
	}
	im := &importer{book: book}
	found := false
	if rows, ok := im.sheet(sheetStandards, standardColumns); ok {
		found, f.Standards = true, im.standards(rows, a.standardsByNumber())
	}
	if rows, ok := im.sheet(sheetCampaigns, campaignColumns); ok {
		found, f.Campaigns = true, im.campaigns(rows)
	}
	if rows, ok := im.sheet(sheetIndicators, indicatorColumns); ok {
		found, f.Indicators = true, im.indicators(rows, indicatorsByLabel(a.lib()))
	}
	if !found {
		return f, nil, stdkb.Errorf(stdkb.EINVALID, "所选的 Excel 文件中没有“%s”“%s”或“%s”工作表（可先用“导出为 Excel”得到模板）。", sheetStandards, sheetCampaigns, sheetIndicators)
	}
	return f, im.problems, nil
}

// importer reads one workbook and notes every value it cannot read.
type importer struct {
	book     inventoryBook
	problems []FormProblem
}

// sheetRow is one row of a sheet below its header: its number as Excel shows it and its raw
// values (a date is its serial number), padded to the sheet's columns.
type sheetRow struct {
	sheet   string
	columns []string
	number  int
	cells   []string
}

// sheet reads a sheet's rows below its header; at most MaxFormRows, the rest reported.
func (im *importer) sheet(name string, columns []string) ([]sheetRow, bool) {
	rows, ok := im.book.Rows(name)
	if !ok {
		return nil, false
	}
	var out []sheetRow
	for i, cells := range rows {
		if i == 0 {
			continue // the header
		}
		if len(out) == MaxFormRows {
			im.problems = append(im.problems, FormProblem{"import", fmt.Sprintf("“%s”工作表超过 %d 行，第 %d 行起未导入。", name, MaxFormRows, i+1)})
			break
		}
		for len(cells) < len(columns) {
			cells = append(cells, "")
		}
		out = append(out, sheetRow{sheet: name, columns: columns, number: i + 1, cells: cells})
	}
	return out, true
}

// cell is the trimmed value of a row's column.
func (r sheetRow) cell(col int) string { return strings.TrimSpace(r.cells[col]) }

// note records that a value of a row could not be read, for the form row key.
func (im *importer) note(key string, r sheetRow, col int, format string, args ...any) {
	name, _ := excelize.ColumnNumberToName(col + 1)
	at := fmt.Sprintf("“%s”工作表第 %d 行 %s 列（%s）", r.sheet, r.number, name, r.columns[col])
	im.problems = append(im.problems, FormProblem{key, at + "：" + fmt.Sprintf(format, args...)})
}

// date reads a date cell: an Excel serial number or text such as 2025-10-20, 2025/10/20 or
// 2025年10月20日. Text it cannot read is noted and kept.
func (im *importer) date(key string, r sheetRow, col int) string {
	s := r.cell(col)
	d, ok := cellDate(s)
	if !ok {
		im.note(key, r, col, "“%s”不是日期，应写作 2025-10-20。", s)
	}
	return d
}

// dates reads a cell listing several dates.
func (im *importer) dates(key string, r sheetRow, col int) []string {
	var out []string
	for _, part := range listSeparators.Split(r.cell(col), -1) {
		if part == "" {
			continue
		}
		d, ok := cellDate(part)
		if !ok {
			im.note(key, r, col, "“%s”不是日期，应写作 2025-10-20，多个日期用“、”分隔。", part)
		}
		out = append(out, d)
	}
	return out
}

// yes reads a yes/no cell; anything but the usual ways of writing yes or no is noted (and
// read as no).
func (im *importer) yes(key string, r sheetRow, col int) bool {
	s := r.cell(col)
	switch strings.ToUpper(s) {
	case "是", "√", "Y", "YES", "TRUE", "1":
		return true
	case "", "否", "×", "N", "NO", "FALSE", "0":
		return false
	}
	im.note(key, r, col, "“%s”应填“是”或“否”，已按“否”导入。", s)
	return false
}

// cellDate reads a date as the form writes it; text it cannot read is returned as it is.
func cellDate(s string) (string, bool) {
	if s == "" {
		return "", true
	}
	if n, err := strconv.ParseFloat(s, 64); err == nil && n > 1 && n < 100000 {
		if t, err := excelize.ExcelDateToTime(n, false); err == nil {
			return t.Format("2006-01-02"), true
		}
	}
	for _, layout := range []string{"2006-01-02", "2006/1/2", "2006.1.2", "2006-1-2", "2006年1月2日"} {
		if t, err := time.Parse(layout, halfWidth(s)); err == nil {
			return t.Format("2006-01-02"), true
		}
	}
	return s, false
}

// standardsByNumber maps each edition's standard number, without spaces, to its document.
func (a *App) standardsByNumber() map[string]string {
	byNumber := map[string]string{}
	for _, d := range a.lib().Documents {
		for _, e := range d.Editions {
			if e.Number != "" {
				byNumber[strings.Join(strings.Fields(e.Number), "")] = d.ID
			}
		}
	}
	return byNumber
}

func (im *importer) standards(rows []sheetRow, byNumber map[string]string) []StandardRow {
	var out []StandardRow
	for _, c := range rows {
		key := fmt.Sprintf("standard:%d", len(out))
		r := StandardRow{Number: c.cell(0), Title: c.cell(1), Level: c.cell(2), Framework: c.cell(3),
			Applicable: im.yes(key, c, 4), Implemented: im.yes(key, c, 5), Publicity: im.date(key, c, 8),
			Effective: im.date(key, c, 9), Reviews: im.dates(key, c, 10)}
		r.Doc = byNumber[strings.Join(strings.Fields(r.Number), "")]
		if r.Level != "" && !slices.Contains(standardLevels, r.Level) {
			if short := strings.TrimSuffix(r.Level, "标准"); slices.Contains(standardLevels, short) {
				r.Level = short
			} else if r.Doc == "" {
				im.note(key, c, 2, "“%s”不是可选的层级（%s）。", r.Level, strings.Join(standardLevels, "、"))
			}
		}
		reports := listSeparators.Split(c.cell(7), -1)
		for i, d := range im.dates(key, c, 6) {
			e := EvaluationRow{Date: d}
			if i < len(reports) {
				e.Report = reports[i]
			}
			r.Evaluations = append(r.Evaluations, e)
		}
		if !r.Blank() {
			out = append(out, r)
		} else {
			im.forget(key)
		}
	}
	return out
}

// campaignKinds are the kinds of campaign the form offers.
var campaignKinds = []string{"宣传贯彻", "实施评估"}

func (im *importer) campaigns(rows []sheetRow) []CampaignRow {
	var out []CampaignRow
	for _, c := range rows {
		key := fmt.Sprintf("campaign:%d", len(out))
		r := CampaignRow{Date: im.date(key, c, 0), Kind: c.cell(1), Title: c.cell(2), Standards: c.cell(3)}
		if r.Kind != "" && !slices.Contains(campaignKinds, r.Kind) {
			im.note(key, c, 1, "“%s”不是可选的活动类型（%s），请重新选择。", r.Kind, strings.Join(campaignKinds, "、"))
		}
		if !r.Blank() {
			out = append(out, r)
		} else {
			im.forget(key)
		}
	}
	return out
}

// indicatorsByLabel maps the ways a person may name an indicator — as the form and the export
// label it, its bare name, its id — to its id. Keys are spelled as labelKey spells them.
func indicatorsByLabel(lib *stdkb.Library) map[string]string {
	ids := map[string]string{}
	for _, set := range lib.Indicators {
		for _, m := range set.Metrics {
			for _, name := range []string{m.ID, m.Name, m.Label()} {
				ids[labelKey(name)] = m.ID
			}
		}
	}
	return ids
}

// labelKey spells a name without spaces and with full-width brackets, so that 标准按期复审率 (%)
// and 标准按期复审率（%） are the same name.
func labelKey(s string) string {
	return strings.NewReplacer("(", "（", ")", "）").Replace(strings.Join(strings.Fields(s), ""))
}

func (im *importer) indicators(rows []sheetRow, ids map[string]string) []IndicatorRow {
	var out []IndicatorRow
	for _, c := range rows {
		key := fmt.Sprintf("indicator:%d", len(out))
		name := c.cell(0)
		r := IndicatorRow{Indicator: ids[labelKey(name)], Year: im.year(key, c, 1), Value: im.number(key, c, 2), Baseline: im.yes(key, c, 3)}
		if r.Indicator == "" && name != "" {
			r.Indicator = name
			im.note(key, c, 0, "没有名为“%s”的规划指标，请从列表中选择。", name)
		}
		if !r.Blank() {
			out = append(out, r)
		} else {
			im.forget(key)
		}
	}
	return out
}

// chineseDigits writes a year in Chinese numerals, 二〇二五, in Arabic ones.
var chineseDigits = strings.NewReplacer("〇", "0", "零", "0", "一", "1", "二", "2", "三", "3", "四", "4", "五", "5", "六", "6", "七", "7", "八", "8", "九", "9")

// year reads a year: 2025, 2025年, ２０２５ or 二〇二五.
func (im *importer) year(key string, r sheetRow, col int) string {
	s := r.cell(col)
	digits := strings.TrimSuffix(chineseDigits.Replace(halfWidth(s)), "年")
	if y, err := strconv.Atoi(digits); err == nil && y >= 1990 && y <= 2100 {
		return digits
	}
	if s != "" {
		im.note(key, r, col, "“%s”不是年份，应为四位数年份，如 2025。", s)
	}
	return s
}

// number reads a figure: a number as stored, or text such as ８５.５ or 85.5%. A cell Excel
// formats as a percentage is read as the percentage it shows.
func (im *importer) number(key string, r sheetRow, col int) string {
	s := r.cell(col)
	if s == "" {
		return ""
	}
	if shown := strings.TrimSpace(im.book.Shown(r.sheet, r.number-1, col)); strings.HasSuffix(shown, "%") {
		s = shown
	}
	plain := strings.TrimSuffix(halfWidth(s), "%")
	if _, err := strconv.ParseFloat(plain, 64); err != nil {
		im.note(key, r, col, "“%s”不是数字。", s)
		return s
	}
	return plain
}

// forget drops the problems noted for a row that turned out blank and is left out.
func (im *importer) forget(key string) {
	im.problems = slices.DeleteFunc(im.problems, func(p FormProblem) bool { return p.Key == key })
}
