package kb

import (
	"context"
	"regexp"
	"sort"
	"strings"

	"stdkb"
	"stdkb/compare"
	"stdkb/indexer"
)

// Search runs a full-text search on the current snapshot. The snapshot is held for the whole
// search, so a reload meanwhile does not close the index under it.
func (a *App) Search(ctx context.Context, c Caller, req SearchRequest) (*SearchResult, error) {
	if err := a.mayRead(c); err != nil {
		return nil, err
	}
	sn := a.Acquire()
	defer sn.Release()
	ix, err := sn.index(ctx)
	if err != nil {
		return nil, err
	}
	res, err := ix.Search(ctx, req)
	if err != nil {
		return nil, err
	}
	ledger, err := a.ledger()
	if err != nil {
		return nil, err
	}
	day := req.AsOf
	if day.IsZero() {
		day = queryAsOf(req.Query, a.Today())
	}
	for i := range res.Hits {
		h := &res.Hits[i]
		if d, ok := sn.Lib.Document(h.DocID); ok && h.Edition != "" {
			if e, ok := d.Edition(h.Edition); ok {
				h.Status = StatusOn(d, e, ledger, day)
				h.StatusUnconfirmed = !e.Confirmed("status")
			}
		}
	}
	return res, nil
}

// asOfFilter finds an asof:DATE filter typed into a query.
var asOfFilter = regexp.MustCompile(`(?:^|\s)asof:(\d{4}-\d{2}-\d{2})(?:\s|$)`)

// queryAsOf is the day a query's asof: filter names (the index checked it), else today: hits
// show each edition's status on that day, not the status declared today.
func queryAsOf(q string, today stdkb.Date) stdkb.Date {
	if m := asOfFilter.FindStringSubmatch(q); m != nil {
		if d, err := stdkb.ParseDate(m[1]); err == nil {
			return d
		}
	}
	return today
}

// DocumentSummary is a document in listings.
type DocumentSummary struct {
	ID     string `json:"id"`
	Type   string `json:"type"`
	Number string `json:"number,omitempty"`
	Title  string `json:"title"`
	Level  string `json:"level,omitempty"`
	Status string `json:"status"`
	// StatusUnconfirmed: the sources do not confirm the status (shown as 未核实).
	StatusUnconfirmed bool     `json:"status_unconfirmed,omitempty"`
	Framework         []string `json:"framework"`
	Editions          []string `json:"editions"`
	Effective         string   `json:"effective,omitempty"`
	Sample            bool     `json:"sample"`
}

func summarize(d *stdkb.Document) DocumentSummary {
	e := d.Latest()
	var eds []string
	for _, x := range d.Editions {
		eds = append(eds, x.Key)
	}
	return DocumentSummary{ID: d.ID, Type: string(d.Kind), Number: e.Number, Title: e.Title, Level: e.Level,
		Status: e.Status, StatusUnconfirmed: !e.Confirmed("status"), Framework: e.Framework, Editions: eds, Effective: e.Effective.String(), Sample: e.Sample}
}

// Documents lists documents of a type ("" for all) in a framework branch ("" for all).
func (a *App) Documents(c Caller, typ, domain string) ([]DocumentSummary, error) {
	if err := a.mayRead(c); err != nil {
		return nil, err
	}
	lib := a.lib()
	if domain != "" {
		if _, ok := lib.Framework.Node(domain); !ok {
			return nil, stdkb.Errorf(stdkb.EINVALID, "体系：没有体系代码 %q", domain)
		}
	}
	switch stdkb.Kind(typ) {
	case "", stdkb.KindStandard, stdkb.KindRegulation:
	default:
		return nil, stdkb.Errorf(stdkb.EINVALID, "类型 %q 不可用：应为 “standard”（标准）或 “regulation”（规章制度）。", typ)
	}
	out := []DocumentSummary{}
	for _, d := range lib.Documents {
		if (typ == "" || string(d.Kind) == typ) && (domain == "" || lib.Framework.Covers(domain, d.Latest().Framework)) {
			out = append(out, summarize(d))
		}
	}
	return out, nil
}

// EditionRequest names an edition: a document and an edition key, or the edition in force on a
// date (AsOf "YYYY-MM-DD"), or else the latest.
type EditionRequest struct {
	Doc, Edition, AsOf string
}

