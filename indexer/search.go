package indexer

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"

	"stdkb"
)

// Request is one search.
type Request struct {
	Query  string     `json:"q"`
	Type   string     `json:"type,omitempty"`
	Domain string     `json:"domain,omitempty"`
	Level  string     `json:"level,omitempty"`
	Status string     `json:"status,omitempty"`
	Region string     `json:"region,omitempty"` // 本市, 国家 or 外省参考
	Unit   string     `json:"unit,omitempty"`   // a unit's id or name: its own and adopted documents
	AsOf   stdkb.Date `json:"asof"`
	Page   int        `json:"page,omitempty"`  // 1-based; 0 means 1
	Limit  int        `json:"limit,omitempty"` // hits per page; 0 means DefaultLimit
	Sort   string     `json:"sort,omitempty"`  // "relevance" (default) or "date"
	Group  bool       `json:"group,omitempty"` // one hit per document edition
	// Documents pages by document edition: a page holds Limit editions, each with its best
	// sections, down to the MaxDocuments best; Result.Groups and the facets count editions.
	Documents bool `json:"documents,omitempty"`
	// Flat ranks sections by score alone: quoting sections are not shown under their source
	// and one edition may fill a page.
	Flat bool `json:"flat,omitempty"`
}

// Limits on a request.
const (
	DefaultLimit = 10
	MaxLimit     = 100
	MaxPage      = 100
)

// Result is the answer to a Request. Its JSON form is what `stdkb search --json` prints and the
// API returns.
type Result struct {
	Query  string                  `json:"query"`
	Total  uint64                  `json:"total"`            // matching sections
	Groups *int                    `json:"groups,omitempty"` // document editions among them, when grouped
	TookMS float64                 `json:"took_ms"`
	Page   int                     `json:"page"`
	Limit  int                     `json:"limit"`
	Hits   []Hit                   `json:"hits"`
	Facets map[string][]FacetCount `json:"facets"`
	// Suggestions, when nothing matched: the lexicon words and thesaurus terms closest to the
	// query's text that the index holds.
	Suggestions []Suggestion `json:"suggestions,omitempty"`
}

// Hit is one matching section.
type Hit struct {
	ID        string   `json:"id"` // DOC@EDITION#SECTION, or DOC#SECTION for checklists and indicators
	DocID     string   `json:"doc_id"`
	Edition   string   `json:"edition,omitempty"`
	Section   string   `json:"section"`
	Type      string   `json:"type"`
	Title     string   `json:"title"`
	Heading   string   `json:"heading"`
	Number    string   `json:"number,omitempty"`
	Status    string   `json:"status,omitempty"`
	Level     string   `json:"level,omitempty"`
	Region    string   `json:"region,omitempty"`
	Framework []string `json:"framework"`
	Effective string   `json:"effective,omitempty"`
	Sample    bool     `json:"sample"`
	Score     float64  `json:"score"`
	Snippet   string   `json:"snippet"` // HTML: escaped text with <mark> around matches
	// Quotes lists the sections that only quote this one (a regulation's "规划中的相关表述"),
	// shown under it rather than as hits of their own.
	Quotes []string `json:"quotes,omitempty"`
	// More counts the other sections of this document edition that match but are not on this
	// page (at most two of one edition are, unless the query names it); the query with
	// doc:DocID added lists them ("更多来自本文件").
	More int `json:"more,omitempty"`

	// StatusUnconfirmed: the sources do not confirm the status (the application sets it).
	StatusUnconfirmed bool `json:"status_unconfirmed,omitempty"`
}

// FacetCount is how many hits have one value of a facet.
type FacetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

var facetFields = []string{"type", "domain", "level", "status", "region"}

// facetField holds name=value for every facet and refField the entry's id, both read into a
// docTable.
const (
	facetField = "facet"
	refField   = "ref"
)

// Field boosts. The path field holds the document title and the section's heading path, so a
// match in a heading weighs 1.5 against 1 in the body. The figures were chosen on the relevance
// set (testdata/relevance), which may flatter them; a separate title field scored worse there.
const (
	boostPath   = 1.5
	boostBody   = 1.0
	boostNumber = 20.0
	boostCites  = 2.0
	boostClause = 5.0
)

