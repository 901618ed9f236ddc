package server

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/justinas/nosurf"

	"stdkb"
	"stdkb/kb"
)

//go:embed templates/*.html
var templateFiles embed.FS

var stateNames = map[string]string{
	stdkb.StateOK: "正常", stdkb.StateDue: "即将到期", stdkb.StateOverdue: "已逾期",
	stdkb.StateReviewed: "已复审", stdkb.StateNone: "不适用", stdkb.StateRevisionOverdue: stdkb.StateNames[stdkb.StateRevisionOverdue],
}

var typeNames = map[string]string{"standard": "标准", "regulation": "法规", "checklist": "检查表", "indicator": "指标"}

var pathEscape = url.PathEscape

var funcs = template.FuncMap{
	"state":    func(s string) string { return stateNames[s] },
	"typeName": func(s string) string { return typeNames[s] },
	"join":     strings.Join,
	// snippet marks up text that the search already escaped and marked with <mark>.
	"snippet": func(s string) template.HTML { return template.HTML(s) },
	"pct":     func(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) },
	"query": func(base url.Values, kv ...string) string {
		v := url.Values{}
		for k, vs := range base {
			v[k] = append([]string(nil), vs...)
		}
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == "" {
				v.Del(kv[i])
			} else {
				v.Set(kv[i], kv[i+1])
			}
		}
		return "/search?" + v.Encode()
	},
	"add": func(a, b int) int { return a + b },
	// anchor is the id of the form field a self-assessment problem concerns ("item:sys-2").
	"anchor": func(key string) string {
		if key == "form" {
			return "assess-form"
		}
		return "f-" + strings.ReplaceAll(key, ":", "-")
	},
	"submissionState": func(s string) string { return submissionStates[s] },
	// roleName and unitName show roles and units by name, never by internal id.
	"roleName": func(role string) string { return kb.RoleNames[role] },
	"unitName": unitNameOf,
	// checked reports whether a refused form had value among the values of field, so a
	// re-rendered form keeps its ticks.
	"checked": func(form url.Values, field, value string) bool {
		for _, v := range form[field] {
			if v == value {
				return true
			}
		}
		return false
	},
}

var pages = template.Must(template.New("").Funcs(funcs).ParseFS(templateFiles, "templates/*.html"))

