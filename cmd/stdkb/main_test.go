package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// runCLI runs the command line in-process and returns its exit code and output streams.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// writeTree extracts a txtar archive into a temporary content directory.
func writeTree(t *testing.T, archive string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range txtar.Parse([]byte(archive)).Files {
		p := filepath.Join(dir, f.Name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const tinyTree = `
-- framework.md --
---
kind: framework
id: fw
title: 测试体系
nodes:
  - {code: A, name: 通用基础标准}
---
-- standards/only/2020.md --
---
kind: standard
number: DB50/T 9999-2020
title: 唯一标准
level: 地方
nature: 推荐
issuer: 测试机关
status: 现行
framework: [A]
issued: 2020-01-01
effective: 2020-03-01
sample: true
---
## 1 范围
本文件规定了测试。
`

func TestCommands(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		code     int
		stdout   []string // substrings stdout must contain
		stderr   []string
		notInOut []string
	}{
		{name: "check embedded", args: []string{"check"}, stdout: []string{"检查通过：内置内容：", "份文件"}},
		{name: "framework", args: []string{"framework"}, stdout: []string{"A 通用基础标准", "B 运行保障", "B3 公务用车", "B7 机关后勤服务", "C 监督评价"}},
		{name: "ls domain includes descendants", args: []string{"ls", "--domain", "B"}, stdout: []string{"sample-nev-time-share", "sample-canteen-service"}, notInOut: []string{"gb-t-41568"}},
		{name: "ls domain leaf", args: []string{"ls", "--domain", "B3"}, stdout: []string{"sample-nev-time-share", "chongqing-official-vehicle-implementation-measures"}, notInOut: []string{"sample-canteen-service"}},
		{name: "ls status", args: []string{"ls", "--status", "拟制定"}, stdout: []string{"chongqing-government-operation-support-regulation", "2 项"}},
		{name: "ls samples badge", args: []string{"ls", "--type", "standard"}, stdout: []string{"【示例】机关食堂服务规范", "GB/T 41568-2022"}, notInOut: []string{"【示例】机关事务管理 术语"}},
		{name: "ls unknown domain", args: []string{"ls", "--domain", "Z9"}, code: 2, stderr: []string{`--domain "Z9"：没有这个体系编码`}},
		{name: "ls bad type", args: []string{"ls", "--type", "memo"}, code: 2, stderr: []string{"应为 checklist、indicator、regulation、standard 之一"}},
		{name: "flag without value", args: []string{"ls", "--type"}, code: 2, stderr: []string{"参数需要取值：-type"}},
		{name: "command help", args: []string{"compile", "-h"}, stdout: []string{"用法：stdkb compile", "--format   html、docx 或 pdf（默认：html）", "  -o         输出文件"}},
		{name: "bad number", args: []string{"search", "x", "--limit", "many"}, code: 2, stderr: []string{`取值无效："many"，参数 -limit：无法解析`}},
		{name: "show section flag after id", args: []string{"show", "cq-jgsw-14th-plan#col6", "--content", ""}, stdout: []string{"专栏6", "新能源汽车占比市级党政机关不低于50%"}},
		{name: "show edition", args: []string{"show", "sample-office-maintenance@2019"}, stdout: []string{"DB50/T 9901-2019", "版本：[2019] → 2024", "示例数据"}},
		{name: "show toc", args: []string{"show", "--toc", "cq-jgsw-14th-plan"}, stdout: []string{"fn-2", "〔2〕 公物仓"}},
		{name: "show checklist", args: []string{"show", "pilot-midterm"}, stdout: []string{"【示例】", "合格线：60", "sys-1"}},
		{name: "show indicators", args: []string{"show", "plan-energy"}, stdout: []string{"较2020年 <= -6%"}},
		{name: "show unknown", args: []string{"show", "no-such-doc"}, code: 1, stderr: []string{`没有文件 "no-such-doc"`}},
		{name: "show unknown section", args: []string{"show", "cq-jgsw-14th-plan#ch9"}, code: 1, stderr: []string{`没有章节 "ch9"`}},
		{name: "show needs id", args: []string{"show"}, code: 2, stderr: []string{"需要且只能给出一个文件编号（ID）", "用法：stdkb show"}},
		{name: "version", args: []string{"version"}, stdout: []string{"stdkb ", "内置内容，版本 "}},
		{name: "unknown command", args: []string{"frobnicate"}, code: 2, stderr: []string{`未知命令 "frobnicate"`}},
		{name: "unknown flag", args: []string{"check", "--frob"}, code: 2, stderr: []string{"未定义的参数：-frob"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errOut)
			}
			for _, s := range tt.stdout {
				if !strings.Contains(out, s) {
					t.Errorf("stdout lacks %q:\n%s", s, out)
				}
			}
			for _, s := range tt.stderr {
				if !strings.Contains(errOut, s) {
					t.Errorf("stderr lacks %q:\n%s", s, errOut)
				}
			}
			for _, s := range tt.notInOut {
				if strings.Contains(out, s) {
					t.Errorf("stdout contains %q:\n%s", s, out)
				}
			}
		})
	}
}