// Weights of a query word's expansions and of a lone character; variables so that the sweep
// (weights_sweep_test.go) can vary them on one index.
var (
	boostSynonym = 0.6
	boostSubWord = 0.3
	// boostLoneChar scales a one-character query word when the query has longer words.
	boostLoneChar = 0.1
)

// Search runs a request. Malformed queries and filters yield stdkb EINVALID errors.
func (ix *Index) Search(ctx context.Context, req Request) (*Result, error) {
	start := time.Now()
	p, err := parseQuery(req.Query)
	if err != nil {
		return nil, err
	}
	if ix.seg != nil {
		for i, t := range p.text {
			p.text[i] = ix.questions.plain(t, ix.seg)
		}
	}
	if req.Page <= 0 {
		req.Page = 1
	}
	if req.Limit <= 0 {
		req.Limit = DefaultLimit
	}
	if req.Limit > MaxLimit || req.Page > MaxPage {
		return nil, stdkb.Errorf(stdkb.EINVALID, "每页至多 %d 条（limit），页码至多 %d（page）", MaxLimit, MaxPage)
	}
	if req.Documents && (req.Group || req.Page*req.Limit > MaxDocuments) {
		return nil, stdkb.Errorf(stdkb.EINVALID, "按文件显示至多列出前 %d 个文件（page × limit），且不能与 group 同用；请缩小检索范围或按条款显示", MaxDocuments)
	}
	var docs documentPaging
	byEdition := req.Documents
	if req.Documents {
		docs = sectionsFor(&req)
	}
	switch req.Sort {
	case "", "relevance", "date":
	default:
		return nil, stdkb.Errorf(stdkb.EINVALID, "排序方式 %q 不存在：应为 “relevance”（按相关度）或 “date”（按日期）", req.Sort)
	}
	q, idOnly, err := ix.buildQuery(p, &req)
	if err != nil {
		return nil, err
	}

	from := (req.Page - 1) * req.Limit
	sr := ix.scoringRequest(q, req.Limit, from)
	diverse := !req.Group && !req.Flat && req.Sort != "date" && !idOnly && ix.seg != nil
	if req.Documents && !diverse {
		// By date or by number, one edition's sections rank side by side: editions are ranked
		// by their best section (or date) instead, exactly, one row each.
		req.Group = true
	}
	if diverse {
		sr.Size, sr.From = diversityWindow(from+req.Limit), 0
	}
	// Sorting on stored values costs a doc-value lookup per match, so plain relevance uses the
	// score alone; editions matching a number equally well come newest first. Groups are
	// ranked by the collector, from the entries.
	switch {
	case req.Group:
		sr.Size, sr.From = 0, 0
	case req.Sort == "date":
		sr.SortBy([]string{"-effective", "-_score"})
	case idOnly:
		sr.SortBy([]string{"-_score", "-effective"})
	}
	c := &collector{ix: ix, keep: ix.literalFilter(p), group: req.Group, count: diverse || req.Documents,
		figures: ix.asksFigure(strings.Join(p.text, " ")), byEdition: byEdition}
	if !idOnly && ix.seg != nil {
		c.evidenceWords = ix.evidenceWords(p) // document evidence (docevidence.go)
		c.labels = ix.queryLabels(strings.Join(p.text, " "))
		c.docs = ix.queryDocCues(strings.Join(p.text, " "))
		c.tense = ix.tenses.of(strings.Join(p.text, " "))
		c.units = ix.coverageUnits(strings.Join(p.text, " "))
	}
	res, err := ix.bleve.SearchInContext(c.context(ctx), sr)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	if ix.fusion == fusionRRF && !req.Group && req.Sort != "date" && !idOnly && ix.seg != nil {
		if res.Hits, err = ix.fuseRanks(ctx, p, &req, diversityWindow(from+req.Limit)); err != nil {
			return nil, err
		}
	}

	out := &Result{Query: req.Query, Total: c.total, Page: req.Page, Limit: req.Limit, Hits: []Hit{}}
	var page []*scored
	if req.Group {
		groups := c.ranked(req.Sort == "date")
		n := len(groups)
		out.Groups = &n
		page = groups[min(from, len(groups)):min(from+req.Limit, len(groups))]
	} else {
		for _, h := range res.Hits {
			if e, ok := ix.entries[h.ID]; ok { // the index and the library agree: no phantom hits
				page = append(page, &scored{e: e, score: h.Score})
			}
		}
		if req.Sort != "date" {
			breakTies(page)
		}
		// Paged by document, every edition with a match is a row of its own, at the rank of its
		// best section: a regulation whose match quotes the plan is listed, not folded under the
		// plan as the clause view folds it (docs.cut caps the sections per row).
		if diverse && !req.Documents {
			page = ix.diversify(ctx, q, p, req.Query, page, req.Page, req.Limit)
		}
	}
	if req.Documents {
		page = docs.cut(page)
		n := c.editions()
		out.Groups, out.Page, out.Limit = &n, docs.page, docs.limit
	}
	out.Hits = ix.present(p, page, c, diverse || req.Documents)
	out.Facets = c.facets()
	if c.total == 0 {
		out.Suggestions = ix.suggest(strings.Join(p.text, " "))
	}
	out.TookMS = math.Round(float64(time.Since(start).Microseconds())/10) / 100
	return out, nil
}

