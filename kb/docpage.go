package kb

import (
	"html/template"
	"regexp"
	"sort"
	"strings"

	"stdkb"
)

// DocumentPage is everything a document page shows: the edition asked for with its status on
// the day in question, how it stands to other editions and documents, and its body with
// references to documents in the library turned into links.
type DocumentPage struct {
	Doc     *stdkb.Document
	Edition *stdkb.Edition
	Latest  bool
	// Day is the day statuses are given for: the as-of date asked for, else today.
	Day  stdkb.Date
	AsOf bool // Day was asked for (?asof=), not today
	// Status is the edition's status on Day as a reader should see it: derived from dates and
	// reviews (not the declared status of today), 规划期已结束 for a plan whose period is over.
	Status string
	// NoneInForce is set when no edition was in force on the as-of day: the page shows the
	// first edition after it (or the latest) and says so.
	NoneInForce bool
	// StatusUnconfirmed is set when the sources do not confirm the status.
	StatusUnconfirmed bool
	Region            string // 本市, 国家 or 外省参考 (stdkb.RegionClass)
	Replaces          string // number of the edition this one replaces (代替), if known
	ReplacesEdition   *stdkb.Edition
	ReplacedBy        *stdkb.Edition // the edition that replaces this one, once issued
	Framework         []FrameworkName
	// QuotesPlan is set when the body quotes the plan's passage on the document rather than
	// summarising it (entries without full text).
	QuotesPlan bool
	// MentionedIn are the plan passages that rely on this document.
	MentionedIn []SectionLink
	// Relies lists, per section of this document, the library documents that section relies on
	// (Library.MentionedIn): a plan's sections and the documents they name.
	Relies  []SectionDocuments
	Body    template.HTML
	History []EditionStatus // newest first
	Review  stdkb.ReviewState
	// Reviewable is set for documents under review policy (standards), whose history shows
	// reviews; regulations are not reviewed.
	Reviewable bool
}

// FrameworkName is a framework code with its branch name.
type FrameworkName struct{ Code, Name string }

// SectionLink names a section of a library document.
type SectionLink struct {
	Doc, Edition, Section string
	Title                 string // the document's title
	Heading               string // the section's heading, empty for the whole document
}

// SectionDocuments is one section and the library documents it relies on.
type SectionDocuments struct {
	Section   string
	Heading   string
	Documents []DocumentSummary
}

// EditionStatus is an edition in a document's history with its status on the page's day.
type EditionStatus struct {
	stdkb.EditionHistory
	Status string // on the page's day, as DocumentPage.Status
}

// DocumentPage assembles the page of a document edition (EditionRequest); with AsOf set the
// edition in force on that day and every status as it stood that day.
func (a *App) DocumentPage(c Caller, r EditionRequest) (*DocumentPage, error) {
	d, e, err := a.Edition(c, r)
	noneInForce := false
	if stdkb.ErrorCode(err) == stdkb.ENOTFOUND && r.AsOf != "" && r.Edition == "" {
		// No edition was in force that day: the page says so over the first edition issued
		// after it (or the latest), rather than answering 404.
		if d, e, err = a.Edition(c, EditionRequest{Doc: r.Doc}); err == nil {
			day, _ := stdkb.ParseDate(r.AsOf)
			e, noneInForce = firstAfter(d, day), true
		}
	}
	if err != nil {
		return nil, err
	}
	ledger, err := a.ledger()
	if err != nil {
		return nil, err
	}
	lib := a.lib()
	p := &DocumentPage{Doc: d, Edition: e, Latest: e == d.Latest(), Day: a.Today(), Region: lib.RegionClass(e),
		Reviewable: d.Kind == stdkb.KindStandard}
	if r.AsOf != "" {
		p.Day, _ = stdkb.ParseDate(r.AsOf) // Edition checked it
		p.AsOf = true
	}
	p.Review = stdkb.StateOf(d, ledger, lib.Policy, p.Day)
	p.Status, p.NoneInForce = StatusOn(d, e, ledger, p.Day), noneInForce
	if noneInForce && (e.Issued.IsZero() || p.Day.Before(e.Issued)) {
		p.Status = "尚未发布"
	}
	p.StatusUnconfirmed = !e.Confirmed("status")
	p.Replaces, p.ReplacesEdition, p.ReplacedBy = replacement(d, e)
	if next := p.ReplacedBy; next != nil && !next.Issued.IsZero() && p.Day.Before(next.Issued) {
		p.ReplacedBy = nil // not issued yet on the day: nothing replaced this edition then
	}
	for _, code := range e.Framework {
		name := ""
		if n, ok := lib.Framework.Node(code); ok {
			name = n.Name
		}
		p.Framework = append(p.Framework, FrameworkName{code, name})
	}
	p.QuotesPlan = quotesPlan(e)
	p.MentionedIn = mentionLinks(lib, e.Mentions)
	p.Relies = relies(lib, e)
	html, err := renderBody(e)
	if err != nil {
		return nil, err
	}
	body := glossaryRefs(linkReferences(string(html), referenceTargets(lib, e)))
	p.Body = template.HTML(reliesUnderHeadings(body, p.Relies))
	hist := stdkb.History(d, ledger, p.Day)
	for i := len(hist) - 1; i >= 0; i-- {
		p.History = append(p.History, EditionStatus{EditionHistory: hist[i], Status: StatusOn(d, hist[i].Edition, ledger, p.Day)})
	}
	return p, nil
}

