package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"stdkb"
	"stdkb/content"
	"stdkb/kb"
	"stdkb/server"
	"stdkb/store"
)

var (
	once    sync.Once
	shared  *httptest.Server
	srv     *testSrv
	setup   error
	tempDir string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if shared != nil {
		shared.Close()
		srv.Close()
	}
	if tempDir != "" {
		os.RemoveAll(tempDir)
	}
	os.Exit(code)
}

func today() stdkb.Date { return stdkb.MustDate("2026-11-25") }

// testExperts is the shared server's expert pool; their names appear nowhere in the content.
var testExperts = []stdkb.Expert{
	{ID: "e1", Name: "甄专家", Unit: "九龙坡区机关事务管理局", Title: "高级工程师", Specialties: []string{"B3", "B6"}},
	{ID: "e2", Name: "贾专家", Unit: "重庆市机关事务管理局", Title: "研究员", Specialties: []string{"B3"}},
	{ID: "e3", Name: "郝专家", Unit: "璧山区机关事务管理局", Specialties: []string{"B"}, Conflicts: []string{"cq-municipal"}},
}

// testServer serves the embedded content from a temporary data directory, once per test binary.
func testServer(t *testing.T) *httptest.Server {
	t.Helper()
	once.Do(func() {
		dir, err := os.MkdirTemp("", "stdkb-server-test-")
		if err != nil {
			setup = err
			return
		}
		tempDir = dir
		st, err := store.Open(filepath.Join(dir, "stdkb.db"))
		if err != nil {
			setup = err
			return
		}
		// The API tests sign in as this pilot or this reviewer.
		for _, u := range []struct{ name, role, unit string }{{"pilot", stdkb.RolePilot, "沙坪坝区机关事务管理局"}, {"reviewer", stdkb.RoleReviewer, ""}} {
			if user, err := stdkb.NewUser(u.name, u.role, u.unit, "correct horse battery"); err == nil && setup == nil {
				setup = st.AddUser(user, "test")
			}
		}
		for _, x := range testExperts {
			if setup == nil {
				setup = st.PutExpert(x, "test")
			}
		}
		if setup != nil {
			return
		}
		srv, setup = newServer(kb.Config{Content: content.Default(), Name: "embedded", DataDir: dir, Store: st, Today: today})
		if setup == nil {
			shared = httptest.NewServer(srv.Handler())
		}
	})
	if setup != nil {
		t.Fatal(setup)
	}
	return shared
}

func get(t *testing.T, path string) (*http.Response, string) {
	t.Helper()
	res, err := http.Get(testServer(t).URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func TestAPI(t *testing.T) {
	for _, tt := range []struct {
		path   string
		status int
		want   string
	}{
		{"/healthz", 200, `"status":"ok"`},
		{"/api/search?q=公物仓是什么&limit=3", 200, `"id":"cq-jgsw-14th-plan@2021#fn-2"`},
		{"/api/search?q=新能源汽车&type=regulation&domain=B3", 200, `"facets"`},
		{"/api/search?q=DB50T9901", 200, `"sample-office-maintenance@2024#intro"`},
		{"/api/search?q=%22abc", 400, `"code":"invalid","message":"引号不成对`},
		{"/api/search?q=公物仓&limit=x", 400, `「每页条数」x 不是有效的数字`},
		{"/api/search?q=公物仓&asof=2022-02-30", 400, `「有效日期」2022-02-30 不是有效日期`},
		{"/api/documents?domain=B3", 200, `"id":"sample-nev-time-share"`},
		{"/api/documents?domain=Q9", 400, `体系：没有体系代码`},
		{"/api/documents/cq-jgsw-14th-plan", 200, `"number":"渝机管发〔2021〕104号"`},
		{"/api/documents/sample-office-maintenance?asof=2024-02-29", 200, `"edition":"2019"`},
		{"/api/documents/sample-office-maintenance?asof=2019-01-01", 404, `在 2019-01-01 没有现行版本`},
		{"/api/documents/sample-office-maintenance/editions/2019", 200, `"number":"DB50/T 9901-2019"`},
		{"/api/documents/nope", 404, `"code":"not_found"`},
		{"/api/documents/sample-office-maintenance/history", 200, `"derived_status":"被代替"`},
		{"/api/diff?from=sample-office-maintenance@2019&to=sample-office-maintenance@2024", 200, `"moved":2`},
		{"/api/diff?from=x", 400, `应写作 文件@版本`},
		{"/api/framework", 200, `"code":"B7"`},
		{"/api/reviews/due", 200, `"state":"overdue"`},
		{"/api/reviews/rate?from=2025-01-01&to=2025-12-31", 200, `"missing"`},
		{"/api/reviews/rate?from=2025-13-01&to=2025-12-31", 400, `from 和 to`},
		{"/api/reviews/ledger", 200, `[]`},
		{"/api/checklists/pilot-midterm", 200, `"pass_score":60`},
		{"/api/checklists/nope", 404, `没有检查表`},
		{"/api/indicators", 200, `"nev-share-renewal"`},
		{"/api/nothing", 404, `"code":"not_found"`},
		{"/api/experts", 401, `"code":"unauthorized"`}, // experts are personal data: reviewers and admins only
	} {
		res, body := get(t, tt.path)
		if res.StatusCode != tt.status || !strings.Contains(body, tt.want) {
			t.Errorf("GET %s: %d, want %d containing %q\n%.400s", tt.path, res.StatusCode, tt.status, tt.want, body)
		}
		if ct := res.Header.Get("Content-Type"); strings.HasPrefix(tt.path, "/api") && ct != "application/json; charset=utf-8" {
			t.Errorf("GET %s: Content-Type %q", tt.path, ct)
		}
	}
}

func TestSearchMatchesTheCLIShape(t *testing.T) {
	_, body := get(t, "/api/search?q=公物仓")
	var res map[string]any
	if err := json.Unmarshal([]byte(body), &res); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"query", "total", "took_ms", "hits", "facets"} {
		if _, ok := res[k]; !ok {
			t.Errorf("search response lacks %q", k)
		}
	}
}

func TestAssessEndpoint(t *testing.T) {
	url := testServer(t).URL + "/api/assess"
	sample, err := os.ReadFile("../content/kb/submissions/jiulongpo-2025-midterm.yaml")
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.Post(url, "application/yaml", strings.NewReader(string(sample)))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(b), `"total":57.5`) {
		t.Errorf("assess: %d %.300s", res.StatusCode, b)
	}
	res, _ = http.Post(url, "application/yaml", strings.NewReader("unit: x\nperiod: {from: 2025-01-01, to: 2025-12-31}\nchecklist: pilot-midterm\nstage: 中期评估\nitems: [{id: sys-2, score: 99}]\n"))
	b, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 400 || !strings.Contains(string(b), "第 5 行 检查项评价第 1 项的得分：得分 99 超过满分 14") {
		t.Errorf("invalid assess: %d %s", res.StatusCode, b)
	}
	big := strings.NewReader(strings.Repeat("a", server.MaxBodyBytes+10))
	res, _ = http.Post(url, "application/yaml", big)
	res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body: %d, want 413", res.StatusCode)
	}
	res, _ = http.Get(url)
	res.Body.Close()
	if res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET /api/assess: %d, want 405", res.StatusCode)
	}
}

