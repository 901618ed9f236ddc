package server

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
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

// typeNames name the kinds of entries. Regulations are laws, rules, plans and normative
// documents alike: their level (文种) says which.
var typeNames = map[string]string{"standard": "标准", "regulation": "政策法规", "checklist": "检查表", "indicator": "指标"}

var pathEscape = url.PathEscape

var funcs = template.FuncMap{
	"state":    func(s string) string { return stateNames[s] },
	"typeName": func(s string) string { return typeNames[s] },
	"join":     strings.Join,
	// snippet marks up text that the search already escaped and marked with <mark>.
	"snippet":   func(s string) template.HTML { return template.HTML(s) },
	"pct":       func(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) },
	"query":     searchURL,
	"add":       func(a, b int) int { return a + b },
	"hitURL":    hitURL,
	"levelName": levelName,
	"dict":      dict,
	"quoteOf":   func(p *kb.SearchPage, id string) kb.QuoteRef { return p.Quotes[id] },
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
	"list":           func(xs ...string) []string { return xs },
	"milestoneState": func(s string) string { return stdkb.MilestoneStateNames[s] },
	// confirmed reports whether the sources confirm an edition's front-matter field.
	"confirmed": func(e *stdkb.Edition, field string) bool { return e.Confirmed(field) },
	// links turns web addresses in a source note into links; the rest stays text.
	"links": linkAddresses,
	"min":   func(a, b int) int { return min(a, b) },
	// rate shows an on-time rate as a percentage, or a dash when nothing fell due.
	"rate": func(c stdkb.RateCount) string {
		if c.Due == 0 {
			return "—"
		}
		return fmt.Sprintf("%.1f%%", 100*c.Rate())
	},
}

// searchURL is the search page with base's parameters changed by kv (name, value pairs; an
// empty value removes the parameter).
func searchURL(base url.Values, kv ...string) string {
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
		"Framework": tree, "Due": states, "Recent": recent, "Examples": exampleQueries,
	})
}

func (s *Server) uiDocument(w http.ResponseWriter, r *http.Request) {
	p, err := s.app.DocumentPage(caller(r), editionRequest(r))
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	var toc []*stdkb.Section
	for _, sec := range p.Edition.Sections {
		if sec.Title != "" && sec.ID != "intro" && !strings.HasPrefix(sec.ID, "fn-") {
			toc = append(toc, sec)
		}
	}
	s.page(w, r, http.StatusOK, "doc.html", p.Edition.Title, map[string]any{"P": p, "Doc": p.Doc, "Ed": p.Edition, "TOC": toc})
}

func (s *Server) uiDiff(w http.ResponseWriter, r *http.Request) {
	p, err := s.app.DiffPage(caller(r), diffRequest(r))
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	s.page(w, r, http.StatusOK, "diff.html", p.To.Title+" 版本比较", map[string]any{"P": p, "HTML": kb.DiffHTML(p.Diff)})
}

func (s *Server) uiReviews(w http.ResponseWriter, r *http.Request) {
	note := reviewNote{}
	if r.URL.Query().Get("recorded") == "1" {
		note = reviewNote{Success: "复审结论已登记。"}
	}
	s.reviewsPage(w, r, http.StatusOK, note)
}

// reviewNote is what the review dashboard tells the user: a confirmation or an error.
type reviewNote struct{ Success, Error string }

// ratePeriod reads the period of the on-time rate (from, to) the user chose; an unusable one
// falls back to the default period with an error to show.
func (s *Server) ratePeriod(r *http.Request) (from, to stdkb.Date, problem string) {
	from, to = kb.DefaultRatePeriod(s.app.Today())
	q := r.URL.Query()
	if q.Get("from") == "" && q.Get("to") == "" {
		return from, to, ""
	}
	f, errF := stdkb.ParseDate(q.Get("from"))
	t, errT := stdkb.ParseDate(q.Get("to"))
	if errF != nil || errT != nil || t.Before(f) {
		return from, to, "统计期间应为两个日期，且起始日不晚于截止日；已改用默认期间。"
	}
	return f, t, ""
}

// reviewsPage renders the review dashboard with a confirmation or an error.
func (s *Server) reviewsPage(w http.ResponseWriter, r *http.Request, status int, note reviewNote) {
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
	from, to, problem := s.ratePeriod(r)
	if note.Error == "" {
		note.Error = problem
	}
	rate, err := s.app.ReviewRate(c, from, to)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	declared, err := s.app.DeclaredReviews(c)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	experts := map[string]string{}
	var pool []stdkb.Expert
	if c.CanReview() {
		if pool, err = s.app.Experts(c); err != nil {
			s.uiError(w, r, err)
			return
		}
		for _, x := range pool {
			experts[x.ID] = x.Name
		}
	}
	s.page(w, r, status, "reviews.html", "标准复审", map[string]any{
		"States": states, "Ledger": ledger, "Declared": declared, "Rate": rate, "Today": s.app.Today(), "Note": note,
		"CanReview": c.CanReview(), "Titles": s.app.LedgerTitles(ledger), "Experts": experts, "Pool": pool,
		"Form": r.PostForm, "Chosen": chosen(r.PostForm["panel"]),
	})
}

