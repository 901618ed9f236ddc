package stdkb

import (
	"slices"
	"strings"
)

// Unit is an organisation with its own standard system inside the one 3+7N framework: the
// municipal bureau or a district (区县) bureau.
type Unit struct {
	ID   string `json:"id"`
	Name string `json:"name"` // e.g. 沙坪坝区
	// FullName is the official name, e.g. 重庆市沙坪坝区机关事务管理局; Aliases are other names
	// submissions may use. Both resolve to the unit, as do ID and Name.
	FullName string   `json:"full_name,omitempty"`
	Aliases  []string `json:"aliases,omitempty"`
	Level    string   `json:"level"`            // 市级 or 区县
	Parent   string   `json:"parent,omitempty"` // the unit whose standards it may adopt
	Pilot    bool     `json:"pilot,omitempty"`  // a municipal standardization pilot
	Adopts   []string `json:"adopts,omitempty"` // documents of other units it applies
	Sample   bool     `json:"sample"`
	Path     string   `json:"path"`
}

// UnitSystem is one unit's standard system: the documents it owns and those it adopts.
type UnitSystem struct {
	Unit      *Unit
	Documents []*Document
	Counts    map[string]int // framework code → documents in that branch or below
	Standards map[string]int // framework code → standards among those documents
	Gaps      []string       // leaf branches with no document
	Overlaps  [][2]string    // pairs of standards filed under the same leaf branches
}

// SystemOf returns a unit's standard system. A document belongs to the unit that its latest
// edition names as owner; the unit adopts others explicitly. Other regions' local documents are
// references and never part of it (the loader refuses adopting them).
func (l *Library) SystemOf(u *Unit) *UnitSystem {
	sys := &UnitSystem{Unit: u, Counts: map[string]int{}, Standards: map[string]int{}}
	adopted := map[string]bool{}
	for _, id := range u.Adopts {
		adopted[id] = true
	}
	for _, d := range l.Documents {
		if (d.Latest().Owner == u.ID || adopted[d.ID]) && l.Applies(d) {
			sys.Documents = append(sys.Documents, d)
		}
	}
	leaves := map[string][]*Document{}
	for _, d := range sys.Documents {
		for _, code := range l.Framework.WithAncestors(d.Latest().Framework) {
			sys.Counts[code]++
			if d.Kind == KindStandard {
				sys.Standards[code]++
			}
		}
		if d.Kind == KindStandard {
			key := ""
			for _, c := range d.Latest().Framework {
				key += c + ","
			}
			leaves[key] = append(leaves[key], d)
		}
	}
	l.Framework.Walk(func(n *FrameworkNode, _ int) {
		if len(n.Children) == 0 && sys.Counts[n.Code] == 0 {
			sys.Gaps = append(sys.Gaps, n.Code)
		}
	})
	for _, ds := range leaves {
		for i := 0; i < len(ds); i++ {
			for j := i + 1; j < len(ds); j++ {
				sys.Overlaps = append(sys.Overlaps, [2]string{ds[i].ID, ds[j].ID})
			}
		}
	}
	return sys
}

// Unit returns the unit with the given id, name, full name or one of its declared aliases.
// Nothing else matches: a name that is merely similar finds no unit rather than a wrong one.
func (l *Library) Unit(key string) (*Unit, bool) {
	key = strings.TrimSpace(key)
	if key == "" {
		return nil, false
	}
	for _, u := range l.Units {
		if u.ID == key || u.Name == key || u.FullName == key || slices.Contains(u.Aliases, key) {
			return u, true
		}
	}
	return nil, false
}

// UnitNames lists every unit as 名称（id）, for messages that name the known units.
func (l *Library) UnitNames() []string {
	out := make([]string, len(l.Units))
	for i, u := range l.Units {
		out[i] = u.Name + "（" + u.ID + "）"
	}
	return out
}
