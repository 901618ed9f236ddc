package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"stdkb"
	"stdkb/kb/kbtest"
	"stdkb/server"
)

// Experts are personal data: anonymous users and pilots never see them, in pages, the API
// or search results.
func TestExpertsArePrivate(t *testing.T) {
	ts := testServer(t)
	for _, x := range testExperts {
		// Search echoes the query, so look at the hits only.
		for _, q := range []string{x.Name, x.ID, x.Unit} {
			res, body := get(t, "/api/search?q="+url.QueryEscape(q))
			var r struct{ Hits []json.RawMessage }
			if err := json.Unmarshal([]byte(body), &r); err != nil {
				t.Fatalf("search %s: %d %v", q, res.StatusCode, err)
			}
			for _, h := range r.Hits {
				if strings.Contains(string(h), x.Name) {
					t.Errorf("search %q returns expert %s: %s", q, x.Name, h)
				}
			}
		}
		for _, path := range []string{"/api/units/cq-municipal", "/api/documents", "/units/cq-municipal", "/reviews", "/"} {
			if res, body := get(t, path); strings.Contains(body, x.Name) {
				t.Errorf("GET %s (%d) shows expert %s", path, res.StatusCode, x.Name)
			}
		}
	}
	if res, body := getWith(t, browser(t), ts.URL+"/experts"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") || strings.Contains(body, "甄专家") {
		t.Errorf("anonymous /experts: %d", res.StatusCode)
	}
	pilot := login(t, ts, "pilot")
	if res, body := getWith(t, pilot, ts.URL+"/experts?for=sample-nev-time-share"); res.StatusCode != http.StatusForbidden || strings.Contains(body, "甄专家") {
		t.Errorf("pilot /experts: %d", res.StatusCode)
	}
	if _, body := getWith(t, pilot, ts.URL+"/reviews"); strings.Contains(body, `href="/experts`) {
		t.Error("pilots are offered the expert pool")
	}
}

func TestExpertsPageSuggestsPanel(t *testing.T) {
	ts := testServer(t)
	rev := login(t, ts, "reviewer")
	res, body := getWith(t, rev, ts.URL+"/experts?for=sample-nev-time-share&n=3")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("reviewer /experts: %d", res.StatusCode)
	}
	for _, want := range []string{"<b>甄专家</b>", "因利益冲突回避：贾专家（重庆市机关事务管理局）、郝专家（璧山区机关事务管理局）", "贾专家", `<a href="/experts">专家库</a>`} {
		if !strings.Contains(body, want) {
			t.Errorf("experts page lacks %q", want)
		}
	}
	if strings.Contains(body, `class="expert-form"`) {
		t.Error("a reviewer sees the admin form")
	}
	// The units to avoid are named once each, by name, never by id or by each alias.
	_, body = getWith(t, rev, ts.URL+"/experts?for=sample-office-maintenance")
	if !strings.Contains(body, "；回避 重庆市机关事务管理局。") || strings.Contains(body, "cq-municipal") {
		t.Errorf("the units to avoid are not named once by name:\n%s", body)
	}
	if res, body := getWith(t, rev, ts.URL+"/experts?for=nope"); res.StatusCode != http.StatusNotFound || !strings.Contains(body, "没有文件或自评") {
		t.Errorf("unknown target: %d", res.StatusCode)
	}
	if _, body := getWith(t, rev, ts.URL+"/reviews"); !strings.Contains(body, `href="/experts?for=sample-nev-time-share"`) || !strings.Contains(body, `name="panel"`) {
		t.Error("the review page offers no panel suggestion or panel field")
	}
}