// DayStatus is an edition's status on a day (StatusOn).
type DayStatus struct {
	Day    stdkb.Date `json:"day"`
	Status string     `json:"status"`
}

// EditionOn resolves an edition (EditionRequest) with its status on the as-of day asked for, or
// today: the API's document answer states what held on that day, not today's declared status.
func (a *App) EditionOn(c Caller, r EditionRequest) (*stdkb.Edition, DayStatus, error) {
	d, e, err := a.Edition(c, r)
	if err != nil {
		return nil, DayStatus{}, err
	}
	ledger, err := a.ledger()
	if err != nil {
		return nil, DayStatus{}, err
	}
	day := a.Today()
	if r.AsOf != "" {
		day, _ = stdkb.ParseDate(r.AsOf) // Edition checked it
	}
	return e, DayStatus{Day: day, Status: StatusOn(d, e, ledger, day)}, nil
}

// firstAfter is the first edition, not a draft, taking effect after day; else the latest.
func firstAfter(d *stdkb.Document, day stdkb.Date) *stdkb.Edition {
	for _, e := range d.Editions {
		if !e.Draft() && e.Effective.After(day) {
			return e
		}
	}
	return d.Latest()
}

// renderBody renders an edition's body for its page.
func renderBody(e *stdkb.Edition) (template.HTML, error) { return RenderEdition(e) }

// StatusOn is an edition's status on a day as readers should see it: derived from its dates and
// reviews (an edition later replaced was 现行 before its successor took effect), the declared
// status when the dates say nothing, and 规划期已结束 for a plan in force whose period is over.
func StatusOn(d *stdkb.Document, e *stdkb.Edition, ledger []stdkb.ReviewDecision, day stdkb.Date) string {
	status, ok := stdkb.Status(d, e, stdkb.Reviews(e, ledger), day)
	if !ok {
		status = e.Status
	}
	if status == "现行" && e.PeriodEnded(day) {
		return "规划期已结束"
	}
	return status
}

// replacement returns what an edition replaces (a number, and the edition when the library
// holds it) and the edition that replaces it.
func replacement(d *stdkb.Document, e *stdkb.Edition) (string, *stdkb.Edition, *stdkb.Edition) {
	var prev *stdkb.Edition
	for i, x := range d.Editions {
		if x == e && i > 0 {
			prev = d.Editions[i-1]
		}
	}
	number := e.Replaces
	if prev != nil && prev.Number != "" {
		number = prev.Number
	}
	next := d.Successor(e)
	if next != nil && next.Draft() {
		next = nil
	}
	return number, prev, next
}

