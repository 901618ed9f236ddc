package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func runWithStdin(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestSearchJSON(t *testing.T) {
	data := t.TempDir()
	code, out, errOut := runCLI(t, "search", "--data", data, "--json", "公物仓是什么")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "建立索引：用时") {
		t.Errorf("first search should build the index, stderr: %s", errOut)
	}
	if strings.Count(strings.TrimSpace(out), "\n") != 0 {
		t.Errorf("--json must print exactly one line, got:\n%s", out)
	}
	var res struct {
		Query  string
		Total  int
		TookMS *float64 `json:"took_ms"`
		Hits   []struct {
			ID, DocID, Type, Title, Heading, Number, Status, Snippet string
			Score                                                    *float64
		}
		Facets map[string][]struct {
			Value string
			Count int
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if res.Query != "公物仓是什么" || res.Total == 0 || res.TookMS == nil || len(res.Hits) == 0 || res.Facets["type"] == nil {
		t.Fatalf("unexpected result: %+v", res)
	}
	top := res.Hits[0]
	if top.ID != "cq-jgsw-14th-plan@2021#fn-2" || top.Heading != "名词解释 > 〔2〕 公物仓" || !strings.Contains(top.Snippet, "<mark>公物仓</mark>") || top.Score == nil {
		t.Errorf("top hit %+v, want the glossary entry 公物仓 with a marked snippet", top)
	}
	var raw map[string]any
	json.Unmarshal([]byte(out), &raw)
	hit := raw["hits"].([]any)[0].(map[string]any)
	for _, k := range []string{"id", "doc_id", "type", "title", "heading", "number", "status", "score", "snippet"} {
		if _, ok := hit[k]; !ok {
			t.Errorf("hit lacks %q: %v", k, hit)
		}
	}

	// The second run opens the index it built.
	code, _, errOut = runCLI(t, "search", "--data", data, "DB50/T 9901")
	if code != 0 || strings.Contains(errOut, "建立索引：用时") {
		t.Errorf("second search: exit %d, stderr %s", code, errOut)
	}
}

func TestSearchLines(t *testing.T) {
	data := t.TempDir()
	code, out, errOut := runWithStdin(t, "新能源汽车配备比例\n\n\"公务用车\n办公用房权属登记\n", "search", "--data", data, "--json", "-")
	if code != 1 {
		t.Errorf("exit %d, want 1 because one query was malformed; stderr %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 JSON lines, got %d:\n%s", len(lines), out)
	}
	for i, want := range []string{"新能源汽车配备比例", `"公务用车`, "办公用房权属登记"} {
		var obj map[string]any
		if err := json.Unmarshal([]byte(lines[i]), &obj); err != nil {
			t.Fatalf("line %d is not JSON: %v", i+1, err)
		}
		if obj["query"] != want {
			t.Errorf("line %d answers %v, want %q", i+1, obj["query"], want)
		}
	}
	if !strings.Contains(lines[1], `"error":"引号不成对`) {
		t.Errorf("malformed query line: %s", lines[1])
	}
}

func TestSearchErrors(t *testing.T) {
	data := t.TempDir()
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"search", "--data", data, `"公务用车`}, 1, "引号不成对"},
		{[]string{"search", "--data", data, "--asof", "2022-02-30", "公物仓"}, 2, "--asof"},
		{[]string{"search", "--data", data}, 2, "需要给出查询词"},
		{[]string{"search", "--data", data, "--domain", "Q1", "公物仓"}, 1, "没有这个体系代码"},
	} {
		code, _, errOut := runCLI(t, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d containing %q", tt.args, code, errOut, tt.code, tt.want)
		}
	}
}

func TestIndexCommand(t *testing.T) {
	data := t.TempDir()
	code, out, errOut := runCLI(t, "index", "--data", data)
	if code != 0 || !strings.Contains(out, "索引已就绪") || !strings.Contains(errOut, "建立索引：用时") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
	code, _, errOut = runCLI(t, "index", "--data", data)
	if code != 0 || strings.Contains(errOut, "建立索引") {
		t.Errorf("unchanged content rebuilt: %s", errOut)
	}
	code, _, errOut = runCLI(t, "index", "--data", data, "--rebuild")
	if code != 0 || !strings.Contains(errOut, "建立索引：用时") {
		t.Errorf("--rebuild did not build: %s", errOut)
	}
}

// --region keeps to other provinces' documents, which are references for Chongqing units.
func TestSearchRegion(t *testing.T) {
	code, out, errOut := runCLI(t, "search", "--data", t.TempDir(), "--json", "--region", "外省参考", "--limit", "20", "公务用车")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var res struct {
		Hits []struct {
			DocID  string `json:"doc_id"`
			Region string
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 {
		t.Fatal("no hits among other provinces' documents")
	}
	for _, h := range res.Hits {
		if h.Region != "外省参考" {
			t.Errorf("%s is %q, want 外省参考", h.DocID, h.Region)
		}
	}
}

// TestSearchFlatAndLayout: by default a page holds at most two sections of one document and
// names the others (本文件其他 N 处) and the sections quoting a hit (另见…引用此条); --flat
// lists sections in score order, where one standard fills the page.
func TestSearchFlatAndLayout(t *testing.T) {
	data := t.TempDir()
	code, out, errOut := runCLI(t, "search", "--data", data, "办公用房维修")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "本文件其他") || !strings.Contains(out, "doc:") || !strings.Contains(out, "引用此条") {
		t.Errorf("default layout lacks 本文件其他 N 处 or 另见…引用此条:\n%s", out)
	}
	if n := strings.Count(out, "[sample-office-maintenance@"); n > 2 {
		t.Errorf("default: the sample standard holds %d places on the page, want at most 2", n)
	}
	code, out, errOut = runCLI(t, "search", "--data", data, "--flat", "办公用房维修")
	if code != 0 {
		t.Fatalf("--flat: exit %d: %s", code, errOut)
	}
	if n := strings.Count(out, "[sample-office-maintenance@"); n <= 2 {
		t.Errorf("--flat: the sample standard holds %d places, want the score order where it fills the page:\n%s", n, out)
	}
	code, out, _ = runCLI(t, "search", "--data", data, "PEU")
	if code != 0 || !strings.Contains(out, "试试：") || !strings.Contains(out, "电源使用效率") {
		t.Errorf("zero results: exit %d, want suggestions:\n%s", code, out)
	}
}
