package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestAssess(t *testing.T) {
	fixedToday(t, "2026-11-25")
	data := t.TempDir()
	code, out, errOut := runCLI(t, "assess", "--samples")
	if code != 0 || strings.Count(out, "\n") != 6 || !strings.Contains(out, "shapingba-2025-midterm") {
		t.Fatalf("--samples: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = runCLI(t, "assess", "jiulongpo-2025-midterm", "--data", data)
	if code != 0 || !strings.Contains(out, "57.5 / 92 分，合格线 55.2，合格") || !strings.Contains(out, "缺少佐证材料") {
		t.Errorf("text report: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = runCLI(t, "assess", "rongchang-2025-final", "--format", "json", "--data", data)
	var r struct {
		Checklist struct {
			Total  float64
			Passed bool
		}
	}
	if code != 0 || json.Unmarshal([]byte(out), &r) != nil || r.Checklist.Total != 69 || r.Checklist.Passed {
		t.Errorf("json report: exit %d, %+v", code, r)
	}
	md := filepath.Join(t.TempDir(), "r.md")
	if code, _, errOut := runCLI(t, "assess", "shapingba-2025-midterm", "--format", "md", "-o", md, "--data", data); code != 0 {
		t.Fatal(errOut)
	}
	b, _ := os.ReadFile(md)
	for _, want := range []string{"# 沙坪坝区机关事务管理局 中期评估报告（示例）", "  - 计算：", "  - 依据：《重庆市机关事务工作“十四五”规划》", "<svg"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("markdown report lacks %q", want)
		}
	}
	xlsx := filepath.Join(t.TempDir(), "cmp.xlsx")
	args := []string{"assess", "shapingba-2025-midterm", "jiulongpo-2025-midterm", "bishan-2025-midterm", "--format", "xlsx", "-o", xlsx, "--data", data}
	if code, _, errOut := runCLI(t, args...); code != 0 {
		t.Fatal(errOut)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("对比")
	f.Close()
	if len(rows) < 5 || len(rows[0]) != 4 || rows[3][3] != "不合格" {
		t.Errorf("comparison rows %v", rows)
	}
	_, out, _ = runCLI(t, "assess", "shapingba-2025-midterm", "bishan-2025-midterm", "--data", data)
	if !strings.Contains(out, "检查表得分") || !strings.Contains(out, "璧山区") {
		t.Errorf("comparison table:\n%s", out)
	}
}

func TestAssessRejectsInvalidSubmissions(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("unit: 测试\nperiod: {from: 2025-01-01, to: 2025-12-31}\nchecklist: pilot-midterm\nstage: 中期评估\nitems:\n  - {id: sys-2, score: 20}\n  - {id: org-1, level: 很好}\n"), 0o644)
	code, _, errOut := runCLI(t, "assess", bad, "--data", t.TempDir())
	for _, want := range []string{"第 6 行 检查项评价第 1 项的得分：得分 20 超过满分 14", `第 7 行 检查项评价第 2 项的评价：“很好”不是检查表`} {
		if code != 1 || !strings.Contains(errOut, want) {
			t.Errorf("exit %d, stderr lacks %q:\n%s", code, want, errOut)
		}
	}
	code, _, errOut = runCLI(t, "assess", "no-such-submission", "--data", t.TempDir())
	if code != 1 || !strings.Contains(errOut, "没有自评材料") {
		t.Errorf("missing submission: exit %d %s", code, errOut)
	}
}

func TestSubmissionLifecycle(t *testing.T) {
	fixedToday(t, "2026-11-25")
	data := t.TempDir()
	src, err := os.ReadFile("../../content/kb/submissions/shapingba-2025-midterm.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// A worse draft of the same submission: every 符合 answer becomes 不符合.
	worse := filepath.Join(t.TempDir(), "worse.yaml")
	os.WriteFile(worse, []byte(strings.ReplaceAll(string(src), "level: 符合", "level: 不符合")), 0o644)
	// A file named .json is read as strict JSON, as the API reads bodies.
	trailing := filepath.Join(t.TempDir(), "trailing.json")
	os.WriteFile(trailing, []byte(`{"unit": "沙坪坝区机关事务管理局"} 多余`), 0o644)
	steps := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"submission", "save", "shapingba-2025-midterm", "--by", "pilot"}, 0, "自评 #1 第 1 版 草稿 沙坪坝区 《机关事务标准化市级试点中期评估自评表》"},
		{[]string{"submission", "save", "bishan-2025-midterm", "--id", "1", "--by", "pilot"}, 1, "自评材料 #1 是沙坪坝区的《机关事务标准化市级试点中期评估自评表》"},
		{[]string{"submission", "save", worse, "--id", "1", "--by", "pilot"}, 0, "自评 #1 第 1 版 草稿"},
		{[]string{"submission", "save", trailing, "--id", "1", "--by", "pilot"}, 1, "对象结束后还有多余的内容（第 25 列起）"},
		{[]string{"submission", "submit", "1", "--by", "pilot"}, 0, "合格线 60，不合格"},
		{[]string{"submission", "submit", "1", "--by", "pilot"}, 1, "只有草稿可以提交"},
		{[]string{"submission", "save", "shapingba-2025-midterm", "--id", "1", "--by", "pilot"}, 0, "自评 #1 第 2 版 草稿"},
		{[]string{"submission", "submit", "1", "--by", "pilot"}, 0, "96 / 100 分"},
		{[]string{"submission", "review", "1", "--version", "1", "--conclusion", "不合格，需整改", "--by", "committee"}, 0, "第 1 版 已评审"},
		{[]string{"submission", "versions", "1"}, 0, "评审结论：不合格，需整改"},
		{[]string{"submission", "list", "--unit", "沙坪坝区机关事务管理局"}, 0, "自评 #1 第 2 版 已提交"},
		{[]string{"submission", "review", "9", "--conclusion", "x"}, 1, "没有编号为 9 的自评"},
	}
	for _, s := range steps {
		code, out, errOut := runCLI(t, append(s.args, "--data", data)...)
		if code != s.code || !strings.Contains(out+errOut, s.want) {
			t.Errorf("%v: exit %d, want %d containing %q\n%s%s", s.args, code, s.code, s.want, out, errOut)
		}
	}
}

func TestUserCommand(t *testing.T) {
	data := t.TempDir()
	code, out, errOut := runWithStdin(t, "correct horse battery\n", "user", "add", "li", "--role", "reviewer", "--data", data)
	if code != 0 || !strings.Contains(out, "已添加用户 li（评审人员）") {
		t.Fatalf("add: exit %d\n%s%s", code, out, errOut)
	}
	for _, tt := range []struct {
		stdin string
		args  []string
		want  string
	}{
		{"correct horse battery\n", []string{"li", "--role", "reviewer"}, `用户 "li" 已存在`},
		{"short\n", []string{"wang", "--role", "reviewer"}, "至少 10 个字符"},
		{"correct horse battery\n", []string{"zhao", "--role", "pilot"}, "须选择所代表的单位"},
		{"correct horse battery\n", []string{"qian", "--role", "boss"}, "角色：应为"},
	} {
		code, _, errOut := runWithStdin(t, tt.stdin, append(append([]string{"user", "add"}, tt.args...), "--data", data)...)
		if code != 1 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q", tt.args, code, errOut)
		}
	}
	if code, _, errOut := runWithStdin(t, "correct horse battery\n", "user", "add", "zhao", "--role", "pilot", "--unit", "shapingba", "--data", data); code != 0 {
		t.Fatalf("user add zhao: exit %d, %s", code, errOut)
	}
	_, out, _ = runCLI(t, "user", "list", "--data", data)
	// Units are stored by id and listed by name.
	if !strings.Contains(out, "li") || strings.Contains(out, "$2a$") || !strings.Contains(out, "沙坪坝区") || strings.Contains(out, "shapingba") {
		t.Errorf("user list:\n%s", out)
	}
}
