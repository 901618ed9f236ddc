package kb

import (
	"fmt"
	"slices"
	"strings"

	"stdkb"
)

// downloadName builds a download's file name from the names of what it holds, joined by "-"
// (沙坪坝区-中期评估-第3版.xlsx): people keep these files, so they name them in words, never by
// internal ids. Empty parts are left out; characters file systems refuse become "_".
func downloadName(ext string, parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			kept = append(kept, p)
		}
	}
	name := strings.Map(func(r rune) rune {
		if r < ' ' || strings.ContainsRune(`/\:*?"<>|`, r) {
			return '_'
		}
		return r
	}, strings.Join(kept, "-"))
	return name + "." + ext
}

// unitName is the content's short name of the unit key names, or key when it names none.
func unitName(lib *stdkb.Library, key string) string {
	if u, ok := lib.Unit(key); ok {
		return u.Name
	}
	return key
}

// submissionFileName names a submission's report: 沙坪坝区-中期评估-第3版.xlsx.
func submissionFileName(lib *stdkb.Library, v stdkb.SubmissionVersion) string {
	stage := v.Checklist
	if cl, ok := lib.Checklist(v.Checklist); ok {
		stage = cl.Title
		if cl.Stage != "" {
			stage = cl.Stage
		}
	}
	return downloadName("xlsx", unitName(lib, v.Unit), stage, fmt.Sprintf("第%d版", v.Version))
}

// DocumentTitle names an edition of a document as people cite it: its number and title
// (DB50/T 9901-2019 办公用房维修管理规范), or id@edition when the content no longer has it.
func DocumentTitle(lib *stdkb.Library, id, edition string) string {
	d, ok := lib.Document(id)
	if !ok {
		return id + "@" + edition
	}
	e := d.Latest()
	for _, x := range d.Editions {
		if x.Key == edition {
			e = x
		}
	}
	return strings.TrimSpace(e.Number + " " + e.Title)
}

// LedgerRows is the ledger as table rows, documents named by number and title and experts by
// name and unit. Callers who may not see experts get no 评审专家 column, as the ledger they are
// given holds no panel.
func (a *App) LedgerRows(c Caller, ds []stdkb.ReviewDecision) ([][]string, error) {
	rows := stdkb.LedgerRows(ds)
	lib := a.lib()
	for i, d := range ds {
		rows[i+1][1] = DocumentTitle(lib, d.DocID, d.Edition)
	}
	panel := slices.Index(rows[0], stdkb.LedgerPanelColumn)
	if !c.CanReview() {
		for i := range rows {
			rows[i] = slices.Delete(rows[i], panel, panel+1)
		}
		return rows, nil
	}
	pool, err := a.Experts(c)
	if err != nil {
		return nil, err
	}
	for i, d := range ds {
		rows[i+1][panel] = strings.Join(panelNames(pool, d.Panel), "、")
	}
	return rows, nil
}

// LedgerTitles names the documents of ledger entries, keyed by id@edition, for pages.
func (a *App) LedgerTitles(ds []stdkb.ReviewDecision) map[string]string {
	out := map[string]string{}
	for _, d := range ds {
		out[d.DocID+"@"+d.Edition] = DocumentTitle(a.lib(), d.DocID, d.Edition)
	}
	return out
}
