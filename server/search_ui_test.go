package server_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// getPage fetches a page of the shared test server and fails unless it answers 200.
func getPage(t *testing.T, path string) string {
	t.Helper()
	res, body := get(t, path)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", path, res.StatusCode)
	}
	return body
}

var (
	sectionDocRE = regexp.MustCompile(`<div class="sec" data-doc="([^"]+)"`)
	rowDocRE     = regexp.MustCompile(`<article class="hit doc-row" data-doc="([^"]+)"`)
)

// TestSearchGroupsByDocument: the default view has one row per document with at most two of
// its sections, so several documents share the first page; the clause view lists sections.
func TestSearchGroupsByDocument(t *testing.T) {
	body := getPage(t, "/search?q="+url.QueryEscape("办公用房维修"))
	rows := rowDocRE.FindAllStringSubmatch(body, -1)
	perDoc := map[string]int{}
	for _, m := range sectionDocRE.FindAllStringSubmatch(body, -1) {
		perDoc[m[1]]++
	}
	if len(rows) < 3 || len(perDoc) < 3 {
		t.Errorf("first page: %d rows, %d documents among the sections; want at least 3", len(rows), len(perDoc))
	}
	seen := map[string]bool{}
	for _, m := range rows {
		if seen[m[1]] {
			t.Errorf("document %s has two rows", m[1])
		}
		seen[m[1]] = true
	}
	for doc, n := range perDoc {
		if n > 2 {
			t.Errorf("document %s shows %d sections on the first page, want at most 2", doc, n)
		}
	}
	if !strings.Contains(body, "本文件其他") || !strings.Contains(body, url.QueryEscape("doc:")) {
		t.Error("no 本文件其他 N 处 link to the document's other sections")
	}
	if !strings.Contains(body, "引用此条") {
		t.Error("the plan's section shows no 另见…引用此条 line for the regulations quoting it")
	}
	clauses := getPage(t, "/search?view=clause&q="+url.QueryEscape("办公用房维修"))
	if n := strings.Count(clauses, `<div class="hit" data-doc=`); n < 5 {
		t.Errorf("clause view: %d section rows, want a page of them", n)
	}
}

// TestSearchPagesCountDocuments: in the 按文件 view a page holds ten documents, whatever
// their sections; pages 1 and 2 share none, the page count and 共 N 个文件 are in documents, and
// the clause view still pages sections. Before, pages were cut in sections (ten of them), so a
// page showed five to ten documents and the count was of sections.
func TestSearchPagesCountDocuments(t *testing.T) {
	q := url.QueryEscape("机关事务管理")
	var grouped struct{ Groups int }
	if err := json.Unmarshal([]byte(getPage(t, "/api/search?group=1&q="+q)), &grouped); err != nil {
		t.Fatal(err)
	}
	if grouped.Groups < 25 {
		t.Fatalf("the query matches %d documents; the test needs three pages' worth", grouped.Groups)
	}
	seen := map[string]int{}
	for page := 1; page <= 2; page++ {
		body := getPage(t, "/search?q="+q+"&page="+strconv.Itoa(page))
		rows := rowDocRE.FindAllStringSubmatch(body, -1)
		if len(rows) != 10 {
			t.Errorf("page %d shows %d documents, want 10", page, len(rows))
		}
		for _, m := range rows {
			if p, ok := seen[m[1]]; ok {
				t.Errorf("%s is on page %d and on page %d", m[1], p, page)
			}
			seen[m[1]] = page
		}
		if want := "共 " + strconv.Itoa(grouped.Groups) + " 个文件"; !strings.Contains(body, want) {
			t.Errorf("page %d does not say %s", page, want)
		}
		if want := "第 " + strconv.Itoa(page) + " / " + strconv.Itoa((grouped.Groups+9)/10) + " 页"; !strings.Contains(body, want) {
			t.Errorf("page %d does not say %s", page, want)
		}
	}
	clauses := getPage(t, "/search?view=clause&q="+q)
	if n := strings.Count(clauses, `<div class="hit" data-doc=`); n != 10 || strings.Contains(clauses, "个文件") {
		t.Errorf("clause view: %d section rows and a count in documents, want 10 sections counted as 处", n)
	}
}