func TestAdminAddsExpertAndReviewRecordsPanel(t *testing.T) {
	ts, st := authServer(t)
	admin := login(t, ts, "admin")
	form := func(c *http.Client, v url.Values) url.Values {
		v.Set("csrf_token", token(t, c, ts.URL+"/experts"))
		return v
	}
	res, body := post(t, admin, ts.URL+"/experts", form(admin, url.Values{"name": {"甲"}, "unit": {"九龙坡区"}, "title": {"高级工程师"}, "specialties": {"B3", "Q9"}, "conflicts": {"bishan"}}))
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `体系中没有分支 &#34;Q9&#34;`) {
		t.Errorf("bad specialty: %d", res.StatusCode)
	}
	// The refused form keeps what was typed and ticked.
	for _, want := range []string{`value="甲"`, `value="高级工程师"`, `value="B3" checked`, `value="bishan" checked`} {
		if !strings.Contains(body, want) {
			t.Errorf("refused expert form lost %s", want)
		}
	}
	for i, name := range []string{"甲", "丙"} {
		res, _ = post(t, admin, ts.URL+"/experts", form(admin, url.Values{"name": {name}, "unit": {"九龙坡区"}, "specialties": {"B3", "B6"}, "conflicts": {"bishan"}}))
		if want := fmt.Sprintf("/experts?added=ZJ%03d", i+1); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
			t.Fatalf("add expert %s: %d %s, want a redirect to %s", name, res.StatusCode, res.Header.Get("Location"), want)
		}
	}
	pool, _ := st.Experts()
	if len(pool) != 2 || pool[0].ID != "ZJ001" || strings.Join(pool[0].Specialties, ",") != "B3,B6" || !slices.Contains(pool[0].Conflicts, "璧山区机关事务管理局") {
		t.Fatalf("pool %+v", pool)
	}
	_, page := getWith(t, admin, ts.URL+"/experts")
	for _, want := range []string{"B3 公务用车", "<td>璧山区</td>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the pool's table lacks %s (specialties and conflicts by name)", want)
		}
	}
	rev := login(t, ts, "reviewer")
	if res, _ := post(t, rev, ts.URL+"/experts", form(rev, url.Values{"name": {"乙"}, "unit": {"u"}, "specialties": {"B3"}})); res.StatusCode != http.StatusForbidden {
		t.Errorf("reviewer adding an expert: %d, want 403", res.StatusCode)
	}
	decision := url.Values{"doc": {"sample-nev-time-share"}, "date": {"2026-01-15"}, "outcome": {"继续有效"}, "committee": {"c"}, "panel": {"ZJ001,x9"}}
	res, body = post(t, rev, ts.URL+"/reviews/record", form(rev, decision))
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `没有专家 &#34;x9&#34;`) {
		t.Errorf("unknown panel member: %d", res.StatusCode)
	}
	decision.Set("panel", "ZJ001")
	if res, _ := post(t, rev, ts.URL+"/reviews/record", form(rev, decision)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("record with panel: %d", res.StatusCode)
	}
	got, _ := st.Reviews()
	if len(got) != 1 || strings.Join(got[0].Panel, ",") != "ZJ001" {
		t.Errorf("ledger %+v", got)
	}
	// The ledger names the document by number and title, never as id@edition.
	if _, page := getWith(t, rev, ts.URL+"/reviews"); strings.Contains(page, ">sample-nev-time-share@") || !strings.Contains(page, `href="/docs/sample-nev-time-share/`+got[0].Edition+`">DB50/T 9903-2020 公务用车新能源汽车分时租赁服务规范</a>`) {
		t.Error("the ledger on /reviews does not name the document by its title")
	}
}

// TestExcludedExpertsByNamePerRole: the experts a suggestion leaves out for conflicts are
// named (姓名（工作单位）), never by id, to reviewers and administrators, on the page and in the
// API; pilots and anonymous users see neither names nor ids.
func TestExcludedExpertsByNamePerRole(t *testing.T) {
	f := kbtest.New(t)
	for _, x := range []stdkb.Expert{
		{ID: "e2", Name: "贾专家", Unit: "重庆市机关事务管理局", Specialties: []string{"B3"}},
		{ID: "e3", Name: "郝专家", Unit: "璧山区机关事务管理局", Specialties: []string{"B"}, Conflicts: []string{"cq-municipal"}},
	} {
		if err := f.Store.PutExpert(x, "test"); err != nil {
			t.Fatal(err)
		}
	}
	ts := httptest.NewServer(server.New(server.Config{App: f.App}).Handler())
	defer ts.Close()
	const excluded = "因利益冲突回避：贾专家（重庆市机关事务管理局）、郝专家（璧山区机关事务管理局）"
	idsRE := regexp.MustCompile(`\be[23]\b`)
	for _, role := range kbtest.Roles {
		c := browser(t)
		if role != kbtest.Anonymous {
			c = login(t, ts, role)
		}
		res, body := getWith(t, c, ts.URL+"/experts?for=sample-nev-time-share&n=3")
		text := visibleText(body)
		if role == kbtest.Reviewer || role == kbtest.Admin {
			if res.StatusCode != http.StatusOK || !strings.Contains(text, excluded) {
				t.Errorf("%s: %d, want %q", role, res.StatusCode, excluded)
			}
			// The pool's table lists each expert's number; the suggestion names people.
			suggestion, _, _ := strings.Cut(text, "专家名单")
			if m := idsRE.FindString(suggestion); m != "" {
				t.Errorf("%s: the suggestion shows expert id %q", role, m)
			}
			_, api := getWith(t, c, ts.URL+"/api/experts/suggest?for=sample-nev-time-share&n=3")
			var sug struct {
				Excluded      []string `json:"excluded"`
				ExcludedNames []string `json:"excluded_names"`
			}
			if err := json.Unmarshal([]byte(api), &sug); err != nil || !slices.Equal(sug.Excluded, []string{"e2", "e3"}) ||
				!slices.Equal(sug.ExcludedNames, []string{"贾专家（重庆市机关事务管理局）", "郝专家（璧山区机关事务管理局）"}) {
				t.Errorf("%s: API suggestion %s (%v)", role, api, err)
			}
			continue
		}
		if res.StatusCode == http.StatusOK || strings.Contains(text, "贾专家") || idsRE.MatchString(text) {
			t.Errorf("%s: %d, the page shows excluded experts", role, res.StatusCode)
		}
	}
}