// Edition resolves the document and edition a request names.
func (a *App) Edition(c Caller, r EditionRequest) (*stdkb.Document, *stdkb.Edition, error) {
	if err := a.mayRead(c); err != nil {
		return nil, nil, err
	}
	d, ok := a.lib().Document(r.Doc)
	if !ok {
		return nil, nil, stdkb.Errorf(stdkb.ENOTFOUND, "没有文件 %q。", r.Doc)
	}
	if r.Edition != "" {
		e, ok := d.Edition(r.Edition)
		if !ok {
			return nil, nil, stdkb.Errorf(stdkb.ENOTFOUND, "文件 %q 没有版本 %q。", r.Doc, r.Edition)
		}
		return d, e, nil
	}
	if r.AsOf != "" {
		day, err := stdkb.ParseDate(r.AsOf)
		if err != nil {
			return nil, nil, stdkb.Errorf(stdkb.EINVALID, "「查看某日」%s 不是有效日期，应为 年-月-日，如 2022-06-01。", r.AsOf)
		}
		e := d.InForce(day)
		if e == nil {
			return nil, nil, stdkb.Errorf(stdkb.ENOTFOUND, "%s 在 %s 没有现行版本。", r.Doc, day)
		}
		return d, e, nil
	}
	return d, d.Latest(), nil
}

// HistoryView is a document's editions (newest first) with their reviews and its review state.
type HistoryView struct {
	DocID    string                 `json:"doc_id"`
	Title    string                 `json:"title,omitempty"`
	Editions []stdkb.EditionHistory `json:"editions"` // newest first
	Review   stdkb.ReviewState      `json:"review"`
}

// History is a document's editions with their statuses and reviews.
func (a *App) History(c Caller, doc string) (HistoryView, error) {
	d, _, err := a.Edition(c, EditionRequest{Doc: doc})
	if err != nil {
		return HistoryView{}, err
	}
	ledger, err := a.ledger()
	if err != nil {
		return HistoryView{}, err
	}
	today := a.Today()
	eds := stdkb.History(d, ledger, today)
	for i, j := 0, len(eds)-1; i < j; i, j = i+1, j-1 {
		eds[i], eds[j] = eds[j], eds[i]
	}
	return HistoryView{DocID: d.ID, Title: d.Latest().Title, Editions: eds, Review: stdkb.StateOf(d, ledger, a.lib().Policy, today)}, nil
}

// DiffRequest names two editions to compare ("DOC@EDITION" each, or bare editions of Doc), or
// one document (Doc) whose last two editions are compared.
type DiffRequest struct {
	From, To string
	Doc      string
}

// Diff compares two editions clause by clause, the older (by effective date) first.
func (a *App) Diff(c Caller, r DiffRequest) (*Diff, error) {
	d, _, err := a.diff(c, r)
	return d, err
}

// diff is Diff, reporting also whether the pair was given newer first and so swapped.
func (a *App) diff(c Caller, r DiffRequest) (*Diff, bool, error) {
	if err := a.mayRead(c); err != nil {
		return nil, false, err
	}
	lib := a.lib()
	var eds [2]*stdkb.Edition
	reversed := false
	if r.From == "" && r.To == "" {
		if r.Doc == "" {
			return nil, false, stdkb.Errorf(stdkb.EINVALID, "请指明要比较的文件：从文件页面的“比较版本”进入即可。")
		}
		d, ok := lib.Document(r.Doc)
		if !ok {
			return nil, false, stdkb.Errorf(stdkb.ENOTFOUND, "没有文件 %q。", r.Doc)
		}
		if len(d.Editions) < 2 {
			return nil, false, stdkb.Errorf(stdkb.EINVALID, "《%s》只有一个版本，没有可比较的版本。", d.Latest().Title)
		}
		eds = [2]*stdkb.Edition{d.Editions[len(d.Editions)-2], d.Latest()}
	} else {
		for i, p := range [2][2]string{{"from", r.From}, {"to", r.To}} {
			e, err := diffEdition(lib, r.Doc, p[0], p[1])
			if err != nil {
				return nil, false, err
			}
			eds[i] = e
		}
		reversed = olderFirst(&eds)
	}
	seg, err := indexer.SegmenterFor(&lib.Lexicon)
	if err != nil {
		return nil, false, err
	}
	return compare.Editions(eds[0], eds[1], seg.Words), reversed, nil
}

// diffEdition resolves one side of a comparison, "DOC@EDITION" or, with doc given, a bare
// edition of doc; param names the side (from, to) in the message.
func diffEdition(lib *stdkb.Library, doc, param, v string) (*stdkb.Edition, error) {
	d, key, ok := strings.Cut(v, "@")
	if !ok && doc != "" {
		d, key, ok = doc, v, true
	}
	if !ok || d == "" || key == "" || strings.Contains(key, "#") {
		return nil, stdkb.Errorf(stdkb.EINVALID, "%s=%q：应写作 文件@版本，或在指明文件（doc=）时只写版本。", param, v)
	}
	e, _, err := lib.Resolve(stdkb.SectionRef{Doc: d, Edition: key})
	return e, err
}

