package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"stdkb"
	"stdkb/compare"
	"stdkb/evaluator"
	"stdkb/export"
	"stdkb/indexer"
)

// apiError is the JSON body of every error response.
type apiError struct {
	Error struct {
		Code    string   `json:"code"`
		Message string   `json:"message"`
		Details []string `json:"details,omitempty"`
	} `json:"error"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func writeError(w http.ResponseWriter, r *http.Request, status int, code, msg string, details []string) {
	var e apiError
	e.Error.Code, e.Error.Message, e.Error.Details = code, msg, details
	writeJSON(w, status, e)
}

// fail maps an error to a response: stdkb codes to statuses; anything else is logged and
// answered as an internal error without detail.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var ie *evaluator.InvalidError
	if errors.As(err, &ie) {
		var details []string
		for _, fe := range ie.Errors {
			details = append(details, fe.Field+": "+fe.Message)
		}
		writeError(w, r, http.StatusBadRequest, stdkb.EINVALID, "invalid submission", details)
		return
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		writeError(w, r, http.StatusRequestEntityTooLarge, "too_large", "request body is larger than 8 MiB", nil)
		return
	}
	switch code := stdkb.ErrorCode(err); code {
	case stdkb.EINVALID:
		writeError(w, r, http.StatusBadRequest, code, err.Error(), nil)
	case stdkb.ENOTFOUND:
		writeError(w, r, http.StatusNotFound, code, err.Error(), nil)
	case stdkb.ECONFLICT:
		writeError(w, r, http.StatusConflict, code, err.Error(), nil)
	default:
		s.log.Error("request failed", "path", r.URL.Path, "err", err)
		writeError(w, r, http.StatusInternalServerError, stdkb.EINTERNAL, "internal error", nil)
	}
}

// searchRequest reads the search parameters shared by the API and the UI.
func searchRequest(r *http.Request) (indexer.Request, error) {
	q := r.URL.Query()
	req := indexer.Request{Query: q.Get("q"), Type: q.Get("type"), Domain: q.Get("domain"), Level: q.Get("level"),
		Status: q.Get("status"), Unit: q.Get("unit"), Sort: q.Get("sort"), Group: q.Get("group") == "1" || q.Get("group") == "true"}
	for name, dst := range map[string]*int{"page": &req.Page, "limit": &req.Limit} {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return req, stdkb.Errorf(stdkb.EINVALID, "%s=%q: want a positive whole number", name, v)
			}
			*dst = n
		}
	}
	if v := q.Get("asof"); v != "" {
		d, err := stdkb.ParseDate(v)
		if err != nil {
			return req, stdkb.Errorf(stdkb.EINVALID, "asof=%q: want a date YYYY-MM-DD", v)
		}
		req.AsOf = d
	}
	return req, nil
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	req, err := searchRequest(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.current().ix.Search(r.Context(), req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// documentSummary is a document in listings.
type documentSummary struct {
	ID        string   `json:"id"`
	Type      string   `json:"type"`
	Number    string   `json:"number,omitempty"`
	Title     string   `json:"title"`
	Level     string   `json:"level,omitempty"`
	Status    string   `json:"status"`
	Framework []string `json:"framework"`
	Editions  []string `json:"editions"`
	Effective string   `json:"effective,omitempty"`
	Sample    bool     `json:"sample"`
}

func summarize(d *stdkb.Document) documentSummary {
	e := d.Latest()
	var eds []string
	for _, x := range d.Editions {
		eds = append(eds, x.Key)
	}
	return documentSummary{ID: d.ID, Type: string(d.Kind), Number: e.Number, Title: e.Title, Level: e.Level,
		Status: e.Status, Framework: e.Framework, Editions: eds, Effective: e.Effective.String(), Sample: e.Sample}
}

func (s *Server) apiDocuments(w http.ResponseWriter, r *http.Request) {
	lib := s.current().lib
	typ, domain := r.URL.Query().Get("type"), r.URL.Query().Get("domain")
	if domain != "" {
		if _, ok := lib.Framework.Node(domain); !ok {
			s.fail(w, r, stdkb.Errorf(stdkb.EINVALID, "domain=%q: no such framework code", domain))
			return
		}
	}
	out := []documentSummary{}
	for _, d := range lib.Documents {
		if (typ == "" || string(d.Kind) == typ) && (domain == "" || lib.Framework.Covers(domain, d.Latest().Framework)) {
			out = append(out, summarize(d))
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// edition resolves the document and edition a request names: {id}, optional {edition} or
// ?asof=DATE; the latest edition otherwise.
func (s *Server) edition(r *http.Request) (*stdkb.Document, *stdkb.Edition, error) {
	lib := s.current().lib
	id := chi.URLParam(r, "id")
	d, ok := lib.Document(id)
	if !ok {
		return nil, nil, stdkb.Errorf(stdkb.ENOTFOUND, "no document %q", id)
	}
	if key := chi.URLParam(r, "edition"); key != "" {
		e, ok := d.Edition(key)
		if !ok {
			return nil, nil, stdkb.Errorf(stdkb.ENOTFOUND, "document %q has no edition %q", id, key)
		}
		return d, e, nil
	}
	if v := r.URL.Query().Get("asof"); v != "" {
		day, err := stdkb.ParseDate(v)
		if err != nil {
			return nil, nil, stdkb.Errorf(stdkb.EINVALID, "asof=%q: want a date YYYY-MM-DD", v)
		}
		e := d.InForce(day)
		if e == nil {
			return nil, nil, stdkb.Errorf(stdkb.ENOTFOUND, "no edition of %s was in force on %s", id, day)
		}
		return d, e, nil
	}
	return d, d.Latest(), nil
}

func (s *Server) apiDocument(w http.ResponseWriter, r *http.Request) {
	_, e, err := s.edition(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	type withBody struct {
		*stdkb.Edition
		Body string `json:"body"`
	}
	writeJSON(w, http.StatusOK, withBody{e, e.Body})
}

func (s *Server) apiHistory(w http.ResponseWriter, r *http.Request) {
	d, _, err := s.edition(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ledger, err := s.ledger()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.history(d, ledger))
}

type historyView struct {
	DocID    string                 `json:"doc_id"`
	Editions []stdkb.EditionHistory `json:"editions"` // newest first
	Review   stdkb.ReviewState      `json:"review"`
}

func (s *Server) history(d *stdkb.Document, ledger []stdkb.ReviewDecision) historyView {
	today := s.cfg.Today()
	eds := stdkb.History(d, ledger, today)
	for i, j := 0, len(eds)-1; i < j; i, j = i+1, j-1 {
		eds[i], eds[j] = eds[j], eds[i]
	}
	return historyView{DocID: d.ID, Editions: eds, Review: stdkb.StateOf(d, ledger, s.current().lib.Policy, today)}
}

func (s *Server) ledger() ([]stdkb.ReviewDecision, error) {
	if s.cfg.Store == nil {
		return nil, nil
	}
	return s.cfg.Store.CurrentReviews()
}

func (s *Server) apiDiff(w http.ResponseWriter, r *http.Request) {
	d, err := s.diff(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

// diff compares ?from=DOC@ED with ?to=DOC@ED.
func (s *Server) diff(r *http.Request) (*compare.Diff, error) {
	lib := s.current().lib
	var eds [2]*stdkb.Edition
	for i, name := range []string{"from", "to"} {
		v := r.URL.Query().Get(name)
		doc, key, ok := strings.Cut(v, "@")
		if !ok || doc == "" || key == "" {
			return nil, stdkb.Errorf(stdkb.EINVALID, "%s=%q: want DOC@EDITION", name, v)
		}
		e, _, err := lib.Resolve(stdkb.SectionRef{Doc: doc, Edition: key})
		if err != nil {
			return nil, err
		}
		eds[i] = e
	}
	seg, err := indexer.SegmenterFor(&lib.Lexicon)
	if err != nil {
		return nil, err
	}
	return compare.Editions(eds[0], eds[1], seg.Words), nil
}

func (s *Server) apiFramework(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.frameworkTree())
}

func (s *Server) frameworkTree() []*stdkb.BranchCount { return s.current().lib.FrameworkCounts() }

func (s *Server) reviewStates() ([]stdkb.ReviewState, error) {
	ledger, err := s.ledger()
	if err != nil {
		return nil, err
	}
	sn := s.current()
	states := []stdkb.ReviewState{}
	for _, d := range sn.lib.Documents {
		if st := stdkb.StateOf(d, ledger, sn.lib.Policy, s.cfg.Today()); st.State != stdkb.StateNone {
			states = append(states, st)
		}
	}
	return states, nil
}

func (s *Server) apiReviewsDue(w http.ResponseWriter, r *http.Request) {
	states, err := s.reviewStates()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"today": s.cfg.Today(), "reviews": states})
}

func (s *Server) apiReviewRate(w http.ResponseWriter, r *http.Request) {
	from, err1 := stdkb.ParseDate(r.URL.Query().Get("from"))
	to, err2 := stdkb.ParseDate(r.URL.Query().Get("to"))
	if err1 != nil || err2 != nil || to.Before(from) {
		s.fail(w, r, stdkb.Errorf(stdkb.EINVALID, "from and to must be dates YYYY-MM-DD, from not after to"))
		return
	}
	ledger, err := s.ledger()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, stdkb.OnTimeReviews(s.current().lib, ledger, from, to, s.cfg.Today()))
}

// ledgerFor lists the ledger: the current decisions, or with ?all=1 every decision.
func (s *Server) ledgerFor(r *http.Request) ([]stdkb.ReviewDecision, error) {
	out := []stdkb.ReviewDecision{}
	if s.cfg.Store == nil {
		return out, nil
	}
	list := s.cfg.Store.CurrentReviews
	if r.URL.Query().Get("all") == "1" {
		list = s.cfg.Store.Reviews
	}
	ds, err := list()
	return append(out, ds...), err
}

func (s *Server) apiLedger(w http.ResponseWriter, r *http.Request) {
	ds, err := s.ledgerFor(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ds)
}

// apiLedgerExport sends the ledger as CSV (UTF-8 with BOM) or xlsx.
func (s *Server) apiLedgerExport(w http.ResponseWriter, r *http.Request) {
	ds, err := s.ledgerFor(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	rows := stdkb.LedgerRows(ds)
	name := "review-ledger"
	if strings.HasSuffix(r.URL.Path, ".xlsx") {
		err = export.XLSX(&buf, "复审台账", rows)
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		name += ".xlsx"
	} else {
		err = export.CSV(&buf, rows)
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		name += ".csv"
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Write(buf.Bytes())
}

func (s *Server) apiChecklists(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.current().lib.Checklists)
}

func (s *Server) apiChecklist(w http.ResponseWriter, r *http.Request) {
	c, ok := s.current().lib.Checklist(chi.URLParam(r, "id"))
	if !ok {
		s.fail(w, r, stdkb.Errorf(stdkb.ENOTFOUND, "no checklist %q", chi.URLParam(r, "id")))
		return
	}
	writeJSON(w, http.StatusOK, c)
}

func (s *Server) apiIndicators(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.current().lib.Indicators)
}

// apiAssess evaluates a submission (YAML or JSON body) without storing it.
func (s *Server) apiAssess(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rep, err := s.evaluate(body)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	sn := s.current()
	status := map[string]any{"status": "ok", "content": sn.lib.Hash[:12], "loaded": sn.loaded.UTC().Format("2006-01-02T15:04:05Z")}
	if le := s.lastErr.Load(); le != nil {
		status["last_reload_error"] = le.Err
	}
	writeJSON(w, http.StatusOK, status)
}
