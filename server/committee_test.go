package server_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"stdkb"
	"stdkb/kb/kbtest"
	"stdkb/store"
)

// page fetches a UI page from the shared server and fails unless it answers status. Pages go
// to $STDKB_PAGES when set, to look at.
func page(t *testing.T, path string, status int) string {
	t.Helper()
	res, body := get(t, path)
	if res.StatusCode != status {
		t.Fatalf("GET %s: %d, want %d\n%.400s", path, res.StatusCode, status, body)
	}
	if dir := os.Getenv("STDKB_PAGES"); dir != "" {
		os.WriteFile(filepath.Join(dir, strings.NewReplacer("/", "_", "?", "_", "&", "_", "=", "_").Replace(path)+".html"), []byte(body), 0o644)
	}
	return body
}

// mustContain fails for every wanted text the page lacks.
func mustContain(t *testing.T, what, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

func mustNotContain(t *testing.T, what, body string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(body, w) {
			t.Errorf("%s shows %q", what, w)
		}
	}
}

// TestDocumentFieldsOfBothEditions: GB/T 29118's two editions show the fields staff expect, with
// 代替/被代替 linking the editions.
func TestDocumentFieldsOfBothEditions(t *testing.T) {
	old := page(t, "/docs/gb-t-29118/2012", http.StatusOK)
	mustContain(t, "GB/T 29118-2012", old, "标准性质", "推荐性", "归口/起草单位", "全国能源基础与管理标准化技术委员会",
		"被代替", `href="/docs/gb-t-29118/2023">GB/T 29118-2023</a> 代替`, "2024-04-01 起实施", "适用地区", "国家",
		`<a href="https://std.samr.gov.cn"`, "正文为据公开来源整理的概况",
		`已由 <a class="ref" href="/docs/gb-t-29118/2023">GB/T 29118-2023</a> 代替`)
	mustNotContain(t, "GB/T 29118-2012", old, "正文为规划中的相关表述")
	cur := page(t, "/docs/gb-t-29118", http.StatusOK)
	mustContain(t, "GB/T 29118-2023", cur, "代替标准", `<a href="/docs/gb-t-29118/2012">GB/T 29118-2012</a>`, "现行",
		"实施日期", "2024-04-01", "版本与复审", `href="/diff?doc=gb-t-29118"`)
}

// TestDocumentAsOf: a page as of a date shows the edition then in force with its status that
// day, not today's 被代替; the search as of that day does too.
func TestDocumentAsOf(t *testing.T) {
	body := page(t, "/docs/gb-t-29118?asof=2020-06-01", http.StatusOK)
	mustContain(t, "GB/T 29118 as of 2020-06-01", body, "以下为 <b>2020-06-01</b> 的情况", "GB/T 29118-2012",
		`<span class="badge status status-现行">现行</span>`, "状态（2020-06-01）")
	mustNotContain(t, "GB/T 29118 as of 2020-06-01", body, `status-被代替`)
	today := page(t, "/docs/gb-t-29118/2012", http.StatusOK)
	mustContain(t, "GB/T 29118-2012 today", today, `status-被代替`)

	api := page(t, "/api/documents/gb-t-29118?asof=2020-06-01", http.StatusOK)
	mustContain(t, "API document as of 2020-06-01", api, `"number":"GB/T 29118-2012"`, `"status_on":{"day":"2020-06-01","status":"现行"}`)

	res := page(t, "/api/search?q=节约型机关评价导则&asof=2020-06-01&type=standard", http.StatusOK)
	if !regexp.MustCompile(`"number":"GB/T 29118-2012","status":"现行"`).MatchString(res) {
		t.Errorf("search as of 2020-06-01 does not give GB/T 29118-2012 as 现行:\n%.600s", res)
	}
}

// TestPlanPeriodEnded: the plan of 2021—2025 is no longer shown as 现行 in 2026, but its period
// is said to have ended; before its end it is 现行.
func TestPlanPeriodEnded(t *testing.T) {
	body := page(t, "/docs/cq-jgsw-14th-plan", http.StatusOK)
	mustContain(t, "the plan in 2026", body, "规划期已结束", "规划期 2021—2025 年已结束")
	mustNotContain(t, "the plan in 2026", body, `status-现行">现行`)
	then := page(t, "/docs/cq-jgsw-14th-plan?asof=2023-01-01", http.StatusOK)
	mustContain(t, "the plan in 2023", then, `status-现行">现行`)
	res := page(t, "/api/search?q=%E5%85%AC%E7%89%A9%E4%BB%93&type=regulation", http.StatusOK)
	if !strings.Contains(res, `"status":"规划期已结束"`) {
		t.Errorf("search hits on the plan do not say its period ended:\n%.400s", res)
	}
}

