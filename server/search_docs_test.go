package server_test

import (
	"encoding/json"
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

// facetCounts reads a search page's facet lists: heading → label → count.
func facetCounts(t *testing.T, body string) map[string]map[string]int {
	t.Helper()
	aside := regexp.MustCompile(`(?s)<aside class="facets">(.*?)</aside>`).FindStringSubmatch(body)
	if aside == nil {
		t.Fatal("the page has no facets")
	}
	out := map[string]map[string]int{}
	heading := ""
	item := regexp.MustCompile(`<h3>([^<]+)</h3>|<a href="[^"]*">([^<]+)</a> <span class="count">(\d+)</span>`)
	for _, m := range item.FindAllStringSubmatch(aside[1], -1) {
		if m[1] != "" {
			heading = m[1]
			out[heading] = map[string]int{}
			continue
		}
		out[heading][m[2]], _ = strconv.Atoi(m[3])
	}
	return out
}

// TestSearchFacetsCountDocuments: in the 按文件 view the facets count documents, as the rows
// and 共 N 个文件 do: the types add up to the documents listed and the one plan counts once.
// Before, they counted sections (规划 13, B 运行保障 62 beside 16 documents).
func TestSearchFacetsCountDocuments(t *testing.T) {
	body := getPage(t, "/search?q="+url.QueryEscape("办公用房维修"))
	count := documentCountRE.FindStringSubmatch(body)
	if count == nil {
		t.Fatal("no 共 N 个文件")
	}
	documents, _ := strconv.Atoi(count[1])
	facets := facetCounts(t, body)
	sum := 0
	for _, n := range facets["类型"] {
		sum += n
	}
	if sum != documents {
		t.Errorf("the 类型 facet counts %d, the page lists %d documents: %v", sum, documents, facets["类型"])
	}
	for name, counts := range facets {
		for label, n := range counts {
			if n > documents {
				t.Errorf("facet %s: %s counts %d, more than the %d documents", name, label, n, documents)
			}
		}
	}
	if n := facets["层级/文种"]["规划"]; n != 1 {
		t.Errorf("规划 counts %d; one plan matches", n)
	}
	// The clause view counts sections.
	clauses := facetCounts(t, getPage(t, "/search?view=clause&q="+url.QueryEscape("办公用房维修")))
	if clauses["层级/文种"]["规划"] <= 1 {
		t.Errorf("clause view: 规划 counts %d, want the plan's sections", clauses["层级/文种"]["规划"])
	}
}

// TestSearchWithinDocumentChip: "本文件其他 N 处" limits the search to the document with a doc
// parameter shown as a chip by title, not as doc:ID in the search box; the clause view inside
// the document links to no "本文件其他" of the same document; a doc:ID typed into the box is
// moved to the chip as well.
func TestSearchWithinDocumentChip(t *testing.T) {
	body := getPage(t, "/search?q="+url.QueryEscape("办公用房维修"))
	more := regexp.MustCompile(`<p class="more"><a href="([^"]+)">本文件其他`).FindStringSubmatch(body)
	if more == nil {
		t.Fatal("no 本文件其他 N 处 link")
	}
	link := strings.ReplaceAll(more[1], "&amp;", "&")
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	doc := u.Query().Get("doc")
	if doc == "" || strings.Contains(u.Query().Get("q"), "doc:") {
		t.Fatalf("本文件其他 links to %s: want the words in q and the document in doc", link)
	}
	for name, path := range map[string]string{"link": link, "typed": "/search?view=clause&q=" + url.QueryEscape("办公用房维修 doc:"+doc)} {
		inside := getPage(t, path)
		if regexp.MustCompile(`name="q" value="[^"]*doc:`).MatchString(inside) {
			t.Errorf("%s: the search box shows doc:", name)
		}
		if !regexp.MustCompile(`class="chip"[^>]*>本文件：《[^》]+》 ×`).MatchString(inside) {
			t.Errorf("%s: no 本文件：《…》 chip", name)
		}
		if strings.Contains(inside, "doc:"+doc) || strings.Contains(inside, url.QueryEscape("doc:"+doc)) {
			t.Errorf("%s: the page still carries doc:%s", name, doc)
		}
		if strings.Contains(inside, "本文件其他") {
			t.Errorf("%s: a hit inside the document links to the document's other sections again", name)
		}
		for _, m := range sectionDocRE.FindAllStringSubmatch(inside, -1) {
			if m[1] != doc {
				t.Errorf("%s: a hit of %s inside %s", name, m[1], doc)
			}
		}
	}
}

// TestSearchFilterErrorsInWords: a bad date or page in the search form is refused with the
// field's label and the value, not the parameter's name.
func TestSearchFilterErrorsInWords(t *testing.T) {
	for _, tt := range []struct{ path, want string }{
		{"/search?q=" + url.QueryEscape("公务用车") + "&asof=2022-13-01", "「有效日期」2022-13-01 不是有效日期"},
		{"/search?q=" + url.QueryEscape("公务用车") + "&page=abc", "「页码」abc 不是有效的数字"},
		{"/api/search?q=" + url.QueryEscape("公务用车") + "&asof=2022-13-01", "「有效日期」2022-13-01 不是有效日期"},
	} {
		res, body := get(t, tt.path)
		if res.StatusCode != 400 || !strings.Contains(body, tt.want) {
			t.Errorf("%s: %d, want 400 saying %s", tt.path, res.StatusCode, tt.want)
		}
		if strings.Contains(body, "asof=") || strings.Contains(body, "page=&#34;") || strings.Contains(body, `page=\"`) {
			t.Errorf("%s: the message shows the parameter's name", tt.path)
		}
	}
}

// TestListingsMarkUnconfirmedStatus: a document whose status the sources do not confirm is
// marked 未核实 in a branch's listing and in search results, as on its own page. Before, the
// listing showed no status at all for GB/T 29149-2012 and the others under B6.
func TestListingsMarkUnconfirmedStatus(t *testing.T) {
	var docs []struct {
		ID                string `json:"id"`
		Number            string `json:"number"`
		StatusUnconfirmed bool   `json:"status_unconfirmed"`
	}
	if err := json.Unmarshal([]byte(getPage(t, "/api/documents?domain=B6")), &docs); err != nil {
		t.Fatal(err)
	}
	browse := getPage(t, "/search?domain=B6")
	unconfirmed := 0
	for _, d := range docs {
		if !d.StatusUnconfirmed {
			continue
		}
		unconfirmed++
		page := getPage(t, "/docs/"+d.ID)
		if !strings.Contains(page, "未核实") {
			t.Errorf("%s: the API says its status is unconfirmed, its page does not", d.ID)
		}
		row := regexp.MustCompile(`(?s)<li data-doc="` + regexp.QuoteMeta(d.ID) + `">.*?</li>`).FindString(browse)
		if !strings.Contains(row, "未核实") {
			t.Errorf("/search?domain=B6: %s (%s) is listed without 未核实: %s", d.ID, d.Number, row)
		}
		res := getPage(t, "/search?q="+url.QueryEscape(d.Number))
		hit := regexp.MustCompile(`(?s)data-doc="` + regexp.QuoteMeta(d.ID) + `">.*?</h3>`).FindString(res)
		if !strings.Contains(hit, "未核实") {
			t.Errorf("search %s: the hit of %s is shown without 未核实", d.Number, d.ID)
		}
	}
	if unconfirmed < 2 {
		t.Errorf("%d documents of B6 have an unconfirmed status; the test checks too little", unconfirmed)
	}
}

// TestLevelsInOrderOfAuthority: the 层级/文种 select and facet list levels as the schemas rank
// them — standards 国家, 行业, 地方, 团体, then regulations 法律, 行政法规, 地方性法规, 规章 — not
// in code-point order (党内法规 团体标准 国家标准 …).
func TestLevelsInOrderOfAuthority(t *testing.T) {
	body := getPage(t, "/search?q="+url.QueryEscape("机关事务管理"))
	sel := regexp.MustCompile(`(?s)<select name="level">(.*?)</select>`).FindStringSubmatch(body)
	if sel == nil {
		t.Fatal("no level select")
	}
	inOrder := func(where, text string, labels ...string) {
		t.Helper()
		at := -1
		for _, l := range labels {
			i := strings.Index(text, ">"+l+"<")
			if i < 0 {
				t.Errorf("%s lacks %s", where, l)
				return
			}
			if i < at {
				t.Errorf("%s lists %s too early: want the order %v", where, l, labels)
			}
			at = i
		}
	}
	inOrder("the level select", sel[1], "国家标准", "行业标准", "地方标准", "团体标准", "法律", "行政法规", "地方性法规", "规章", "规范性文件")
	if !strings.Contains(sel[1], `<optgroup label="标准">`) || !strings.Contains(sel[1], `<optgroup label="政策法规">`) {
		t.Error("the level select does not group standards' and regulations' levels")
	}
	facet := regexp.MustCompile(`(?s)<h3>层级/文种</h3>\s*<ul>(.*?)</ul>`).FindStringSubmatch(body)
	if facet == nil {
		t.Fatal("no level facet")
	}
	inOrder("the level facet", facet[1], "国家标准", "地方标准", "规章", "规范性文件")
}
