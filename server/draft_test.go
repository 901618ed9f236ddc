package server_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/fumiama/go-docx"
)

func TestDraftFromWord(t *testing.T) {
	ts, _ := authServer(t)
	d := docx.New().WithDefaultTheme()
	for _, line := range []string{"DB50/T 9997—2022", "会务服务规范", "2022-01-05发布", "2022-03-01实施", "重庆市市场监督管理局 发布", "1 范围", "本文件规定了会务服务。"} {
		d.AddParagraph().AddText(line)
	}
	var file bytes.Buffer
	d.WriteTo(&file)

	pilot := login(t, ts, "pilot")
	if res, _ := multipartPost(t, pilot, ts.URL+"/draft", map[string]string{"csrf_token": token(t, pilot, ts.URL+"/"), "kind": "standard"},
		map[string][2]string{"file": {"s.docx", file.String()}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("pilot upload: %d, want 403", res.StatusCode)
	}

	rev := login(t, ts, "reviewer")
	fields := map[string]string{"csrf_token": token(t, rev, ts.URL+"/draft"), "kind": "standard"}
	res, body := multipartPost(t, rev, ts.URL+"/draft", fields, map[string][2]string{"file": {"会务服务规范.docx", file.String()}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("upload: %d\n%s", res.StatusCode, body)
	}
	for _, want := range []string{
		"<code>standards/db50-t-9997/2022.md</code>", "DB50/T 9997-2022", "需要补全：所属体系",
		"<code>standards/db50-t-9997/2022.md</code> 第 2 行 所属体系：缺少必填字段", "## 1 范围",
		"标准编号：DB50/T 9997-2022", "实施日期：2022-03-01", "状态：现行",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("draft page lacks %q", want)
		}
	}
	for _, field := range []string{"number", "title", "status", "framework", "issuer", "effective"} {
		if strings.Contains(body, field+"：") || strings.Contains(body, field+"、") || strings.Contains(body, " "+field+": ") {
			t.Errorf("draft page names the field %s by its YAML key", field)
		}
	}

	res, body = multipartPost(t, rev, ts.URL+"/draft", fields, map[string][2]string{"file": {"x.docx", "not a zip"}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "无法读取该 .docx 文件") {
		t.Errorf("bad file: %d", res.StatusCode)
	}
	res, body = multipartPost(t, rev, ts.URL+"/draft", map[string]string{"csrf_token": fields["csrf_token"], "kind": "checklist"}, map[string][2]string{"file": {"s.docx", file.String()}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "类别应为标准或规章制度") {
		t.Errorf("bad kind: %d", res.StatusCode)
	}

	res, body = post(t, rev, ts.URL+"/draft/download", url.Values{"csrf_token": {fields["csrf_token"]}, "path": {"standards/db50-t-9997/2022.md"}, "markdown": {"---\nkind: standard\n---\n正文"}})
	if res.StatusCode != http.StatusOK || body != "---\nkind: standard\n---\n正文" || downloadName(t, res) != "2022.md" {
		t.Errorf("download: %d %q %s", res.StatusCode, body, res.Header.Get("Content-Disposition"))
	}
}