func TestPages(t *testing.T) {
	for _, tt := range []struct {
		path   string
		status int
		want   []string
	}{
		{"/", 200, []string{"机关事务标准规范知识库", "B3 公务用车", "需要处理的复审", "示例"}},
		{"/search?q=新能源汽车", 200, []string{"<mark>新能源汽车</mark>", "共 ", "类型"}},
		{"/search?q=%22abc", 400, []string{"引号不成对"}},
		{"/docs/cq-jgsw-14th-plan", 200, []string{`id="col6"`, "专栏6", "目录", "名词解释"}},
		{"/docs/sample-office-maintenance/2019", 200, []string{"这是历史版本", "示例", "比较版本"}},
		{"/docs/gb-t-41568", 200, []string{"未收录全文", "GB/T 41568-2022"}},
		{"/diff?from=sample-office-maintenance@2019&to=sample-office-maintenance@2024", 200, []string{"<ins>与审核评估</ins>"}},
		{"/reviews", 200, []string{"已逾期", "即将到期", "已复审", "内容中记载的复审", "委员会决定台账"}},
		{"/indicators", 200, []string{"人均综合能耗下降", "较2020年"}},
		{"/checklists", 200, []string{"合格线 60"}},
		{"/units", 200, []string{"单位标准体系", "沙坪坝区", "市级试点", "规章制度与标准汇编", `action="/volume"`}},
		{"/units/bishan", 200, []string{"璧山区标准体系", `<span class="badge gap">空白</span>`, "B7 机关后勤服务</a> <span class=\"count\" data-documents=\"1\" data-standards=\"1\">文件 1 件（其中标准 1 项）</span>", "采用（重庆市机关事务管理局）", `value="bishan" selected`}},
		{"/units?unit=大渡口区", 200, []string{"大渡口区标准体系", "DB50/T 9901-2024"}},
		{"/units/nowhere", 404, []string{"没有单位"}},
		{"/docs/nope", 404, []string{"没有文件"}},
		{"/no/such/page", 404, []string{"没有这个页面"}},
	} {
		res, body := get(t, tt.path)
		if res.StatusCode != tt.status {
			t.Errorf("GET %s: %d, want %d", tt.path, res.StatusCode, tt.status)
		}
		for _, w := range tt.want {
			if !strings.Contains(body, w) {
				t.Errorf("GET %s lacks %q", tt.path, w)
			}
		}
		if strings.Contains(body, "<script") {
			t.Errorf("GET %s: the UI must carry no script", tt.path)
		}
		for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options"} {
			if res.Header.Get(h) == "" {
				t.Errorf("GET %s lacks header %s", tt.path, h)
			}
		}
	}
}

