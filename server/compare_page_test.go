package server_test

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"stdkb/kb"
	"stdkb/kb/kbtest"
	"stdkb/server"
)

var compareHeadRE = regexp.MustCompile(`<th scope="col"><a href="([^"]+)">([^<]+)</a>( <span class="badge sample">示例</span>)?</th>`)

// TestCompareTellsSubmissionsApart: when a unit has its own submission and a content sample,
// the comparison shows two columns of that unit side by side, the sample badged 示例, each
// saying which submission it is, and each column's unit links to that submission's report.
func TestCompareTellsSubmissionsApart(t *testing.T) {
	f := kbtest.New(t)
	ts := httptest.NewServer(server.New(server.Config{App: f.App}).Handler())
	defer ts.Close()
	own, err := f.App.CreateSubmission(f.Caller(kbtest.PilotB), kb.ParseOptions{}, []byte(strings.Replace(string(kbtest.Sample(t, "bishan-2025-midterm")), "sample: true", "sample: false", 1)))
	if err != nil {
		t.Fatal(err)
	}
	rev := login(t, ts, kbtest.Reviewer)
	res, body := getWith(t, rev, ts.URL+"/assess/compare")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("compare: %d", res.StatusCode)
	}
	heads := compareHeadRE.FindAllStringSubmatch(body, -1)
	var bishan []int
	for i, h := range heads {
		if strings.HasPrefix(kbtest.UnitB, h[2]) {
			bishan = append(bishan, i)
		}
	}
	if len(bishan) != 2 || bishan[1] != bishan[0]+1 {
		t.Fatalf("columns of %s at %v among %d, want two side by side", kbtest.UnitB, bishan, len(heads))
	}
	first, second := heads[bishan[0]], heads[bishan[1]]
	if first[1] != fmt.Sprintf("/assess/%d", own.ID) || first[3] != "" {
		t.Errorf("first column of the unit: %q, want its own submission, unbadged", first[0])
	}
	if second[1] != "/assess/samples/bishan-2025-midterm" || second[3] == "" {
		t.Errorf("second column of the unit: %q, want the content sample, badged 示例", second[0])
	}
	mustContain(t, "compare", visibleText(body), fmt.Sprintf("#%d 第 1 版 · 草稿", own.ID), "内容中的示例", "2025-01-01 至 2025-12-31")
	for _, h := range heads {
		link := html.UnescapeString(h[1])
		res, page := getWith(t, rev, ts.URL+link)
		if res.StatusCode != http.StatusOK {
			t.Errorf("column link %s: %d", link, res.StatusCode)
			continue
		}
		mustContain(t, link, page, "<h1>"+h[2], "检查表逐项得分")
		if sample := h[3] != ""; sample != strings.Contains(page, `<span class="badge sample">示例</span></h1>`) {
			t.Errorf("%s: the report's 示例 badge does not match its column's", link)
		}
	}
	if res, _ := getWith(t, rev, ts.URL+"/assess/samples/nope"); res.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown sample: %d, want 404", res.StatusCode)
	}
}
