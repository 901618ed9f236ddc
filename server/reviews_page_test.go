package server_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"stdkb"
	"stdkb/kb/kbtest"
	"stdkb/server"
)

// reviewRecords splits the review dashboard's records into its two parts: the reviews the
// content declares and the committee's ledger, each as visible text.
func reviewRecords(t *testing.T, page string) (declared, ledger string) {
	t.Helper()
	d, l := strings.Index(page, `id="declared"`), strings.Index(page, `id="ledger"`)
	if d < 0 || l < d {
		t.Fatalf("the review page has no separate parts for declared reviews and the ledger")
	}
	return visibleText(page[d:l]), visibleText(page[l:])
}

// TestReviewsPageSeparatesContentFromLedger: the review page never says the records are empty
// while it shows reviews: the reviews the content declares and the committee's decisions are
// two parts, each with its own heading and its own empty message, and the last review of each
// standard says which part it comes from.
func TestReviewsPageSeparatesContentFromLedger(t *testing.T) {
	f := kbtest.New(t)
	ts := httptest.NewServer(server.New(server.Config{App: f.App}).Handler())
	defer ts.Close()
	rev := login(t, ts, kbtest.Reviewer)
	for _, c := range []*http.Client{browser(t), rev} {
		_, body := getWith(t, c, ts.URL+"/reviews")
		declared, ledger := reviewRecords(t, body)
		mustContain(t, "declared reviews", declared, "内容中记载的复审", "DB50/T 9901-2019", "2023-05-10", "修订")
		mustContain(t, "empty ledger", ledger, "委员会决定台账", "委员会尚未在本系统登记复审决定")
		mustNotContain(t, "review page", body, "台账暂无记录")
		mustContain(t, "last reviews", body, `<a href="#declared">内容记载</a>`)
	}
	if _, err := f.App.RecordReview(f.Caller(kbtest.Reviewer), stdkb.ReviewDecision{DocID: "sample-nev-time-share", Date: stdkb.MustDate("2026-01-15"),
		Committee: "市机关事务标准化技术委员会（示例）", Outcome: stdkb.OutcomeContinue}); err != nil {
		t.Fatal(err)
	}
	_, body := getWith(t, rev, ts.URL+"/reviews")
	declared, ledger := reviewRecords(t, body)
	mustContain(t, "ledger with a decision", ledger, "2026-01-15", "继续有效", "市机关事务标准化技术委员会（示例）")
	mustNotContain(t, "ledger with a decision", ledger, "委员会尚未在本系统登记复审决定")
	mustNotContain(t, "declared reviews", declared, "2026-01-15")
	mustContain(t, "last reviews", body, `<a href="#ledger">台账 #1</a>`)
}
