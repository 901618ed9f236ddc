// Package compare tells what changed between two editions of a document: front-matter fields,
// and clauses added, removed, changed or moved (renumbered without change), with a word-level
// diff inside changed clauses.
package compare

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"

	"stdkb"
)

// Kinds of clause change.
const (
	Added   = "added"
	Removed = "removed"
	Changed = "changed"
	Moved   = "moved" // renumbered, text unchanged
)

// Words splits text into words, keeping every character: joining the words gives the text back.
// Chinese needs a segmenter here; character diffs of Chinese are unreadable.
type Words func(text string) []string

// Diff is the comparison of two editions.
type Diff struct {
	From    string        `json:"from"` // DOC@EDITION
	To      string        `json:"to"`
	Fields  []FieldChange `json:"fields"`
	Clauses []Change      `json:"clauses"`
	Summary Summary       `json:"summary"`
}

// Summary counts the clause changes by kind, and the front-matter fields that changed.
type Summary struct {
	Fields    int `json:"fields"`
	Added     int `json:"added"`
	Removed   int `json:"removed"`
	Changed   int `json:"changed"`
	Moved     int `json:"moved"`
	Unchanged int `json:"unchanged"`
}

// FieldChange is a front-matter field whose value differs.
type FieldChange struct {
	Field string `json:"field"`
	From  string `json:"from"`
	To    string `json:"to"`
	// MovesDue is set for fields that move review due dates or end review duty: review_cycle,
	// reviews, level (the policy's cycle per level), effective, withdrawn, status, supersedes,
	// superseded_by.
	MovesDue bool `json:"moves_due,omitempty"`
}

// Clause identifies a section on one side of a change.
type Clause struct {
	ID      string `json:"id"`
	Number  string `json:"number,omitempty"`
	Heading string `json:"heading"` // full heading path
}

// Change is one clause that differs.
type Change struct {
	Kind  string      `json:"kind"`
	From  *Clause     `json:"from,omitempty"`
	To    *Clause     `json:"to,omitempty"`
	Title []WordOp    `json:"title,omitempty"` // word diff of the heading, when it changed
	Text  []WordOp    `json:"text,omitempty"`  // word diff of the text outside tables, when it changed
	Rows  []RowChange `json:"rows,omitempty"`  // tables diffed by row, when they changed
}

// WordOp is a run of words kept, inserted or deleted.
type WordOp struct {
	Op   string `json:"op"` // "=", "+" or "-"
	Text string `json:"text"`
}

var leadingNumber = regexp.MustCompile(`^\d+(?:\.\d+)*[ \t\x{3000}]+`)

// body is a section's text without the clause number it starts with.
func body(s *stdkb.Section) string {
	if s.Number != "" {
		return leadingNumber.ReplaceAllString(s.Text, "")
	}
	return s.Text
}

func norm(s string) string { return strings.Join(strings.Fields(s), "") }

func clauseOf(s *stdkb.Section) *Clause {
	return &Clause{ID: s.ID, Number: s.Number, Heading: strings.Join(s.Path, " > ")}
}

// Editions compares edition a (older) with b (newer) with the default threshold.
func Editions(a, b *stdkb.Edition, words Words) *Diff {
	return Compare(a, b, Options{Words: words})
}

// Compare compares edition a (older) with b (newer). A clause with the same number and the same
// title and text is unchanged; the same title and text under another number is a move. The
// clauses left are paired as changed only at or above the similarity threshold: by title first,
// then by number, then by best similarity (see matcher.run); whatever stays unpaired is a
// removal or an addition. Tables inside a changed clause are diffed by row.
func Compare(a, b *stdkb.Edition, opt Options) *Diff {
	if opt.Threshold <= 0 {
		opt.Threshold = DefaultThreshold
	}
	p := &pairing{a: a, b: b, usedA: map[*stdkb.Section]bool{}, usedB: map[*stdkb.Section]bool{}}
	p.unchangedInPlace()
	p.moves()
	p.similar(opt)
	p.leftovers()
	d := &Diff{From: a.Ref(), To: b.Ref(), Fields: fields(a, b), Clauses: []Change{}, Summary: Summary{Unchanged: p.unchanged}}
	d.Summary.Fields = len(d.Fields)
	if len(p.changes) > 0 {
		d.Clauses = order(p.changes, a, b)
	}
	for _, c := range d.Clauses {
		switch c.Kind {
		case Added:
			d.Summary.Added++
		case Removed:
			d.Summary.Removed++
		case Changed:
			d.Summary.Changed++
		case Moved:
			d.Summary.Moved++
		}
	}
	return d
}

