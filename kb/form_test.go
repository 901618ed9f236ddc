package kb_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"

	"stdkb"
	"stdkb/evaluator"
	"stdkb/kb"
	"stdkb/kb/kbtest"
)

// midtermForm is a valid midterm form with an inventory, a campaign and indicator values, all
// as table rows.
func midtermForm() kb.SubmissionForm {
	return kb.SubmissionForm{
		Checklist: "pilot-midterm", From: "2025-01-01", To: "2025-12-31",
		Answers:  map[string]string{"org-1": "符合", "sys-2": "12"},
		Comments: map[string]string{"sys-2": "覆盖6个领域"},
		Standards: []kb.StandardRow{
			{Doc: "sample-canteen-service", Applicable: true, Implemented: true,
				Evaluations: []kb.EvaluationRow{{Date: "2025-10-20", Report: "评价报告.pdf"}, {}}, Publicity: "2025-09-16"},
			{}, // a blank row is skipped
			{Title: "机关物业服务规范（区内部标准）", Level: "内部", Framework: "B7、B2", Applicable: true, Effective: "2021-07-01", Reviews: []string{"2024-06-30", ""}},
		},
		Campaigns: []kb.CampaignRow{{Date: "2025-09-16", Kind: "宣传贯彻", Title: "食堂服务规范宣贯会", Standards: "DB50/T 9902-2021"}},
		Indicators: []kb.IndicatorRow{
			{Indicator: "energy-per-capita", Year: "2025", Value: "347.6"},
			{Indicator: "energy-per-capita", Year: "2020", Value: "380.5", Baseline: true},
			{Indicator: "energy-per-capita", Year: "2023", Value: "355.8"},
			{},
		},
	}
}

// TestFormRowsBecomeTheSubmission: the rows are stored as the submission format has them — a
// library standard completed from the library, dated evaluations, a campaign pointing at its
// standard, indicator values grouped with their baseline and sorted by year.
func TestFormRowsBecomeTheSubmission(t *testing.T) {
	f := kbtest.New(t)
	pilot := f.Caller(kbtest.PilotA)
	id, err := f.App.SaveForm(pilot, midtermForm())
	if err != nil {
		t.Fatal(err)
	}
	v, err := f.Store.Submission(id)
	if err != nil {
		t.Fatal(err)
	}
	sub, err := evaluator.Decode(v.Body)
	if err != nil {
		t.Fatal(err)
	}
	if sub.Unit != kbtest.UnitA || len(sub.Standards) != 2 {
		t.Fatalf("unit %q, %d standards, want the pilot's unit and 2", sub.Unit, len(sub.Standards))
	}
	canteen, internal := sub.Standards[0], sub.Standards[1]
	if canteen.Number != "DB50/T 9902-2021" || canteen.Title != "机关食堂服务规范" || canteen.Level != "地方" || !reflect.DeepEqual(canteen.Framework, []string{"B7"}) {
		t.Errorf("the library standard was not completed from the library: %+v", canteen)
	}
	if len(canteen.EffectEvaluations) != 1 || canteen.EffectEvaluations[0].Date.String() != "2025-10-20" || canteen.EffectEvaluations[0].Report != "评价报告.pdf" {
		t.Errorf("effect evaluations %+v, want one dated 2025-10-20", canteen.EffectEvaluations)
	}
	if !reflect.DeepEqual(internal.Framework, []string{"B7", "B2"}) || internal.Effective.String() != "2021-07-01" || len(internal.Reviews) != 1 {
		t.Errorf("internal standard %+v", internal)
	}
	if len(sub.Campaigns) != 1 || !reflect.DeepEqual(sub.Campaigns[0].Standards, []string{"sample-canteen-service"}) {
		t.Errorf("campaigns %+v, want the canteen standard referred to", sub.Campaigns)
	}
	if len(sub.Indicators) != 1 || sub.Indicators[0].Baseline == nil || sub.Indicators[0].Baseline.Year != 2020 ||
		len(sub.Indicators[0].Values) != 2 || sub.Indicators[0].Values[0].Year != 2023 {
		t.Errorf("indicators %+v, want the baseline and two values in year order", sub.Indicators)
	}
	// The form shown again for editing has the same rows.
	again, err := f.App.EditForm(pilot, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Standards) != 2 || again.Standards[1].Framework != "B7 B2" || again.Campaigns[0].Standards != "DB50/T 9902-2021" || len(again.Indicators) != 3 {
		t.Errorf("edit form %+v", again)
	}
}

