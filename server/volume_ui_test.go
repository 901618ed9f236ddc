package server_test

import (
	"strings"
	"testing"
)

// TestVolumeFormErrorsOnPage: the 汇编 forms submit to a UI route that shows a refusal on the
// units page in Chinese, with the form and its choices kept, and serves the volume otherwise.
func TestVolumeFormErrorsOnPage(t *testing.T) {
	for _, tt := range []struct {
		name, path string
		status     int
		want       []string
	}{
		{"before any edition", "/volume?type=standard&unit=bishan&asof=2015-01-01&format=docx", 404,
			[]string{"汇编未生成：", "璧山区标准体系", `value="2015-01-01"`, `<option value="docx" selected>`}},
		{"bad date", "/volume?type=regulation&asof=abc", 400,
			[]string{"汇编未生成：", "规章制度与标准汇编", `value="abc"`}},
		{"served", "/volume?type=standard&asof=2022-06-01", 200, []string{"DB50/T 9901-2019"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, body := get(t, tt.path)
			if res.StatusCode != tt.status {
				t.Fatalf("%s: status %d, want %d\n%.400s", tt.path, res.StatusCode, tt.status, body)
			}
			if tt.status != 200 && !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
				t.Errorf("%s: %s, want the page", tt.path, res.Header.Get("Content-Type"))
			}
			mustContain(t, tt.path, body, tt.want...)
			if strings.Contains(body, `"code"`) {
				t.Errorf("%s: raw JSON error on the page", tt.path)
			}
		})
	}
}
