package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"stdkb"
)

// fixedToday pins the day review commands compute for.
func fixedToday(t *testing.T, day string) {
	t.Helper()
	old := today
	today = func() stdkb.Date { return stdkb.MustDate(day) }
	t.Cleanup(func() { today = old })
}

func TestReviewDueShowsEveryState(t *testing.T) {
	fixedToday(t, "2026-11-25")
	code, out, errOut := runCLI(t, "review", "due", "--all", "--data", t.TempDir(), "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var res struct {
		Reviews []stdkb.ReviewState
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	states := map[string]string{}
	for _, st := range res.Reviews {
		states[st.DocID] = st.State
	}
	for doc, want := range map[string]string{
		"sample-office-maintenance":        stdkb.StateOK,
		"sample-canteen-service":           stdkb.StateDue,
		"sample-nev-time-share":            stdkb.StateOverdue,
		"sample-energy-custody":            stdkb.StateReviewed,
		"sample-operating-cost-statistics": stdkb.StateOK,
	} {
		if states[doc] != want {
			t.Errorf("%s: state %q, want %q", doc, states[doc], want)
		}
	}
	// Without --all only due and overdue are listed; --within widens the window.
	_, out, _ = runCLI(t, "review", "due", "--data", t.TempDir())
	if !strings.Contains(out, "DB50/T 9902-2021") || !strings.Contains(out, "DB50/T 9903-2020") || strings.Contains(out, "DB50/T 9905-2022") {
		t.Errorf("review due:\n%s", out)
	}
	_, out, _ = runCLI(t, "review", "due", "--within", "1y", "--data", t.TempDir())
	if !strings.Contains(out, "DB50/T 9905-2022") {
		t.Errorf("review due --within 1y lacks the standard due 2027-06-01:\n%s", out)
	}
	_, out, _ = runCLI(t, "review", "due", "--all", "--unit", "璧山区", "--data", t.TempDir())
	if !strings.Contains(out, "DB50/T 9902-2021") || strings.Contains(out, "DB50/T 9903-2020") {
		t.Errorf("review due --unit 璧山区 (adopts only the canteen standard):\n%s", out)
	}
	_, out, _ = runCLI(t, "review", "due", "--domain", "B3", "--data", t.TempDir())
	if !strings.Contains(out, "DB50/T 9903-2020") || strings.Contains(out, "DB50/T 9902-2021") {
		t.Errorf("review due --domain B3:\n%s", out)
	}
}

func TestReviewRecordLedgerAndRate(t *testing.T) {
	fixedToday(t, "2026-11-25")
	data := t.TempDir()
	// The overdue sample is reviewed late; the rate for 2025 then counts it as late, not missing.
	code, out, errOut := runCLI(t, "review", "record", "sample-nev-time-share", "--outcome", "继续有效",
		"--date", "2026-01-15", "--committee", "标准化技术委员会", "--reason", "仍适用", "--by", "tester", "--data", data)
	if code != 0 || !strings.Contains(out, "已记录复审 #1") {
		t.Fatalf("record: exit %d\n%s\n%s", code, out, errOut)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"no-such-doc", "--outcome", "继续有效", "--date", "2026-01-15", "--committee", "c"}, `找不到文件 "no-such-doc"`},
		{[]string{"sample-nev-time-share", "--outcome", "撤销", "--date", "2026-01-15", "--committee", "c"}, `复审结论 "撤销"`},
		{[]string{"sample-nev-time-share", "--outcome", "继续有效", "--date", "2027-01-15", "--committee", "c"}, "晚于今天"},
		{[]string{"sample-nev-time-share", "--edition", "1999", "--outcome", "继续有效", "--date", "2026-01-15", "--committee", "c"}, `没有版本 "1999"`},
		{[]string{"sample-office-maintenance", "--edition", "2019", "--outcome", "继续有效", "--date", "2025-01-15", "--committee", "c"}, "被代替"},
		{[]string{"cq-jgsw-14th-plan", "--outcome", "继续有效", "--date", "2025-01-15", "--committee", "c"}, "只有标准"},
	} {
		code, _, errOut := runCLI(t, append(append([]string{"review", "record"}, tt.args...), "--data", data)...)
		if code != 1 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 1 containing %q", tt.args, code, errOut, tt.want)
		}
	}
	// A correction supersedes the first decision; the ledger keeps both.
	code, _, errOut = runCLI(t, "review", "record", "sample-nev-time-share", "--outcome", "修订", "--date", "2026-01-15",
		"--committee", "标准化技术委员会", "--supersedes", "1", "--by", "tester", "--data", data)
	if code != 0 {
		t.Fatalf("correction: %s", errOut)
	}
	_, out, _ = runCLI(t, "review", "ledger", "--json", "--data", data)
	var current []stdkb.ReviewDecision
	json.Unmarshal([]byte(out), &current)
	if len(current) != 1 || current[0].ID != 2 || current[0].Supersedes != 1 || current[0].Outcome != "修订" {
		t.Errorf("current ledger %+v, want only the correction", current)
	}
	_, out, _ = runCLI(t, "review", "ledger", "--all", "--csv", "--data", data)
	if !strings.HasPrefix(out, "\ufeff序号,文件") || strings.Count(out, "\r\n") != 3 {
		t.Errorf("CSV must start with a BOM and hold a header and 2 rows:\n%q", out)
	}
	xlsx := filepath.Join(t.TempDir(), "ledger.xlsx")
	if code, _, errOut := runCLI(t, "review", "ledger", "--all", "--xlsx", xlsx, "--data", data); code != 0 {
		t.Fatalf("xlsx: %s", errOut)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("复审台账")
	f.Close()
	if len(rows) != 3 || rows[2][4] != "修订" || rows[0][6] != "评审专家" {
		t.Errorf("xlsx rows %v", rows)
	}
	// History shows the ledger decision next to the content's; the state is now reviewed.
	_, out, _ = runCLI(t, "history", "sample-nev-time-share", "--data", data)
	if !strings.Contains(out, "台账#2") || !strings.Contains(out, "已复审") {
		t.Errorf("history:\n%s", out)
	}
	// On-time rate for 2025: the time-share standard fell due 2025-09-01 and was reviewed late.
	_, out, _ = runCLI(t, "review", "rate", "--from", "2025-01-01", "--to", "2025-12-31", "--data", data, "--json")
	var rate stdkb.OnTimeRate
	json.Unmarshal([]byte(out), &rate)
	late := false
	for _, r := range rate.Reviews {
		if r.DocID == "sample-nev-time-share" && r.Result == "late" {
			late = true
		}
	}
	if !late {
		t.Errorf("rate reviews %+v: want sample-nev-time-share late", rate.Reviews)
	}
	if _, err := os.Stat(filepath.Join(data, dbFile)); err != nil {
		t.Errorf("ledger file: %v", err)
	}
}