// olderFirst puts the edition that took effect earlier first, reporting whether it swapped them;
// editions without an effective date stay as given.
func olderFirst(eds *[2]*stdkb.Edition) bool {
	if eds[0].Effective.IsZero() || eds[1].Effective.IsZero() || !eds[1].Effective.Before(eds[0].Effective) {
		return false
	}
	eds[0], eds[1] = eds[1], eds[0]
	return true
}

// DiffPage is a comparison as the diff page shows it: the editions compared, named for readers,
// and the document's editions to choose from.
type DiffPage struct {
	Diff     *Diff // From and To hold the editions' names (number, or title and edition)
	Doc      *stdkb.Document
	From, To *stdkb.Edition
	// Reordered is set when the editions were asked for newer first: the page compares them
	// older → newer and says so.
	Reordered bool
}

// DiffPage compares two editions (DiffRequest) for the diff page.
func (a *App) DiffPage(c Caller, r DiffRequest) (*DiffPage, error) {
	d, reordered, err := a.diff(c, r)
	if err != nil {
		return nil, err
	}
	lib := a.lib()
	var eds [2]*stdkb.Edition
	for i, ref := range []string{d.From, d.To} {
		doc, key, _ := strings.Cut(ref, "@")
		eds[i], _, err = lib.Resolve(stdkb.SectionRef{Doc: doc, Edition: key})
		if err != nil {
			return nil, err
		}
	}
	doc, _ := lib.Document(eds[1].DocID)
	shown := *d
	shown.From, shown.To = EditionName(eds[0]), EditionName(eds[1])
	return &DiffPage{Diff: &shown, Doc: doc, From: eds[0], To: eds[1], Reordered: reordered}, nil
}

// EditionName names an edition for readers: its number, else its title and edition.
func EditionName(e *stdkb.Edition) string {
	if e.Number != "" {
		return e.Number
	}
	return e.Title + "（" + e.Key + " 版）"
}

// SourceNames names the plan passages indicators and milestones cite, for readers: the
// section's heading (专栏1 …) keyed by the reference's string form; unresolved ones are left out.
func (a *App) SourceNames(c Caller, sets []*stdkb.IndicatorSet) (map[string]string, error) {
	if err := a.mayRead(c); err != nil {
		return nil, err
	}
	lib := a.lib()
	out := map[string]string{}
	name := func(refs []stdkb.SectionRef) {
		for _, r := range refs {
			if e, sec, err := lib.Resolve(r); err == nil {
				out[r.String()] = e.Title
				if sec != nil {
					out[r.String()] = sec.Heading()
				}
			}
		}
	}
	for _, set := range sets {
		for _, m := range set.Metrics {
			name(m.Sources)
		}
		for _, m := range set.Milestones {
			name(m.Sources)
		}
	}
	return out, nil
}

// Framework is the 3+7N framework tree with document counts.
func (a *App) Framework(c Caller) ([]*stdkb.BranchCount, error) {
	if err := a.mayRead(c); err != nil {
		return nil, err
	}
	return a.lib().FrameworkCounts(), nil
}

// Units lists the units whose standard systems the content describes.
func (a *App) Units(c Caller) ([]*stdkb.Unit, error) {
	if err := a.mayRead(c); err != nil {
		return nil, err
	}
	return a.lib().Units, nil
}

// Checklists lists the self-assessment checklists.
func (a *App) Checklists(c Caller) ([]*stdkb.Checklist, error) {
	if err := a.mayRead(c); err != nil {
		return nil, err
	}
	return a.lib().Checklists, nil
}

// Checklist is one checklist.
func (a *App) Checklist(c Caller, id string) (*stdkb.Checklist, error) {
	if err := a.mayRead(c); err != nil {
		return nil, err
	}
	cl, ok := a.lib().Checklist(id)
	if !ok {
		return nil, stdkb.Errorf(stdkb.ENOTFOUND, "没有检查表 %q。", id)
	}
	return cl, nil
}

// Indicators lists the plan's indicator sets.
func (a *App) Indicators(c Caller) ([]*stdkb.IndicatorSet, error) {
	if err := a.mayRead(c); err != nil {
		return nil, err
	}
	return a.lib().Indicators, nil
}

// Recent lists up to n documents by their latest issue or effective date, newest first.
func (a *App) Recent(c Caller, n int) ([]DocumentSummary, error) {
	if err := a.mayRead(c); err != nil {
		return nil, err
	}
	var recent []*stdkb.Document
	for _, d := range a.lib().Documents {
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
	sort.SliceStable(recent, func(i, j int) bool { return key(recent[i]) > key(recent[j]) })
	if len(recent) > n {
		recent = recent[:n]
	}
	var rows []DocumentSummary
	for _, d := range recent {
		rows = append(rows, summarize(d))
	}
	return rows, nil
}
