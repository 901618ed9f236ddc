package kb

import (
	"bytes"
	"context"
	"fmt"

	"stdkb"
	"stdkb/compile"
)

// UnitView is a unit's standard system.
type UnitView struct {
	Unit      *stdkb.Unit          `json:"unit"`
	Documents []UnitDocument       `json:"documents"`
	Framework []*stdkb.BranchCount `json:"framework"` // the framework tree with this unit's counts
	Gaps      []string             `json:"gaps"`
	Overlaps  [][2]string          `json:"overlaps"`
}

// UnitDocument is a document in a unit's system: its own or adopted from another unit.
type UnitDocument struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Number    string `json:"number,omitempty"`
	Owner     string `json:"owner,omitempty"`
	OwnerName string `json:"owner_name,omitempty"`
	Adopted   bool   `json:"adopted"`
	Sample    bool   `json:"sample"`
}

// Unit is a unit's standard system (by id or name).
func (a *App) Unit(c Caller, key string) (*UnitView, error) {
	if err := a.mayRead(c); err != nil {
		return nil, err
	}
	lib := a.lib()
	u, ok := lib.Unit(key)
	if !ok {
		return nil, stdkb.Errorf(stdkb.ENOTFOUND, "没有单位 %q。", key)
	}
	sys := lib.SystemOf(u)
	v := &UnitView{Unit: u, Documents: []UnitDocument{}, Gaps: sys.Gaps, Overlaps: sys.Overlaps, Framework: lib.FrameworkTree(sys.Counts, sys.Standards)}
	if v.Gaps == nil {
		v.Gaps = []string{}
	}
	if v.Overlaps == nil {
		v.Overlaps = [][2]string{}
	}
	for _, d := range sys.Documents {
		e := d.Latest()
		ud := UnitDocument{ID: d.ID, Title: e.Title, Number: e.Number, Owner: e.Owner, Adopted: e.Owner != u.ID, Sample: e.Sample}
		if o, ok := lib.Unit(e.Owner); ok {
			ud.OwnerName = o.Name
		}
		v.Documents = append(v.Documents, ud)
	}
	return v, nil
}

// VolumeRequest asks for a compiled volume (汇编).
type VolumeRequest struct {
	Type   string // regulation (default) or standard
	Unit   string // only this unit's standard system (id or name)
	AsOf   string // the editions in force on this day (default: today)
	Format string // html (default) or docx
}

// Volume compiles the editions in force on a day into a printable volume. PDF, printed by a
// headless browser, is for administrators (the command line) only: it is too costly to offer
// to anonymous callers.
func (a *App) Volume(ctx context.Context, c Caller, r VolumeRequest) (File, *compile.Volume, error) {
	if err := a.mayRead(c); err != nil {
		return File{}, nil, err
	}
	if r.Format == "pdf" {
		if err := needAdmin(c); err != nil {
			return File{}, nil, err
		}
	}
	v, err := a.selectVolume(r)
	if err != nil {
		return File{}, nil, err
	}
	done, err := a.startHeavy(ctx, workVolume)
	if err != nil {
		return File{}, nil, err
	}
	defer done()
	var b bytes.Buffer
	switch r.Format {
	case "docx":
		err = compile.DOCX(&b, v)
		return File{Name: fmt.Sprintf("%s（%s）.docx", v.Title, v.AsOf), Type: TypeDOCX, Data: b.Bytes()}, v, err
	case "pdf":
		err = compile.PDF(ctx, &b, v, compile.PDFOptions{})
		return File{Name: fmt.Sprintf("%s（%s）.pdf", v.Title, v.AsOf), Type: TypePDF, Data: b.Bytes()}, v, err
	}
	err = compile.HTML(&b, v)
	return File{Name: fmt.Sprintf("%s（%s）.html", v.Title, v.AsOf), Type: "text/html; charset=utf-8", Data: b.Bytes()}, v, err
}

func (a *App) selectVolume(r VolumeRequest) (*compile.Volume, error) {
	lib := a.lib()
	if r.Type == "" {
		r.Type = string(stdkb.KindRegulation)
	}
	if r.Type != string(stdkb.KindRegulation) && r.Type != string(stdkb.KindStandard) {
		return nil, stdkb.Errorf(stdkb.EINVALID, "类别 %q 不可用：应为 “regulation”（规章制度）或 “standard”（标准）。", r.Type)
	}
	if r.Format != "" && r.Format != "html" && r.Format != "docx" && r.Format != "pdf" {
		return nil, stdkb.Errorf(stdkb.EINVALID, "格式 %q 不可用：应为 html（网页）、docx（Word）或 pdf。", r.Format)
	}
	day := a.Today()
	if r.AsOf != "" {
		d, err := stdkb.ParseDate(r.AsOf)
		if err != nil {
			return nil, stdkb.WrapError(stdkb.EINVALID, err, "截至日期的格式应为 YYYY-MM-DD。")
		}
		day = d
	}
	var unit *stdkb.Unit
	if r.Unit != "" {
		u, ok := lib.Unit(r.Unit)
		if !ok {
			return nil, stdkb.Errorf(stdkb.EINVALID, "单位：没有单位 %q。", r.Unit)
		}
		unit = u
	}
	ledger, err := a.ledger()
	if err != nil {
		return nil, err
	}
	return compile.Select(lib, stdkb.Kind(r.Type), unit, day, ledger), nil
}
