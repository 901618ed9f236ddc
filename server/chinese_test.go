package server_test

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"stdkb/kb/kbtest"
	"stdkb/server"
)

// englishWords are words of English prose: a message or page holding one speaks English to
// staff. Names of formats and products (YAML, JSON, Excel, Word, PDF, API), standard numbers and
// codes are not prose and are not listed.
var englishWords = strings.Fields(`the is are was not must want wanted expected exceeds exceed already
	unknown missing invalid empty unbalanced required field fields should cannot does has have
	no such found error errors failed before after between only least most characters
	submission submissions version versions edition editions document documents query quotes
	reviewed submitted draft unit units checklist item items standard standards score
	period date dates line value values allowed forbidden unauthorized denied please sign
	panel expert experts review reviews record recorded user password token`)

var englishRE = regexp.MustCompile(`(?i)\b(` + strings.Join(englishWords, "|") + `)\b`)

// jargonRE is English shorthand staff should not have to read: version labels such as v1
// (第 1 版) and the names of mechanisms behind a message, such as CSRF.
var jargonRE = regexp.MustCompile(`\bv\d+\b|\bCSRF\b`)

// rawIDs are internal ids that must never be shown where a name exists: units, checklists,
// indicators, editions and checklist items (TestChecklistItemsNamedNotNumbered checks them all
// in search snippets and the report workbook).
var rawIDs = []string{"shapingba", "cq-municipal", "pilot-midterm", "life-1", "@20", "org-1", "sys-2", "imp-3"}

var (
	// Scripts, styles and the head are not shown; a textarea shows what the user typed.
	hiddenRE = regexp.MustCompile(`(?is)<(script|style|head|textarea)\b.*?</(script|style|head|textarea)>`)
	tagRE    = regexp.MustCompile(`(?s)<[^>]*>`)
	// Quoted text is a literal: what the user typed, echoed back, or a value to type
	// ("type" 应为 “standard”); so is filter syntax such as type:standard. A field is named in
	// Chinese (检查项评价第 1 项的得分：…), never by its key (items[0].score: …): the key is
	// for programs, in an API error's fields.
	literalRE = regexp.MustCompile(`"[^"\n]*"|“[^”\n]*”|[A-Za-z_]+:[^\s，。；、）)]+`)
)

// visibleText is the text a page shows: no markup, no attributes, no scripts or styles.
func visibleText(page string) string {
	page = hiddenRE.ReplaceAllString(page, " ")
	return html.UnescapeString(tagRE.ReplaceAllString(page, "\n"))
}