// quotesPlan reports whether an entry without full text holds the plan's own words about it
// (a section 规划中的相关表述) rather than a summary from public sources.
func quotesPlan(e *stdkb.Edition) bool {
	if e.FullText {
		return false
	}
	for _, s := range e.Sections {
		if s.Title == "规划中的相关表述" {
			return true
		}
	}
	return false
}

func mentionLinks(lib *stdkb.Library, refs []stdkb.SectionRef) []SectionLink {
	var out []SectionLink
	for _, m := range refs {
		e, s, err := lib.Resolve(m)
		if err != nil {
			continue
		}
		l := SectionLink{Doc: m.Doc, Edition: e.Key, Section: m.Section, Title: e.Title}
		if s != nil {
			l.Heading = strings.Join(s.Path, " > ")
		}
		out = append(out, l)
	}
	return out
}

// relies lists, section by section, the documents that declare the section mentions them.
func relies(lib *stdkb.Library, e *stdkb.Edition) []SectionDocuments {
	var out []SectionDocuments
	for _, s := range e.Sections {
		docs := lib.MentionedIn(stdkb.SectionRef{Doc: e.DocID, Section: s.ID})
		if len(docs) == 0 {
			continue
		}
		sd := SectionDocuments{Section: s.ID, Heading: s.Heading()}
		for _, d := range docs {
			if d.ID != e.DocID {
				sd.Documents = append(sd.Documents, summarize(d))
			}
		}
		if len(sd.Documents) > 0 {
			out = append(out, sd)
		}
	}
	return out
}

// references are where the library documents a body may name link to: standard numbers and
// 文号 as stdkb.FindIdentifiers recognises them, and the 《titles》 of documents.
type references struct {
	// numbers links an identifier written with its year (GB/T 29118-2023, 渝机管发〔2021〕104号)
	// to that edition.
	numbers map[string]string
	// undated links a standard number written without its year (GB/T 41568), which by the
	// rules of drafting (GB/T 1.1) cites the latest edition, to the document.
	undated map[string]string
	titles  *strings.Replacer // 《title》 → link, longest first
}

// referenceTargets collects the references to every other library edition (this document's
// other editions included) and to other documents. Only exact numbers link: GB/T 41568 links
// to the document whose editions are numbered GB/T 41568-…, never to GB/T 415680.
func referenceTargets(lib *stdkb.Library, self *stdkb.Edition) *references {
	r := &references{numbers: map[string]string{}, undated: map[string]string{}}
	var titles []string
	seen := map[string]bool{}
	for _, d := range lib.Documents {
		for _, e := range d.Editions {
			if e.Number == "" || e.Sample || e == self || e.Number == self.Number {
				continue
			}
			ids, _ := stdkb.FindIdentifiers(e.Number)
			if len(ids) != 1 {
				continue
			}
			r.numbers[ids[0].Canonical] = "/docs/" + d.ID + "/" + e.Key
			if ids[0].Year != "" && d.ID != self.DocID && d.Kind == stdkb.KindStandard {
				r.undated[ids[0].Base] = "/docs/" + d.ID
			}
		}
		title := "《" + d.Latest().Title + "》"
		if d.ID != self.DocID && !d.Latest().Sample && len([]rune(title)) >= 4 && !seen[title] {
			seen[title] = true
			titles = append(titles, title, "/docs/"+d.ID)
		}
	}
	// Longest first, so a title containing another's wins.
	pairs := make([][2]string, 0, len(titles)/2)
	for i := 0; i < len(titles); i += 2 {
		pairs = append(pairs, [2]string{titles[i], titles[i+1]})
	}
	sort.SliceStable(pairs, func(i, j int) bool { return len(pairs[i][0]) > len(pairs[j][0]) })
	var rep []string
	for _, p := range pairs {
		esc := template.HTMLEscapeString(p[0])
		rep = append(rep, esc, refLink(p[1], esc))
	}
	r.titles = strings.NewReplacer(rep...)
	return r
}

// refLink is the markup of a reference to a library document.
func refLink(href, escapedText string) string {
	return `<a class="ref" href="` + template.HTMLEscapeString(href) + `">` + escapedText + `</a>`
}

