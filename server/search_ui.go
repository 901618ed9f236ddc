package server

import (
	"net/http"
	"net/url"
	"sort"
	"strings"

	"stdkb"
	"stdkb/kb"
)

// Search page views: one row per document (the default) or one row per section.
const (
	viewDocuments = ""
	viewClauses   = "clause"
)

// entryTypes are the type filter's choices.
var entryTypes = []string{string(stdkb.KindStandard), string(stdkb.KindRegulation), string(stdkb.KindChecklist), string(stdkb.KindIndicator)}

// exampleQueries are offered on an empty search page: the ways staff ask (a question, an
// everyday phrase, a standard number, a document number).
var exampleQueries = []string{"公物仓是什么", "新能源汽车配备比例", "办公用房维修", "公共机构能耗下降多少", "GB/T 41568", "渝机管发〔2021〕104号"}

// hitURL is the page that shows a hit's section, with the section's anchor: documents' editions
// on their own pages, checklists and indicator sets on the checklist and indicator pages.
func hitURL(docID, edition, section, typ string) string {
	switch typ {
	case string(stdkb.KindChecklist):
		if section == "intro" {
			return "/checklists#" + url.PathEscape(docID)
		}
		return "/checklists#" + url.PathEscape(checklistAnchor(docID, section))
	case string(stdkb.KindIndicator):
		return "/indicators#" + url.PathEscape(docID)
	}
	u := "/docs/" + url.PathEscape(docID)
	if edition != "" {
		u += "/" + url.PathEscape(edition)
	}
	return u + "#" + url.PathEscape(section)
}

// checklistAnchor is the id of a checklist section on the checklist page.
func checklistAnchor(checklist, section string) string { return checklist + "-" + section }

// levelName says a level in words: a standard's level with 标准 (国家标准), a regulation's
// level (its 文种: 规划, 规范性文件 …) as it is.
func levelName(typ, level string) string {
	if typ == string(stdkb.KindStandard) && level != "" && !strings.HasSuffix(level, "标准") {
		return level + "标准"
	}
	return level
}

// branchNames maps every framework code to "CODE 名称".
func branchNames(tree []*stdkb.BranchCount) map[string]string {
	out := map[string]string{}
	var walk func([]*stdkb.BranchCount)
	walk = func(ns []*stdkb.BranchCount) {
		for _, n := range ns {
			out[n.Code] = n.Code + " " + n.Name
			walk(n.Children)
		}
	}
	walk(tree)
	return out
}

// searchOptions are the choices of the search form's selects, taken from the content.
type searchOptions struct {
	Levels     [][2]string // value, label
	LevelNames map[string]string
	Statuses   []string
	Regions    []string
	Units      []*stdkb.Unit
}

func (s *Server) searchOptions(c kb.Caller) (searchOptions, error) {
	docs, err := s.app.Documents(c, "", "")
	if err != nil {
		return searchOptions{}, err
	}
	levels, statuses := map[string]string{}, map[string]bool{}
	for _, d := range docs {
		if d.Level != "" {
			levels[d.Level] = levelName(d.Type, d.Level)
		}
		if d.Status != "" {
			statuses[d.Status] = true
		}
	}
	units, err := s.app.Units(c)
	if err != nil {
		return searchOptions{}, err
	}
	out := searchOptions{Regions: stdkb.RegionClasses, LevelNames: levels, Units: units}
	for v, label := range levels {
		out.Levels = append(out.Levels, [2]string{v, label})
	}
	sort.Slice(out.Levels, func(i, j int) bool { return out.Levels[i][1] < out.Levels[j][1] })
	for st := range statuses {
		out.Statuses = append(out.Statuses, st)
	}
	sort.Strings(out.Statuses)
	return out, nil
}

