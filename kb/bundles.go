package kb

import (
	"bytes"
	"io"
	"io/fs"
	"path"
	"strings"
	"time"

	"stdkb"
	"stdkb/bundle"
)

// Sharing bundles (see package bundle), named for the front ends.
type (
	BundleOptions  = bundle.Options
	BundleReport   = bundle.Report
	BundleManifest = bundle.Manifest
)

// ErrBundleConflicts is in the chain of ImportBundle's error when files conflict.
var ErrBundleConflicts = bundle.ErrConflicts

// ExportBundle is a unit's sharing bundle, built from the loaded snapshot, with its manifest.
func (a *App) ExportBundle(c Caller, key, generator string) (File, *BundleManifest, error) {
	if err := a.mayRead(c); err != nil {
		return File{}, nil, err
	}
	lib := a.lib()
	u, ok := lib.Unit(key)
	if !ok {
		return File{}, nil, stdkb.Errorf(stdkb.ENOTFOUND, "没有单位 %q。", key)
	}
	var b bytes.Buffer
	m, err := bundle.Export(&b, a.cfg.Content, lib, u, generator, time.Now())
	if err != nil {
		return File{}, nil, err
	}
	return File{Name: u.ID + "-bundle.tar.gz", Type: "application/gzip", Data: b.Bytes()}, m, nil
}

// Bundle is a unit's sharing bundle as a download.
func (a *App) Bundle(c Caller, key, generator string) (File, error) {
	f, _, err := a.ExportBundle(c, key, generator)
	return f, err
}

// ImportBundle merges a sharing bundle into the content directory dir: administrators only.
// Conflicts are reported, never overwritten; the report says what was (or would be) written.
func (a *App) ImportBundle(c Caller, r io.Reader, dir string, opts BundleOptions) (*BundleReport, error) {
	if err := needAdmin(c); err != nil {
		return nil, err
	}
	return bundle.Import(r, dir, opts)
}

// ConvertWord converts a Word file into a markdown edition without checking it against the
// content: reviewers and administrators only.
func (a *App) ConvertWord(c Caller, r io.ReaderAt, size int64, kind stdkb.Kind) (*WordDraft, error) {
	if err := needReviewer(c); err != nil {
		return nil, err
	}
	if kind != stdkb.KindStandard && kind != stdkb.KindRegulation {
		return nil, stdkb.Errorf(stdkb.EINVALID, "类别应为标准或规章制度。")
	}
	res, err := convertWord(r, size, kind)
	if err != nil {
		return nil, err
	}
	return &WordDraft{Result: res, Path: path.Join(string(kind)+"s", res.DocID, res.Edition+".md")}, nil
}

// Samples lists the content's sample submissions by name.
func (a *App) Samples(c Caller) ([]string, error) {
	if err := a.mayRead(c); err != nil {
		return nil, err
	}
	entries, _ := fs.ReadDir(a.cfg.Content, "submissions")
	var names []string
	for _, en := range entries {
		names = append(names, strings.TrimSuffix(en.Name(), path.Ext(en.Name())))
	}
	return names, nil
}

// Sample is a sample submission of the content, by name ("shapingba-2025-midterm") or path
// ("submissions/shapingba-2025-midterm.yaml").
func (a *App) Sample(c Caller, name string) ([]byte, error) {
	if err := a.mayRead(c); err != nil {
		return nil, err
	}
	for _, p := range []string{name, path.Join("submissions", name), path.Join("submissions", name+".yaml")} {
		if b, err := fs.ReadFile(a.cfg.Content, p); err == nil {
			return b, nil
		}
	}
	return nil, stdkb.Errorf(stdkb.ENOTFOUND, "没有自评材料 %q：磁盘上没有这个文件，示例中也没有（stdkb assess --samples 列出示例）。", name)
}

// ContentHash is the hash of the content being served.
func (a *App) ContentHash() string { return a.lib().Hash }
