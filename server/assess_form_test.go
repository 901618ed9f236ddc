package server_test

import (
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"stdkb"
)

// pilotForm is a midterm form as a browser sends it: answers, an inventory of two rows and an
// indicator value, all as table fields.
func pilotForm(csrf string) map[string]string {
	return map[string]string{
		"csrf_token": csrf, "checklist": "pilot-midterm", "from": "2025-01-01", "to": "2025-12-31",
		"item_org-1": "符合", "item_sys-1": "部分符合", "item_sys-2": "12", "comment_sys-2": "覆盖6个领域",
		"standard_count": "3", "standard-0-doc": "sample-canteen-service", "standard-0-applicable": "1", "standard-0-implemented": "1",
		"standard-0-evaluation": "2025-10-20", "standard-0-report": "评价报告.pdf",
		"standard-1-title": "机关物业服务规范（区内部标准）", "standard-1-level": "内部", "standard-1-framework": "B7",
		"standard-1-applicable": "1", "standard-1-effective": "2021-07-01",
		"indicator_count": "1", "indicator-0-indicator": "effect-evaluation-coverage", "indicator-0-year": "2025", "indicator-0-value": "50",
	}
}

// A wrong score shows the form again with everything typed and uploaded kept, and the message
// beside the item, naming it by its title; correcting the score saves the file without a new
// upload.
func TestWrongScoreKeepsInput(t *testing.T) {
	ts, st := authServer(t)
	pilot := login(t, ts, "pilot")
	fields := pilotForm(token(t, pilot, ts.URL+"/assess/new?checklist=pilot-midterm"))
	fields["item_sys-2"] = "99"
	res, page := multipartPost(t, pilot, ts.URL+"/assess/save", fields, map[string][2]string{"evidence_org-1": {"领导小组成立文件.pdf", "%PDF-1.4 test"}})
	if res.StatusCode != http.StatusBadRequest {
		t.Fatalf("wrong score: %d, want 400 with the form", res.StatusCode)
	}
	unescaped := html.UnescapeString(page)
	for _, want := range []string{
		`name="item_sys-2" size="6" value="99"`, `name="comment_sys-2" value="覆盖6个领域"`, `<option selected>部分符合</option>`,
		`name="standard-1-title" value="机关物业服务规范（区内部标准）"`, `name="standard-0-number" value="DB50/T 9902-2021"`,
		`name="standard-0-evaluation" value="2025-10-20"`, `name="indicator-0-value" value="50"`, `name="from" value="2025-01-01"`,
		"领导小组成立文件.pdf",
	} {
		if !strings.Contains(unescaped, want) {
			t.Errorf("the refused form lost %s", want)
		}
	}
	item := regexp.MustCompile(`(?s)id="f-item-sys-2".*?</div>`).FindString(unescaped)
	if !strings.Contains(item, "“本级标准体系覆盖运行保障7个业务领域…”得分 99 超过满分 14") {
		t.Errorf("the message is not beside item sys-2:\n%s", item)
	}
	kept := regexp.MustCompile(`name="keep_org-1" value="(evidence:\d+)" checked`).FindStringSubmatch(unescaped)
	if kept == nil {
		t.Fatal("the uploaded file is not kept as stored evidence")
	}
	if _, err := st.Submission(1); err == nil {
		t.Error("the refused form stored a submission")
	}
	fields["item_sys-2"] = "14"
	fields["keep_org-1"] = kept[1]
	fields["csrf_token"] = token(t, pilot, ts.URL+"/assess/new?checklist=pilot-midterm")
	if res, body := multipartPost(t, pilot, ts.URL+"/assess/save", fields, nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("corrected form: %d %s", res.StatusCode, body)
	}
	if list, _ := st.SubmissionEvidence(1); len(list) != 1 || list[0].Name != "领导小组成立文件.pdf" {
		t.Errorf("evidence after the corrected save: %+v", list)
	}
}