func (s *Server) uiSearch(w http.ResponseWriter, r *http.Request) {
	c := caller(r)
	tree, err := s.app.Framework(c)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	opts, err := s.searchOptions(c)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	req, err := searchRequest(r)
	typed := req.Query
	if err == nil {
		req.Query, err = withYears(req.Query, r.URL.Query().Get("from"), r.URL.Query().Get("to"))
	}
	view := r.URL.Query().Get("view")
	if req.Flat {
		view = viewClauses
	}
	// One row per document: pages count documents, not sections (req.Group is the API's one
	// best section per document, without the page layout).
	req.Documents = view != viewClauses && !req.Group
	data := map[string]any{"Req": req, "Typed": typed, "Params": r.URL.Query(), "Framework": tree, "Branches": branchNames(tree),
		"Options": opts, "View": view, "Examples": exampleQueries, "Types": entryTypes}
	for _, u := range opts.Units {
		if req.Unit != "" && (u.ID == req.Unit || u.Name == req.Unit || u.FullName == req.Unit) {
			data["UnitName"] = u.Name
		}
	}
	if err == nil && strings.TrimSpace(req.Query) == "" {
		s.browse(w, r, req, data)
		return
	}
	var res *kb.SearchPage
	if err == nil {
		res, err = s.app.SearchPage(r.Context(), c, req)
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
	pageResult(data, req, res)
	s.page(w, r, http.StatusOK, "search.html", req.Query+" - 检索", data)
}

// pageResult adds a result and its page count to a page's data: counted in documents when it
// is paged by document (with how many it lists, when the search reaches past them), else in
// sections.
func pageResult(data map[string]any, req kb.SearchRequest, res *kb.SearchPage) {
	data["Res"] = res
	shown, most := res.Total, kb.MaxSearchPage
	if res.Groups != nil {
		shown = uint64(*res.Groups)
	}
	if req.Documents && res.Groups != nil {
		most = kb.MaxSearchDocuments / res.Limit
		data["Documents"] = *res.Groups
		if *res.Groups > most*res.Limit {
			data["DocumentsShown"] = most * res.Limit
		}
	}
	data["Pages"] = min(int((shown+uint64(res.Limit)-1)/uint64(res.Limit)), most)
}

// withYears adds the form's year range (from, to: years, either may be empty) to the query as
// its year: filter, so the range needs no typed syntax.
func withYears(q, from, to string) (string, error) {
	if from == "" && to == "" {
		return q, nil
	}
	for _, y := range []string{from, to} {
		if y != "" && (len(y) != 4 || strings.Trim(y, "0123456789") != "") {
			return q, stdkb.Errorf(stdkb.EINVALID, "年份“%s”应为四位数字，如 2021。", y)
		}
	}
	return strings.TrimSpace(q + " year:" + from + ".." + to), nil
}

// browse answers a search without words: with a branch or a type, that branch's documents
// (the documents the home page counts); with other filters only, the matching sections; with
// nothing, the search page with examples, the framework tree and recent documents.
func (s *Server) browse(w http.ResponseWriter, r *http.Request, req kb.SearchRequest, data map[string]any) {
	c := caller(r)
	onlyBranch := req.Level == "" && req.Status == "" && req.Region == "" && req.Unit == "" && req.AsOf.IsZero()
	switch {
	case onlyBranch && (req.Domain != "" || req.Type == string(stdkb.KindStandard) || req.Type == string(stdkb.KindRegulation)):
		docs, err := s.app.Documents(c, req.Type, req.Domain)
		if err != nil {
			s.uiError(w, r, err)
			return
		}
		data["Browse"] = docs
		standards := 0
		for _, d := range docs {
			if d.Type == string(stdkb.KindStandard) {
				standards++
			}
		}
		data["BrowseStandards"] = standards
		title := "全部文件"
		if req.Domain != "" {
			title = data["Branches"].(map[string]string)[req.Domain]
		}
		data["BrowseTitle"] = title
		s.page(w, r, http.StatusOK, "search.html", title+" - 浏览", data)
	case req.Type != "" || req.Domain != "" || !onlyBranch:
		req.Query = ""
		res, err := s.app.SearchPage(r.Context(), c, req)
		if err != nil {
			s.uiError(w, r, err)
			return
		}
		pageResult(data, req, res)
		s.page(w, r, http.StatusOK, "search.html", "检索", data)
	default:
		recent, err := s.app.Recent(c, 8)
		if err != nil {
			s.uiError(w, r, err)
			return
		}
		data["Recent"] = recent
		s.page(w, r, http.StatusOK, "search.html", "检索", data)
	}
}
