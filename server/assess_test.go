package server_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stdkb"
)

// multipartPost submits a form with files as a browser does.
func multipartPost(t *testing.T, c *http.Client, u string, fields map[string]string, files map[string][2]string) (*http.Response, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for field, f := range files {
		w, _ := mw.CreateFormFile(field, f[0])
		w.Write([]byte(f[1]))
	}
	mw.Close()
	req, _ := http.NewRequest("POST", u, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	pu := mustURL(u)
	req.Header.Set("Origin", pu.Scheme+"://"+pu.Host)
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return res, string(b)
}

func TestSelfAssessmentFlow(t *testing.T) {
	ts, st := authServer(t)
	other, _ := stdkb.NewUser("other", stdkb.RolePilot, "璧山区机关事务管理局", "correct horse battery")
	st.AddUser(other, "test")
	pilot := login(t, ts, "pilot")

	fields := map[string]string{
		"csrf_token": token(t, pilot, ts.URL+"/assess/new?checklist=pilot-midterm"),
		"checklist":  "pilot-midterm", "unit": "冒充的单位", "from": "2025-01-01", "to": "2025-12-31",
		"item_org-1": "符合", "item_org-2": "符合", "item_sys-1": "部分符合", "item_sys-2": "12",
		"comment_org-1":  "已成立",
		"standard_count": "1", "standard-0-title": "机关食堂服务规范", "standard-0-framework": "B7",
		"standard-0-applicable": "1", "standard-0-implemented": "1",
	}
	res, body := multipartPost(t, pilot, ts.URL+"/assess/save", fields, map[string][2]string{"evidence_org-1": {"领导小组成立文件.pdf", "%PDF-1.4 test"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/assess/1?saved=1" {
		t.Fatalf("save: %d %s", res.StatusCode, body)
	}
	v, _ := st.Submission(1)
	if v.Unit != "沙坪坝区机关事务管理局" || v.State != stdkb.SubmissionDraft {
		t.Errorf("a pilot saves for its own unit as a draft: %+v", v)
	}
	// org-1 (10, evidence given) 10 + org-2 (5, evidence missing → halved) 2.5 + sys-1 (15 × 0.5, evidence missing → halved) 3.75 + sys-2 12 (evidence missing → 6) = 22.25
	_, page := getWith(t, pilot, ts.URL+"/assess/1")
	for _, want := range []string{"草稿", "22.25", "缺少佐证材料", "<svg"} {
		if !strings.Contains(page, want) {
			t.Errorf("draft page lacks %q", want)
		}
	}
	// Evidence is downloadable as an attachment only.
	var sub struct {
		Items []struct {
			ID       string
			Evidence []string
		}
	}
	_ = sub
	if len(v.Evidence) != 1 || !strings.Contains(string(v.Body), stdkb.EvidenceRef(v.Evidence[0])) {
		t.Fatalf("evidence not recorded: %v %s", v.Evidence, v.Body)
	}
	res, _ = getWith(t, pilot, ts.URL+fmt.Sprintf("/assess/1/evidence/%d", v.Evidence[0]))
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/octet-stream" ||
		downloadName(t, res) != "领导小组成立文件.pdf" {
		t.Errorf("evidence download: %d %v", res.StatusCode, res.Header)
	}
	res, _ = getWith(t, pilot, ts.URL+"/assess/1/evidence/..%2f..%2fstdkb.db")
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("evidence path traversal: %d", res.StatusCode)
	}
	// Unsafe file types are refused.
	fields["id"] = "1"
	fields["csrf_token"] = token(t, pilot, ts.URL+"/assess/1/edit")
	res, body = multipartPost(t, pilot, ts.URL+"/assess/save", fields, map[string][2]string{"evidence_org-2": {"page.html", "<script>alert(1)</script>"}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "文件“page.html”未能保存") || !strings.Contains(body, `value="已成立"`) {
		t.Errorf("html evidence: %d, want 400 with the form kept and the file's problem beside its item", res.StatusCode)
	}
	// Another pilot cannot see it; the owner submits; a reviewer reviews.
	op := login(t, ts, "other")
	if res, _ := getWith(t, op, ts.URL+"/assess/1"); res.StatusCode != http.StatusNotFound {
		t.Errorf("other unit's pilot: %d, want 404", res.StatusCode)
	}
	// Submitting asks for confirmation first; the confirmed submit freezes the report.
	res, _ = post(t, pilot, ts.URL+"/assess/1/submit", url.Values{"csrf_token": {token(t, pilot, ts.URL+"/assess/1")}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/assess/1/confirm" {
		t.Fatalf("unconfirmed submit: %d %s, want the confirmation page", res.StatusCode, res.Header.Get("Location"))
	}
	if v, _ := st.Submission(1); v.State != stdkb.SubmissionDraft {
		t.Fatalf("an unconfirmed submit changed the state to %s", v.State)
	}
	if _, page := getWith(t, pilot, ts.URL+"/assess/1/confirm"); !strings.Contains(page, "确认提交") || !strings.Contains(page, "标准按期复审率") {
		t.Error("the confirmation page lacks its button or the figures")
	}
	res, _ = post(t, pilot, ts.URL+"/assess/1/submit", url.Values{"csrf_token": {token(t, pilot, ts.URL+"/assess/1/confirm")}, "confirm": {"yes"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/assess/1?submitted=1" {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	if _, page := getWith(t, pilot, ts.URL+"/assess/1?submitted=1"); !strings.Contains(page, "已提交第 1 版") {
		t.Error("no success message after submitting")
	}
	if v, _ := st.Submission(1); v.State != stdkb.SubmissionSubmitted || len(v.Report) == 0 {
		t.Errorf("after submit: %+v", v.State)
	}
	if res, _ := post(t, pilot, ts.URL+"/assess/1/review", url.Values{"csrf_token": {token(t, pilot, ts.URL+"/assess/1")}, "conclusion": {"自评通过"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("pilot review: %d, want 403", res.StatusCode)
	}
	rev := login(t, ts, "reviewer")
	review := url.Values{"csrf_token": {token(t, rev, ts.URL+"/assess/1")}, "conclusion": {"材料齐全，通过"}, "panel": {"e1,e9"}}
	if res, body := post(t, rev, ts.URL+"/assess/1/review", review); res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `没有专家 &#34;e1&#34;`) {
		t.Errorf("review with unknown experts: %d", res.StatusCode)
	}
	if v, _ := st.Submission(1); v.State != stdkb.SubmissionSubmitted {
		t.Errorf("a refused review changed the state to %s", v.State)
	}
	if err := st.PutExpert(stdkb.Expert{ID: "e1", Name: "甄专家", Unit: "九龙坡区", Specialties: []string{"A"}}, "test"); err != nil {
		t.Fatal(err)
	}
	review.Set("panel", "e1")
	if res, _ := post(t, rev, ts.URL+"/assess/1/review", review); res.StatusCode != http.StatusSeeOther {
		t.Errorf("reviewer review: %d", res.StatusCode)
	}
	if v, _ := st.Submission(1); v.State != stdkb.SubmissionReviewed || v.Review != "材料齐全，通过" || strings.Join(v.Panel, ",") != "e1" {
		t.Errorf("after review: %+v", v)
	}
	if _, page := getWith(t, rev, ts.URL+"/assess/1"); !strings.Contains(page, "（评审专家 甄专家）") {
		t.Error("the reviewed submission does not show its panel")
	}
	res, _ = getWith(t, rev, ts.URL+"/assess/1/report.xlsx")
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Type"), "spreadsheetml") {
		t.Errorf("export: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	_, cmp := getWith(t, rev, ts.URL+"/assess/compare")
	if !strings.Contains(cmp, `<a href="/assess/1">沙坪坝区</a>`) || !strings.Contains(cmp, "检查表得分") {
		t.Error("comparison page lacks the submission")
	}
	if res, _ := getWith(t, pilot, ts.URL+"/assess/compare"); res.StatusCode != http.StatusForbidden {
		t.Errorf("pilot comparison: %d, want 403", res.StatusCode)
	}
	// Anonymous users are sent to sign in.
	if res, _ := getWith(t, browser(t), ts.URL+"/assess"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("anonymous /assess: %d, want a redirect", res.StatusCode)
	}
}

func TestIndicatorProgressCharts(t *testing.T) {
	ts, _ := authServer(t)
	pilot := login(t, ts, "pilot")
	fields := map[string]string{
		"csrf_token": token(t, pilot, ts.URL+"/assess/new?checklist=pilot-midterm"),
		"checklist":  "pilot-midterm", "from": "2025-01-01", "to": "2025-12-31",
		"indicator_count":       "2",
		"indicator-0-indicator": "training-person-times", "indicator-0-year": "2021", "indicator-0-value": "1200",
		"indicator-1-indicator": "training-person-times", "indicator-1-year": "2022", "indicator-1-value": "1300",
	}
	if res, body := multipartPost(t, pilot, ts.URL+"/assess/save", fields, nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.StatusCode, body)
	}
	_, page := getWith(t, browser(t), ts.URL+"/indicators")
	// 2500 of 5000 person-times: half the bar, ahead of the 2000 the straight line expects by 2022.
	if !strings.Contains(page, "<svg") || !strings.Contains(page, "沙坪坝区机关事务管理局") || !strings.Contains(page, "进度正常（2500人次）") {
		t.Errorf("indicators page lacks the unit's progress chart")
	}
}