// pairing is the state of a comparison: which clauses are paired, and the changes found.
type pairing struct {
	a, b         *stdkb.Edition
	usedA, usedB map[*stdkb.Section]bool
	changes      []Change
	unchanged    int
}

// sameText is a clause's title and text as compared for equality.
func sameText(s *stdkb.Section) string { return norm(s.Title) + "\x00" + norm(body(s)) }

// unchangedInPlace pairs the clauses with the same number, title and text.
func (p *pairing) unchangedInPlace() {
	inB := map[string]*stdkb.Section{}
	for _, t := range p.b.Sections {
		inB[key(t)] = t
	}
	for _, s := range p.a.Sections {
		if t, ok := inB[key(s)]; ok && sameText(s) == sameText(t) {
			p.usedA[s], p.usedB[t] = true, true
			p.unchanged++
		}
	}
}

// moves pairs the clauses whose title and text reappear unchanged under another number.
func (p *pairing) moves() {
	byText := map[string][]*stdkb.Section{}
	for _, t := range p.b.Sections {
		if !p.usedB[t] && (norm(body(t)) != "" || norm(t.Title) != "") {
			byText[sameText(t)] = append(byText[sameText(t)], t)
		}
	}
	for _, s := range p.a.Sections {
		if ts := byText[sameText(s)]; !p.usedA[s] && len(ts) > 0 {
			t := ts[0]
			byText[sameText(s)] = ts[1:]
			p.usedA[s], p.usedB[t] = true, true
			p.changes = append(p.changes, Change{Kind: Moved, From: clauseOf(s), To: clauseOf(t)})
		}
	}
}

// similar pairs the clauses left as changed, by the matcher's rules.
func (p *pairing) similar(opt Options) {
	vocab := &vocabulary{index: map[string]rune{}, words: opt.Words}
	m := &matcher{threshold: opt.Threshold}
	for _, s := range p.a.Sections {
		if !p.usedA[s] {
			m.a = append(m.a, vocab.encode(s))
		}
	}
	for _, t := range p.b.Sections {
		if !p.usedB[t] {
			m.b = append(m.b, vocab.encode(t))
		}
	}
	m.usedA, m.usedB = make([]bool, len(m.a)), make([]bool, len(m.b))
	m.pair = func(i, j int) {
		s, t := m.a[i].sec, m.b[j].sec
		m.usedA[i], m.usedB[j] = true, true
		p.usedA[s], p.usedB[t] = true, true
		p.changes = append(p.changes, changed(s, t, opt.Words))
	}
	m.run()
}

// leftovers records the clauses still unpaired as removed or added.
func (p *pairing) leftovers() {
	for _, s := range p.a.Sections {
		if !p.usedA[s] {
			p.changes = append(p.changes, Change{Kind: Removed, From: clauseOf(s), Text: whole("-", body(s))})
		}
	}
	for _, t := range p.b.Sections {
		if !p.usedB[t] {
			p.changes = append(p.changes, Change{Kind: Added, To: clauseOf(t), Text: whole("+", body(t))})
		}
	}
}

// whole is the text of an added or removed clause as one run; none for a bare heading.
func whole(op, text string) []WordOp {
	if norm(text) == "" {
		return nil
	}
	return []WordOp{{Op: op, Text: text}}
}

// changed describes clause s of the older edition become t of the newer: a word diff of the
// title and of the prose, and a row diff of the tables.
func changed(s, t *stdkb.Section, words Words) Change {
	c := Change{Kind: Changed, From: clauseOf(s), To: clauseOf(t)}
	if norm(s.Title) != norm(t.Title) {
		c.Title = wordDiff(s.Title, t.Title, words)
	}
	proseA, tablesA := splitTables(body(s))
	proseB, tablesB := splitTables(body(t))
	if norm(proseA) != norm(proseB) {
		c.Text = wordDiff(proseA, proseB, words)
	}
	c.Rows = diffTables(tablesA, tablesB)
	return c
}