// breakTies orders sections of equal score newest edition first, then by entry id. bleve leaves
// equal scores in the order of its segments, which depends on how the build's parallel batches
// happened to finish, so without this the same query could list the same sections in another
// order after each rebuild.
func breakTies(page []*scored) {
	sort.SliceStable(page, func(i, j int) bool {
		a, b := page[i], page[j]
		if a.score != b.score {
			return a.score > b.score
		}
		if a.e.Effective != b.e.Effective {
			return b.e.Effective.Before(a.e.Effective)
		}
		return a.e.ID < b.e.ID
	})
}

// present turns a page of scored entries into hits with snippets; with the page layout
// (diverse), each hit counts the sections of its edition left off the page.
func (ix *Index) present(p *parsedQuery, page []*scored, c *collector, diverse bool) []Hit {
	terms := ix.highlightTerms(p)
	var phrases []string
	for _, ph := range p.phrases {
		phrases = append(phrases, foldASCII(ph))
	}
	shown := map[string]int{}
	for _, h := range page {
		shown[h.e.Group]++
	}
	hits := []Hit{}
	for _, h := range page {
		hit := ix.hit(h.e, h.score, terms, phrases)
		hit.Quotes = h.quotes
		if diverse {
			hit.More = max(0, c.matchesOf(h.e.Group)-shown[h.e.Group]-countQuotes(page, h.e.Group))
		}
		hits = append(hits, hit)
	}
	return hits
}

// countQuotes counts the quoting sections of group shown under the page's hits.
func countQuotes(page []*scored, group string) int {
	n := 0
	for _, h := range page {
		for _, id := range h.quotes {
			if e := strings.Split(id, "#")[0]; e == group {
				n++
			}
		}
	}
	return n
}

// buildQuery turns a parsed query and the request's filters into a bleve query. A query of
// nothing but identifiers (idOnly) searches every edition, not only the latest.
func (ix *Index) buildQuery(p *parsedQuery, req *Request) (q query.Query, idOnly bool, err error) {
	return ix.buildQueryViews(p, req, wordsView|gramsView)
}