// TestFormProblemsAreKeyedByItem: each problem is keyed to the item or row it concerns, says
// what is wrong in Chinese naming the item by its title, and the refusal writes nothing.
func TestFormProblemsAreKeyedByItem(t *testing.T) {
	tests := []struct {
		name   string
		change func(*kb.SubmissionForm)
		key    string
		want   string
	}{
		{"score over the maximum", func(f *kb.SubmissionForm) { f.Answers["sys-2"] = "99" }, "item:sys-2", "“本级标准体系覆盖运行保障7个业务领域…”得分 99 超过满分 14"},
		{"score not a number", func(f *kb.SubmissionForm) { f.Answers["sys-2"] = "十二" }, "item:sys-2", "不是数字"},
		{"full-width digits are read", func(f *kb.SubmissionForm) { f.Answers["sys-2"] = "１５" }, "item:sys-2", "超过满分 14"},
		{"partial level on a pass/fail item", func(f *kb.SubmissionForm) { f.Answers["org-2"] = "部分符合" }, "item:org-2", "只判断是否符合"},
		{"comment without an answer", func(f *kb.SubmissionForm) { f.Comments["imp-1"] = "已开展" }, "item:imp-1", "还没有作答"},
		{"missing period", func(f *kb.SubmissionForm) { f.From = "" }, "period", "请填写评估期间的开始日期"},
		{"period backwards", func(f *kb.SubmissionForm) { f.To = "2024-12-31" }, "period", "早于开始日期"},
		{"unknown framework code", func(f *kb.SubmissionForm) { f.Standards[2].Framework = "Z9" }, "standard:2", "标准清单第 3 行：体系代码“Z9”不在"},
		{"implemented but not applicable", func(f *kb.SubmissionForm) { f.Standards[0].Applicable = false }, "standard:0", "不适用的标准不能标为已实施"},
		{"bad evaluation date", func(f *kb.SubmissionForm) { f.Standards[0].Evaluations[0].Date = "2025-13-01" }, "standard:0", "实施效果评价日期“2025-13-01”不是有效日期"},
		{"review dates for a library standard", func(f *kb.SubmissionForm) { f.Standards[0].Reviews = []string{"2024-01-01"} }, "standard:0", "以知识库和复审台账为准"},
		{"campaign naming a standard not listed", func(f *kb.SubmissionForm) { f.Campaigns[0].Standards = "GB/T 0000" }, "campaign:0", "“GB/T 0000”不在标准清单中"},
		{"indicator year", func(f *kb.SubmissionForm) { f.Indicators[0].Year = "25" }, "indicator:0", "年份“25”应为四位数年份"},
		{"indicator value", func(f *kb.SubmissionForm) { f.Indicators[2].Value = "约350" }, "indicator:2", "不是数字"},
		{"two baselines", func(f *kb.SubmissionForm) {
			f.Indicators[3] = kb.IndicatorRow{Indicator: "energy-per-capita", Year: "2019", Value: "390", Baseline: true}
		}, "indicator:3", "只能有一个基数"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := kbtest.New(t)
			form := midtermForm()
			tt.change(&form)
			before, _ := f.Store.Digest()
			_, err := f.App.SaveForm(f.Caller(kbtest.PilotA), form)
			var fe *kb.FormError
			if !errors.As(err, &fe) {
				t.Fatalf("err %v, want a *kb.FormError", err)
			}
			if stdkb.ErrorCode(err) != stdkb.EINVALID {
				t.Errorf("code %s, want invalid", stdkb.ErrorCode(err))
			}
			got := fe.ByKey()[tt.key]
			if len(got) == 0 || !strings.Contains(strings.Join(got, "\n"), tt.want) {
				t.Errorf("problems %+v, want %q under %s", fe.Problems, tt.want, tt.key)
			}
			if !reflect.DeepEqual(fe.Form.Answers, form.Answers) || len(fe.Form.Standards) != len(form.Standards) || fe.Form.Comments["sys-2"] != "覆盖6个领域" {
				t.Errorf("the refused form lost input: %+v", fe.Form)
			}
			if after, _ := f.Store.Digest(); after != before {
				t.Error("a refused form without uploads changed the store")
			}
		})
	}
}

// upload is an in-memory uploaded file.
func upload(name, content string) kb.Upload {
	return kb.Upload{Name: name, Size: int64(len(content)), Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(content)), nil }}
}

