package server

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"stdkb"
	"stdkb/kb"
)

// respond renders a use case's result as JSON, or its error.
func respond[T any](s *Server, w http.ResponseWriter, r *http.Request, status int, v T, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, status, v)
}

// sendFile answers with a download a use case produced.
func sendFile(w http.ResponseWriter, f kb.File) {
	w.Header().Set("Content-Type", f.Type)
	w.Header().Set("Content-Disposition", attachment(f.Name))
	w.Write(f.Data)
}

// attachment is a Content-Disposition for a download named name: the name itself as RFC 5987
// encodes it (filename*, which every current browser reads) and an ASCII approximation for
// clients that know only filename.
func attachment(name string) string {
	return `attachment; filename="` + asciiFallback(name) + `"; filename*=UTF-8''` + rfc5987(name)
}

// rfc5987 percent-encodes every byte of s that is not an RFC 5987 attr-char.
func rfc5987(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0) {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// asciiFallback keeps the printable ASCII of name (dates, edition numbers, the extension):
// 复审台账-2026-12-01.xlsx becomes 2026-12-01.xlsx; a name with none left is "download".
func asciiFallback(name string) string {
	ext := path.Ext(name)
	if strings.HasSuffix(name, ".tar.gz") {
		ext = ".tar.gz"
	}
	base := strings.Map(func(r rune) rune {
		if r < ' ' || r >= 0x7f || r == '"' || r == '\\' {
			return -1
		}
		return r
	}, strings.TrimSuffix(name, ext))
	for strings.Contains(base, "--") {
		base = strings.ReplaceAll(base, "--", "-")
	}
	base = strings.Trim(base, "-_ ")
	if base == "" {
		base = "download"
	}
	return base + ext
}

// searchRequest reads the search parameters shared by the API and the UI.
func searchRequest(r *http.Request) (kb.SearchRequest, error) {
	q := r.URL.Query()
	req := kb.SearchRequest{Query: q.Get("q"), Type: q.Get("type"), Domain: q.Get("domain"), Level: q.Get("level"),
		Status: q.Get("status"), Region: q.Get("region"), Unit: q.Get("unit"), Sort: q.Get("sort"),
		Group: isTrue(q.Get("group")), Flat: isTrue(q.Get("flat")), Documents: isTrue(q.Get("documents"))}
	for name, dst := range map[string]*int{"page": &req.Page, "limit": &req.Limit} {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return req, stdkb.Errorf(stdkb.EINVALID, "%s=%q：应为正整数。", name, v)
			}
			*dst = n
		}
	}
	if v := q.Get("asof"); v != "" {
		d, err := stdkb.ParseDate(v)
		if err != nil {
			return req, stdkb.Errorf(stdkb.EINVALID, "asof=%q：日期格式应为 YYYY-MM-DD。", v)
		}
		req.AsOf = d
	}
	return req, nil
}

// isTrue reads a boolean query parameter: 1 or true.
func isTrue(v string) bool { return v == "1" || v == "true" }

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	req, err := searchRequest(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.app.Search(r.Context(), caller(r), req)
	respond(s, w, r, http.StatusOK, res, err)
}

func (s *Server) apiDocuments(w http.ResponseWriter, r *http.Request) {
	out, err := s.app.Documents(caller(r), r.URL.Query().Get("type"), r.URL.Query().Get("domain"))
	respond(s, w, r, http.StatusOK, out, err)
}

// editionRequest reads {id}, optional {edition} and ?asof=DATE.
func editionRequest(r *http.Request) kb.EditionRequest {
	return kb.EditionRequest{Doc: chi.URLParam(r, "id"), Edition: chi.URLParam(r, "edition"), AsOf: r.URL.Query().Get("asof")}
}

func (s *Server) apiDocument(w http.ResponseWriter, r *http.Request) {
	e, on, err := s.app.EditionOn(caller(r), editionRequest(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	type withBody struct {
		*stdkb.Edition
		Body     string       `json:"body"`
		StatusOn kb.DayStatus `json:"status_on"`
	}
	writeJSON(w, http.StatusOK, withBody{e, e.Body, on})
}

func (s *Server) apiHistory(w http.ResponseWriter, r *http.Request) {
	h, err := s.app.History(caller(r), chi.URLParam(r, "id"))
	h.Title = "" // the API's history names the document by id only
	respond(s, w, r, http.StatusOK, h, err)
}

func diffRequest(r *http.Request) kb.DiffRequest {
	q := r.URL.Query()
	return kb.DiffRequest{From: q.Get("from"), To: q.Get("to"), Doc: q.Get("doc")}
}

func (s *Server) apiDiff(w http.ResponseWriter, r *http.Request) {
	d, err := s.app.Diff(caller(r), diffRequest(r))
	respond(s, w, r, http.StatusOK, d, err)
}

func (s *Server) apiFramework(w http.ResponseWriter, r *http.Request) {
	t, err := s.app.Framework(caller(r))
	respond(s, w, r, http.StatusOK, t, err)
}

// allStates asks for every document under review policy with its state.
var allStates = kb.DueRequest{All: true, Within: -1}

func (s *Server) apiReviewsDue(w http.ResponseWriter, r *http.Request) {
	states, err := s.app.ReviewsDue(caller(r), allStates)
	respond(s, w, r, http.StatusOK, map[string]any{"today": s.app.Today(), "reviews": states}, err)
}

func (s *Server) apiReviewRate(w http.ResponseWriter, r *http.Request) {
	from, _ := stdkb.ParseDate(r.URL.Query().Get("from"))
	to, _ := stdkb.ParseDate(r.URL.Query().Get("to"))
	rate, err := s.app.ReviewRate(caller(r), from, to)
	respond(s, w, r, http.StatusOK, rate, err)
}

func (s *Server) apiLedger(w http.ResponseWriter, r *http.Request) {
	ds, err := s.app.Ledger(caller(r), r.URL.Query().Get("all") == "1")
	respond(s, w, r, http.StatusOK, ds, err)
}

// apiLedgerExport sends the ledger as CSV (UTF-8 with BOM) or xlsx.
func (s *Server) apiLedgerExport(w http.ResponseWriter, r *http.Request) {
	format := "csv"
	if strings.HasSuffix(r.URL.Path, ".xlsx") {
		format = "xlsx"
	}
	f, err := s.app.LedgerFile(caller(r), r.URL.Query().Get("all") == "1", format)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sendFile(w, f)
}

func (s *Server) apiChecklists(w http.ResponseWriter, r *http.Request) {
	cs, err := s.app.Checklists(caller(r))
	respond(s, w, r, http.StatusOK, cs, err)
}

func (s *Server) apiChecklist(w http.ResponseWriter, r *http.Request) {
	c, err := s.app.Checklist(caller(r), chi.URLParam(r, "id"))
	respond(s, w, r, http.StatusOK, c, err)
}

func (s *Server) apiIndicators(w http.ResponseWriter, r *http.Request) {
	is, err := s.app.Indicators(caller(r))
	respond(s, w, r, http.StatusOK, is, err)
}

// apiAssess evaluates a submission (YAML or JSON body) without storing it.
func (s *Server) apiAssess(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var opts kb.ParseOptions
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/json" {
		opts.Name = "body.json" // declared JSON is read as strict JSON
	}
	rep, err := s.app.AssessFile(r.Context(), caller(r), opts, body)
	respond(s, w, r, http.StatusOK, rep, err)
}

// healthz is public, also under --require-login (health checks do not sign in); only
// administrators see which content is loaded and why a reload failed.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.app.Health(caller(s.withCaller(r))))
}