// order sorts changes by where they stand in the newer edition, each removal right after the
// newer position of the nearest clause before it in the older edition that was kept.
func order(changes []Change, a, b *stdkb.Edition) []Change {
	posB := map[string]int{}
	for i, s := range b.Sections {
		posB[s.ID] = 2 * i
	}
	// Where each clause of the older edition went: its partner's position, -1 if removed.
	went := map[string]int{}
	for _, c := range changes {
		switch {
		case c.To == nil:
			went[c.From.ID] = -1
		case c.From != nil:
			went[c.From.ID] = posB[c.To.ID]
		}
	}
	rank := map[string]int{} // removed clause id → rank
	last := -1
	for _, s := range a.Sections {
		p, ok := went[s.ID]
		if !ok {
			p, ok = posB[s.ID] // unchanged in place
		}
		switch {
		case p == -1:
			rank[s.ID] = last + 1
		case ok:
			last = max(last, p)
		}
	}
	key := func(c Change) int {
		if c.To != nil {
			return posB[c.To.ID]
		}
		return rank[c.From.ID]
	}
	out := append([]Change(nil), changes...)
	sort.SliceStable(out, func(i, j int) bool { return key(out[i]) < key(out[j]) })
	return out
}

// wordDiff diffs two texts word by word: each distinct word becomes one rune, the runes are
// diffed, and the result is mapped back to words.
func wordDiff(a, b string, words Words) []WordOp {
	index := map[string]rune{}
	var table []string
	encode := func(s string) []rune {
		var rs []rune
		for _, w := range words(s) {
			r, ok := index[w]
			if !ok {
				r = rune(len(table) + 0xE000) // private use area: never a surrogate
				index[w] = r
				table = append(table, w)
			}
			rs = append(rs, r)
		}
		return rs
	}
	ra, rb := encode(a), encode(b)
	dmp := diffmatchpatch.New()
	diffs := dmp.DiffMainRunes(ra, rb, false)
	diffs = dmp.DiffCleanupSemantic(diffs)
	var out []WordOp
	for _, df := range diffs {
		var sb strings.Builder
		for _, r := range df.Text {
			sb.WriteString(table[r-0xE000])
		}
		op := "="
		switch df.Type {
		case diffmatchpatch.DiffInsert:
			op = "+"
		case diffmatchpatch.DiffDelete:
			op = "-"
		}
		if n := len(out); n > 0 && out[n-1].Op == op {
			out[n-1].Text += sb.String()
			continue
		}
		out = append(out, WordOp{Op: op, Text: sb.String()})
	}
	return out
}

// fields lists the front-matter fields that differ.
func fields(a, b *stdkb.Edition) []FieldChange {
	out := []FieldChange{}
	add := func(name, x, y string) {
		if x != y {
			out = append(out, FieldChange{Field: name, From: x, To: y, MovesDue: movesDue[name]})
		}
	}
	add("number", a.Number, b.Number)
	add("title", a.Title, b.Title)
	add("level", a.Level, b.Level)
	add("nature", a.Nature, b.Nature)
	add("issuer", a.Issuer, b.Issuer)
	add("status", a.Status, b.Status)
	add("issued", a.Issued.String(), b.Issued.String())
	add("effective", a.Effective.String(), b.Effective.String())
	add("withdrawn", a.Withdrawn.String(), b.Withdrawn.String())
	add("review_cycle", cycle(a.ReviewCycle), cycle(b.ReviewCycle))
	add("reviews", reviews(a.Reviews), reviews(b.Reviews))
	add("supersedes", a.Supersedes, b.Supersedes)
	add("superseded_by", a.SupersededBy, b.SupersededBy)
	add("scope", a.Scope, b.Scope)
	add("framework", strings.Join(a.Framework, ","), strings.Join(b.Framework, ","))
	add("owner", a.Owner, b.Owner)
	return out
}

var movesDue = map[string]bool{"review_cycle": true, "reviews": true, "level": true, "effective": true,
	"withdrawn": true, "status": true, "supersedes": true, "superseded_by": true}

// cycle shows a review cycle in years; 0 (the level's default) shows as "".
func cycle(years int) string {
	if years == 0 {
		return ""
	}
	return strconv.Itoa(years)
}

// reviews shows declared reviews as "date outcome（committee）" joined by "；".
func reviews(rs []stdkb.Review) string {
	parts := make([]string, 0, len(rs))
	for _, r := range rs {
		p := r.Date.String() + " " + r.Outcome
		if r.Committee != "" {
			p += "（" + r.Committee + "）"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "；")
}