// link marks up the references in a piece of escaped HTML text: identifiers where they stand,
// titles in the text between them.
func (r *references) link(text string) string {
	var b strings.Builder
	at := 0
	for _, id := range stdkb.IdentifierSpans(text) {
		href, ok := r.numbers[id.Canonical]
		if !ok && id.Year == "" {
			href, ok = r.undated[id.Base]
		}
		if !ok || id.Start < at {
			continue
		}
		b.WriteString(r.titles.Replace(text[at:id.Start]))
		b.WriteString(refLink(href, text[id.Start:id.End]))
		at = id.End
	}
	b.WriteString(r.titles.Replace(text[at:]))
	return b.String()
}

// linkReferences turns references in rendered HTML's text into links, outside tags and outside
// existing links. Content HTML is goldmark's output: well formed, text escaped.
func linkReferences(html string, refs *references) string {
	var b strings.Builder
	inLink := 0
	for html != "" {
		lt := strings.IndexByte(html, '<')
		if lt < 0 {
			lt = len(html)
		}
		if inLink == 0 {
			b.WriteString(refs.link(html[:lt]))
		} else {
			b.WriteString(html[:lt])
		}
		html = html[lt:]
		if html == "" {
			break
		}
		gt := strings.IndexByte(html, '>')
		if gt < 0 {
			b.WriteString(html)
			break
		}
		tag := html[:gt+1]
		switch {
		case strings.HasPrefix(tag, "<a ") || tag == "<a>":
			inLink++
		case tag == "</a>" && inLink > 0:
			inLink--
		}
		b.WriteString(tag)
		html = html[gt+1:]
	}
	return b.String()
}

// reliesUnderHeadings adds, under each heading whose section relies on library documents, a
// line linking them.
func reliesUnderHeadings(html string, rs []SectionDocuments) string {
	for _, r := range rs {
		at := strings.Index(html, ` id="`+template.HTMLEscapeString(r.Section)+`"`)
		if at < 0 || !strings.HasPrefix(html[strings.LastIndexByte(html[:at], '<'):], "<h") {
			continue
		}
		end := strings.Index(html[at:], "</h")
		if end < 0 {
			continue
		}
		close := at + end + strings.IndexByte(html[at+end:], '>') + 1
		var b strings.Builder
		b.WriteString(`<p class="relies">本节涉及：`)
		for i, d := range r.Documents {
			if i > 0 {
				b.WriteString("、")
			}
			b.WriteString(`<a href="/docs/` + template.HTMLEscapeString(d.ID) + `">` + template.HTMLEscapeString(d.Title) + `</a>`)
		}
		b.WriteString("</p>")
		html = html[:close] + b.String() + html[close:]
	}
	return html
}

var (
	// footnoteRef matches goldmark's footnote reference, whose target is fn:N (goldmark's
	// numbering) or fn-LABEL (the section id, once anchors are the sections').
	footnoteRef  = regexp.MustCompile(`<sup id="fnref:(\d+)"><a href="#fn[:-]([^"]+)" class="footnote-ref" role="doc-noteref">\d+</a></sup>`)
	footnoteNote = regexp.MustCompile(`<li id="fn:(\d+)">`)
	footnoteBack = regexp.MustCompile(`href="#fnref:(\d+)"`)
)

// glossaryRefs renders glossary references the way the plan prints them, 〔2〕, and gives notes
// the anchors their sections have (fn-2), so search hits on a glossary entry land on it. Where
// goldmark's numbering is still in the HTML (fn:N, in order of first reference) it stands for
// the label, which is how the content numbers its notes.
func glossaryRefs(html string) string {
	html = footnoteRef.ReplaceAllString(html, `<a id="fnref-$1" href="#fn-$2" class="footnote-ref" role="doc-noteref">〔$2〕</a>`)
	html = footnoteNote.ReplaceAllString(html, `<li id="fn-$1">`)
	return footnoteBack.ReplaceAllString(html, `href="#fnref-$1"`)
}
