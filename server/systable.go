package server

import (
	"html/template"
	"net/http"
	"strings"

	"stdkb"
	"stdkb/kb"
)

// systemTableRequest reads ?unit=, ?asof= and the format of a standard-system table request.
func systemTableRequest(r *http.Request, format string) (kb.SystemTableRequest, error) {
	q := r.URL.Query()
	req := kb.SystemTableRequest{Unit: q.Get("unit"), Format: format}
	if v := q.Get("asof"); v != "" {
		d, err := stdkb.ParseDate(v)
		if err != nil {
			return req, stdkb.Errorf(stdkb.EINVALID, "截至日期 %q 的格式应为 YYYY-MM-DD。", v)
		}
		req.AsOf = d
	}
	return req, nil
}

// uiSystemTable shows the standard-system table (标准体系表) of the library or of one unit, with
// its downloads.
func (s *Server) uiSystemTable(w http.ResponseWriter, r *http.Request) {
	c := caller(r)
	units, err := s.app.Units(c)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	req, err := systemTableRequest(r, "svg")
	var f kb.File
	var t *kb.SystemTable
	if err == nil {
		f, t, err = s.app.SystemTable(c, req)
	}
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	q := r.URL.Query()
	s.page(w, r, http.StatusOK, "systable.html", t.Title, map[string]any{
		"T": t, "Diagram": template.HTML(f.Data), "Units": units, "Unit": q.Get("unit"), "AsOf": t.AsOf.String(),
		"Categories": kb.SystemTableCategories, "Query": q.Encode(), "Stats": statRows(t),
	})
}

// statRow is one line of the statistics table as the page shows it.
type statRow struct {
	Code, Name string
	Cells      []int
	Total      bool
}

// statRows lays the statistics out in the columns the downloads use: levels, categories, total.
func statRows(t *kb.SystemTable) []statRow {
	var out []statRow
	for i, st := range append(t.Stats[:len(t.Stats):len(t.Stats)], t.Total) {
		row := statRow{Code: st.Code, Name: strings.Repeat("　", st.Depth) + st.Name, Total: i == len(t.Stats)}
		for _, l := range t.Levels {
			row.Cells = append(row.Cells, st.ByLevel[l])
		}
		for _, c := range kb.SystemTableCategories {
			row.Cells = append(row.Cells, st.ByCategory[c])
		}
		row.Cells = append(row.Cells, st.Total)
		out = append(out, row)
	}
	return out
}

// systemTableDownload sends the table as xlsx or docx (?format=, default xlsx).
func (s *Server) systemTableDownload(w http.ResponseWriter, r *http.Request) {
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "xlsx"
	}
	req, err := systemTableRequest(r, format)
	var f kb.File
	if err == nil {
		f, _, err = s.app.SystemTable(caller(r), req)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sendFile(w, f)
}