// buildQueryViews is buildQuery matching the query's text in the given views only.
func (ix *Index) buildQueryViews(p *parsedQuery, req *Request, views textView) (q query.Query, idOnly bool, err error) {
	var must, should, mustNot []query.Query
	var extra query.Query // scores the sections the others find, finding none itself

	text := strings.Join(p.text, " ")
	if strings.TrimSpace(text) != "" {
		if ix.seg == nil {
			should = append(should, ix.textQuery(text, ix.query, 1)...)
		} else {
			if views&wordsView != 0 {
				should = append(should, ix.wordQueries(text)...)
			}
			if views&gramsView != 0 && ix.grams {
				if g := ix.gramQuery(text); g != nil {
					should = append(should, g)
				}
			}
			if views&gramsView != 0 {
				extra = ix.charQuery(text)
			}
		}
	}
	for _, id := range p.ids {
		// An order typed with its full issuer matches both keys and ranks above another
		// issuer's order of the same number.
		for _, key := range id.SearchKeys() {
			should = append(should, termQ("numbers", key, boostNumber), termQ("cites", key, boostCites))
		}
	}
	for _, c := range p.clauses {
		should = append(should, termQ("clause", c, boostClause))
	}
	// Phrases and exclusions are checked against each candidate's text as it is collected
	// (literalFilter). The index cannot narrow the candidates for a phrase: how its words are
	// cut depends on the text around them (务用车 is inside 公务用车, which holds no word 务,
	// and even inner words can be cut differently), so a query of nothing but phrases reads
	// every section's text, its words only ranking the sections.
	var phraseWords []string
	for _, ph := range p.phrases {
		for _, tk := range ix.queryTokens(ph) {
			phraseWords = append(phraseWords, tk.Text)
		}
	}
	idOnly = len(p.ids) > 0 && strings.TrimSpace(text) == "" && len(p.phrases) == 0
	userFilters := len(p.filters) > 0 || req.Type != "" || req.Domain != "" || req.Level != "" || req.Status != "" || req.Region != "" || req.Unit != "" || !req.AsOf.IsZero()
	if !userFilters && len(p.phrases) == 0 && len(p.ids) == 0 && len(p.clauses) == 0 && !ix.hasWords(text) {
		return nil, false, stdkb.Errorf(stdkb.EINVALID, "检索词为空：请输入词语、用引号括起的短语、标准编号或筛选条件（如 “type:standard”）；“的”“什么”等常用字词不参与检索")
	}

	filters, err := ix.filterQueries(p, req, idOnly)
	if err != nil {
		return nil, false, err
	}
	must = append(must, filters...)
	if req.AsOf.IsZero() && len(p.filters["asof"]) == 0 && !idOnly {
		// Only the latest editions: excluding the few superseded ones is cheaper than
		// requiring the many latest ones.
		older := query.NewBoolFieldQuery(false)
		older.SetField("latest")
		mustNot = append(mustNot, older)
	}
	minShould := 1.0
	if len(should) == 0 && len(phraseWords) > 0 {
		// Phrases alone: their words rank the sections, none is required.
		for _, w := range phraseWords {
			should = append(should, ix.anyField(w))
		}
		minShould = 0
	}
	if extra != nil && len(should) > 0 && minShould == 1 {
		// A clause that only adds to the score: the others, one of which must match, become a
		// required clause of their own, and extra an optional one beside it.
		must = append(must, query.NewDisjunctionQuery(should))
		should, minShould = []query.Query{extra}, 0
	}
	if len(must) == 0 && (len(should) == 0 || minShould == 0) {
		must = append(must, query.NewMatchAllQuery())
	}
	bq := query.NewBooleanQuery(nil, nil, nil)
	if len(must) > 0 {
		bq.AddMust(must...)
	}
	if len(should) > 0 {
		bq.AddShould(should...)
		bq.SetMinShould(minShould)
	}
	if len(mustNot) > 0 {
		bq.AddMustNot(mustNot...)
	}
	return bq, idOnly, nil
}