// page renders a template inside the layout. Rendering goes to a buffer first so a template
// error becomes a clean 500, not half a page.
func (s *Server) page(w http.ResponseWriter, r *http.Request, status int, name, title string, data any) {
	if m, ok := data.(map[string]any); ok {
		m["CSRF"] = nosurf.Token(r)
		m["User"] = caller(r)
	}
	var body bytes.Buffer
	if err := pages.ExecuteTemplate(&body, name, data); err != nil {
		s.log.Error("render", "template", name, "err", err)
		http.Error(w, "内部错误", http.StatusInternalServerError)
		return
	}
	var out bytes.Buffer
	err := pages.ExecuteTemplate(&out, "layout.html", map[string]any{
		"Title": title, "Body": template.HTML(body.String()), "Query": r.URL.Query().Get("q"),
		"ReloadError": s.app.LastReloadError(), "User": caller(r), "CSRF": nosurf.Token(r),
	})
	if err != nil {
		s.log.Error("render", "template", "layout", "err", err)
		http.Error(w, "内部错误", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(out.Bytes())
}

func (s *Server) uiNotFound(w http.ResponseWriter, r *http.Request) {
	s.page(w, r, http.StatusNotFound, "error.html", "未找到", map[string]any{"Message": "没有这个页面。"})
}

func (s *Server) uiHome(w http.ResponseWriter, r *http.Request) {
	c := caller(r)
	states, err := s.app.ReviewsDue(c, kb.DueRequest{Within: -1})
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	recent, err := s.app.Recent(c, 8)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	tree, err := s.app.Framework(c)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	s.page(w, r, http.StatusOK, "home.html", "机关事务标准规范知识库", map[string]any{
		"Framework": tree, "Due": states, "Recent": recent,
	})
}

func (s *Server) uiSearch(w http.ResponseWriter, r *http.Request) {
	c := caller(r)
	tree, err := s.app.Framework(c)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	req, err := searchRequest(r)
	data := map[string]any{"Req": req, "Params": r.URL.Query(), "Framework": tree}
	if err == nil && strings.TrimSpace(req.Query) == "" && req.Type == "" && req.Domain == "" {
		s.page(w, r, http.StatusOK, "search.html", "检索", data)
		return
	}
	var res *kb.SearchResult
	if err == nil {
		res, err = s.app.Search(r.Context(), c, req)
	}
	if err != nil {
		if stdkb.ErrorCode(err) != stdkb.EINVALID {
			s.uiError(w, r, err)
			return
		}
		data["Error"] = stdkb.ErrorMessage(err)
		s.page(w, r, http.StatusBadRequest, "search.html", "检索", data)
		return
	}
	data["Res"] = res
	shown := res.Total
	if res.Groups != nil { // grouped: pages count document editions
		shown = uint64(*res.Groups)
	}
	pages := int((shown + uint64(res.Limit) - 1) / uint64(res.Limit))
	data["Pages"] = min(pages, kb.MaxSearchPage)
	s.page(w, r, http.StatusOK, "search.html", req.Query+" - 检索", data)
}

func (s *Server) uiDocument(w http.ResponseWriter, r *http.Request) {
	c := caller(r)
	d, e, err := s.app.Edition(c, editionRequest(r))
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	html, err := kb.RenderMarkdown(e.Body)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	history, err := s.app.History(c, d.ID)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	var toc []*stdkb.Section
	for _, sec := range e.Sections {
		if sec.Title != "" && sec.ID != "intro" && !strings.HasPrefix(sec.ID, "fn-") {
			toc = append(toc, sec)
		}
	}
	s.page(w, r, http.StatusOK, "doc.html", e.Title, map[string]any{
		"Doc": d, "Ed": e, "HTML": html, "TOC": toc, "History": history, "Latest": e == d.Latest(),
	})
}

func (s *Server) uiDiff(w http.ResponseWriter, r *http.Request) {
	d, err := s.app.Diff(caller(r), diffRequest(r))
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	s.page(w, r, http.StatusOK, "diff.html", "版本比较", map[string]any{"Diff": d, "HTML": kb.DiffHTML(d)})
}

func (s *Server) uiReviews(w http.ResponseWriter, r *http.Request) {
	msg := ""
	if r.URL.Query().Get("recorded") == "1" {
		msg = "已登记。"
	}
	s.reviewsPage(w, r, http.StatusOK, msg)
}

// reviewsPage renders the review dashboard with a message (an error or a confirmation).
func (s *Server) reviewsPage(w http.ResponseWriter, r *http.Request, status int, msg string) {
	c := caller(r)
	states, err := s.app.ReviewsDue(c, allStates)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	ledger, err := s.app.Ledger(c, true)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	today := s.app.Today()
	from := stdkb.MustDate(today.Time().Format("2006") + "-01-01").AddYears(-1)
	rate, err := s.app.ReviewRate(c, from, today)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	docs, err := s.app.Documents(c, string(stdkb.KindStandard), "")
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	s.page(w, r, status, "reviews.html", "标准复审", map[string]any{
		"States": states, "Ledger": ledger, "Rate": rate, "Today": today, "Message": msg,
		"CanReview": c.CanReview(), "Standards": docs, "Form": r.PostForm, "Titles": s.app.LedgerTitles(ledger),
	})
}

// uiIndicators shows the plan's targets and, per indicator, each unit's progress from the latest
// version of its stored self-assessments.
func (s *Server) uiIndicators(w http.ResponseWriter, r *http.Request) {
	c := caller(r)
	progress, err := s.app.IndicatorProgress(c)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	sets, err := s.app.Indicators(c)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	charts := map[string]template.HTML{}
	for id, bars := range progress {
		charts[id] = template.HTML(kb.BarChart(bars))
	}
	s.page(w, r, http.StatusOK, "indicators.html", "规划指标", map[string]any{"Sets": sets, "Charts": charts})
}

func (s *Server) uiChecklists(w http.ResponseWriter, r *http.Request) {
	cls, err := s.app.Checklists(caller(r))
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	s.page(w, r, http.StatusOK, "checklists.html", "检查表", map[string]any{"Checklists": cls})
}

func (s *Server) uiUnits(w http.ResponseWriter, r *http.Request) {
	c := caller(r)
	key := chi.URLParam(r, "id")
	if key == "" {
		key = r.URL.Query().Get("unit")
	}
	units, err := s.app.Units(c)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	data := map[string]any{"Units": units, "Today": s.app.Today()}
	title := "单位标准体系"
	if key != "" {
		v, err := s.app.Unit(c, key)
		if err != nil {
			s.uiError(w, r, err)
			return
		}
		gaps := map[string]bool{}
		for _, g := range v.Gaps {
			gaps[g] = true
		}
		data["View"], data["GapSet"] = v, gaps
		title = v.Unit.Name + "标准体系"
	}
	s.page(w, r, http.StatusOK, "units.html", title, data)
}
