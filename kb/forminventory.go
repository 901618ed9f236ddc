package kb

import (
	"bytes"
	"slices"
	"strings"

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
			name := names[r.Indicator]
			if name == "" {
				name = r.Indicator // not in the list: written as typed, for the import to report
			}
			ins = append(ins, []string{name, r.Year, r.Value, yesNo(r.Baseline)})
		}
	}
	var buf bytes.Buffer
	err := export.XLSXSheets(&buf, []export.Sheet{{Name: sheetStandards, Rows: std}, {Name: sheetCampaigns, Rows: cps}, {Name: sheetIndicators, Rows: ins}})
	if err != nil {
		return File{}, err
	}
	return File{Name: "标准清单与指标数据.xlsx", Type: TypeXLSX, Data: buf.Bytes()}, nil
}
