package main

import (
	"encoding/json"
	"strings"
	"testing"

	"stdkb"
)

func TestExperts(t *testing.T) {
	fixedToday(t, "2026-11-25")
	data := t.TempDir()
	for _, args := range [][]string{
		{"e1", "--name", "张工", "--unit", "沙坪坝区", "--title", "高级工程师", "--specialties", "B4,B7"},
		{"e2", "--name", "李工", "--unit", "重庆市机关事务管理局", "--title", "工程师", "--specialties", "B4"},
		{"e3", "--name", "王教授", "--unit", "某高校", "--title", "教授", "--specialties", "B,C", "--conflicts", "重庆市机关事务管理局"},
		{"e4", "--name", "赵工", "--unit", "九龙坡区", "--title", "工程师", "--specialties", "B3,C"},
	} {
		if code, _, errOut := runCLI(t, append(append([]string{"experts", "add"}, args...), "--data", data)...); code != 0 {
			t.Fatalf("add %v: %s", args, errOut)
		}
	}
	if code, _, errOut := runCLI(t, "experts", "add", "e9", "--name", "x", "--unit", "u", "--specialties", "Z9", "--data", data); code != 1 || !strings.Contains(errOut, `unknown framework code "Z9"`) {
		t.Errorf("bad specialty: %d %s", code, errOut)
	}
	// A municipal standard on office space: the municipal bureau's own experts are conflicted.
	code, out, errOut := runCLI(t, "experts", "suggest", "--for", "sample-office-maintenance", "--n", "2", "--json", "--data", data)
	if code != 0 {
		t.Fatal(errOut)
	}
	var res struct {
		Panel []struct {
			Expert stdkb.Expert
			Reason string
		}
		Excluded []string
	}
	json.Unmarshal([]byte(out), &res)
	if len(res.Panel) != 2 || res.Panel[0].Expert.ID != "e1" || strings.Join(res.Excluded, ",") != "e2,e3" {
		t.Errorf("panel for the municipal standard: %+v", res)
	}
	// A pilot's submission: that district's own expert is conflicted.
	runCLI(t, "submission", "save", "shapingba-2025-midterm", "--by", "pilot", "--data", data)
	_, out, _ = runCLI(t, "experts", "suggest", "--for", "1", "--data", data)
	if !strings.Contains(out, "因利益冲突回避：e1") || !strings.Contains(out, "e3 王教授") {
		t.Errorf("panel for 沙坪坝区's submission:\n%s", out)
	}
	// Review decisions record their panel; unknown experts are refused.
	if code, _, errOut := runCLI(t, "review", "record", "sample-nev-time-share", "--outcome", "继续有效", "--date", "2026-01-15", "--committee", "c", "--panel", "e1,e99", "--data", data); code != 1 || !strings.Contains(errOut, `no expert "e99"`) {
		t.Errorf("unknown panel member: %d %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, "review", "record", "sample-nev-time-share", "--outcome", "继续有效", "--date", "2026-01-15", "--committee", "c", "--panel", "e1,e4", "--data", data); code != 0 {
		t.Fatal(errOut)
	}
	_, out, _ = runCLI(t, "review", "ledger", "--json", "--data", data)
	if !strings.Contains(out, `"panel": [`) {
		t.Errorf("ledger lacks the panel:\n%s", out)
	}
	// Experts are personal data: not in search.
	_, out, _ = runCLI(t, "search", "--json", "王教授 张工", "--data", data)
	var found struct{ Hits []map[string]any }
	json.Unmarshal([]byte(out), &found)
	for _, h := range found.Hits {
		if b, _ := json.Marshal(h); strings.Contains(string(b), "王教授") || strings.Contains(string(b), "张工") {
			t.Errorf("an expert appears in search results: %s", b)
		}
	}
}
