package server_test

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var (
	documentCountRE = regexp.MustCompile(`共 (\d+) 个文件`)
	pageCountRE     = regexp.MustCompile(`第 \d+ / (\d+) 页`)
)

// TestSearchDocumentsEachOnce steps through every page of the 按文件 view: each document has
// one row on one page, the last page is not empty, the pages together list as many documents
// as 共 N 个文件 says, and a regulation whose only match quotes the plan (the real 办公用房管理
// 实施办法) has a row of its own. Before, such regulations were folded under the plan's clause
// as 另见 links, so 16 documents were counted and 11 listed.
func TestSearchDocumentsEachOnce(t *testing.T) {
	for _, q := range []string{"办公用房维修", "公务用车", "节能"} {
		base := "/search?q=" + url.QueryEscape(q)
		first := getPage(t, base)
		count, pages := documentCountRE.FindStringSubmatch(first), pageCountRE.FindStringSubmatch(first)
		if count == nil {
			t.Fatalf("%s: no 共 N 个文件", q)
		}
		want, _ := strconv.Atoi(count[1])
		last := 1
		if pages != nil {
			last, _ = strconv.Atoi(pages[1])
		}
		seen := map[string]int{}
		for page := 1; page <= last; page++ {
			body := getPage(t, base+"&page="+strconv.Itoa(page))
			rows := rowDocRE.FindAllStringSubmatch(body, -1)
			if len(rows) == 0 {
				t.Errorf("%s: page %d of %d lists no document", q, page, last)
			}
			for _, m := range rows {
				if p, ok := seen[m[1]]; ok {
					t.Errorf("%s: %s is on page %d and on page %d", q, m[1], p, page)
				}
				seen[m[1]] = page
			}
		}
		if len(seen) != want {
			t.Errorf("%s: the pages list %d documents, the page says 共 %d 个文件", q, len(seen), want)
		}
		if q == "办公用房维修" && seen["chongqing-office-space-implementation-measures"] == 0 {
			t.Errorf("%s: 重庆市党政机关办公用房管理实施办法 has no row of its own", q)
		}
	}
}

// TestSearchPagePastTheLast: a page number past the last says how many pages there are and
// links back, rather than 没有找到结果 under 第 7 / 6 页.
func TestSearchPagePastTheLast(t *testing.T) {
	body := getPage(t, "/search?page=9&q="+url.QueryEscape("办公用房维修"))
	if strings.Contains(body, "没有找到结果") || !strings.Contains(body, "超出") || !strings.Contains(body, "page=1") {
		t.Error("a page past the last says 没有找到结果, or offers no way back to page 1")
	}
}