// TestRefusedFormKeepsItsUploads: a file uploaded with a refused form is stored and the form
// given back refers to it, so saving the corrected form binds it without uploading it again.
func TestRefusedFormKeepsItsUploads(t *testing.T) {
	f := kbtest.New(t)
	pilot := f.Caller(kbtest.PilotA)
	form := midtermForm()
	form.Answers["sys-2"] = "99"
	form.Files = map[string][]kb.Upload{"org-1": {upload("领导小组文件.pdf", "%PDF-1.4 x")}}
	_, err := f.App.SaveForm(pilot, form)
	var fe *kb.FormError
	if !errors.As(err, &fe) {
		t.Fatalf("err %v, want a refusal", err)
	}
	kept := fe.Form.Evidence["org-1"]
	if len(kept) != 1 || !strings.HasPrefix(kept[0], "evidence:") || fe.Form.Files != nil {
		t.Fatalf("kept evidence %v, want the upload as a stored reference", kept)
	}
	page, err := f.App.FormPageOf(pilot, fe.Form, fe.Problems)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(page.EvidenceNames[kept[0]], "领导小组文件.pdf") {
		t.Errorf("the kept file is not named on the form: %v", page.EvidenceNames)
	}
	// Another unit's pilot cannot name it on its own form.
	if other, _ := f.App.FormPageOf(f.Caller(kbtest.PilotB), kb.SubmissionForm{Checklist: "pilot-midterm", Evidence: fe.Form.Evidence}, nil); other.EvidenceNames[kept[0]] != "" {
		t.Error("another unit's form names the file")
	}
	corrected := fe.Form
	corrected.Answers["sys-2"] = "14"
	id, err := f.App.SaveForm(pilot, corrected)
	if err != nil {
		t.Fatal(err)
	}
	files, err := f.App.SubmissionEvidence(f.Caller(kbtest.Reviewer), id)
	if err != nil || len(files) != 1 || files[0].Name != "领导小组文件.pdf" {
		t.Errorf("evidence of the saved form: %+v %v", files, err)
	}
	if _, err := f.App.SubmissionEvidence(f.Caller(kbtest.PilotB), id); stdkb.ErrorCode(err) != stdkb.ENOTFOUND {
		t.Errorf("another unit's pilot listing the evidence: %v, want not found", err)
	}
}

// TestInventoryWorkbookRoundTrip: the tables exported to Excel and imported again are the same
// rows, library standards matched by number and indicators by name.
func TestInventoryWorkbookRoundTrip(t *testing.T) {
	f := kbtest.New(t)
	pilot := f.Caller(kbtest.PilotA)
	form := midtermForm()
	form.Standards = append(form.Standards[:1], form.Standards[2])
	form.Standards[0].Evaluations = form.Standards[0].Evaluations[:1]
	form.Indicators = form.Indicators[:3]
	page, err := f.App.FormPageOf(pilot, form, nil) // completes the library row as the page shows it
	if err != nil {
		t.Fatal(err)
	}
	file, err := f.App.InventoryWorkbook(pilot, page.Form)
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.App.ImportInventory(pilot, kb.SubmissionForm{}, bytes.NewReader(file.Data))
	if err != nil {
		t.Fatal(err)
	}
	page.Form.Standards[1].Reviews = []string{"2024-06-30"}
	page.Form.Standards[1].Framework = "B7 B2"
	if !reflect.DeepEqual(got.Standards, page.Form.Standards) {
		t.Errorf("standards\n got %+v\nwant %+v", got.Standards, page.Form.Standards)
	}
	if !reflect.DeepEqual(got.Campaigns, form.Campaigns) || !reflect.DeepEqual(got.Indicators, form.Indicators) {
		t.Errorf("campaigns %+v indicators %+v", got.Campaigns, got.Indicators)
	}
	if _, err := f.App.ImportInventory(pilot, form, strings.NewReader("not a workbook")); stdkb.ErrorCode(err) != stdkb.EINVALID {
		t.Errorf("importing a non-workbook: %v", err)
	}
}