// wordQueries matches the query's words, the dictionary words inside them (as the index holds
// them beside each word, so a query word the text never has whole, 标准复审 against
// 标准按期复审率, still finds its parts) and their synonyms, in the path and body fields.
//
// Query words in more than half the sections are left out (of matching as well as scoring) when
// rarer query words remain: their BM25 weight is close to zero, yet scoring them means visiting
// nearly every section; when all are that common, those in more than 90% are left out if others
// remain. Only the query's own words are judged so: the words inside a word and its synonyms go
// with it, unless they are commoner than both the limit and the word itself.
func (ix *Index) wordQueries(text string) []query.Query {
	type word struct {
		text  string
		boost float64
		main  int // index in words of the query word it belongs to; its own for a query word
	}
	var words []word
	seen := map[string]int{}
	add := func(t string, boost float64, main int) {
		if _, ok := seen[t]; !ok {
			seen[t] = len(words)
			words = append(words, word{t, boost, main})
		}
	}
	terms, understood := ix.thesaurusMatch(text)
	main := -1
	for _, tk := range ix.seg.Expanded(text) {
		if !tk.Sub && utf8.RuneCountInString(tk.Text) == 1 && understood(tk.Start, tk.End) {
			// A lone character of a phrase the thesaurus understood (车 of 单位的车): the
			// phrase's terms stand for it; alone it matches everything.
			main = -1
			continue
		}
		if tk.Sub {
			if main >= 0 { // sub-words follow their word
				add(tk.Text, boostSubWord, main)
			}
			continue
		}
		if i, ok := seen[tk.Text]; ok {
			main = i
			if words[i].main == i {
				continue // typed twice
			}
			// Typed, and already there as another word's sub-word or synonym: it counts as
			// typed.
			words[i].main, words[i].boost = i, 1
		} else {
			main = len(words)
			add(tk.Text, 1, main)
		}
		for _, syn := range ix.lib.Lexicon.Expand(tk.Text) {
			for _, st := range ix.seg.Precise(syn) {
				add(st.Text, boostSynonym, main)
			}
		}
	}
	for _, t := range ix.abbreviationTerms(text) {
		add(t, boostAbbreviation, len(words))
	}
	for _, term := range terms {
		for _, tk := range ix.seg.Precise(term.text) {
			if _, ok := seen[tk.Text]; !ok {
				add(tk.Text, term.boost, len(words))
			}
		}
	}
	// A query word of one character beside longer ones (还 and 没 of 发票还没报销) weighs
	// boostLoneChar: formal text seldom leaves a character standing alone as a word, so its idf
	// is high while what it says is little; the longer words carry the question.
	var typed []string
	for i, w := range words {
		if w.main == i {
			typed = append(typed, w.text)
		}
	}
	if hasLongWord(typed) {
		var lone, others []string
		for i, w := range words {
			switch {
			case w.main != i:
			case utf8.RuneCountInString(w.text) == 1:
				words[i].boost *= boostLoneChar
				lone = append(lone, w.text)
			case ix.docFraction(w.text) > 0 && ix.docFraction(w.text) <= commonFractions[0]:
				others = append(others, w.text)
			}
		}
		// A lone character also looks for the words it may stand for (completion.go).
		for _, t := range ix.completions(lone, others) {
			add(t, boostCompletion, len(words))
		}
	}
	limit := 1.0
tiers:
	for _, l := range commonFractions {
		for i, w := range words {
			if w.main == i && ix.docFraction(w.text) <= l {
				limit = l
				break tiers
			}
		}
	}
	var out []query.Query
	for i, w := range words {
		m := words[w.main]
		mainDF := ix.docFraction(m.text)
		if mainDF > limit {
			continue
		}
		if i != w.main && ix.docFraction(w.text) > max(limit, mainDF) {
			continue
		}
		out = append(out, ix.textTermQ("path", w.text, boostPath*w.boost), ix.textTermQ("body", w.text, boostBody*w.boost))
		if q := ix.phrasingQuery(w.text, w.boost); q != nil {
			out = append(out, q)
		}
	}
	return out
}

// hasLongWord reports whether any of words is longer than one character.
func hasLongWord(words []string) bool {
	for _, w := range words {
		if utf8.RuneCountInString(w) > 1 {
			return true
		}
	}
	return false
}

// commonFractions are the shares of sections above which a query word no longer helps ranking,
// tried in turn: words in more than half the sections are left out if any others remain, else
// those in more than 90% if any others remain.
var commonFractions = []float64{0.5, 0.9}

// docFraction returns the share of sections whose body holds term, cached per index.
func (ix *Index) docFraction(term string) float64 { return ix.fieldFraction("body", term) }

// fieldFraction returns the share of sections whose field holds term, cached per index.
func (ix *Index) fieldFraction(field, term string) float64 {
	key := term
	if field != "body" {
		key = field + "\x00" + term
	}
	if v, ok := ix.df.Load(key); ok {
		return v.(float64)
	}
	f := 0.0
	if r, err := ix.reader(); err == nil {
		if n, err := r.DocCount(); err == nil && n > 0 {
			if tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, false, false, false); err == nil {
				f = float64(tfr.Count()) / float64(n)
				tfr.Close()
			}
		}
		r.Close()
	}
	if f > 0 { // only the index's own words: the cache never outgrows its vocabulary
		ix.df.Store(key, f)
	}
	return f
}

// hasWords reports whether text holds any word that search does not ignore.
func (ix *Index) hasWords(text string) bool {
	if ix.seg == nil {
		return strings.TrimSpace(text) != ""
	}
	return len(ix.seg.Precise(text)) > 0
}