// TestSearchAPIFlat: flat=1 turns the page layout off, so one document may take more than two
// places on a page; the default keeps at most two.
func TestSearchAPIFlat(t *testing.T) {
	count := func(params string) map[string]int {
		var res struct {
			Hits []struct {
				DocID string `json:"doc_id"`
			} `json:"hits"`
		}
		body := getPage(t, "/api/search?q="+url.QueryEscape("办公用房维修")+params)
		if err := json.Unmarshal([]byte(body), &res); err != nil {
			t.Fatal(err)
		}
		out := map[string]int{}
		for _, h := range res.Hits {
			out[h.DocID]++
		}
		return out
	}
	most := func(m map[string]int) (n int) {
		for _, c := range m {
			n = max(n, c)
		}
		return n
	}
	if n := most(count("")); n > 2 {
		t.Errorf("default: one document holds %d hits of the page, want at most 2", n)
	}
	if n := most(count("&flat=1")); n <= 2 {
		t.Errorf("flat=1: at most %d hits of one document; want the score order, where one standard fills the page", n)
	}
	if n := len(count("&group=1")); n < 5 {
		t.Errorf("group=1: %d documents on the page, want one hit per document", n)
	}
}

// TestSearchFacetsInWords: facets and filters name framework branches and levels in words.
func TestSearchFacetsInWords(t *testing.T) {
	body := getPage(t, "/search?q="+url.QueryEscape("节能"))
	for _, want := range []string{"B6 公共机构节能", "地方标准", "规划", ">本市<", "政策法规"} {
		if !strings.Contains(body, want) {
			t.Errorf("search page lacks %q", want)
		}
	}
	if regexp.MustCompile(`>B6</a>`).MatchString(body) {
		t.Error("a facet shows the bare code B6")
	}
	// The region filter works from its form control.
	local := getPage(t, "/search?region="+url.QueryEscape("外省参考")+"&q="+url.QueryEscape("办公用房"))
	if strings.Contains(local, `badge region">本市<`) || !strings.Contains(local, `badge region">外省参考<`) {
		t.Error("region=外省参考 shows other regions' documents, or none")
	}
}

// TestSearchSuggestsOnZeroResults: a search finding nothing offers the closest terms as links.
func TestSearchSuggestsOnZeroResults(t *testing.T) {
	body := getPage(t, "/search?q=PEU")
	if !strings.Contains(body, "没有找到结果") {
		t.Fatal("PEU: expected no results")
	}
	if !strings.Contains(body, `href="/search?q=`+url.QueryEscape("电源使用效率")) {
		t.Error("no suggestion link to 电源使用效率")
	}
}

// TestEmptySearchPage offers examples, the framework tree and recent documents.
func TestEmptySearchPage(t *testing.T) {
	body := getPage(t, "/search")
	for _, want := range []string{"可以这样查", "“3+7N”标准体系", "最近发布或实施", `href="/search?domain=B6"`} {
		if !strings.Contains(body, want) {
			t.Errorf("empty search page lacks %q", want)
		}
	}
}

// TestGlossaryHitOpensItsEntry: 公物仓是什么 links to the glossary entry's anchor, which the
// plan's page has.
func TestGlossaryHitOpensItsEntry(t *testing.T) {
	body := getPage(t, "/search?q="+url.QueryEscape("公物仓是什么"))
	m := regexp.MustCompile(`href="(/docs/[^"#]+)#(fn-\d+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no glossary hit with an fn- anchor")
	}
	doc := getPage(t, m[1])
	if !strings.Contains(doc, `id="`+m[2]+`"`) {
		t.Errorf("%s has no element with id %s", m[1], m[2])
	}
}

// TestSearchFiltersFromControls: the year range and the unit are form fields, not syntax; a
// bad year is a Chinese message naming it.
func TestSearchFiltersFromControls(t *testing.T) {
	q := "&q=" + url.QueryEscape("公务用车")
	all := getPage(t, "/search?"+q[1:])
	some := getPage(t, "/search?from=2019&to=2020"+q)
	total := regexp.MustCompile(`(\d+) 处`) // 共 N 个文件（M 处）
	a, b := total.FindStringSubmatch(all), total.FindStringSubmatch(some)
	if a == nil || b == nil || a[1] == b[1] {
		t.Errorf("from=2019&to=2020 found %v of %v: the range changed nothing", b, a)
	}
	if !strings.Contains(some, "年份：2019—2020") || strings.Contains(some, `value="公务用车 year:`) {
		t.Error("the year range is not shown as a chip, or leaked into the query box")
	}
	res, body := get(t, "/search?from=20a1"+q)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "年份“20a1”应为四位数字") {
		t.Errorf("bad year: %d, want 400 with a Chinese message", res.StatusCode)
	}
	unit := getPage(t, "/search?unit=shapingba"+q)
	u := total.FindStringSubmatch(unit)
	if u == nil || u[1] == a[1] || !strings.Contains(unit, "单位体系：沙坪坝区") || strings.Contains(unit, "单位体系：shapingba") {
		t.Errorf("unit=shapingba found %v of %v", u, a)
	}
}