func TestNoPathTraversal(t *testing.T) {
	for _, p := range []string{"/static/../server.go", "/static/..%2fserver.go", "/static/%2e%2e/%2e%2e/go.mod", "/docs/..%2f..%2fgo.mod"} {
		req, _ := http.NewRequest("GET", testServer(t).URL+p, nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if strings.Contains(string(b), "package server") || strings.Contains(string(b), "module stdkb") {
			t.Errorf("GET %s leaked a file", p)
		}
	}
	res, body := get(t, "/static/app.css")
	if res.StatusCode != 200 || !strings.Contains(body, "--accent") {
		t.Errorf("static css: %d", res.StatusCode)
	}
}

// TestRawHTMLIsNotRendered: markdown content cannot inject markup or script into pages.
func TestRawHTMLIsNotRendered(t *testing.T) {
	fsys := fstest.MapFS{}
	for _, name := range []string{"framework.md"} {
		b, _ := fsReadFile(name)
		fsys[name] = &fstest.MapFile{Data: b}
	}
	fsys["regulations/x/2020.md"] = &fstest.MapFile{Data: []byte("---\nkind: regulation\ntitle: 测试\nstatus: 现行\nframework: [A]\n---\n## 一 {#one}\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>正文\n")}
	s, err := newServer(kb.Config{Content: fsys, Name: "test", DataDir: t.TempDir(), Today: today})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/docs/x", nil))
	body := rec.Body.String()
	if rec.Code != 200 || strings.Contains(body, "<script>alert") || strings.Contains(body, "onerror") {
		t.Errorf("raw HTML rendered: %d\n%s", rec.Code, body)
	}
}

func fsReadFile(name string) ([]byte, error) {
	f, err := content.Default().Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// TestReloadKeepsLastGoodContent: broken content is refused and the old snapshot keeps serving.
func TestReloadKeepsLastGoodContent(t *testing.T) {
	fw, _ := fsReadFile("framework.md")
	good := "---\nkind: regulation\ntitle: 好的文件\nstatus: 现行\nframework: [A]\n---\n## 一\n\n公物仓管理\n"
	fsys := fstest.MapFS{"framework.md": {Data: fw}, "regulations/x/2020.md": {Data: []byte(good)}}
	s, err := newServer(kb.Config{Content: fsys, Name: "test", DataDir: t.TempDir(), Today: today})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	fsys["regulations/x/2020.md"] = &fstest.MapFile{Data: []byte("---\nkind: regulation\ntitle: [broken\n---\n")}
	if err := s.Reload(context.Background()); err == nil {
		t.Fatal("broken content accepted")
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/api/search?q=公物仓", nil))
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"doc_id":"x"`) {
		t.Errorf("search after a failed reload: %d %s", rec.Code, rec.Body.String())
	}
	rec = httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	if body := rec.Body.String(); !strings.Contains(body, `"status":"degraded"`) || strings.Contains(body, "last_reload_error") {
		t.Errorf("anonymous healthz after a failed reload: %s", body)
	}
	rec = httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if !strings.Contains(rec.Body.String(), "内容更新失败") {
		t.Error("home page does not show the failed reload")
	}
	// Fixed content is picked up by the next reload.
	fsys["regulations/x/2020.md"] = &fstest.MapFile{Data: []byte(strings.Replace(good, "公物仓管理", "分时租赁", 1))}
	if err := s.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	rec = httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/api/search?q=分时租赁", nil))
	if !strings.Contains(rec.Body.String(), `"doc_id":"x"`) {
		t.Errorf("reloaded content not searched: %s", rec.Body.String())
	}
}

// The compiled volume is a standalone print page with inline paged-media CSS, which the
// site-wide policy would block; its own policy allows inline styles and nothing else.
func TestVolumePolicyAllowsItsStyles(t *testing.T) {
	res, body := get(t, "/api/volume?type=standard&asof=2022-06-01")
	csp := res.Header.Get("Content-Security-Policy")
	if res.StatusCode != 200 || !strings.Contains(csp, "style-src 'unsafe-inline'") || !strings.Contains(csp, "default-src 'none'") || !strings.Contains(body, "@page") {
		t.Errorf("volume: %d, policy %q", res.StatusCode, csp)
	}
}

// TestGroupedSearchPages checks that grouped search pages count document editions, in the API
// and in the page's pager.
func TestGroupedSearchPages(t *testing.T) {
	_, body := get(t, "/api/search?q="+url.QueryEscape("管理")+"&group=1&limit=5")
	var r struct {
		Total  int  `json:"total"`
		Groups *int `json:"groups"`
	}
	if err := json.Unmarshal([]byte(body), &r); err != nil || r.Groups == nil {
		t.Fatalf("grouped search: %v %s", err, body)
	}
	if *r.Groups >= r.Total {
		t.Fatalf("want fewer groups than sections for 管理, got %d groups of %d", *r.Groups, r.Total)
	}
	_, page := get(t, "/search?q="+url.QueryEscape("管理")+"&group=1&limit=5")
	if want := fmt.Sprintf("/ %d 页", (*r.Groups+4)/5); !strings.Contains(page, want) {
		t.Errorf("grouped search page: want pager %q", want)
	}
}