// TestComparisonShowsSamplesAsSamples: the content's sample submissions appear in the
// committee's comparison marked 示例; a unit's own report on an illustrative checklist is not
// marked 示例 but says the checklist's weights are illustrative. A unit's own submission and
// a sample of the same unit stand side by side, its own first.
func TestComparisonShowsSamplesAsSamples(t *testing.T) {
	f := kbtest.New(t)
	id, err := f.App.SaveForm(f.Caller(kbtest.PilotA), midtermForm())
	if err != nil {
		t.Fatal(err)
	}
	cmp, err := f.App.CompareSubmissions(f.Caller(kbtest.Reviewer))
	if err != nil {
		t.Fatal(err)
	}
	own, samples := -1, 0
	for i, col := range cmp.Columns {
		switch {
		case col.SampleName != "":
			samples++
			if !col.Sample || col.ID != 0 {
				t.Errorf("sample column %+v: want it marked a sample, with no stored id", col)
			}
		case col.ID == id:
			own = i
			if !strings.HasPrefix(kbtest.UnitA, col.UnitName) || col.Sample || col.Version != 1 || col.State != stdkb.SubmissionDraft {
				t.Errorf("own column %+v", col)
			}
		default:
			t.Errorf("column %+v is neither the stored submission nor a sample", col)
		}
	}
	if own < 0 || samples < 5 {
		t.Fatalf("columns %+v: want the unit's own and every content sample", cmp.Columns)
	}
	if own+1 == len(cmp.Columns) {
		t.Fatal("the unit's own submission is the last column, before none of its samples")
	}
	if next := cmp.Columns[own+1]; next.UnitName != cmp.Columns[own].UnitName || next.SampleName == "" {
		t.Errorf("after the unit's own submission comes %+v, want the same unit's sample", next)
	}
	var weights []string
	for _, row := range cmp.Rows {
		if len(row) != len(cmp.Columns)+1 {
			t.Fatalf("row %v has %d cells for %d columns", row, len(row), len(cmp.Columns))
		}
		if row[0] == "检查表权重" {
			weights = row
		}
	}
	if len(weights) < 2 || weights[own+1] != "示例（仅作演示）" {
		t.Errorf("weights row %v, want the illustrative checklist said so", weights)
	}
}

// TestAddSystemStandards: the button adds a row, completed from the library, for each standard
// of the unit's system the inventory does not list yet, and none for those it lists.
func TestAddSystemStandards(t *testing.T) {
	f := kbtest.New(t)
	pilot := f.Caller(kbtest.PilotA)
	form := f.App.AddSystemStandards(pilot, midtermForm())
	var docs []string
	for _, r := range form.Standards[3:] {
		docs = append(docs, r.Doc)
		if r.Number == "" || r.Framework == "" || !r.Applicable || r.Implemented {
			t.Errorf("added row %+v, want it completed from the library, applicable and not implemented", r)
		}
	}
	if len(docs) == 0 || strings.Contains(strings.Join(docs, " "), "sample-canteen-service") {
		t.Errorf("added %v: want the unit's other system standards, not the one listed", docs)
	}
	if _, err := f.App.SaveForm(pilot, form); err != nil {
		t.Errorf("saving the completed inventory: %v", err)
	}
}

// TestFormReportAgreesWithItself: a form with its inventory, one dated effect evaluation, one
// campaign and only the on-time rate self-reported gives a report whose indicator rows carry the
// same figures as its results: coverage and publicity judged on what was computed from the
// inventory, and the on-time rate — no review owed — read 无适用项 and flagged.
func TestFormReportAgreesWithItself(t *testing.T) {
	f := kbtest.New(t)
	pilot := f.Caller(kbtest.PilotA)
	form := midtermForm()
	form.Standards = form.Standards[:1]
	form.Indicators = []kb.IndicatorRow{{Indicator: "review-on-time-rate", Year: "2025", Value: "80"}}
	id, err := f.App.SaveForm(pilot, form)
	if err != nil {
		t.Fatal(err)
	}
	sub, err := f.App.Submit(pilot, id)
	if err != nil {
		t.Fatal(err)
	}
	rep := sub.Report
	if rep.ReviewOnTime.Rate != nil || rep.EffectCoverage.Rate == nil || rep.Publicity.Met == nil || !*rep.Publicity.Met {
		t.Fatalf("figures: coverage %+v, publicity %+v, on-time %+v", rep.EffectCoverage, rep.Publicity, rep.ReviewOnTime)
	}
	rows := map[string]kb.IndicatorLine{}
	for _, in := range kb.ReportViewOf(rep, nil, nil).Indicators {
		rows[in.Name] = in
	}
	coverage := fmt.Sprintf("%g%%", 100**rep.EffectCoverage.Rate)
	campaigns := fmt.Sprintf("%d次", rep.PublicityYears[len(rep.PublicityYears)-1].Campaigns)
	for name, want := range map[string]kb.IndicatorLine{
		"开展实施效果评价的标准占比":         {Computed: coverage, Latest: coverage},
		"每年集中开展地方标准宣传贯彻、实施评估次数": {Computed: campaigns, Latest: campaigns, Status: "已达标"},
		"标准按期复审率":               {Computed: "无适用项（不一致）", Status: "无适用项"},
	} {
		got, ok := rows[name]
		if !ok || got.Computed != want.Computed || (want.Latest != "" && got.Latest != want.Latest) || (want.Status != "" && got.Status != want.Status) || got.Status == "缺少数据" {
			t.Errorf("%s: %+v, want computed %q latest %q status %q", name, got, want.Computed, want.Latest, want.Status)
		}
	}
}
