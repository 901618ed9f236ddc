package kb

import (
	"bytes"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"stdkb"
	"stdkb/export"
)

// The inventory workbook's sheets and columns: what InventoryWorkbook writes and
// ImportInventory reads, for units that keep their standard list in Excel.
const (
	sheetStandards  = "标准清单"
	sheetCampaigns  = "宣贯与实施评估活动"
	sheetIndicators = "指标数据"
)

var (
	standardColumns  = []string{"标准编号", "标准名称", "层级", "体系代码", "是否适用", "是否实施", "实施效果评价日期", "评价报告", "最近宣贯日期", "实施日期（内部标准）", "复审日期（内部标准）"}
	campaignColumns  = []string{"日期", "类型", "活动名称", "涉及标准"}
	indicatorColumns = []string{"指标", "年份", "数值", "是否基数"}
)

func yesNo(b bool) string { return map[bool]string{true: "是", false: "否"}[b] }

// InventoryWorkbook is the form's inventory, campaigns and indicator data as an Excel workbook
// (an empty one is a template to fill in).
func (a *App) InventoryWorkbook(c Caller, f SubmissionForm) (File, error) {
	if err := needUser(c); err != nil {
		return File{}, err
	}
	to, _ := stdkb.ParseDate(f.To)
	f.Standards = slices.Clone(f.Standards)
	a.prefillStandards(&f, to) // a row chosen from the list is written with its number
	std := [][]string{standardColumns}
	for _, r := range f.Standards {
		if r.Blank() {
			continue
		}
		var dates, reports []string
		for _, e := range r.Evaluations {
			if strings.TrimSpace(e.Date+e.Report) != "" {
				dates, reports = append(dates, e.Date), append(reports, e.Report)
			}
		}
		std = append(std, []string{r.Number, r.Title, r.Level, strings.Join(SplitCodes(r.Framework), " "), yesNo(r.Applicable), yesNo(r.Implemented),
			strings.Join(dates, "、"), strings.Join(reports, "、"), r.Publicity, r.Effective, strings.Join(nonEmpty(r.Reviews), "、")})
	}
	cps := [][]string{campaignColumns}
	for _, r := range f.Campaigns {
		if !r.Blank() {
			cps = append(cps, []string{r.Date, r.Kind, r.Title, r.Standards})
		}
	}
	names := map[string]string{}
	for _, ch := range indicatorChoices(a.lib(), &stdkb.Checklist{}) {
		names[ch.Value] = ch.Label
	}
	ins := [][]string{indicatorColumns}
	for _, r := range f.Indicators {
		if !r.Blank() {
			ins = append(ins, []string{names[r.Indicator], r.Year, r.Value, yesNo(r.Baseline)})
		}
	}
	var buf bytes.Buffer
	err := export.XLSXSheets(&buf, []export.Sheet{{Name: sheetStandards, Rows: std}, {Name: sheetCampaigns, Rows: cps}, {Name: sheetIndicators, Rows: ins}})
	if err != nil {
		return File{}, err
	}
	return File{Name: "标准清单与指标数据.xlsx", Type: TypeXLSX, Data: buf.Bytes()}, nil
}

// ImportInventory replaces the form's inventory, campaigns and indicator data with those of a
// workbook laid out as InventoryWorkbook writes it. Sheets the workbook lacks leave the form's
// rows as they were. Standards are matched to the library by number, indicators by name.
func (a *App) ImportInventory(c Caller, f SubmissionForm, r io.Reader) (SubmissionForm, error) {
	if err := needUser(c); err != nil {
		return f, err
	}
	book, err := a.readInventory(c, r)
	if err != nil {
		return f, err
	}
	found := false
	if rows, ok := sheetRows(book, sheetStandards); ok {
		found, f.Standards = true, a.importStandards(rows)
	}
	if rows, ok := sheetRows(book, sheetCampaigns); ok {
		found, f.Campaigns = true, importCampaigns(rows)
	}
	if rows, ok := sheetRows(book, sheetIndicators); ok {
		found, f.Indicators = true, a.importIndicators(rows)
	}
	if !found {
		return f, stdkb.Errorf(stdkb.EINVALID, "所选的 Excel 文件中没有“%s”“%s”或“%s”工作表（可先用“导出为 Excel”得到模板）。", sheetStandards, sheetCampaigns, sheetIndicators)
	}
	return f, nil
}

// cellDate reads a date cell: an Excel serial number or text such as 2025-10-20, 2025/10/20 or
// 2025年10月20日. Text it cannot read is kept for the form to report.
func cellDate(s string) string {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseFloat(s, 64); err == nil && n > 1 && n < 100000 {
		if t, err := excelize.ExcelDateToTime(n, false); err == nil {
			return t.Format("2006-01-02")
		}
	}
	for _, layout := range []string{"2006-01-02", "2006/1/2", "2006.1.2", "2006-1-2", "2006年1月2日"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02")
		}
	}
	return s
}

func cellDates(s string) []string {
	var out []string
	for _, part := range listSeparators.Split(strings.TrimSpace(s), -1) {
		if part != "" {
			out = append(out, cellDate(part))
		}
	}
	return out
}

func cellBool(s string) bool {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "是", "√", "Y", "YES", "TRUE", "1":
		return true
	}
	return false
}

func (a *App) importStandards(rows [][]string) []StandardRow {
	byNumber := map[string]string{}
	for _, d := range a.lib().Documents {
		for _, e := range d.Editions {
			if e.Number != "" {
				byNumber[strings.Join(strings.Fields(e.Number), "")] = d.ID
			}
		}
	}
	var out []StandardRow
	for _, c := range rows {
		r := StandardRow{Number: strings.TrimSpace(c[0]), Title: strings.TrimSpace(c[1]), Level: strings.TrimSpace(c[2]), Framework: c[3],
			Applicable: cellBool(c[4]), Implemented: cellBool(c[5]), Publicity: cellDate(c[8]), Effective: cellDate(c[9]), Reviews: cellDates(c[10])}
		r.Doc = byNumber[strings.Join(strings.Fields(r.Number), "")]
		reports := listSeparators.Split(strings.TrimSpace(c[7]), -1)
		for i, d := range cellDates(c[6]) {
			e := EvaluationRow{Date: d}
			if i < len(reports) {
				e.Report = reports[i]
			}
			r.Evaluations = append(r.Evaluations, e)
		}
		if !r.Blank() {
			out = append(out, r)
		}
	}
	return out
}

func importCampaigns(rows [][]string) []CampaignRow {
	var out []CampaignRow
	for _, c := range rows {
		r := CampaignRow{Date: cellDate(c[0]), Kind: strings.TrimSpace(c[1]), Title: strings.TrimSpace(c[2]), Standards: strings.TrimSpace(c[3])}
		if !r.Blank() {
			out = append(out, r)
		}
	}
	return out
}

func (a *App) importIndicators(rows [][]string) []IndicatorRow {
	ids := map[string]string{}
	for _, ch := range indicatorChoices(a.lib(), &stdkb.Checklist{}) {
		ids[ch.Label], ids[ch.Value] = ch.Value, ch.Value
	}
	var out []IndicatorRow
	for _, c := range rows {
		name := strings.TrimSpace(c[0])
		r := IndicatorRow{Indicator: ids[name], Year: strings.TrimSpace(c[1]), Value: strings.TrimSpace(c[2]), Baseline: cellBool(c[3])}
		if r.Indicator == "" && name != "" {
			r.Indicator = name // shown again with the list's problem: no such indicator
		}
		if !r.Blank() {
			out = append(out, r)
		}
	}
	return out
}
