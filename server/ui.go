package server

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/justinas/nosurf"

	"stdkb"
	"stdkb/compare"
	"stdkb/content"
	"stdkb/evaluator"
	"stdkb/indexer"
)

//go:embed templates/*.html
var templateFiles embed.FS

var stateNames = map[string]string{
	stdkb.StateOK: "正常", stdkb.StateDue: "即将到期", stdkb.StateOverdue: "已逾期",
	stdkb.StateReviewed: "已复审", stdkb.StateNone: "不适用", stdkb.StateRevisionOverdue: stdkb.StateNames[stdkb.StateRevisionOverdue],
}

var typeNames = map[string]string{"standard": "标准", "regulation": "法规", "checklist": "检查表", "indicator": "指标"}

var funcs = template.FuncMap{
	"state":    func(s string) string { return stateNames[s] },
	"typeName": func(s string) string { return typeNames[s] },
	"join":     strings.Join,
	// snippet marks up text that indexer.Search already escaped and marked with <mark>.
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
}

var pages = template.Must(template.New("").Funcs(funcs).ParseFS(templateFiles, "templates/*.html"))

// page renders a template inside the layout. Rendering goes to a buffer first so a template
// error becomes a clean 500, not half a page.
func (s *Server) page(w http.ResponseWriter, r *http.Request, status int, name, title string, data any) {
	if m, ok := data.(map[string]any); ok {
		m["CSRF"] = nosurf.Token(r)
		m["User"], _ = currentUser(r)
	}
	var body bytes.Buffer
	if err := pages.ExecuteTemplate(&body, name, data); err != nil {
		s.log.Error("render", "template", name, "err", err)
		http.Error(w, "内部错误", http.StatusInternalServerError)
		return
	}
	var out bytes.Buffer
	user, _ := currentUser(r)
	err := pages.ExecuteTemplate(&out, "layout.html", map[string]any{
		"Title": title, "Body": template.HTML(body.String()), "Query": r.URL.Query().Get("q"),
		"ReloadError": s.lastErr.Load(), "User": user, "CSRF": nosurf.Token(r),
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

func (s *Server) uiError(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := http.StatusInternalServerError, "内部错误，请稍后再试。"
	var ie *evaluator.InvalidError
	if errors.As(err, &ie) {
		var details []string
		for _, fe := range ie.Errors {
			details = append(details, fe.Field+"："+fe.Message)
		}
		s.page(w, r, http.StatusBadRequest, "error.html", "填写有误", map[string]any{"Message": "填写有误，请修改后再保存：", "Details": details})
		return
	}
	switch stdkb.ErrorCode(err) {
	case stdkb.EINVALID:
		status, msg = http.StatusBadRequest, err.Error()
	case stdkb.ENOTFOUND:
		status, msg = http.StatusNotFound, err.Error()
	default:
		s.log.Error("request failed", "path", r.URL.Path, "err", err)
	}
	s.page(w, r, status, "error.html", "出错了", map[string]any{"Message": msg})
}

func (s *Server) uiNotFound(w http.ResponseWriter, r *http.Request) {
	s.page(w, r, http.StatusNotFound, "error.html", "未找到", map[string]any{"Message": "没有这个页面。"})
}

func (s *Server) uiHome(w http.ResponseWriter, r *http.Request) {
	sn := s.current()
	states, err := s.reviewStates()
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	var due []stdkb.ReviewState
	for _, st := range states {
		if st.State == stdkb.StateDue || st.State == stdkb.StateOverdue {
			due = append(due, st)
		}
	}
	// Recently changed: documents by the latest issue or effective date.
	var recent []*stdkb.Document
	for _, d := range sn.lib.Documents {
		if e := d.Latest(); !e.Issued.IsZero() || !e.Effective.IsZero() {
			recent = append(recent, d)
		}
	}
	key := func(d *stdkb.Document) string {
		e := d.Latest()
		if e.Effective.After(e.Issued) {
			return e.Effective.String()
		}
		return e.Issued.String()
	}
	for i := 1; i < len(recent); i++ {
		for j := i; j > 0 && key(recent[j]) > key(recent[j-1]); j-- {
			recent[j], recent[j-1] = recent[j-1], recent[j]
		}
	}
	if len(recent) > 8 {
		recent = recent[:8]
	}
	var rows []documentSummary
	for _, d := range recent {
		rows = append(rows, summarize(d))
	}
	s.page(w, r, http.StatusOK, "home.html", "机关事务标准规范知识库", map[string]any{
		"Framework": s.frameworkTree(), "Due": due, "Recent": rows,
	})
}

func (s *Server) uiSearch(w http.ResponseWriter, r *http.Request) {
	req, err := searchRequest(r)
	data := map[string]any{"Req": req, "Params": r.URL.Query(), "Framework": s.frameworkTree()}
	if err == nil && strings.TrimSpace(req.Query) == "" && req.Type == "" && req.Domain == "" {
		s.page(w, r, http.StatusOK, "search.html", "检索", data)
		return
	}
	var res *indexer.Result
	if err == nil {
		res, err = s.current().ix.Search(r.Context(), req)
	}
	if err != nil {
		if stdkb.ErrorCode(err) != stdkb.EINVALID {
			s.uiError(w, r, err)
			return
		}
		data["Error"] = err.Error()
		s.page(w, r, http.StatusBadRequest, "search.html", "检索", data)
		return
	}
	data["Res"] = res
	shown := res.Total
	if res.Groups != nil { // grouped: pages count document editions
		shown = uint64(*res.Groups)
	}
	pages := int((shown + uint64(res.Limit) - 1) / uint64(res.Limit))
	data["Pages"] = min(pages, indexer.MaxPage)
	s.page(w, r, http.StatusOK, "search.html", req.Query+" - 检索", data)
}

func (s *Server) uiDocument(w http.ResponseWriter, r *http.Request) {
	d, e, err := s.edition(r)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	var html bytes.Buffer
	if err := content.Markdown.Convert([]byte(e.Body), &html); err != nil {
		s.uiError(w, r, err)
		return
	}
	ledger, err := s.ledger()
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
	// Raw HTML in content is dropped by goldmark (no unsafe rendering): nothing in a document
	// can run script in the page.
	s.page(w, r, http.StatusOK, "doc.html", e.Title, map[string]any{
		"Doc": d, "Ed": e, "HTML": template.HTML(html.String()), "TOC": toc, "History": s.history(d, ledger),
		"Latest": e == d.Latest(),
	})
}

func (s *Server) uiDiff(w http.ResponseWriter, r *http.Request) {
	d, err := s.diff(r)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	var out bytes.Buffer
	compare.HTML(&out, d)
	s.page(w, r, http.StatusOK, "diff.html", "版本比较", map[string]any{"Diff": d, "HTML": template.HTML(out.String())})
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
	states, err := s.reviewStates()
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	ledger := []stdkb.ReviewDecision{}
	if s.cfg.Store != nil {
		if ledger, err = s.cfg.Store.Reviews(); err != nil {
			s.uiError(w, r, err)
			return
		}
	}
	today := s.cfg.Today()
	from := stdkb.MustDate(today.Time().Format("2006") + "-01-01").AddYears(-1)
	cur, _ := s.ledger()
	rate := stdkb.OnTimeReviews(s.current().lib, cur, from, today, today)
	var standards []*stdkb.Document
	for _, d := range s.current().lib.Documents {
		if d.Kind == stdkb.KindStandard {
			standards = append(standards, d)
		}
	}
	u, _ := currentUser(r)
	s.page(w, r, status, "reviews.html", "标准复审", map[string]any{
		"States": states, "Ledger": ledger, "Rate": rate, "Today": today, "Message": msg,
		"CanReview": u.CanReview(), "Standards": standards, "Form": r.PostForm,
	})
}

// uiIndicators shows the plan's targets and, per indicator, each unit's progress from the latest
// version of its stored self-assessments.
func (s *Server) uiIndicators(w http.ResponseWriter, r *http.Request) {
	progress := map[string][]evaluator.Bar{}
	if s.cfg.Store != nil {
		subs, err := s.cfg.Store.Submissions("")
		if err != nil {
			s.uiError(w, r, err)
			return
		}
		for _, v := range subs {
			rep, err := s.reportOf(v)
			if err != nil {
				continue // a draft that no longer validates against the content shows no progress
			}
			for _, in := range rep.Indicators {
				b := evaluator.Bar{Label: v.Unit, Note: statusText(in)}
				if in.Progress != nil {
					b.Share = *in.Progress
				}
				progress[in.ID] = append(progress[in.ID], b)
			}
		}
	}
	charts := map[string]template.HTML{}
	for id, bars := range progress {
		charts[id] = template.HTML(evaluator.BarChart(bars))
	}
	s.page(w, r, http.StatusOK, "indicators.html", "规划指标", map[string]any{"Sets": s.current().lib.Indicators, "Charts": charts})
}

func statusText(in evaluator.IndicatorResult) string {
	names := map[string]string{evaluator.IndicatorMet: "已达标", evaluator.IndicatorOnTrack: "进度正常", evaluator.IndicatorOffTrack: "进度滞后", evaluator.IndicatorMissing: "缺少数据"}
	if in.Value != nil {
		return fmt.Sprintf("%s（%g%s）", names[in.Status], *in.Value, in.Unit)
	}
	return names[in.Status]
}

func (s *Server) uiChecklists(w http.ResponseWriter, r *http.Request) {
	s.page(w, r, http.StatusOK, "checklists.html", "检查表", map[string]any{"Checklists": s.current().lib.Checklists})
}
