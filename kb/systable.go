package kb

import (
	"bytes"
	"errors"
	"io"

	"stdkb"
	"stdkb/catalog"
	"stdkb/systable"
)

// SystemTableRequest asks for the standard-system table (标准体系表).
type SystemTableRequest struct {
	Unit   string     // only this unit's system (id or name); "" for the whole library
	AsOf   stdkb.Date // statuses as they stand on this day; zero: today
	Format string     // xlsx, docx, html or svg (the structure diagram alone)
}

// SystemTable is the table built from the loaded content and the ledger's review decisions.
type SystemTable = systable.Table

// Categories of the table's statistics.
const (
	CatInForce  = systable.CatInForce
	CatDrafting = systable.CatDrafting
	CatRevising = systable.CatRevising
	CatRepealed = systable.CatRepealed
)

var systableWriters = map[string]func(io.Writer, *systable.Table) error{
	"xlsx": systable.XLSX, "docx": systable.DOCX, "html": systable.HTML, "svg": systable.SVG,
}

var systableTypes = map[string]string{
	"xlsx": TypeXLSX, "docx": TypeDOCX, "html": "text/html; charset=utf-8", "svg": "image/svg+xml",
}

// SystemTable builds the standard-system table of the library or a unit's system and renders it.
func (a *App) SystemTable(c Caller, r SystemTableRequest) (File, *SystemTable, error) {
	if err := a.mayRead(c); err != nil {
		return File{}, nil, err
	}
	write, ok := systableWriters[r.Format]
	if !ok {
		return File{}, nil, stdkb.Errorf(stdkb.EINVALID, "格式 %q 不可用：应为 xlsx（Excel）、docx（Word）、html（网页）或 svg（图）。", r.Format)
	}
	lib := a.lib()
	ledger, err := a.ledger()
	if err != nil {
		return File{}, nil, err
	}
	if r.AsOf.IsZero() {
		r.AsOf = a.Today()
	}
	opt := systable.Options{AsOf: r.AsOf, Ledger: ledger}
	if r.Unit != "" {
		u, ok := lib.Unit(r.Unit)
		if !ok {
			return File{}, nil, stdkb.Errorf(stdkb.EINVALID, "单位：没有单位 %q。", r.Unit)
		}
		opt.Unit = u
	}
	t := systable.Build(lib, opt)
	var b bytes.Buffer
	if err := write(&b, t); err != nil {
		return File{}, nil, err
	}
	scope := ""
	if opt.Unit != nil {
		scope = opt.Unit.Name
	}
	return File{Name: downloadName(r.Format, "机关事务标准体系表", scope, r.AsOf.String()), Type: systableTypes[r.Format], Data: b.Bytes()}, t, nil
}

// Catalogue imports (see package catalog), named for the front ends.
type (
	CatalogOptions = catalog.Options
	CatalogReport  = catalog.Report
)

// ImportCatalog imports a standard catalogue (标准明细表, xlsx or csv) into the content
// directory dir as metadata entries: administrators only. Bad rows and a content that would no
// longer load are EINVALID; the report says what was (or would be) written.
func (a *App) ImportCatalog(c Caller, name string, r io.Reader, dir string, opts CatalogOptions) (*CatalogReport, error) {
	if err := needAdmin(c); err != nil {
		return nil, err
	}
	sheet, err := catalog.Read(name, r)
	if err != nil {
		return nil, stdkb.WrapError(stdkb.EINVALID, err, "%v", err)
	}
	rep, err := catalog.Import(dir, sheet, opts)
	if errors.Is(err, catalog.ErrBadRows) || errors.Is(err, catalog.ErrCheck) {
		return rep, stdkb.WrapError(stdkb.EINVALID, err, "%v", err)
	}
	return rep, err
}

// SystemTableCategories are the statistics table's status columns, in order.
var SystemTableCategories = systable.Categories
