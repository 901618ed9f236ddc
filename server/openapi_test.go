package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/go-chi/chi/v5"

	"stdkb"
	"stdkb/content"
	"stdkb/kb"
	"stdkb/kb/kbtest"
	"stdkb/schemas"
	"stdkb/server"
	"stdkb/store"
)

// openAPIPath is the API description the tests below hold the server to.
const openAPIPath = "../schemas/openapi.json"

var (
	oapiOnce   sync.Once
	oapiDoc    *openapi3.T
	oapiRouter routers.Router
	oapiErr    error
)

// openAPI loads and validates the document once per test binary and builds a router over it.
func openAPI(t *testing.T) (*openapi3.T, routers.Router) {
	t.Helper()
	oapiOnce.Do(func() {
		// kin-openapi's own YAML decoder turns unquoted dates (period: {from: 2025-01-01}) into
		// time.Time, which its validator then rejects. Decode YAML bodies the way the server
		// does instead: dates stay strings.
		openapi3filter.RegisterBodyDecoder("application/yaml", oapiDecodeYAML)
		openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.FileBodyDecoder)
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromFile(openAPIPath)
		if err != nil {
			oapiErr = err
			return
		}
		if err := doc.Validate(loader.Context); err != nil {
			oapiErr = err
			return
		}
		r, err := gorillamux.NewRouter(doc)
		if err != nil {
			oapiErr = err
			return
		}
		oapiDoc, oapiRouter = doc, r
	})
	if oapiErr != nil {
		t.Fatalf("%s: %v", openAPIPath, oapiErr)
	}
	return oapiDoc, oapiRouter
}

func oapiDecodeYAML(body io.Reader, _ http.Header, _ *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
	b, err := io.ReadAll(body)
	if err != nil {
		return nil, err
	}
	doc, errs := schemas.DecodeYAML(b, 1)
	if len(errs) > 0 {
		return nil, errs[0]
	}
	return doc.Value, nil
}

// oapiCase is one real request and what the document must say of it.
type oapiCase struct {
	name        string
	method      string // GET when empty
	path        string // with query
	contentType string
	body        []byte
	status      int
	want        string       // a substring of the body, to show the case exercised what it meant to
	client      *http.Client // nil: http.DefaultClient
	origin      string       // sent as a cross-site browser request from this origin
	respType    string       // the response's Content-Type when it is not implied by the path
	// badRequest: the request breaks the document's own parameter or body rules, so request
	// validation must reject it (the server answers 400 too).
	badRequest bool
	// component: the request matches no operation (unknown path or method); the response is
	// checked against this entry of components/responses.
	component string
}

func oapiQuery(path string, kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return path + "?" + v.Encode()
}