// TestPlanPageLinks: glossary references read 〔2〕 and land on their note; a plan section lists
// the documents it relies on; references to library documents are links; a regulation has no
// 复审 column; a summary entry is not called a plan quote.
func TestPlanPageLinks(t *testing.T) {
	body := page(t, "/docs/cq-jgsw-14th-plan", http.StatusOK)
	mustContain(t, "plan", body, `href="#fn-2" class="footnote-ref" role="doc-noteref">〔2〕</a>`, `<li id="fn-2">`,
		`<p class="relies">本节涉及：`, `<a href="/docs/domestic-official-reception-provisions">党政机关国内公务接待管理规定</a>`,
		`<a class="ref" href="/docs/domestic-official-reception-provisions">《党政机关国内公务接待管理规定》</a>`)
	mustNotContain(t, "plan", body, "<th>复审</th>", `href="#fn:`)
	reg := page(t, "/docs/domestic-official-reception-provisions", http.StatusOK)
	mustContain(t, "reception provisions", reg, "正文为规划中的相关表述", "规划中的依据", `href="/docs/cq-jgsw-14th-plan#ch4-s2"`)
	summary := page(t, "/docs/cq-liaison-offices-service-measures", http.StatusOK)
	mustNotContain(t, "liaison offices measures", summary, "正文为规划中的相关表述")
}

// TestUnconfirmedFields: fields the sources do not confirm carry 未核实 and the entry's note.
func TestUnconfirmedFields(t *testing.T) {
	body := page(t, "/docs/db65-t-4654", http.StatusOK)
	mustContain(t, "DB65/T 4654", body, `<span class="badge unconfirmed">未核实</span>`, "备注", "未能由公开来源证实", "外省参考")
}

// TestDiffPage: the diff page names documents by title, offers edition pickers and a link back,
// and shows table rows and changes that move due dates.
func TestDiffPage(t *testing.T) {
	body := page(t, "/diff?doc=gb-t-29118", http.StatusOK)
	mustContain(t, "diff of GB/T 29118", body, "节约型机关评价导则", `<select name="from"`, `<select name="to"`,
		`<option value="gb-t-29118@2012" selected>`, `<option value="gb-t-29118@2023" selected>`, `href="/docs/gb-t-29118"`, "影响复审到期")
	mustNotContain(t, "diff of GB/T 29118", body, "gb-t-29118@2012 →")
	old := page(t, "/diff?from=sample-office-maintenance@2019&to=sample-office-maintenance@2024", http.StatusOK)
	mustContain(t, "diff of the sample", old, "<th>影响复审到期</th>", "DB50/T 9901-2019 → DB50/T 9901-2024")
	page(t, "/diff?from=gb-t-29118@2012&to=nope@1", http.StatusNotFound)
}

// TestReviewDashboard: states sorted by urgency, the rate as a percentage over a chosen period,
// the policy linked and rendered.
func TestReviewDashboard(t *testing.T) {
	body := page(t, "/reviews?from=2024-01-01&to=2026-11-25", http.StatusOK)
	mustContain(t, "dashboard", body, `href="/reviews/policy"`, `name="from" value="2024-01-01"`, `name="to" value="2026-11-25"`, "%</b>")
	order := regexp.MustCompile(`badge state-([a-z_]+)`).FindAllStringSubmatch(body[strings.Index(body, "review-states"):], -1)
	rank := map[string]int{"overdue": 0, "revision_overdue": 1, "due": 2, "ok": 3, "reviewed": 4}
	for i := 1; i < len(order); i++ {
		if rank[order[i][1]] < rank[order[i-1][1]] {
			t.Errorf("dashboard lists %s after %s", order[i][1], order[i-1][1])
		}
	}
	if len(order) < 3 {
		t.Errorf("dashboard lists %d states", len(order))
	}
	bad := page(t, "/reviews?from=2026-01-01&to=2025-01-01", http.StatusOK)
	mustContain(t, "dashboard with a bad period", bad, "起始日不晚于截止日")
	policy := page(t, "/reviews/policy", http.StatusOK)
	mustContain(t, "policy", policy, "标准复审周期与提醒规则", "5 年", "修订未完成")
}

// TestIndicatorsPage: targets read as staff write them, PUE as 力争, milestones with their
// state, date and evidence.
func TestIndicatorsPage(t *testing.T) {
	body := page(t, "/indicators", http.StatusOK)
	mustContain(t, "indicators", body, "较2020年下降6%以上", "力争PUE≤1.5", `<span class="badge aspirational">力争</span>`,
		"里程碑", `<span class="badge milestone-done">已完成</span>`, "2021-11-25", "渝机管发〔2021〕108号", "专栏1")
	mustNotContain(t, "indicators", body, "&lt;= -6", "<= -6", ">col1<")
}

