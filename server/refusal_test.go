package server_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"stdkb/kb/kbtest"
)

// A submission the server refuses is not stored, on create or on update: the store's records
// are byte-identical before and after. period.from 0001-01-01 was once answered 400 yet stored,
// and the record then failed every read.
func TestRefusedSubmissionWritesNothing(t *testing.T) {
	ts, st := authServer(t)
	own := kbtest.SampleJSON(t, "shapingba-2025-midterm")
	pilot := login(t, ts, "pilot")
	send := func(method, path string, body []byte) int {
		req, _ := http.NewRequest(method, ts.URL+path, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		res, err := pilot.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if code := send("POST", "/api/submissions", own); code != http.StatusCreated {
		t.Fatalf("create: %d", code)
	}
	bad := []byte(strings.Replace(string(own), `"from":"2025-01-01"`, `"from":"0001-01-01"`, 1))
	if bytes.Equal(bad, own) {
		t.Fatal("the sample has no period.from to replace")
	}
	before, err := st.Digest()
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []struct{ method, path string }{{"POST", "/api/submissions"}, {"PUT", "/api/submissions/1"}} {
		if code := send(w.method, w.path, bad); code != http.StatusBadRequest {
			t.Errorf("%s %s with period.from 0001-01-01: %d, want 400", w.method, w.path, code)
		}
		if after, _ := st.Digest(); after != before {
			t.Errorf("%s %s was refused but changed the store", w.method, w.path)
		}
	}
	if code := send("GET", "/api/submissions/1", nil); code != http.StatusOK {
		t.Errorf("the stored draft no longer reads: %d", code)
	}
}

// The submission API reads JSON only, declared as application/json, strictly: one object and
// nothing after it, no unknown or repeated field. Before, any Content-Type was read as YAML,
// so YAML, a JSON object followed by garbage and two objects in a row were all stored. Every
// refusal says in Chinese what is wrong and where, and leaves the store byte-identical.
func TestSubmissionAPIReadsStrictJSON(t *testing.T) {
	ts, st := authServer(t)
	own := kbtest.SampleJSON(t, "shapingba-2025-midterm")
	pilot := login(t, ts, "pilot")
	send := func(method, path, ctype string, body []byte) (int, string) {
		req, _ := http.NewRequest(method, ts.URL+path, bytes.NewReader(body))
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		res, err := pilot.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, body := send("POST", "/api/submissions", "application/json; charset=utf-8", own); code != http.StatusCreated {
		t.Fatalf("create: %d %s", code, body)
	}
	field := func(name, value string) []byte { // own with a field added at the front
		return append([]byte(`{"`+name+`":`+value+`,`), own[1:]...)
	}
	before, err := st.Digest()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, ctype string
		body        []byte
		code        int
		want        string
	}{
		{"no content type", "", own, http.StatusUnsupportedMediaType, "类型为“未声明”"},
		{"yaml", "application/yaml", kbtest.Sample(t, "shapingba-2025-midterm"), http.StatusUnsupportedMediaType, "须以 JSON 提交"},
		{"text", "text/plain", own, http.StatusUnsupportedMediaType, "类型为“text/plain”"},
		{"form", "application/x-www-form-urlencoded", own, http.StatusUnsupportedMediaType, "须以 JSON 提交"},
		{"yaml declared json", "application/json", kbtest.Sample(t, "shapingba-2025-midterm"), http.StatusBadRequest, "第 1 行 JSON 语法错误：此处应为一个值"},
		{"trailing garbage", "application/json", append(append([]byte{}, own...), " garbage"...), http.StatusBadRequest, "对象结束后还有多余的内容"},
		{"two objects", "application/json", append(append([]byte{}, own...), own...), http.StatusBadRequest, "对象结束后还有多余的内容"},
		{"unknown field", "application/json", field("bogus", "1"), http.StatusBadRequest, "“bogus”：没有这个字段"},
		{"duplicate field", "application/json", field("stage", `"中期评估"`), http.StatusBadRequest, "评估阶段：字段重复"},
		{"trailing comma", "application/json", append(own[:len(own)-1:len(own)-1], ",}"...), http.StatusBadRequest, "最后一项后面多了逗号"},
	} {
		for _, path := range []string{"/api/submissions", "/api/submissions/1"} {
			method := map[bool]string{true: "POST", false: "PUT"}[path == "/api/submissions"]
			code, body := send(method, path, tt.ctype, tt.body)
			if code != tt.code || !strings.Contains(body, tt.want) {
				t.Errorf("%s %s, %s: %d %s\nwant %d with %q", method, path, tt.name, code, body, tt.code, tt.want)
			}
			if after, _ := st.Digest(); after != before {
				t.Fatalf("%s %s, %s: refused but the store changed", method, path, tt.name)
			}
		}
	}
	if code, body := send("PUT", "/api/submissions/1", "application/json", own); code != http.StatusOK {
		t.Errorf("update with JSON: %d %s", code, body)
	}
}