// textQuery matches text, analysed by the named analyzer, in every text field with the field's
// boost.
func (ix *Index) textQuery(text, analyzer string, boost float64) []query.Query {
	var out []query.Query
	for _, f := range []struct {
		name  string
		boost float64
	}{{"path", boostPath}, {"body", boostBody}} {
		m := query.NewMatchQuery(text)
		m.SetField(f.name)
		m.Analyzer = analyzer
		m.SetBoost(f.boost * boost)
		out = append(out, m)
	}
	return out
}

// foldASCII lowercases the ASCII letters of s.
func foldASCII(s string) string {
	b, _ := lowerASCII([]byte(s), nil)
	return string(b)
}

// queryTokens analyses text as queries are: precise words for gse, bigrams for cjk.
func (ix *Index) queryTokens(text string) []Token {
	if ix.seg != nil {
		return ix.seg.Precise(text)
	}
	return ix.analyze(text)
}

// anyField matches a term in a heading or the body.
func (ix *Index) anyField(term string) query.Query {
	return query.NewDisjunctionQuery([]query.Query{ix.textTermQ("path", term, boostPath), ix.textTermQ("body", term, boostBody)})
}

// literalFilter returns the check a match's entry must pass: every quoted phrase appears in its
// title, heading path or text, and no excluded word or phrase does; nil when there is none.
// Letters compare case-insensitively.
func (ix *Index) literalFilter(p *parsedQuery) func(*entry) bool {
	if len(p.phrases) == 0 && len(p.excludes) == 0 {
		return nil
	}
	var need, avoid []string
	for _, ph := range p.phrases {
		need = append(need, foldASCII(ph))
	}
	for _, ex := range p.excludes {
		avoid = append(avoid, foldASCII(ex))
	}
	return func(e *entry) bool {
		for _, ph := range need {
			if !e.contains(ph) {
				return false
			}
		}
		for _, ex := range avoid {
			if e.contains(ex) {
				return false
			}
		}
		return true
	}
}

// textTermQ is termQ for a field searched as text, its boost scaled for the field's length
// normalisation (lengthBoost).
func (ix *Index) textTermQ(field, term string, boost float64) query.Query {
	return termQ(field, term, boost*ix.lengthBoost(field))
}

func termQ(field, term string, boost float64) query.Query {
	t := query.NewTermQuery(term)
	t.SetField(field)
	t.SetBoost(boost)
	return t
}

// filterQueries turns the request's and the query's filters into required clauses.
func (ix *Index) filterQueries(p *parsedQuery, req *Request, idOnly bool) ([]query.Query, error) {
	add := func(field, value string) {
		if value != "" {
			p.filters[field] = append(p.filters[field], value)
		}
	}
	add("type", req.Type)
	add("domain", req.Domain)
	add("level", req.Level)
	add("status", req.Status)
	add("region", req.Region)
	add("unit", req.Unit)
	if docs := p.filters["doc"]; len(docs) > 0 {
		for _, d := range docs {
			if !ix.hasDocument(d) {
				return nil, stdkb.Errorf(stdkb.EINVALID, "“doc:%s”：没有这个文件", d)
			}
		}
	}
	asOf := req.AsOf
	var out []query.Query
	for _, field := range sortedKeys(filterFields) {
		values := p.filters[field]
		if len(values) == 0 {
			continue
		}
		var alts []query.Query
		for _, v := range values {
			switch field {
			case "type":
				switch v {
				case "standard", "regulation", "checklist", "indicator":
				default:
					return nil, stdkb.Errorf(stdkb.EINVALID, "“type:%s”：类型应为 “standard”（标准）、“regulation”（规章制度）、“checklist”（检查表）或 “indicator”（指标）", v)
				}
				alts = append(alts, termQ("type", v, 1))
			case "domain":
				if _, ok := ix.lib.Framework.Node(v); !ok {
					return nil, stdkb.Errorf(stdkb.EINVALID, "“domain:%s”：没有这个体系代码", v)
				}
				alts = append(alts, termQ("domain", v, 1))
			case "level", "status", "issuer", "doc":
				alts = append(alts, termQ(field, v, 1))
			case "region":
				if !slices.Contains(stdkb.RegionClasses, v) {
					return nil, stdkb.Errorf(stdkb.EINVALID, "“region:%s”：地区应为 %s", v, strings.Join(stdkb.RegionClasses, "、"))
				}
				alts = append(alts, termQ("region", v, 1))
			case "unit":
				if _, ok := ix.lib.Unit(v); !ok {
					return nil, stdkb.Errorf(stdkb.EINVALID, "“unit:%s”：没有这个单位", v)
				}
				alts = append(alts, termQ("unit", v, 1))
			case "sample":
				b := v == "true"
				if v != "true" && v != "false" {
					return nil, stdkb.Errorf(stdkb.EINVALID, "“sample:%s”：应为 “true” 或 “false”", v)
				}
				q := query.NewBoolFieldQuery(b)
				q.SetField("sample")
				alts = append(alts, q)
			case "year":
				from, to, err := parseYears(v)
				if err != nil {
					return nil, err
				}
				var lo, hi *float64
				if from != 0 {
					f := float64(from)
					lo = &f
				}
				if to != 0 {
					t := float64(to)
					hi = &t
				}
				inc := true
				q := query.NewNumericRangeInclusiveQuery(lo, hi, &inc, &inc)
				q.SetField("year")
				alts = append(alts, q)
			case "asof":
				d, err := stdkb.ParseDate(v)
				if err != nil {
					return nil, stdkb.Errorf(stdkb.EINVALID, "“asof:%s”：日期格式应为 YYYY-MM-DD", v)
				}
				asOf = d
			}
		}
		if len(alts) > 0 {
			out = append(out, query.NewDisjunctionQuery(alts))
		}
	}
	if !asOf.IsZero() && (asOf.Year() < 1900 || !asOf.Before(stdkb.DateOf(farFuture))) {
		return nil, stdkb.Errorf(stdkb.EINVALID, "日期 %s 超出范围：应在 1900 年至 2199 年之间", asOf)
	}
	if !asOf.IsZero() {
		out = append(out, inForce(asOf))
	}
	return out, nil
}