// TestHomeReviewsByUrgency: the home page lists the reviews to act on, most urgent first.
func TestHomeReviewsByUrgency(t *testing.T) {
	body := page(t, "/", http.StatusOK)
	at := strings.Index(body, "需要处理的复审")
	if at < 0 {
		t.Fatal("home page has no review list")
	}
	states := regexp.MustCompile(`badge state-([a-z_]+)`).FindAllStringSubmatch(body[at:], -1)
	rank := map[string]int{"overdue": 0, "revision_overdue": 1, "due": 2}
	for i, s := range states {
		if _, ok := rank[s[1]]; !ok {
			t.Errorf("home lists a review in state %s, which needs no action", s[1])
		}
		if i > 0 && rank[s[1]] < rank[states[i-1][1]] {
			t.Errorf("home lists %s after %s", s[1], states[i-1][1])
		}
	}
	if len(states) == 0 {
		t.Error("home lists no review to act on")
	}
}

// committeeServer is a server with experts, one of them conflicted with the municipal bureau
// (who owns the sample standards) and one working for the pilot's unit.
func committeeServer(t *testing.T) (*httptest.Server, *store.Store) {
	t.Helper()
	ts, st := authServer(t)
	for _, x := range []stdkb.Expert{
		{ID: "e1", Name: "甄专家", Unit: "九龙坡区机关事务管理局", Specialties: []string{"B3"}},
		{ID: "e2", Name: "贾专家", Unit: "重庆市机关事务管理局", Specialties: []string{"B3"}},
		{ID: "e4", Name: "沙专家", Unit: "沙坪坝区机关事务管理局", Specialties: []string{"C"}},
	} {
		if err := st.PutExpert(x, "test"); err != nil {
			t.Fatal(err)
		}
	}
	return ts, st
}

// auditMentions reports whether the audit log holds an entry whose detail mentions text.
func auditMentions(t *testing.T, st *store.Store, text string) bool {
	t.Helper()
	log, err := st.Audit()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range log {
		if strings.Contains(e.Detail, text) {
			return true
		}
	}
	return false
}

// TestConflictedExpertNeedsOverride: a review decision whose panel holds an expert of the
// standard's own bureau is refused, the form keeping what was typed; with a reason it is
// recorded, the reason shown and audited. Experts are chosen by name from a list.
func TestConflictedExpertNeedsOverride(t *testing.T) {
	ts, st := committeeServer(t)
	rev := login(t, ts, "reviewer")
	_, dash := getWith(t, rev, ts.URL+"/reviews")
	mustContain(t, "dashboard for reviewers", dash, `<select name="panel" multiple`, `<option value="e2">贾专家（重庆市机关事务管理局）</option>`)
	form := url.Values{"csrf_token": {token(t, rev, ts.URL+"/reviews")}, "doc": {"sample-nev-time-share"}, "date": {"2026-01-15"},
		"committee": {"市机关事务标准化技术委员会（示例）"}, "outcome": {"继续有效"}, "panel": {"e1", "e2"}}
	res, body := post(t, rev, ts.URL+"/reviews/record", form)
	if res.StatusCode != http.StatusBadRequest {
		t.Fatalf("conflicted panel without a reason: %d, want 400", res.StatusCode)
	}
	mustContain(t, "refused decision", body, "贾专家（重庆市机关事务管理局）", "利益冲突", "保留理由",
		`value="市机关事务标准化技术委员会（示例）"`, `<option value="e2" selected>`)
	if ds, _ := st.CurrentReviews(); len(ds) != 0 {
		t.Fatalf("a refused decision was written: %+v", ds)
	}
	form.Set("override", "本领域仅此一位专家，经委员会同意保留")
	if res, body := post(t, rev, ts.URL+"/reviews/record", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("conflicted panel with a reason: %d\n%.300s", res.StatusCode, body)
	}
	_, dash = getWith(t, rev, ts.URL+"/reviews?recorded=1")
	mustContain(t, "dashboard after recording", dash, `class="notice success"`, "甄专家、贾专家", "本领域仅此一位专家")
	if !auditMentions(t, st, "本领域仅此一位专家") {
		t.Error("the override reason is not in the audit log")
	}
	_, anon := get(t, "/reviews")
	mustNotContain(t, "dashboard for the public", anon, "贾专家", "本领域仅此一位专家")
}