// oapiCheck sends c to the server at base and validates request and response against the document.
func oapiCheck(t *testing.T, base string, c oapiCase) {
	t.Helper()
	doc, router := openAPI(t)
	ctx := context.Background()
	method := c.method
	if method == "" {
		method = http.MethodGet
	}
	newReq := func() *http.Request {
		var body io.Reader
		if c.body != nil {
			body = bytes.NewReader(c.body)
		}
		req, err := http.NewRequestWithContext(ctx, method, base+c.path, body)
		if err != nil {
			t.Fatal(err)
		}
		if c.contentType != "" {
			req.Header.Set("Content-Type", c.contentType)
		}
		if c.origin != "" {
			req.Header.Set("Origin", c.origin)
			req.Header.Set("Sec-Fetch-Site", "cross-site")
		}
		return req
	}

	// Find the operation and validate the request.
	var route *routers.Route
	vreq := newReq()
	route, pathParams, err := router.FindRoute(vreq)
	switch {
	case c.component != "":
		if err == nil {
			t.Fatalf("%s %s: the document has an operation for it (%s), want none", method, c.path, route.Operation.OperationID)
		}
		want := routers.ErrPathNotFound
		if c.component == "MethodNotAllowed" {
			want = routers.ErrMethodNotAllowed
		}
		if !errors.Is(err, want) {
			t.Fatalf("%s %s: %v, want %v", method, c.path, err, want)
		}
		ref := doc.Components.Responses[c.component]
		if ref == nil {
			t.Fatalf("no components/responses/%s", c.component)
		}
		route = &routers.Route{Spec: doc, Path: vreq.URL.Path, Method: method,
			Operation: &openapi3.Operation{Responses: openapi3.NewResponses(openapi3.WithStatus(c.status, ref))}}
	case err != nil:
		t.Fatalf("%s %s: no operation in the document: %v", method, c.path, err)
	}
	// Credentials are TestOpenAPISecurity's business: the cookie jar adds the session cookie
	// only when the request is sent.
	reqInput := &openapi3filter.RequestValidationInput{Request: vreq, PathParams: pathParams, Route: route,
		Options: &openapi3filter.Options{MultiError: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	if c.component == "" {
		err := openapi3filter.ValidateRequest(ctx, reqInput)
		switch {
		case c.badRequest && err == nil:
			t.Errorf("%s %s: the document accepts this request, want it rejected", method, c.path)
		case !c.badRequest && err != nil:
			t.Errorf("%s %s: request does not match the document: %v", method, c.path, err)
		}
	}

	// Send it for real.
	client := c.client
	if client == nil {
		client = http.DefaultClient
	}
	res, err := client.Do(newReq())
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != c.status {
		t.Fatalf("%s %s: status %d, want %d\n%.600s", method, c.path, res.StatusCode, c.status, body)
	}
	wantCT := "application/json; charset=utf-8"
	switch {
	case strings.HasSuffix(c.path, ".csv") || strings.Contains(c.path, ".csv?"):
		wantCT = "text/csv; charset=utf-8"
	case c.status == http.StatusForbidden:
		wantCT = "text/plain; charset=utf-8"
	case c.status == http.StatusNoContent:
		wantCT = ""
	case strings.HasSuffix(c.path, ".xlsx") || strings.Contains(c.path, ".xlsx?"):
		wantCT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	if c.respType != "" {
		wantCT = c.respType
	}
	if ct := res.Header.Get("Content-Type"); ct != wantCT {
		t.Errorf("%s %s: Content-Type %q, want %s", method, c.path, ct, wantCT)
	}
	if c.want != "" && !bytes.Contains(body, []byte(c.want)) {
		t.Errorf("%s %s: body lacks %q\n%.600s", method, c.path, c.want, body)
	}
	if err := oapiValidateResponse(ctx, reqInput, res.StatusCode, res.Header, body); err != nil {
		t.Errorf("%s %s: response does not match the document:\n%v\nbody: %.600s", method, c.path, err, body)
	}
	if strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		if extra := undeclaredInBody(route.Operation, res.StatusCode, body); len(extra) > 0 {
			t.Errorf("%s %s: fields the document does not declare: %s", method, c.path, strings.Join(extra, ", "))
		}
	}
}

// oapiValidateResponse checks status, content type and body against the route's responses.
// Statuses the operation does not document fail.
func oapiValidateResponse(ctx context.Context, reqInput *openapi3filter.RequestValidationInput, status int, header http.Header, body []byte) error {
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: reqInput,
		Status:                 status,
		Header:                 header,
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	in.SetBodyBytes(body)
	return openapi3filter.ValidateResponse(ctx, in)
}

// TestOpenAPIResponses holds real responses of the shared test server to schemas/openapi.json.
func TestOpenAPIResponses(t *testing.T) {
	base := testServer(t).URL
	sample, err := os.ReadFile("../content/kb/submissions/jiulongpo-2025-midterm.yaml")
	if err != nil {
		t.Fatal(err)
	}
	minimal := []byte(`{"unit":"璧山区","period":{"from":"2025-01-01","to":"2025-12-31"},"checklist":"pilot-midterm","stage":"中期评估"}`)
	own := kbtest.SampleJSON(t, "shapingba-2025-midterm") // the pilot's unit
	pilot := login(t, testServer(t), "pilot")
	reviewer := login(t, testServer(t), "reviewer")
	pilotToken, err := srv.app.CreateToken(srv.app.CallerNamed("pilot"), kb.TokenRequest{Name: "接口测试"})
	if err != nil {
		t.Fatal(err)
	}
	spare, err := srv.app.CreateToken(srv.app.CallerNamed("pilot"), kb.TokenRequest{Name: "待吊销"})
	if err != nil {
		t.Fatal(err)
	}
	viaToken := bearerClient(pilotToken.Token)
	invalid := []byte("unit: x\nperiod: {from: 2025-01-01, to: 2025-12-31}\nchecklist: pilot-midterm\nstage: 中期评估\nitems: [{id: sys-2, score: 99}]\n")
	invalidJSON := []byte(`{"unit":"x","period":{"from":"2025-01-01","to":"2025-12-31"},"checklist":"pilot-midterm","stage":"中期评估","items":[{"id":"sys-2","score":99}]}`)
	cases := []oapiCase{
		{name: "healthz", path: "/healthz", status: 200, want: `"status":"ok"`},

		{name: "search", path: oapiQuery("/api/search", "q", "公物仓是什么", "limit", "3"), status: 200, want: `"cq-jgsw-14th-plan@2021#fn-2"`},
		{name: "search by document", path: oapiQuery("/api/search", "q", "机关事务管理", "documents", "1", "page", "2"), status: 200, want: `"groups":`},
		{name: "search by document too deep", path: oapiQuery("/api/search", "q", "机关事务管理", "documents", "1", "page", "21"), status: 400, want: `前 200 个文件`},
		{name: "search filters", path: oapiQuery("/api/search", "q", "新能源汽车", "type", "regulation", "domain", "B3", "sort", "date", "group", "1", "page", "1"), status: 200, want: `"facets"`},
		{name: "search checklists", path: oapiQuery("/api/search", "q", "type:checklist"), status: 200, want: `"type":"checklist"`},
		{name: "search indicators", path: oapiQuery("/api/search", "type", "indicator", "limit", "2"), status: 200, want: `"type":"indicator"`},
		{name: "search asof", path: oapiQuery("/api/search", "q", "DB50T9901", "asof", "2020-01-01"), status: 200, want: `"edition":"2019"`},
		{name: "search nothing found", path: oapiQuery("/api/search", "q", `"没有这样的短语啊"`), status: 200, want: `"hits":[]`},
		{name: "search unbalanced quotes", path: oapiQuery("/api/search", "q", `"abc`), status: 400, want: `"code":"invalid"`},
		{name: "search empty query", path: "/api/search", status: 400, want: `检索词为空`},
		{name: "search bad limit", path: oapiQuery("/api/search", "q", "公物仓", "limit", "x"), status: 400, want: `「每页条数」x 不是有效的数字`, badRequest: true},
		{name: "search limit too large", path: oapiQuery("/api/search", "q", "公物仓", "limit", "101"), status: 400, want: `每页至多`, badRequest: true},
		{name: "search bad sort", path: oapiQuery("/api/search", "q", "公物仓", "sort", "title"), status: 400, want: `排序方式`, badRequest: true},
		{name: "search bad type", path: oapiQuery("/api/search", "q", "公物仓", "type", "policy"), status: 400, want: `"code":"invalid"`, badRequest: true},
		{name: "search bad asof", path: oapiQuery("/api/search", "q", "公物仓", "asof", "2022-02-30"), status: 400, want: `「有效日期」2022-02-30 不是有效日期`, badRequest: true},

		{name: "documents", path: "/api/documents", status: 200, want: `"id":"sample-office-maintenance"`},
		{name: "documents filtered", path: oapiQuery("/api/documents", "type", "standard", "domain", "B4"), status: 200, want: `"type":"standard"`},
		{name: "documents bad domain", path: oapiQuery("/api/documents", "domain", "Q9"), status: 400, want: `体系：没有体系代码`},
		{name: "documents bad type", path: oapiQuery("/api/documents", "type", "bogus"), status: 400, want: `类型 \"bogus\" 不可用`, badRequest: true},
		{name: "document", path: "/api/documents/cq-jgsw-14th-plan", status: 200, want: `"number":"渝机管发〔2021〕104号"`},
		{name: "document asof", path: oapiQuery("/api/documents/sample-office-maintenance", "asof", "2024-02-29"), status: 200, want: `"edition":"2019"`},
		{name: "document asof before any", path: oapiQuery("/api/documents/sample-office-maintenance", "asof", "2019-01-01"), status: 404, want: `在 2019-01-01 没有现行版本`},
		{name: "document bad asof", path: oapiQuery("/api/documents/sample-office-maintenance", "asof", "2024-13-01"), status: 400, want: `2024-13-01 不是有效日期`, badRequest: true},
		{name: "document 404", path: "/api/documents/nope", status: 404, want: `"code":"not_found"`},
		{name: "edition", path: "/api/documents/sample-office-maintenance/editions/2019", status: 200, want: `"number":"DB50/T 9901-2019"`},
		{name: "edition 404", path: "/api/documents/sample-office-maintenance/editions/1999", status: 404, want: `没有版本`},
		{name: "history", path: "/api/documents/sample-office-maintenance/history", status: 200, want: `"derived_status":"被代替"`},
		{name: "history regulation", path: "/api/documents/cq-jgsw-14th-plan/history", status: 200, want: `"state":"none"`},
		{name: "history 404", path: "/api/documents/nope/history", status: 404, want: `"code":"not_found"`},

		{name: "diff", path: oapiQuery("/api/diff", "from", "sample-office-maintenance@2019", "to", "sample-office-maintenance@2024"), status: 200, want: `"moved":2`},
		{name: "diff same edition", path: oapiQuery("/api/diff", "from", "gb-t-41568@2022", "to", "gb-t-41568@2022"), status: 200, want: `"fields":[]`},
		{name: "diff bad", path: oapiQuery("/api/diff", "from", "x"), status: 400, want: `应写作 文件@版本`, badRequest: true},
		{name: "diff unknown edition", path: oapiQuery("/api/diff", "from", "sample-office-maintenance@1999", "to", "sample-office-maintenance@2024"), status: 404, want: `没有版本`},

		{name: "framework", path: "/api/framework", status: 200, want: `"code":"B7"`},
		{name: "units", path: "/api/units", status: 200, want: `"id":"shapingba"`},
		{name: "unit system", path: "/api/units/dadukou", status: 200, want: `"adopted":true`},
		{name: "unit by name", path: "/api/units/" + url.PathEscape("璧山区"), status: 200, want: `"gaps":["A`},
		{name: "unit 404", path: "/api/units/nowhere", status: 404, want: `没有单位`},
		{name: "unit bundle", path: "/api/units/dadukou/bundle.tar.gz", status: 200, want: "\x1f\x8b", respType: "application/gzip"},
		{name: "unit bundle 404", path: "/api/units/nowhere/bundle.tar.gz", status: 404, want: `没有单位`},
		{name: "volume", path: oapiQuery("/api/volume", "type", "standard", "asof", "2022-06-01"), status: 200, want: "DB50/T 9901-2019", respType: "text/html; charset=utf-8"},
		{name: "volume docx", path: oapiQuery("/api/volume", "unit", "bishan", "type", "standard", "format", "docx"), status: 200, want: "PK", respType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{name: "volume bad type", path: oapiQuery("/api/volume", "type", "checklist"), status: 400, want: `类别 \"checklist\" 不可用`, badRequest: true},
		{name: "volume unknown unit", path: oapiQuery("/api/volume", "unit", "nowhere"), status: 400, want: `单位：没有单位`},
		{name: "volume bad asof", path: oapiQuery("/api/volume", "asof", "2022-02-30"), status: 400, want: `截至日期`, badRequest: true},
		{name: "system table xlsx", path: oapiQuery("/api/systable", "asof", "2026-11-25"), status: 200, want: "PK", respType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{name: "system table unit docx", path: oapiQuery("/api/systable", "unit", "shapingba", "format", "docx"), status: 200, want: "PK", respType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{name: "system table bad format", path: oapiQuery("/api/systable", "format", "pdf"), status: 400, want: `格式`, badRequest: true},
		{name: "system table unknown unit", path: oapiQuery("/api/systable", "unit", "nowhere"), status: 400, want: `单位：没有单位`},
		{name: "system table bad asof", path: oapiQuery("/api/systable", "asof", "2026-02-30"), status: 400, want: `截至日期`, badRequest: true},
		{name: "reviews due", path: "/api/reviews/due", status: 200, want: `"state":"overdue"`},
		{name: "reviews rate", path: oapiQuery("/api/reviews/rate", "from", "2025-01-01", "to", "2025-12-31"), status: 200, want: `"missing"`},
		{name: "reviews rate none due", path: oapiQuery("/api/reviews/rate", "from", "2000-01-01", "to", "2000-12-31"), status: 200, want: `"total":{"due":0`},
		{name: "reviews rate bad", path: oapiQuery("/api/reviews/rate", "from", "2025-13-01", "to", "2025-12-31"), status: 400, want: `from 和 to`, badRequest: true},
		{name: "reviews rate reversed", path: oapiQuery("/api/reviews/rate", "from", "2025-12-31", "to", "2025-01-01"), status: 400, want: `from 和 to`},
		{name: "reviews rate missing", path: "/api/reviews/rate", status: 400, want: `from 和 to`, badRequest: true},
		{name: "ledger", path: "/api/reviews/ledger", status: 200, want: `[]`},
		{name: "ledger csv", path: "/api/reviews/ledger.csv", status: 200, want: "序号,文件"},
		{name: "ledger xlsx", path: oapiQuery("/api/reviews/ledger.xlsx", "all", "1"), status: 200, want: "PK"},

		{name: "checklists", path: "/api/checklists", status: 200, want: `"id":"pilot-midterm"`},
		{name: "checklist", path: "/api/checklists/pilot-midterm", status: 200, want: `"pass_score":60`},
		{name: "checklist 404", path: "/api/checklists/nope", status: 404, want: `没有检查表`},
		{name: "indicators", path: "/api/indicators", status: 200, want: `"nev-share-renewal"`},

		{name: "assess yaml", method: "POST", path: "/api/assess", contentType: "application/yaml", body: sample, status: 200, want: `"total":57.5`},
		{name: "assess json minimal", method: "POST", path: "/api/assess", contentType: "application/json", body: minimal, status: 200, want: `"rate":null`},
		{name: "assess invalid", method: "POST", path: "/api/assess", contentType: "application/yaml", body: invalid, status: 400, want: `检查项评价第 1 项的得分：得分 99 超过满分 14`},
		{name: "assess unknown checklist", method: "POST", path: "/api/assess", contentType: "application/json", body: bytes.Replace(minimal, []byte("pilot-midterm"), []byte("nope"), 1), status: 400, want: `"details"`},
		{name: "assess broken yaml", method: "POST", path: "/api/assess", contentType: "application/yaml", body: []byte("unit: [x\n"), status: 400, want: `"code":"invalid"`, badRequest: true},
		{name: "assess missing fields", method: "POST", path: "/api/assess", contentType: "application/json", body: []byte(`{"unit":"x"}`), status: 400, want: `缺少必填字段`, badRequest: true},
		{name: "assess too large", method: "POST", path: "/api/assess", contentType: "application/yaml", body: bytes.Repeat([]byte("a"), server.MaxBodyBytes+10), status: 413, want: `"code":"too_large"`, badRequest: true},

		{name: "submissions anonymous", path: "/api/submissions", status: 401, want: `"code":"unauthorized"`},
		{name: "submission create", method: "POST", path: "/api/submissions", contentType: "application/json", body: own, client: pilot, status: 201, want: `"state":"draft"`},
		{name: "submission create cross-site", method: "POST", path: "/api/submissions", contentType: "application/json", body: own, client: pilot, origin: "http://evil.example", status: 403},
		{name: "submission create invalid", method: "POST", path: "/api/submissions", contentType: "application/json", body: invalidJSON, client: pilot, status: 400, want: `得分 99 超过满分 14`},
		{name: "submission create yaml", method: "POST", path: "/api/submissions", contentType: "application/yaml", body: invalid, client: pilot, status: 415, want: `"code":"unsupported_media_type"`, badRequest: true},
		{name: "submissions", path: "/api/submissions", client: pilot, status: 200, want: `"unit":"shapingba"`},
		{name: "submission", path: "/api/submissions/1", client: pilot, status: 200, want: `"report":{`},
		{name: "submission missing", path: "/api/submissions/99", client: pilot, status: 404, want: `没有编号为 99 的自评`},
		{name: "submission update", method: "PUT", path: "/api/submissions/1", contentType: "application/json", body: own, client: pilot, status: 200, want: `"version":1`},
		{name: "submission submit", method: "POST", path: "/api/submissions/1/submit", client: pilot, status: 200, want: `"state":"submitted"`},
		{name: "submission submit twice", method: "POST", path: "/api/submissions/1/submit", client: pilot, status: 409, want: `"code":"conflict"`},
		{name: "submission versions", path: "/api/submissions/1/versions", client: pilot, status: 200, want: `"version":1`},
		{name: "submission report", path: "/api/submissions/1/report.xlsx", client: pilot, status: 200, want: "PK"},

		{name: "experts anonymous", path: "/api/experts", status: 401, want: `"code":"unauthorized"`},
		{name: "experts pilot", path: "/api/experts", client: pilot, status: 403, want: `"code":"forbidden"`, respType: "application/json; charset=utf-8"},
		{name: "experts", path: "/api/experts", client: reviewer, status: 200, want: `"name":"甄专家"`},
		{name: "suggest anonymous", path: oapiQuery("/api/experts/suggest", "for", "sample-nev-time-share"), status: 401, want: `"code":"unauthorized"`},
		{name: "suggest", path: oapiQuery("/api/experts/suggest", "for", "sample-nev-time-share"), client: reviewer, status: 200, want: `"excluded":["e2","e3"]`},
		{name: "suggest submission", path: oapiQuery("/api/experts/suggest", "for", "1", "n", "2"), client: reviewer, status: 200, want: `"for":"自评 #1`},
		{name: "suggest missing target", path: "/api/experts/suggest", client: reviewer, status: 400, want: `评审对象：`, badRequest: true},
		{name: "suggest unknown", path: oapiQuery("/api/experts/suggest", "for", "nope"), client: reviewer, status: 404, want: `没有文件或自评`},
		{name: "suggest bad size", path: oapiQuery("/api/experts/suggest", "for", "sample-nev-time-share", "n", "0"), client: reviewer, status: 400, want: `专家组人数`, badRequest: true},

		{name: "tokens", path: "/api/tokens", client: pilot, status: 200, want: `"name":"接口测试"`},
		{name: "tokens anonymous", path: "/api/tokens", status: 401, want: `"code":"unauthorized"`},
		{name: "token create", method: "POST", path: "/api/tokens", contentType: "application/json", body: []byte(`{"name":"报表脚本","days":30}`), client: pilot, status: 201, want: `"token":"stdkb_`},
		{name: "token create unnamed", method: "POST", path: "/api/tokens", contentType: "application/json", body: []byte(`{"name":""}`), client: pilot, status: 400, want: `名称`, badRequest: true},
		{name: "token create too long", method: "POST", path: "/api/tokens", contentType: "application/json", body: []byte(`{"name":"x","days":400}`), client: pilot, status: 400, want: `1 至 366 天`, badRequest: true},
		{name: "token create cross-site", method: "POST", path: "/api/tokens", contentType: "application/json", body: []byte(`{"name":"x"}`), client: pilot, origin: "http://evil.example", status: 403},
		{name: "token revoke", method: "DELETE", path: "/api/tokens/" + spare.ID, client: pilot, status: 204},
		{name: "token revoke again", method: "DELETE", path: "/api/tokens/" + spare.ID, client: pilot, status: 404, want: `没有编号为`},
		{name: "submissions by token", path: "/api/submissions", client: viaToken, status: 200, want: `"unit":"shapingba"`},
		{name: "documents with a bad token", path: "/api/documents", client: bearerClient("stdkb_nope"), status: 401, want: `令牌`},

		{name: "unknown api path", path: "/api/nothing", status: 404, want: `"code":"not_found"`, component: "NotFound"},
		{name: "wrong method", path: "/api/assess", status: 405, want: `"code":"method_not_allowed"`, component: "MethodNotAllowed"},
		{name: "wrong method on get", method: "DELETE", path: "/api/documents/cq-jgsw-14th-plan", status: 405, want: `"code":"method_not_allowed"`, component: "MethodNotAllowed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { oapiCheck(t, base, c) })
	}

	// Every operation in the document is exercised with a 200 above, so the table keeps up with
	// the document.
	doc, router := openAPI(t)
	seen := map[string]bool{}
	for _, c := range cases {
		if c.status/100 != 2 {
			continue
		}
		method := c.method
		if method == "" {
			method = http.MethodGet
		}
		req := httptest.NewRequest(method, c.path, nil)
		if route, _, err := router.FindRoute(req); err == nil {
			seen[route.Operation.OperationID] = true
		}
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if !seen[op.OperationID] {
				t.Errorf("%s %s (%s): no successful request in the table", method, path, op.OperationID)
			}
		}
	}
}

// TestOpenAPICoversEveryRoute: every /api route the server registers (and /healthz) is in the
// document with the same method, and the document names no route the server lacks.
func TestOpenAPICoversEveryRoute(t *testing.T) {
	doc, _ := openAPI(t)
	routes, ok := testServer(t).Config.Handler.(chi.Routes)
	if !ok {
		t.Skip("the handler is not a chi router")
	}
	served := map[string]bool{}
	err := chi.Walk(routes, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if strings.HasPrefix(route, "/api/") || route == "/healthz" {
			served[method+" "+route] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented[method+" "+path] = true
		}
	}
	var missing, extra []string
	for r := range served {
		if !documented[r] {
			missing = append(missing, r)
		}
	}
	for r := range documented {
		if !served[r] {
			extra = append(extra, r)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing) > 0 {
		t.Errorf("routes missing from %s: %s", openAPIPath, strings.Join(missing, ", "))
	}
	if len(extra) > 0 {
		t.Errorf("%s documents routes the server does not have: %s", openAPIPath, strings.Join(extra, ", "))
	}
}

// TestOpenAPIWithLedger runs a server whose review ledger holds a decision and its correction,
// so the ledger, history and review-state schemas meet real ledger data.
func TestOpenAPIWithLedger(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "stdkb.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	first, err := st.RecordReview(stdkb.ReviewDecision{DocID: "sample-nev-time-share", Edition: "2020", Date: stdkb.MustDate("2026-01-10"),
		Committee: "市机关事务标准化技术委员会（示例）", Outcome: stdkb.OutcomeContinue, RecordedBy: "tester", Panel: []string{"e1", "e2"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.RecordReview(stdkb.ReviewDecision{DocID: "sample-nev-time-share", Edition: "2020", Date: stdkb.MustDate("2026-01-12"),
		Committee: "市机关事务标准化技术委员会（示例）", Outcome: stdkb.OutcomeContinue, Reasons: "更正日期", RecordedBy: "tester", Supersedes: first.ID}); err != nil {
		t.Fatal(err)
	}
	s, err := newServer(kb.Config{Content: content.Default(), Name: "embedded", DataDir: dir, Store: st, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	u, err := stdkb.NewUser("reviewer", stdkb.RoleReviewer, "", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.AddUser(u, "test"); err != nil {
		t.Fatal(err)
	}
	reviewer := login(t, ts, "reviewer")
	for _, c := range []oapiCase{
		{name: "ledger", path: "/api/reviews/ledger", status: 200, want: `"supersedes":1`},
		{name: "ledger with panels", path: oapiQuery("/api/reviews/ledger", "all", "1"), client: reviewer, status: 200, want: `"panel":["e1","e2"]`},
		{name: "ledger all", path: oapiQuery("/api/reviews/ledger", "all", "1"), status: 200, want: `"id":1,`},
		{name: "history", path: "/api/documents/sample-nev-time-share/history", status: 200, want: `"source":"ledger","ledger_id":2`},
		{name: "reviews due", path: "/api/reviews/due", status: 200, want: `"source":"ledger"`},
		{name: "reviews rate", path: oapiQuery("/api/reviews/rate", "from", "2025-01-01", "to", "2026-11-25"), status: 200, want: `"result":"late"`},
	} {
		t.Run(c.name, func(t *testing.T) { oapiCheck(t, ts.URL, c) })
	}
}

// TestOpenAPIDetectsDrift makes sure the validation is strict enough to catch drift: a real
// response altered in small ways must fail.
func TestOpenAPIDetectsDrift(t *testing.T) {
	_, router := openAPI(t)
	base := testServer(t).URL
	ctx := context.Background()
	fetch := func(path string) (*openapi3filter.RequestValidationInput, *http.Response, map[string]any) {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		route, params, err := router.FindRoute(req)
		if err != nil {
			t.Fatal(err)
		}
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var v map[string]any
		if err := json.NewDecoder(res.Body).Decode(&v); err != nil {
			t.Fatal(err)
		}
		return &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route}, res, v
	}
	check := func(name string, in *openapi3filter.RequestValidationInput, status int, header http.Header, v any) {
		t.Helper()
		b, _ := json.Marshal(v)
		if err := oapiValidateResponse(ctx, in, status, header, b); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	in, res, v := fetch(oapiQuery("/api/search", "q", "公物仓", "limit", "1"))
	if err := oapiValidateResponse(ctx, in, res.StatusCode, res.Header, mustJSON(t, v)); err != nil {
		t.Fatalf("unaltered search response rejected: %v", err)
	}
	hit := func(v map[string]any) map[string]any { return v["hits"].([]any)[0].(map[string]any) }
	alter := func(f func(v map[string]any)) map[string]any {
		var c map[string]any
		json.Unmarshal(mustJSON(t, v), &c)
		f(c)
		return c
	}
	check("hit with an unknown field", in, 200, res.Header, alter(func(v map[string]any) { hit(v)["extra"] = 1 }))
	check("hit without score", in, 200, res.Header, alter(func(v map[string]any) { delete(hit(v), "score") }))
	check("hit with a null framework", in, 200, res.Header, alter(func(v map[string]any) { hit(v)["framework"] = nil }))
	check("hit of an unknown type", in, 200, res.Header, alter(func(v map[string]any) { hit(v)["type"] = "policy" }))
	check("result without facets", in, 200, res.Header, alter(func(v map[string]any) { delete(v, "facets") }))
	check("undocumented status", in, 418, res.Header, v)
	html := res.Header.Clone()
	html.Set("Content-Type", "text/html; charset=utf-8")
	check("wrong content type", in, 200, html, v)

	in, res, v = fetch("/api/documents/nope")
	if err := oapiValidateResponse(ctx, in, res.StatusCode, res.Header, mustJSON(t, v)); err != nil {
		t.Fatalf("unaltered error response rejected: %v", err)
	}
	check("error with an unknown field", in, 404, res.Header, alter(func(v map[string]any) { v["error"].(map[string]any)["status"] = 404 }))
	check("error beside an unknown field", in, 404, res.Header, alter(func(v map[string]any) { v["status"] = 404 }))
	check("error without a message", in, 404, res.Header, alter(func(v map[string]any) { delete(v["error"].(map[string]any), "message") }))

	in, res, v = fetch("/api/documents/sample-office-maintenance")
	check("edition with a malformed date", in, 200, res.Header, alter(func(v map[string]any) { v["effective"] = "2024/03/01" }))
	check("edition without body", in, 200, res.Header, alter(func(v map[string]any) { delete(v, "body") }))
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
