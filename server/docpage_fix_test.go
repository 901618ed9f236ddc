package server_test

import (
	"strings"
	"testing"
)

// A planned regulation's only edition lives in draft.md; readers see what it is, not the file name.
func TestPlannedEditionIsNamedInChinese(t *testing.T) {
	for _, path := range []string{
		"/docs/chongqing-government-operation-support-regulation",
		"/docs/chongqing-government-operation-support-regulation/draft",
	} {
		res, body := get(t, path)
		if res.StatusCode != 200 {
			t.Fatalf("GET %s: %d", path, res.StatusCode)
		}
		if !strings.Contains(body, `/draft">拟制定稿</a>`) {
			t.Errorf("GET %s: the version table does not name the edition 拟制定稿", path)
		}
		if strings.Contains(body, ">draft<") {
			t.Errorf("GET %s shows the file name draft as the version", path)
		}
	}
}