// TestReviewerConcludesButCannotEdit: a reviewer sees a submitted self-assessment with a form to
// conclude on it and no way to change it; the edit form and a posted edit are refused (403).
// Concluding with an expert of the pilot's own unit needs a reason.
func TestReviewerConcludesButCannotEdit(t *testing.T) {
	ts, st := committeeServer(t)
	pilot, rev := login(t, ts, "pilot"), login(t, ts, "reviewer")
	sample := kbtest.SampleJSON(t, "shapingba-2025-midterm")
	req, _ := http.NewRequest("POST", ts.URL+"/api/submissions", strings.NewReader(string(sample)))
	req.Header.Set("Content-Type", "application/json")
	if res, err := pilot.Do(req); err != nil || res.StatusCode != http.StatusCreated {
		t.Fatalf("pilot creates a submission: %v %v", err, res)
	}
	if _, confirm := getWith(t, rev, ts.URL+"/assess/1/confirm"); strings.Contains(confirm, `action="/assess/1/submit"`) || !strings.Contains(confirm, "评审人员不能提交") {
		t.Error("the confirmation page of a draft offers the reviewer to submit the unit's self-assessment")
	}
	if _, draft := getWith(t, rev, ts.URL+"/assess/1"); strings.Contains(draft, `href="/assess/1/edit"`) || strings.Contains(draft, `href="/assess/1/confirm"`) {
		t.Error("the draft's page offers the reviewer to edit or submit it")
	}
	req, _ = http.NewRequest("POST", ts.URL+"/api/submissions/1/submit", nil)
	if res, err := pilot.Do(req); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("pilot submits: %v %v", err, res)
	}
	_, view := getWith(t, rev, ts.URL+"/assess/1")
	mustContain(t, "submission as a reviewer", view, `action="/assess/1/review"`, "不能修改", `<option value="e4">沙专家（沙坪坝区机关事务管理局）</option>`)
	mustNotContain(t, "submission as a reviewer", view, `href="/assess/1/edit"`, `action="/assess/1/submit"`)
	if res, _ := getWith(t, rev, ts.URL+"/assess/1/edit"); res.StatusCode != http.StatusForbidden {
		t.Errorf("reviewer opens the edit form: %d, want 403", res.StatusCode)
	}
	tok := token(t, rev, ts.URL+"/assess/1")
	res, _ := post(t, rev, ts.URL+"/assess/save", url.Values{"csrf_token": {tok}, "id": {"1"}, "checklist": {"pilot-midterm"},
		"unit": {"沙坪坝区机关事务管理局"}, "from": {"2025-01-01"}, "to": {"2025-12-31"}, "item_org-1": {"不符合"}})
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("reviewer posts an edit: %d, want 403", res.StatusCode)
	}
	review := url.Values{"csrf_token": {tok}, "conclusion": {"达标，建议通过"}, "panel": {"e4"}}
	res, body := post(t, rev, ts.URL+"/assess/1/review", review)
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("review with the unit's own expert and no reason: %d, want 400", res.StatusCode)
	}
	// The page again, the message by the panel field, what was typed kept, the reason offered.
	mustContain(t, "refused review", body, `action="/assess/1/review"`, `<span class="field-error" role="alert">评审专家：`, "利益冲突",
		`value="达标，建议通过"`, `<option value="e4" selected>`, `name="override"`)
	mustNotContain(t, "refused review", body, "返回首页")
	review.Set("override", "回避后人数不足，经主任委员同意")
	if res, body := post(t, rev, ts.URL+"/assess/1/review", review); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("review with a reason: %d\n%.300s", res.StatusCode, body)
	}
	if !auditMentions(t, st, "回避后人数不足") {
		t.Error("the submission review's override reason is not audited")
	}
	_, view = getWith(t, rev, ts.URL+"/assess/1")
	mustContain(t, "reviewed submission", view, "沙专家", "回避后人数不足")
	_, mine := getWith(t, pilot, ts.URL+"/assess/1")
	mustNotContain(t, "reviewed submission as the pilot", mine, "沙专家", "回避后人数不足")
}

// TestLatestEditionIsNotHistory: a document's latest edition is not called a historical one.
func TestLatestEditionIsNotHistory(t *testing.T) {
	for _, path := range []string{"/docs/cq-jgsw-14th-plan", "/docs/gb-t-29118", "/docs/gb-t-29118/2023"} {
		mustNotContain(t, path, page(t, path, http.StatusOK), "这是历史版本")
	}
	mustContain(t, "GB/T 29118-2012", page(t, "/docs/gb-t-29118/2012", http.StatusOK), "这是历史版本")
}

// TestDocumentAsOfBeforeAnyEdition: a page as of a day before the document took effect says no
// edition was in force then, instead of answering 404.
func TestDocumentAsOfBeforeAnyEdition(t *testing.T) {
	body := page(t, "/docs/gb-t-41568?asof=2019-01-01", http.StatusOK)
	mustContain(t, "GB/T 41568 as of 2019", body, "<b>2019-01-01</b> 时本文件没有有效版本", "尚未发布", "GB/T 41568-2022")
	mustNotContain(t, "GB/T 41568 as of 2019", body, `status-现行`)
	page(t, "/api/documents/gb-t-41568?asof=2019-01-01", http.StatusNotFound)
}