// The inventory is entered as rows: the form has no YAML field, "再加一行" shows one more row
// without saving, and the saved rows are the submission's standards.
func TestInventoryRowsWithoutYAML(t *testing.T) {
	ts, st := authServer(t)
	pilot := login(t, ts, "pilot")
	_, blank := getWith(t, pilot, ts.URL+"/assess/new?checklist=pilot-midterm")
	if strings.Contains(blank, "<textarea") || strings.Contains(blank, "YAML") {
		t.Error("the form still asks for YAML")
	}
	if !strings.Contains(blank, `name="standard_count" value="2"`) || !strings.Contains(blank, `<optgroup label="本单位标准体系">`) {
		t.Error("the blank form lacks its blank rows or the unit's system list")
	}
	fields := pilotForm(token(t, pilot, ts.URL+"/assess/new?checklist=pilot-midterm"))
	fields["action"] = "add-standard"
	res, page := multipartPost(t, pilot, ts.URL+"/assess/save", fields, nil)
	if res.StatusCode != http.StatusOK || !strings.Contains(page, `name="standard_count" value="5"`) {
		t.Errorf("add a row: %d, want the two rows typed, the two blank ones and one more", res.StatusCode)
	}
	if _, err := st.Submission(1); err == nil {
		t.Error("adding a row saved the form")
	}
	fields["action"] = "export"
	if res, _ := multipartPost(t, pilot, ts.URL+"/assess/save", fields, nil); !strings.Contains(res.Header.Get("Content-Type"), "spreadsheetml") {
		t.Errorf("export: %s", res.Header.Get("Content-Type"))
	}
	fields["action"] = "save"
	if res, body := multipartPost(t, pilot, ts.URL+"/assess/save", fields, nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.StatusCode, body)
	}
	v, _ := st.Submission(1)
	for _, want := range []string{`"number":"DB50/T 9902-2021"`, `"framework":["B7"]`, `"effect_evaluations":[{"date":"2025-10-20","report":"评价报告.pdf"}]`, `"title":"机关物业服务规范（区内部标准）"`} {
		if !strings.Contains(string(v.Body), want) {
			t.Errorf("stored body lacks %s", want)
		}
	}
}

