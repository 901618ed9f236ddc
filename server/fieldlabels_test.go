package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"stdkb"
	"stdkb/kb/kbtest"
	"stdkb/server"
)

// An API error names each field in Chinese where a person reads it (details), as the pages
// do, and keeps the key beside the label in fields for programs.
func TestAPIErrorsNameFieldsInChinese(t *testing.T) {
	f := kbtest.New(t)
	ts := httptest.NewServer(server.New(server.Config{App: f.App}).Handler())
	defer ts.Close()
	pilot := login(t, ts, kbtest.PilotA)
	missingStage := `{"unit":"沙坪坝区","period":{"from":"2025-01-01","to":"2025-12-31"},"checklist":"pilot-midterm"}`
	tooHigh := `{"unit":"沙坪坝区","period":{"from":"2025-01-01","to":"2025-12-31"},"checklist":"pilot-midterm","stage":"中期评估",` +
		`"items":[{"id":"sys-2","score":99}]}`
	for _, tt := range []struct {
		name, path, body  string
		client            *http.Client
		detail            string
		key, label        string
		line              int
		keyNotInDetailsOf string
	}{
		{"assess, missing", "/api/assess", missingStage, http.DefaultClient, "第 1 行 评估阶段：缺少必填字段", "stage", "评估阶段", 1, "stage"},
		{"assess, library check", "/api/assess", tooHigh, http.DefaultClient, "第 1 行 检查项评价第 1 项的得分：得分 99 超过满分 14", "items[0].score", "检查项评价第 1 项的得分", 1, "items"},
		{"submission create", "/api/submissions", missingStage, pilot, "第 1 行 评估阶段：缺少必填字段", "stage", "评估阶段", 1, "stage"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, err := tt.client.Post(ts.URL+tt.path, "application/json", strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			var reply struct {
				Error struct {
					Details []string
					Fields  []stdkb.FieldProblem
				}
			}
			if err := json.Unmarshal(b, &reply); err != nil || res.StatusCode != http.StatusBadRequest {
				t.Fatalf("%d %v %s", res.StatusCode, err, b)
			}
			details := strings.Join(reply.Error.Details, "\n")
			if !strings.Contains(details, tt.detail) || strings.Contains(details, tt.keyNotInDetailsOf) {
				t.Errorf("details %q: want %q and no key %q", details, tt.detail, tt.keyNotInDetailsOf)
			}
			found := false
			for _, fp := range reply.Error.Fields {
				found = found || fp.Field == tt.key && fp.Label == tt.label && fp.Line == tt.line && fp.Message != ""
			}
			if !found {
				t.Errorf("fields %+v lack %s = %s at line %d", reply.Error.Fields, tt.key, tt.label, tt.line)
			}
		})
	}
}

// /assess/new without a checklist (an address typed or cut short) leads to the list of
// checklists, not to an error page about a checklist named "".
func TestNewAssessmentWithoutChecklist(t *testing.T) {
	f := kbtest.New(t)
	ts := httptest.NewServer(server.New(server.Config{App: f.App}).Handler())
	defer ts.Close()
	pilot := *login(t, ts, kbtest.PilotA)
	pilot.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := pilot.Get(ts.URL + "/assess/new")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/assess" {
		t.Errorf("%d to %q, want 303 to /assess", res.StatusCode, res.Header.Get("Location"))
	}
}

// A comparison with nothing to compare says what to do, naming documents by title: the diff
// page without a document, and a document with one edition.
func TestDiffWithoutPairNamesTheDocument(t *testing.T) {
	f := kbtest.New(t)
	ts := httptest.NewServer(server.New(server.Config{App: f.App}).Handler())
	defer ts.Close()
	for path, want := range map[string]string{
		"/diff":                                "请指明要比较的文件",
		"/api/diff":                            "请指明要比较的文件",
		"/diff?doc=sample-canteen-service":     "《机关食堂服务规范》只有一个版本",
		"/api/diff?doc=sample-canteen-service": "《机关食堂服务规范》只有一个版本",
	} {
		res, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), want) || strings.Contains(string(b), `文件 ""`) {
			t.Errorf("%s: %d, want 400 with %q:\n%.400s", path, res.StatusCode, want, b)
		}
	}
}