func TestHistoryLinksRevisionToNewEdition(t *testing.T) {
	fixedToday(t, "2026-11-25")
	code, out, errOut := runCLI(t, "history", "sample-office-maintenance", "--data", t.TempDir())
	if code != 0 {
		t.Fatal(errOut)
	}
	for _, want := range []string{"复审 2019  2023-05-10  修订 → 新版本 2024", "DB50/T 9901-2019", "被代替", "复审状态：正常（周期 5 年，自 2024-03-01 起，2029-03-01 到期）"} {
		if !strings.Contains(out, want) {
			t.Errorf("history lacks %q:\n%s", want, out)
		}
	}
}

func TestShowAsOfAndDiff(t *testing.T) {
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"show", "sample-office-maintenance", "--asof", "2024-02-29"}, 0, "DB50/T 9901-2019"},
		{[]string{"show", "sample-office-maintenance", "--asof", "2024-03-01"}, 0, "DB50/T 9901-2024"},
		{[]string{"show", "sample-office-maintenance", "--asof", "2019-06-30"}, 1, "sample-office-maintenance 在 2019-06-30 没有现行版本"},
		{[]string{"diff", "sample-office-maintenance@2019", "sample-office-maintenance@2024"}, 0, "[移动] 5 维修计划 > 5.3 → 5 维修计划与审核评估 > 5.4"},
		{[]string{"diff", "sample-office-maintenance", "--format", "html"}, 0, "<ins>与审核评估</ins>"},
		{[]string{"diff", "sample-office-maintenance@2019", "sample-office-maintenance@2030"}, 1, `没有版本 "2030"`},
		{[]string{"diff", "sample-canteen-service"}, 1, "只有一个版本"},
	} {
		code, out, errOut := runCLI(t, tt.args...)
		if code != tt.code || !strings.Contains(out+errOut, tt.want) {
			t.Errorf("%v: exit %d, want %d containing %q\n%s%s", tt.args, code, tt.code, tt.want, out, errOut)
		}
	}
	code, out, _ := runCLI(t, "diff", "sample-office-maintenance", "--format", "json")
	var d struct{ Summary map[string]int }
	if code != 0 || json.Unmarshal([]byte(out), &d) != nil || d.Summary["moved"] != 2 {
		t.Errorf("diff --format json: exit %d, summary %v", code, d.Summary)
	}
}