// errorText is what an API error shows its reader: the message and the details.
func errorText(body []byte) string {
	var e struct {
		Error struct {
			Message string   `json:"message"`
			Details []string `json:"details"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil {
		return ""
	}
	return e.Error.Message + "\n" + strings.Join(e.Error.Details, "\n")
}

// violations lists the English words and raw ids in text, one line of context each.
func violations(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if m := englishRE.FindString(literalRE.ReplaceAllString(line, " ")); m != "" {
			out = append(out, fmt.Sprintf("English %q in %.160q", m, line))
		}
		if m := jargonRE.FindString(line); m != "" {
			out = append(out, fmt.Sprintf("jargon %q in %.160q", m, line))
		}
		for _, id := range rawIDs {
			if strings.Contains(line, id) {
				out = append(out, fmt.Sprintf("id %q in %.160q", id, line))
			}
		}
	}
	return out
}

// TestAllChinese fetches every page of the UI anonymously and as each role, and a set of bad
// requests to pages and to the API, and fails on English prose or raw ids in what a person
// reads: a page's visible text, an API error's message and details.
func TestAllChinese(t *testing.T) {
	f := kbtest.New(t)
	ts := httptest.NewServer(server.New(server.Config{App: f.App}).Handler())
	defer ts.Close()
	draft := fmt.Sprint(f.DraftA())
	submitted := fmt.Sprint(f.SubmittedA())
	clients := map[string]*http.Client{kbtest.Anonymous: browser(t)}
	for _, role := range []string{kbtest.PilotA, kbtest.Reviewer, kbtest.Admin} {
		clients[role] = login(t, ts, role)
	}
	pages := []string{"/", "/search", "/search?q=公物仓", "/search?q=" + url.QueryEscape(`"abc`), "/search?q=公物仓&asof=2022-02-30",
		"/search?q=公物仓&type=bogus", "/docs/cq-jgsw-14th-plan", "/docs/sample-office-maintenance", "/docs/sample-office-maintenance/2019",
		"/docs/nope", "/docs/sample-office-maintenance/1999", "/diff?from=sample-office-maintenance@2019&to=sample-office-maintenance@2024",
		"/diff?from=x", "/diff?from=sample-office-maintenance@1999&to=sample-office-maintenance@2024", "/reviews", "/indicators",
		"/checklists", "/units", "/units/shapingba", "/units/nowhere", "/experts", "/draft", "/assess", "/assess/new",
		"/assess/compare", "/assess/samples/bishan-2025-midterm", "/assess/samples/nope", "/assess/" + draft, "/assess/" + draft + "/edit", "/assess/" + submitted, "/assess/99", "/admin", "/login",
		"/nothing"}
	api := []string{"/api/search", "/api/search?q=" + url.QueryEscape(`"abc`), "/api/search?q=公物仓&limit=101", "/api/search?q=公物仓&sort=title",
		"/api/search?q=公物仓&type=bogus", "/api/documents?type=bogus", "/api/documents?domain=Q9", "/api/documents/nope",
		"/api/documents/sample-office-maintenance/editions/1999", "/api/diff?from=x",
		"/api/diff?from=sample-office-maintenance@1999&to=sample-office-maintenance@2024", "/api/units/nowhere", "/api/checklists/nope",
		"/api/submissions/99", "/api/experts/suggest?for=nope", "/api/experts/suggest", "/api/reviews/rate?from=x", "/api/volume?type=checklist",
		"/api/nothing", "/api/submissions"}
	// Every way a search request can be refused, on the API and on the search page.
	for _, q := range []string{strings.Repeat("公物仓", 400), "bogus:x", "type:", "-type:standard", "year:abc",
		"year:2023..2019", "doc:nope", "domain:Q9", "region:月球", "unit:nowhere", "sample:maybe", "asof:2022-13-01",
		"asof:1800-01-01", "的"} {
		api = append(api, "/api/search?q="+url.QueryEscape(q))
		pages = append(pages, "/search?q="+url.QueryEscape(q))
	}
	api = append(api, "/api/search?q=公物仓&page=101", "/api/search?q=公物仓&limit=abc", "/api/search?q=公物仓&page=-1",
		"/api/search?q=公物仓&limit=0", "/api/search?q=公物仓&asof=2022-02-30", "/api/search?q=公物仓&unit=nowhere",
		"/api/search?q=公物仓&sample=maybe", "/api/search?q=公物仓&region=月球", "/api/search?q=公物仓&year=abc")
	pages = append(pages, "/search?q=公物仓&page=101", "/search?q=公物仓&page=abc")
	var found []string
	report := func(who, what string, vs []string) {
		for _, v := range vs {
			found = append(found, who+" "+what+": "+v)
		}
	}
	for who, c := range clients {
		for _, p := range pages {
			res, err := c.Get(ts.URL + p)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
				report(who, "GET "+p, violations(visibleText(string(b))))
			}
		}
		for _, p := range api {
			res, err := c.Get(ts.URL + p)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode >= 400 {
				report(who, "GET "+p, violations(errorText(b)))
			}
		}
	}
	pilot := clients[kbtest.PilotA]
	bad := []struct{ method, path, ctype, body string }{
		{"POST", "/api/assess", "application/yaml", "unit: 沙坪坝区\nperiod: {from: 2025-01-01, to: 2025-12-31}\nchecklist: pilot-midterm\nstage: 中期评估\nitems: [{id: sys-2, score: 99}]\n"},
		{"POST", "/api/assess", "application/yaml", "unit: [x\n"},
		{"POST", "/api/assess", "application/json", `{"unit":"x"}`},
		{"POST", "/api/assess", "application/yaml", "unit: 火星区\nperiod: {from: 2025-12-31, to: 2025-01-01}\nchecklist: nope\nstage: x\n"},
		{"POST", "/api/submissions/" + submitted + "/submit", "", ""},
		{"PUT", "/api/submissions/" + submitted, "application/json", string(kbtest.SampleJSON(t, "shapingba-2025-midterm"))},
		{"PUT", "/api/submissions/" + submitted, "application/yaml", string(kbtest.Sample(t, "shapingba-2025-midterm"))},
		{"POST", "/api/submissions", "application/json", string(kbtest.SampleJSON(t, "shapingba-2025-midterm")) + " x"},
		{"POST", "/api/tokens", "application/json", `{"name":""}`},
		{"POST", "/api/tokens", "application/json", `{"bogus":1}`},
		{"DELETE", "/api/tokens/nope", "", ""},
	}
	for _, r := range bad {
		req, _ := http.NewRequest(r.method, ts.URL+r.path, strings.NewReader(r.body))
		if r.ctype != "" {
			req.Header.Set("Content-Type", r.ctype)
		}
		res, err := pilot.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		report("pilotA", r.method+" "+r.path, violations(errorText(b)))
	}
	// A form posted without the page's token (an expired page) is refused in Chinese.
	for who, c := range clients {
		res, err := c.PostForm(ts.URL+"/assess/save", url.Values{"checklist": {"pilot-midterm"}})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("%s: a form without its token: %d, want 403", who, res.StatusCode)
		}
		report(who, "POST /assess/save without token", violations(visibleText(string(b))))
	}
	sort.Strings(found)
	used := make([]bool, len(remaining))
	for _, v := range dedupe(found) {
		known := false
		for i, r := range remaining {
			if strings.Contains(v, " GET "+r.page+":") && strings.Contains(v, r.text) {
				known, used[i] = true, true
			}
		}
		if !known {
			t.Error(v)
		}
	}
	for i, r := range remaining {
		if !used[i] {
			t.Errorf("GET %s no longer shows %s: remove it from the remaining list", r.page, r.text)
		}
	}
}

// remaining are violations in pages whose templates other work owns (issue 15 items 7, 8 and
// 11 rework them); each is listed so that it is seen, and the test fails once it is gone so
// the entry goes too. Nothing else may be added here: messages are fixed at their source.
var remaining = []struct{ page, text string }{}
