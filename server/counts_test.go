package server_test

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var (
	homeBranchRE = regexp.MustCompile(`<a href="/search\?domain=([^"]+)">[^<]*</a> <span class="count" data-documents="(\d+)" data-standards="(\d+)">文件 (\d+) 件（其中标准 (\d+) 项）</span>`)
	statRowRE    = regexp.MustCompile(`<tr><td>([^<]+)</td><td>[^<]*</td>(?:<td>\d+</td>)*<td>(\d+)</td></tr>`)
	browseRE     = regexp.MustCompile(`<p class="muted browse-count" data-documents="(\d+)" data-standards="(\d+)">文件 (\d+) 件（其中标准 (\d+) 项）`)
)

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestBranchCountsAgree: the home page says what it counts per 3+7N branch (documents, of
// them standards); the standard-system table counts the standards alone and says so, with the
// same number per branch; browsing a branch from the home page lists as many documents and
// standards as the home page said.
func TestBranchCountsAgree(t *testing.T) {
	home := page(t, "/", http.StatusOK)
	branches := homeBranchRE.FindAllStringSubmatch(home, -1)
	if len(branches) < 10 {
		t.Fatalf("home page shows %d branch counts in words", len(branches))
	}
	systable := page(t, "/systable", http.StatusOK)
	mustContain(t, "systable", visibleText(systable), "本表只统计标准", "括号内的标准数与本表一致")
	stats := map[string]int{}
	for _, m := range statRowRE.FindAllStringSubmatch(systable, -1) {
		stats[m[1]] = atoi(t, m[2])
	}
	docRE := regexp.MustCompile(`<li data-doc="`)
	someDiffer := false
	for _, b := range branches {
		code, docs, standards := b[1], atoi(t, b[2]), atoi(t, b[3])
		if b[2] != b[4] || b[3] != b[5] {
			t.Errorf("%s: home says %s documents, %s standards in words, %s and %s in data", code, b[4], b[5], b[2], b[3])
		}
		if got, ok := stats[code]; !ok || got != standards {
			t.Errorf("%s: home counts %d standards, the system table %d (present %v)", code, standards, got, ok)
		}
		browse := page(t, "/search?domain="+code, http.StatusOK)
		m := browseRE.FindStringSubmatch(browse)
		if m == nil {
			t.Errorf("browsing %s does not say what it counts", code)
			continue
		}
		if listed := len(docRE.FindAllString(browse, -1)); atoi(t, m[1]) != docs || atoi(t, m[2]) != standards || listed != docs {
			t.Errorf("%s: home counts %d documents (%d standards); browsing says %s (%s) and lists %d", code, docs, standards, m[1], m[2], listed)
		}
		someDiffer = someDiffer || docs != standards
	}
	if !someDiffer {
		t.Error("no branch holds documents other than standards: the test cannot tell the two counts apart")
	}
	if strings.Count(home, "其中标准") != len(branches) {
		t.Errorf("home page: %d standard counts for %d branches", strings.Count(home, "其中标准"), len(branches))
	}
}
