package main

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/fumiama/go-docx"

	"stdkb"
	"stdkb/content"
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
	if code, _, errOut := runCLI(t, "experts", "add", "e9", "--name", "x", "--unit", "u", "--specialties", "Z9", "--data", data); code != 1 || !strings.Contains(errOut, `体系中没有分支 "Z9"`) {
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
	if code, _, errOut := runCLI(t, "review", "record", "sample-nev-time-share", "--outcome", "继续有效", "--date", "2026-01-15", "--committee", "c", "--panel", "e1,e99", "--data", data); code != 1 || !strings.Contains(errOut, `没有专家 "e99"`) {
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

func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	bad := dir + "/bad.docx"
	os.WriteFile(bad, []byte("not a zip"), 0o644)
	if code, _, errOut := runCLI(t, "import", bad); code != 1 || !strings.Contains(errOut, "无法读取该 .docx 文件") {
		t.Errorf("bad file: %d %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, "import", dir+"/missing.docx"); code != 1 || !strings.Contains(errOut, "no such file") {
		t.Errorf("missing file: %d %s", code, errOut)
	}
	// A generated .docx goes into a content tree, where check names what is left to complete.
	d := docx.New().WithDefaultTheme()
	for _, line := range []string{"DB50/T 9997—2022", "会务服务规范", "2022-01-05发布", "2022-03-01实施", "重庆市市场监督管理局 发布", "1 范围", "本文件规定了会务服务。"} {
		d.AddParagraph().AddText(line)
	}
	var buf bytes.Buffer
	d.WriteTo(&buf)
	os.WriteFile(dir+"/s.docx", buf.Bytes(), 0o644)
	tree := t.TempDir()
	fw, _ := fs.ReadFile(content.Default(), "framework.md")
	os.WriteFile(tree+"/framework.md", fw, 0o644)
	code, out, errOut := runCLI(t, "import", dir+"/s.docx", "-o", tree)
	if code != 0 || !strings.Contains(out, "standards/db50-t-9997/2022.md") || !strings.Contains(errOut, "待补充：所属体系（framework）") || !strings.Contains(errOut, "标准编号（number）：DB50/T 9997") {
		t.Fatalf("import: %d\n%s%s", code, out, errOut)
	}
	if code, _, errOut := runCLI(t, "check", "--content", tree); code != 1 || !strings.Contains(errOut, "standards/db50-t-9997/2022.md:2: 所属体系（framework）：缺少必填字段") {
		t.Errorf("check after import: %d %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, "import", dir+"/s.docx", "-o", tree); code != 1 || !strings.Contains(errOut, "已存在") {
		t.Errorf("second import must not overwrite: %d %s", code, errOut)
	}
}