// The pilot's report shows every figure the committee's comparison shows, explained, with the
// states in Chinese; its evidence files are linked for the unit's pilot and the reviewer, and
// another unit's pilot sees neither page nor link.
func TestReportShowsAllRatesAndEvidence(t *testing.T) {
	ts, st := authServer(t)
	other, _ := stdkb.NewUser("other", stdkb.RolePilot, "璧山区机关事务管理局", "correct horse battery")
	st.AddUser(other, "test")
	pilot := login(t, ts, "pilot")
	fields := pilotForm(token(t, pilot, ts.URL+"/assess/new?checklist=pilot-midterm"))
	if res, body := multipartPost(t, pilot, ts.URL+"/assess/save", fields, map[string][2]string{"evidence_org-1": {"领导小组成立文件.pdf", "%PDF-1.4 test"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.StatusCode, body)
	}
	v, _ := st.Submission(1)
	link := fmt.Sprintf(`href="/assess/1/evidence/%d"`, v.Evidence[0])
	_, page := getWith(t, pilot, ts.URL+"/assess/1?saved=1")
	for _, want := range []string{"草稿已保存", "草稿", "检查表得分", "不合格", "标准实施率", "实施效果评价覆盖率", "宣贯与实施评估（达标年度）",
		"标准按期复审率", "采用标准的复审", "逐年宣贯与实施评估", "规划指标进度", "本系统按清单计算", "不一致", "口径说明", "规则：", "计算：",
		"本检查表的条目与分值为示例", "<svg", "25%", link} {
		if !strings.Contains(page, want) {
			t.Errorf("the pilot's report lacks %q", want)
		}
	}
	if strings.Contains(page, "<li>org-2：") || !strings.Contains(page, "<li>“将标准化工作纳入年度目标绩效考核”：") {
		t.Error("the flags name items by their ids, not their text")
	}
	if strings.Contains(page, `<span class="badge sample">示例</span></h1>`) {
		t.Error("a real unit's report is badged 示例 because its checklist is illustrative")
	}
	rev := login(t, ts, "reviewer")
	if _, page := getWith(t, rev, ts.URL+"/assess/1"); !strings.Contains(page, link) || !strings.Contains(page, "领导小组成立文件.pdf") {
		t.Error("the reviewer does not see the evidence link")
	}
	if res, _ := getWith(t, rev, ts.URL+fmt.Sprintf("/assess/1/evidence/%d", v.Evidence[0])); res.StatusCode != http.StatusOK {
		t.Errorf("the reviewer opening the evidence: %d", res.StatusCode)
	}
	op := login(t, ts, "other")
	if res, page := getWith(t, op, ts.URL+"/assess/1"); res.StatusCode != http.StatusNotFound || strings.Contains(page, link) {
		t.Errorf("another unit's pilot: %d, want 404 without the link", res.StatusCode)
	}
	if res, _ := getWith(t, op, ts.URL+fmt.Sprintf("/assess/1/evidence/%d", v.Evidence[0])); res.StatusCode != http.StatusNotFound {
		t.Errorf("another unit's pilot opening the evidence: %d", res.StatusCode)
	}
	_, cmp := getWith(t, rev, ts.URL+"/assess/compare")
	if !strings.Contains(cmp, `<a href="/assess/1">沙坪坝区</a></th>`) || !strings.Contains(cmp, `<span class="badge sample">示例</span></th>`) {
		t.Error("the comparison lacks the unit's report unmarked beside the samples marked 示例")
	}
}

// The tables exported from the form come back through its import button as rows.
func TestInventoryImportThroughTheForm(t *testing.T) {
	ts, _ := authServer(t)
	pilot := login(t, ts, "pilot")
	fields := pilotForm(token(t, pilot, ts.URL+"/assess/new?checklist=pilot-midterm"))
	fields["action"] = "export"
	res, book := multipartPost(t, pilot, ts.URL+"/assess/save", fields, nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("export: %d", res.StatusCode)
	}
	empty := map[string]string{"csrf_token": token(t, pilot, ts.URL+"/assess/new?checklist=pilot-midterm"), "checklist": "pilot-midterm",
		"from": "2025-01-01", "to": "2025-12-31", "action": "import"}
	res, page := multipartPost(t, pilot, ts.URL+"/assess/save", empty, map[string][2]string{"inventory_xlsx": {"清单.xlsx", book}})
	unescaped := html.UnescapeString(page)
	for _, want := range []string{`name="standard-0-number" value="DB50/T 9902-2021"`, `<option value="sample-canteen-service" `,
		`name="standard-1-title" value="机关物业服务规范（区内部标准）"`, `name="standard-0-evaluation" value="2025-10-20"`, `name="indicator-0-value" value="50"`} {
		if res.StatusCode != http.StatusOK || !strings.Contains(unescaped, want) {
			t.Errorf("imported form (%d) lacks %s", res.StatusCode, want)
		}
	}
	res, page = multipartPost(t, pilot, ts.URL+"/assess/save", empty, map[string][2]string{"inventory_xlsx": {"清单.xlsx", "not a workbook"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(page, "无法读取所选的 Excel 文件") {
		t.Errorf("importing a non-workbook: %d, want the form with a message", res.StatusCode)
	}
}

// Each item offers only the answers its rule accepts, and the form states the checklist's rule
// for missing evidence, as /checklists does.
func TestFormOffersAcceptedLevelsAndEvidenceRule(t *testing.T) {
	ts, _ := authServer(t)
	pilot := login(t, ts, "pilot")
	_, body := getWith(t, pilot, ts.URL+"/assess/new?checklist=pilot-midterm")
	options := func(item string) string {
		m := regexp.MustCompile(`<select name="item_` + item + `">(.*?)</select>`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("the form has no select for %s", item)
		}
		return m[1]
	}
	for _, tt := range []struct {
		item        string
		want, never []string
	}{
		{"org-1", []string{"符合", "部分符合", "不符合", "不适用"}, nil},
		{"org-2", []string{">符合<", "不符合", "不适用"}, []string{"部分符合"}},
	} {
		got := options(tt.item)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s does not offer %q: %s", tt.item, w, got)
			}
		}
		for _, n := range tt.never {
			if strings.Contains(got, n) {
				t.Errorf("%s offers %q, which its rule refuses: %s", tt.item, n, got)
			}
		}
	}
	const rule = "缺少佐证材料的条目得分减半"
	if !strings.Contains(body, rule) {
		t.Errorf("the form does not state the missing-evidence rule %q", rule)
	}
	if _, list := getWith(t, pilot, ts.URL+"/checklists"); !strings.Contains(list, rule) {
		t.Errorf("/checklists does not state the missing-evidence rule %q", rule)
	}
}
