package evaluator

import (
	"stdkb"
)

// entry is one standard of the inventory: as the submission lists it, or, when the submission
// leaves out a standard of the unit's system, as the system gives it (applicable, not
// implemented, not evaluated, not reviewed).
type entry struct {
	Standard
	omitted bool            // in the unit's system but not in the submission
	doc     *stdkb.Document // the document in the library, when it is there
	owed    bool            // the unit owes its reviews: it issues or owns it
}

// label names a standard for a reader: number and title.
func (e entry) label() string {
	if e.Number == "" {
		return "《" + e.Title + "》"
	}
	return e.Number + "《" + e.Title + "》"
}

// inventory is the one list of standards every figure over standards is computed over: the
// unit's standard system (own and adopted) plus what the submission lists.
type inventory struct {
	unit    *stdkb.Unit
	entries []entry
	refs    map[string]int // doc id and normalised number → index of the entry
}

// buildInventory merges the submission's standards with the unit's system.
func buildInventory(s *Submission, lib *stdkb.Library) inventory {
	u, _ := lib.Unit(s.Unit)
	inv := inventory{unit: u}
	listed := map[string]bool{}
	for _, st := range s.Standards {
		e := entry{Standard: st}
		if d, ok := lib.Document(st.Doc); ok {
			e.doc = d
			listed["#"+d.ID] = true
		}
		if st.Number != "" {
			listed[normNumber(st.Number)] = true
		}
		e.owed = inv.owes(e)
		inv.entries = append(inv.entries, e)
	}
	if u == nil {
		inv.index()
		return inv
	}
	for _, d := range lib.SystemOf(u).Documents {
		if d.Kind != stdkb.KindStandard || listed["#"+d.ID] || d.InForce(s.Period.To) == nil || numbered(d, listed) {
			continue
		}
		l := d.InForce(s.Period.To)
		e := entry{Standard: Standard{Doc: d.ID, Number: l.Number, Title: l.Title, Level: l.Level, Framework: l.Framework, Applicable: true},
			omitted: true, doc: d}
		e.owed = inv.owes(e)
		inv.entries = append(inv.entries, e)
	}
	inv.index()
	return inv
}

// index maps each entry's doc id and number to it; the first entry wins.
func (inv *inventory) index() {
	inv.refs = map[string]int{}
	for i, e := range inv.entries {
		for _, k := range []string{"#" + e.Doc, normNumber(e.Number)} {
			if _, dup := inv.refs[k]; !dup && k != "#" && k != "" {
				inv.refs[k] = i
			}
		}
	}
}

// numbered reports whether the submission lists one of d's editions by number only.
func numbered(d *stdkb.Document, listed map[string]bool) bool {
	for _, e := range d.Editions {
		if e.Number != "" && listed[normNumber(e.Number)] {
			return true
		}
	}
	return false
}

// owes reports whether the unit owes an entry's reviews: a library standard it owns, or an
// internal standard the submission declares that the library does not hold.
func (inv inventory) owes(e entry) bool {
	if e.doc != nil {
		return inv.unit != nil && e.doc.Latest().Owner == inv.unit.ID
	}
	return e.Level == "内部"
}

// find returns the index of the entry a campaign's reference names (doc id or number), or -1.
func (inv inventory) find(ref string) int {
	if i, ok := inv.refs["#"+ref]; ok {
		return i
	}
	if i, ok := inv.refs[normNumber(ref)]; ok {
		return i
	}
	return -1
}

// omitted lists the system standards the submission leaves out.
func (inv inventory) omitted() []string {
	var out []string
	for _, e := range inv.entries {
		if e.omitted {
			out = append(out, e.label())
		}
	}
	return out
}

// count returns how many applicable entries pass keep, and how many of those also pass ok.
func (inv inventory) count(keep, ok func(entry) bool) (n, applicable int) {
	for _, e := range inv.entries {
		if e.Applicable && keep(e) {
			applicable++
			if ok(e) {
				n++
			}
		}
	}
	return n, applicable
}