// chosen is a set of the values a multiple select posted, to keep them selected.
func chosen(values []string) map[string]bool {
	out := map[string]bool{}
	for _, v := range values {
		out[v] = true
	}
	return out
}

// uiReviewPolicy shows the review rules the dashboard's states follow.
func (s *Server) uiReviewPolicy(w http.ResponseWriter, r *http.Request) {
	p, err := s.app.ReviewPolicy(caller(r))
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	html, err := kb.RenderMarkdown(p.Text)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	title := p.Title
	if title == "" {
		title = "标准复审规则"
	}
	s.page(w, r, http.StatusOK, "review_policy.html", title, map[string]any{"Policy": p, "Title": title, "HTML": html})
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
	names, err := s.app.SourceNames(c, sets)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	s.page(w, r, http.StatusOK, "indicators.html", "规划指标", map[string]any{"Sets": sets, "Charts": charts, "Names": names})
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
	key := chi.URLParam(r, "id")
	if key == "" {
		key = r.URL.Query().Get("unit")
	}
	s.unitsPage(w, r, key, http.StatusOK, nil)
}

// unitsPage renders the units page (the unit key's view when given) with extra data, such as a
// 汇编 form's error.
func (s *Server) unitsPage(w http.ResponseWriter, r *http.Request, key string, status int, extra map[string]any) {
	c := caller(r)
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
	for k, v := range extra {
		data[k] = v
	}
	s.page(w, r, status, "units.html", title, data)
}

// dict makes a map of name, value pairs, to pass several values to a sub-template.
func dict(kv ...any) map[string]any {
	m := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok {
			m[k] = kv[i+1]
		}
	}
	return m
}

// uiRecordReview records a review decision from the review dashboard's form.
func (s *Server) uiRecordReview(w http.ResponseWriter, r *http.Request) {
	day, err := stdkb.ParseDate(r.PostFormValue("date"))
	if err != nil {
		s.reviewsPage(w, r, http.StatusBadRequest, reviewNote{Error: "复审日期：请选择日期（YYYY-MM-DD）。"})
		return
	}
	d := stdkb.ReviewDecision{DocID: r.PostFormValue("doc"), Edition: r.PostFormValue("edition"), Date: day,
		Committee: r.PostFormValue("committee"), Outcome: r.PostFormValue("outcome"), Reasons: r.PostFormValue("reason"),
		Panel: panelField(r), PanelOverride: r.PostFormValue("override")}
	if _, err := s.app.RecordReview(caller(r), d); err != nil {
		if code := stdkb.ErrorCode(err); code == stdkb.EINVALID || code == stdkb.ECONFLICT {
			s.reviewsPage(w, r, stdkb.HTTPStatus(code), reviewNote{Error: stdkb.ErrorMessage(err)})
			return
		}
		s.uiError(w, r, err)
		return
	}
	http.Redirect(w, r, "/reviews?recorded=1", http.StatusSeeOther)
}

// panelField reads the experts chosen for a committee: several values of a select (panel=e1&
// panel=e2), or one typed list.
func panelField(r *http.Request) []string {
	var out []string
	for _, v := range r.PostForm["panel"] {
		out = append(out, stdkb.SplitList(v)...)
	}
	return out
}

// webAddress matches a web address as sources write them: a host with a dotted name, and a path.
var webAddress = regexp.MustCompile(`(?:https?://)?(?:[a-z0-9-]+\.)+(?:cn|com|org|net)(?:/[A-Za-z0-9_./%?=&#+-]*)?`)

// linkAddresses escapes text and links the web addresses in it.
func linkAddresses(text string) template.HTML {
	var b strings.Builder
	last := 0
	for _, m := range webAddress.FindAllStringIndex(text, -1) {
		b.WriteString(template.HTMLEscapeString(text[last:m[0]]))
		addr := text[m[0]:m[1]]
		href := addr
		if !strings.HasPrefix(href, "http") {
			href = "https://" + href
		}
		fmt.Fprintf(&b, `<a href="%s" rel="noopener noreferrer" target="_blank">%s</a>`, template.HTMLEscapeString(href), template.HTMLEscapeString(addr))
		last = m[1]
	}
	b.WriteString(template.HTMLEscapeString(text[last:]))
	return template.HTML(b.String())
}