func TestCheckReportsEveryProblem(t *testing.T) {
	dir := writeTree(t, tinyTree+`
-- standards/bad/2021.md --
---
kind: standard
title: 坏标准
status: 作废
framework: [Z]
---
`)
	code, out, errOut := runCLI(t, "check", "--content", dir)
	if code != 1 {
		t.Fatalf("exit %d, want 1; stdout %q", code, out)
	}
	for _, want := range []string{
		"standards/bad/2021.md:2: 发布机构（issuer）：缺少必填字段",
		"standards/bad/2021.md:2: 标准编号（number）：缺少必填字段",
		`standards/bad/2021.md:4: 状态（status）：“作废”不可用`,
		"处问题",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

func TestContentFromEnvironment(t *testing.T) {
	t.Setenv("STDKB_CONTENT", writeTree(t, tinyTree))
	code, out, errOut := runCLI(t, "ls", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rows []listing
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("ls --json is not a JSON array: %v\n%s", err, out)
	}
	if len(rows) != 1 || rows[0].ID != "only" || !rows[0].Sample || rows[0].Number != "DB50/T 9999-2020" {
		t.Errorf("rows = %+v, want the one standard of the tree", rows)
	}
}

// The catalogue's done-when: at least 30 real standards, each with its source.
func TestListRealStandards(t *testing.T) {
	code, out, errOut := runCLI(t, "ls", "--type", "standard", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rows []listing
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	real, regions := 0, map[string]int{}
	for _, r := range rows {
		if r.Sample {
			continue
		}
		real++
		regions[r.Region]++
		if r.Source == "" {
			t.Errorf("%s (%s) has no source", r.ID, r.Number)
		}
	}
	if real < 30 || regions["国家"] == 0 || regions["外省参考"] == 0 {
		t.Errorf("%d real standards by region %v, want at least 30, national and other provinces'", real, regions)
	}
}

func TestFrameworkJSONCounts(t *testing.T) {
	code, out, errOut := runCLI(t, "framework", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	type branch struct {
		Code      string
		Documents int
		Children  []branch
	}
	var tree struct{ Nodes []branch }
	if err := json.Unmarshal([]byte(out), &tree); err != nil {
		t.Fatal(err)
	}
	if len(tree.Nodes) != 3 || tree.Nodes[1].Code != "B" || len(tree.Nodes[1].Children) != 7 {
		t.Fatalf("want 3 parts with 7 domains under B, got %+v", tree.Nodes)
	}
	// Each branch counts the documents that ls finds in it, each once.
	for _, n := range append(tree.Nodes, tree.Nodes[1].Children...) {
		_, out, _ := runCLI(t, "ls", "--domain", n.Code, "--json")
		var rows []listing
		if err := json.Unmarshal([]byte(out), &rows); err != nil {
			t.Fatal(err)
		}
		docs := 0
		for _, r := range rows {
			if r.Type == "standard" || r.Type == "regulation" {
				docs++
			}
		}
		if docs != n.Documents {
			t.Errorf("framework counts %d documents in %s, ls lists %d", n.Documents, n.Code, docs)
		}
	}
}

func TestFrameworkForUnit(t *testing.T) {
	code, out, errOut := runCLI(t, "framework", "--unit", "沙坪坝区")
	if code != 0 {
		t.Fatal(errOut)
	}
	for _, want := range []string{"沙坪坝区标准体系（采用情况为示例）", "B3 公务用车", "空白分支：B1 运行经费管理"} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %q:\n%s", want, out)
		}
	}
	if code, _, errOut := runCLI(t, "framework", "--unit", "火星区"); code != 1 || !strings.Contains(errOut, `没有单位 "火星区"`) {
		t.Errorf("unknown unit: %d %s", code, errOut)
	}
}

func TestMemoryLimit(t *testing.T) {
	tests := []struct {
		mib      int
		explicit bool
		env      string
		want     int64
		set      bool
	}{
		{defaultMemoryLimitMiB, false, "", defaultMemoryLimitMiB << 20, true},
		{defaultMemoryLimitMiB, false, "1GiB", 0, false}, // the runtime applied $GOMEMLIMIT
		{512, true, "1GiB", 512 << 20, true},             // the flag wins when given
		{0, true, "", math.MaxInt64, true},               // no limit
	}
	for _, tt := range tests {
		got, set := memoryLimit(tt.mib, tt.explicit, tt.env)
		if got != tt.want || set != tt.set {
			t.Errorf("memoryLimit(%d, %v, %q) = %d, %v; want %d, %v", tt.mib, tt.explicit, tt.env, got, set, tt.want, tt.set)
		}
	}
}