// inForce matches entries in force on day d: effective on or before d and not yet replaced or
// withdrawn. Checklists and indicator sets count as effective from the day they started to exist
// (startOf) and are never replaced; those with no known start match no day.
func inForce(d stdkb.Date) query.Query {
	t, yes, no := d.Time(), true, false
	eff := query.NewDateRangeInclusiveQuery(time.Time{}, t, &yes, &yes)
	eff.SetField("effective")
	until := query.NewDateRangeInclusiveQuery(t, farFuture, &no, &yes)
	until.SetField("until")
	return query.NewConjunctionQuery([]query.Query{eff, until})
}

// hit presents a search hit.
func (ix *Index) hit(e *entry, score float64, terms map[string]bool, phrases []string) Hit {
	return Hit{ID: e.ID, DocID: e.DocID, Edition: e.Edition, Section: e.Section, Type: string(e.Kind),
		Title: e.Title, Heading: e.heading(), Number: e.Number, Status: e.Status, Level: e.Level, Region: e.Region,
		Framework: e.Framework, Effective: e.Effective.String(), Sample: e.Sample,
		Score:   math.Round(score*1000) / 1000,
		Snippet: ix.highlight(e.Text, terms, phrases)}
}

// highlightTerms are the index terms a query's matches may be marked with; nil marks all.
func (ix *Index) highlightTerms(p *parsedQuery) map[string]bool {
	terms := map[string]bool{}
	words := append(append([]string(nil), p.text...), p.phrases...)
	for _, w := range words {
		for _, tk := range ix.queryTokens(w) {
			terms[tk.Text] = true
			if ix.seg == nil {
				continue // the cjk baseline has no synonyms
			}
			for _, syn := range ix.lib.Lexicon.Expand(tk.Text) {
				for _, st := range ix.seg.Precise(syn) {
					terms[st.Text] = true
				}
			}
		}
		if ix.seg != nil {
			for _, th := range ix.thesaurusTerms(w) {
				for _, st := range ix.seg.Precise(th) {
					terms[st.Text] = true
				}
			}
		}
	}
	return terms
}

// sortFacet orders facet counts by count, then value.
func sortFacet(c []FacetCount) {
	sort.Slice(c, func(i, j int) bool {
		if c[i].Count != c[j].Count {
			return c[i].Count > c[j].Count
		}
		return c[i].Value < c[j].Value
	})
}
