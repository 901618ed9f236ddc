package compare

import (
	"fmt"
	"strings"
)

// RowChange is a table row added, removed or changed inside a changed clause.
type RowChange struct {
	Kind  string       `json:"kind"`            // added, removed or changed
	Table int          `json:"table"`           // the table's position in the clause, from 1
	Row   string       `json:"row"`             // the row's name: its first cell, or 表头 for the header
	Cells []CellChange `json:"cells,omitempty"` // the cells that differ (every cell of an added or removed row)
}

// CellChange is one cell of a row, before and after.
type CellChange struct {
	Column string `json:"column"` // the column's header
	From   string `json:"from,omitempty"`
	To     string `json:"to,omitempty"`
}

// headerRow names the header row of a table in a RowChange.
const headerRow = "表头"

// table is a table as the loader writes it into section text: one line a row, cells separated by
// tabs, the header first.
type table [][]string

// splitTables separates a section's text into its prose and its tables.
func splitTables(text string) (string, []table) {
	var prose []string
	var tables []table
	inTable := false
	for _, line := range strings.Split(text, "\n") {
		if !strings.Contains(line, "\t") {
			prose = append(prose, line)
			inTable = false
			continue
		}
		if !inTable {
			tables = append(tables, nil)
			inTable = true
		}
		cells := strings.Split(line, "\t")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		tables[len(tables)-1] = append(tables[len(tables)-1], cells)
	}
	return strings.Join(prose, "\n"), tables
}

// diffTables diffs the tables of two versions of a clause, the first with the first and so on.
// Rows are matched by their first cell (the n-th row of a repeated name with the n-th); a row
// whose first cell changed is a removal and an addition.
func diffTables(a, b []table) []RowChange {
	var out []RowChange
	for k := 0; k < max(len(a), len(b)); k++ {
		var ta, tb table
		if k < len(a) {
			ta = a[k]
		}
		if k < len(b) {
			tb = b[k]
		}
		out = append(out, diffRows(k+1, ta, tb)...)
	}
	return out
}

func diffRows(n int, a, b table) []RowChange {
	header := func(t table) []string {
		if len(t) == 0 {
			return nil
		}
		return t[0]
	}
	ha, hb := header(a), header(b)
	column := func(i int) string {
		switch {
		case i < len(hb) && hb[i] != "":
			return hb[i]
		case i < len(ha) && ha[i] != "":
			return ha[i]
		}
		return fmt.Sprintf("第%d列", i+1)
	}
	var out []RowChange
	if cells := cellChanges(ha, hb, func(i int) string { return fmt.Sprintf("第%d列", i+1) }); len(cells) > 0 {
		out = append(out, RowChange{Kind: Changed, Table: n, Row: headerRow, Cells: cells})
	}
	rowsA, rowsB := named(a), named(b)
	seen := map[string]bool{}
	for _, r := range rowsB {
		seen[r.key] = true
		old, ok := find(rowsA, r.key)
		switch {
		case !ok:
			out = append(out, RowChange{Kind: Added, Table: n, Row: r.name, Cells: cellChanges(nil, r.cells, column)})
		default:
			if cells := cellChanges(old.cells, r.cells, column); len(cells) > 0 {
				out = append(out, RowChange{Kind: Changed, Table: n, Row: r.name, Cells: cells})
			}
		}
	}
	for _, r := range rowsA {
		if !seen[r.key] {
			out = append(out, RowChange{Kind: Removed, Table: n, Row: r.name, Cells: cellChanges(r.cells, nil, column)})
		}
	}
	return out
}

// namedRow is a body row with the name it is matched and shown by.
type namedRow struct {
	key, name string
	cells     []string
}

// named lists a table's body rows under their first cell; a repeated first cell gets its
// occurrence added (“……”第2行).
func named(t table) []namedRow {
	var out []namedRow
	count := map[string]int{}
	for i, cells := range t {
		if i == 0 {
			continue // the header
		}
		first := ""
		if len(cells) > 0 {
			first = cells[0]
		}
		count[norm(first)]++
		r := namedRow{key: fmt.Sprintf("%s\x00%d", norm(first), count[norm(first)]), name: first, cells: cells}
		if first == "" {
			r.name = fmt.Sprintf("第%d行", i)
		} else if count[norm(first)] > 1 {
			r.name = fmt.Sprintf("%s（第%d个）", first, count[norm(first)])
		}
		out = append(out, r)
	}
	return out
}

func find(rows []namedRow, key string) (namedRow, bool) {
	for _, r := range rows {
		if r.key == key {
			return r, true
		}
	}
	return namedRow{}, false
}

// cellChanges lists the cells that differ between two rows, by column.
func cellChanges(a, b []string, column func(int) string) []CellChange {
	var out []CellChange
	for i := 0; i < max(len(a), len(b)); i++ {
		var x, y string
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if norm(x) != norm(y) {
			out = append(out, CellChange{Column: column(i), From: x, To: y})
		}
	}
	return out
}
