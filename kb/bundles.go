package kb

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
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
	return File{Name: downloadName("tar.gz", u.Name, "共享包", a.Today().String()), Type: "application/gzip", Data: b.Bytes()}, m, nil
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

// StagedBundle is an uploaded bundle checked by a dry run and kept for the administrator to
// confirm: Token names it for ConfirmBundle.
type StagedBundle struct {
	Token  string
	Report *BundleReport
}

// stagingDir holds uploaded bundles between their dry run and their confirmation.
func (a *App) stagingDir() string { return filepath.Join(a.cfg.DataDir, "bundle-uploads") }

// StageBundle checks an uploaded bundle against the served content directory without writing
// any content (a dry run) and keeps the upload for ConfirmBundle: administrators only. A bundle
// that conflicts with local content, or would leave content that does not load, is refused
// (EINVALID, with the report) and not kept.
func (a *App) StageBundle(c Caller, r io.Reader) (*StagedBundle, error) {
	dir, err := a.writableContent(c)
	if err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	rep, err := bundle.Import(bytes.NewReader(raw), dir, BundleOptions{DryRun: true})
	if err != nil {
		return &StagedBundle{Report: rep}, bundleRefusal(err, rep)
	}
	var id [16]byte
	rand.Read(id[:])
	token := hex.EncodeToString(id[:])
	if err := os.MkdirAll(a.stagingDir(), 0o700); err != nil {
		return nil, err
	}
	a.dropStaleBundles()
	if err := os.WriteFile(filepath.Join(a.stagingDir(), token+".tar.gz"), raw, 0o600); err != nil {
		return nil, fmt.Errorf("keep uploaded bundle: %w", err)
	}
	return &StagedBundle{Token: token, Report: rep}, nil
}

// ConfirmBundle imports a bundle StageBundle kept, audits the import and reloads the content:
// administrators only. The import checks the bundle again, so content changed since the dry
// run is never overwritten; the kept upload is removed either way.
func (a *App) ConfirmBundle(ctx context.Context, c Caller, token string) (*BundleReport, error) {
	dir, err := a.writableContent(c)
	if err != nil {
		return nil, err
	}
	if len(token) != 32 || strings.Trim(token, "0123456789abcdef") != "" {
		return nil, stdkb.Errorf(stdkb.EINVALID, "导入编号无效，请重新上传共享包。")
	}
	p := filepath.Join(a.stagingDir(), token+".tar.gz")
	raw, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, stdkb.Errorf(stdkb.ENOTFOUND, "没有待确认的共享包（可能已导入或已取消），请重新上传。")
	} else if err != nil {
		return nil, err
	}
	defer os.Remove(p)
	rep, err := bundle.Import(bytes.NewReader(raw), dir, BundleOptions{})
	if err != nil {
		return rep, bundleRefusal(err, rep)
	}
	detail, _ := json.Marshal(map[string]any{"bundle": rep.Manifest, "added": rep.Added})
	if err := a.cfg.Store.RecordAudit(c.Name, "bundle.import", "content/"+rep.Manifest.Unit.ID, string(detail)); err != nil {
		return rep, err
	}
	a.log.Info("bundle imported", "user", c.Name, "unit", rep.Manifest.Unit.ID, "added", len(rep.Added))
	return rep, a.Reload(ctx)
}

// CancelBundle drops a bundle StageBundle kept: administrators only.
func (a *App) CancelBundle(c Caller, token string) error {
	if err := needAdmin(c); err != nil {
		return err
	}
	if len(token) == 32 && strings.Trim(token, "0123456789abcdef") == "" {
		os.Remove(filepath.Join(a.stagingDir(), token+".tar.gz"))
	}
	return nil
}

// stagedBundleLifetime is how long an unconfirmed upload is kept.
const stagedBundleLifetime = 24 * time.Hour

// dropStaleBundles removes uploads nobody confirmed or cancelled within stagedBundleLifetime.
func (a *App) dropStaleBundles() {
	entries, _ := os.ReadDir(a.stagingDir())
	for _, en := range entries {
		if info, err := en.Info(); err == nil && time.Since(info.ModTime()) > stagedBundleLifetime {
			os.Remove(filepath.Join(a.stagingDir(), en.Name()))
		}
	}
}

// writableContent is the content directory imports write to, for an administrator.
func (a *App) writableContent(c Caller) (string, error) {
	if err := a.adminWithStore(c); err != nil {
		return "", err
	}
	if a.cfg.ContentDir == "" {
		return "", stdkb.Errorf(stdkb.ECONFLICT, "当前使用内置内容，不能导入共享包：需由运维人员改为从内容目录启动服务后才能导入。")
	}
	return a.cfg.ContentDir, nil
}

// bundleRefusal says in Chinese why a bundle was refused; nothing was written.
func bundleRefusal(err error, rep *BundleReport) error {
	if errors.Is(err, bundle.ErrConflicts) && rep != nil {
		var details []string
		for _, c := range rep.Conflicts {
			details = append(details, c.Path+"：本地已有内容不同的同名文件")
		}
		return &stdkb.Error{Code: stdkb.EINVALID, Message: fmt.Sprintf("共享包与本地内容有 %d 处冲突，未写入任何文件：", len(rep.Conflicts)), Details: details, Err: err}
	}
	if stdkb.ErrorCode(err) != stdkb.EINTERNAL {
		return err
	}
	return stdkb.WrapError(stdkb.EINVALID, err, "共享包无法导入，未写入任何文件：%v", err)
}

// ConvertWord converts a Word file into a markdown edition without checking it against the
// content: reviewers and administrators only.
func (a *App) ConvertWord(c Caller, r io.ReaderAt, size int64, kind stdkb.Kind) (*WordDraft, error) {
	if err := needReviewer(c); err != nil {
		return nil, err
	}
	done, err := a.startHeavy(c.context(), workWord)
	if err != nil {
		return nil, err
	}
	defer done()
	return a.convertWord(c, r, size, kind)
}

// convertWord is ConvertWord once the caller has a turn.
func (a *App) convertWord(c Caller, r io.ReaderAt, size int64, kind stdkb.Kind) (*WordDraft, error) {
	if kind != stdkb.KindStandard && kind != stdkb.KindRegulation {
		return nil, stdkb.Errorf(stdkb.EINVALID, "类别应为标准或规章制度。")
	}
	res, err := convertDocx(r, size, kind)
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

// ContentWritable reports whether imports from the web can write the content (it is served from
// a directory, not embedded).
func (a *App) ContentWritable() bool { return a.cfg.ContentDir != "" }
