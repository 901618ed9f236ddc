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

// A normative reference to a standard in the library links to it: undated (GB/T 41568) to the
// document, whose latest edition applies; the clause citing the same number links too.
func TestNormativeReferencesLink(t *testing.T) {
	_, body := get(t, "/docs/sample-office-maintenance")
	section := body[strings.Index(body, `<div class="body">`):]
	section = section[strings.Index(section, "2 规范性引用文件"):]
	section = section[:strings.Index(section, "3 术语和定义")]
	if !strings.Contains(section, `<a class="ref" href="/docs/gb-t-41568">GB/T 41568</a> 机关事务管理 术语`) {
		t.Errorf("§2 does not link GB/T 41568 to /docs/gb-t-41568:\n%s", section)
	}
	if !strings.Contains(body, `<a class="ref" href="/docs/gb-t-41568">GB/T 41568</a>界定的`) {
		t.Error("§3 does not link GB/T 41568")
	}
}
