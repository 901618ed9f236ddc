// Package bundle exchanges a unit's standard system between deployments as a .tar.gz of content
// files with a manifest and SHA-256 checksums, and imports one into a content directory without
// ever overwriting a file that differs.
package bundle

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"stdkb"
	"stdkb/content"
)

// Format names the bundle layout; Import refuses other formats.
const Format = "stdkb-bundle/1"

// Limits on what Import reads, so a hostile archive cannot fill the disk or memory.
const (
	MaxFileSize  = 8 << 20
	MaxTotalSize = 256 << 20
	MaxFiles     = 10000
)

const (
	manifestName  = "manifest.json"
	contentPrefix = "content/"
)

// Manifest describes a bundle: whose system it is and every file with its checksum.
type Manifest struct {
	Format    string    `json:"format"`
	Unit      UnitRef   `json:"unit"`
	Created   time.Time `json:"created"`
	Generator string    `json:"generator,omitempty"`
	Files     []File    `json:"files"`
}

// UnitRef identifies the unit a bundle was exported for.
type UnitRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// File is one content file of a bundle; Document, Edition and Number are set for editions.
type File struct {
	Path     string `json:"path"`
	SHA256   string `json:"sha256"`
	Size     int    `json:"size"`
	Document string `json:"document,omitempty"`
	Edition  string `json:"edition,omitempty"`
	Number   string `json:"number,omitempty"`
	Title    string `json:"title,omitempty"` // the edition's title or the unit's name, for readers
}

// Program names the program that exported the bundle for a reader. Development builds before
// December 2026 recorded Go's "(devel)", which reads as nothing to a person; it is shown as
// 开发版本.
func (m *Manifest) Program() string {
	return strings.ReplaceAll(m.Generator, "(devel)", "开发版本")
}

// Describe names the file at path for a reader: the edition's title and number or the unit's
// name, as the manifest records them. Bundles written before titles were recorded, and paths
// the manifest does not list, are described by their path.
func (m *Manifest) Describe(path string) string {
	if m == nil {
		return path
	}
	for _, f := range m.Files {
		switch {
		case f.Path != path || f.Title == "":
		case f.Document == "":
			return "单位：" + f.Title
		case f.Number != "":
			return "《" + f.Title + "》" + f.Number
		default:
			return "《" + f.Title + "》"
		}
	}
	return path
}

// Export writes the bundle of unit's standard system: every edition of its own and adopted
// documents, the documents they cite (such as the plan), the unit itself and the units those need
// (parents and owners), so the bundle loads on a deployment that shares the framework.
func Export(w io.Writer, fsys fs.FS, lib *stdkb.Library, unit *stdkb.Unit, generator string, now time.Time) (*Manifest, error) {
	m := &Manifest{Format: Format, Unit: UnitRef{unit.ID, unit.Name}, Created: now.UTC(), Generator: generator}
	files := map[string]File{}
	units := map[string]bool{}
	var needUnit func(id string)
	needUnit = func(id string) {
		u, ok := lib.Unit(id)
		if !ok || units[u.ID] {
			return
		}
		units[u.ID] = true
		files[u.Path] = File{Path: u.Path, Title: u.Name}
		if u.Parent != "" {
			needUnit(u.Parent)
		}
	}
	needUnit(unit.ID)
	docs := map[string]bool{}
	var needDoc func(d *stdkb.Document)
	needDoc = func(d *stdkb.Document) {
		if docs[d.ID] {
			return
		}
		docs[d.ID] = true
		for _, e := range d.Editions {
			files[e.Path] = File{Path: e.Path, Document: d.ID, Edition: e.Key, Number: e.Number, Title: e.Title}
			if e.Owner != "" {
				needUnit(e.Owner)
			}
			for _, ref := range e.Mentions {
				if md, ok := lib.Document(ref.Doc); ok {
					needDoc(md)
				}
			}
		}
	}
	for _, d := range lib.SystemOf(unit).Documents {
		needDoc(d)
	}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	data := map[string][]byte{}
	for _, p := range paths {
		b, err := fs.ReadFile(fsys, p)
		sum := checksum(b)
		if err != nil || (lib.Files != nil && lib.Files[p] != sum) {
			// The file changed on disk since the content was loaded: a bundle mixing it with
			// the loaded library would not be what the server serves.
			return nil, stdkb.WrapError(stdkb.ECONFLICT, err,
				"内容文件 %s 在载入后已被修改或删除，共享包须与正在提供的内容一致：请管理员先重新载入内容（管理页“重新加载内容”），再下载。", p)
		}
		f := files[p]
		f.SHA256, f.Size = sum, len(b)
		m.Files = append(m.Files, f)
		data[p] = b
	}
	manifest, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	put := func(name string, b []byte) error {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(b)), ModTime: m.Created, Typeflag: tar.TypeReg}); err != nil {
			return err
		}
		_, err := tw.Write(b)
		return err
	}
	if err := put(manifestName, manifest); err != nil {
		return nil, err
	}
	for _, p := range paths {
		if err := put(contentPrefix+p, data[p]); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return m, gz.Close()
}

// refusal says in Chinese why a bundle cannot be read, keeping the underlying error for errors.Is
// and logs without showing its English text to the reader.
type refusal struct {
	msg string
	err error
}

func (r *refusal) Error() string { return r.msg }
func (r *refusal) Unwrap() error { return r.err }

func checksum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// Read opens a bundle and checks it whole: the manifest comes first and is of a known format,
// every entry is a regular file with a safe path listed in the manifest, and every checksum and
// size matches. It returns the manifest and the files by content path.
func Read(r io.Reader) (*Manifest, map[string][]byte, error) {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return nil, nil, &refusal{"不是共享包：文件不是 .tar.gz 格式（共享包由“单位体系”页面导出）", err}
	}
	tr := tar.NewReader(gz)
	var m *Manifest
	files := map[string][]byte{}
	total := 0
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, &refusal{"共享包已损坏，无法读取（归档不完整）", err}
		}
		if h.Typeflag != tar.TypeReg {
			return nil, nil, fmt.Errorf("共享包中的 %s 不是普通文件", h.Name)
		}
		if h.Size > MaxFileSize {
			return nil, nil, fmt.Errorf("共享包中的 %s 有 %d 字节，超过单个文件上限 %d 字节", h.Name, h.Size, MaxFileSize)
		}
		if total += int(h.Size); total > MaxTotalSize || len(files) >= MaxFiles {
			return nil, nil, fmt.Errorf("共享包超过上限（%d 字节或 %d 个文件）", MaxTotalSize, MaxFiles)
		}
		b, err := io.ReadAll(io.LimitReader(tr, MaxFileSize+1))
		if err != nil {
			return nil, nil, &refusal{fmt.Sprintf("共享包中的 %s 无法读取（归档已损坏）", h.Name), err}
		}
		if m == nil {
			if h.Name != manifestName {
				return nil, nil, fmt.Errorf("共享包的第一项应为清单 %s，这里是 %s", manifestName, h.Name)
			}
			m = new(Manifest)
			if err := json.Unmarshal(b, m); err != nil {
				return nil, nil, &refusal{fmt.Sprintf("清单 %s 不是有效的 JSON", manifestName), err}
			}
			if m.Format != Format {
				return nil, nil, fmt.Errorf("清单 %s 的格式为 %q，本系统只接受 %q", manifestName, m.Format, Format)
			}
			continue
		}
		p, ok := cutPrefix(h.Name)
		if !ok {
			return nil, nil, fmt.Errorf("共享包中的 %s 不是内容文件（路径不安全或不在预期位置）", h.Name)
		}
		if _, dup := files[p]; dup {
			return nil, nil, fmt.Errorf("共享包中的 %s 出现了两次", h.Name)
		}
		files[p] = b
	}
	if m == nil {
		return nil, nil, fmt.Errorf("共享包中没有清单 %s", manifestName)
	}
	if err := checkManifest(m); err != nil {
		return nil, nil, err
	}
	listed := map[string]bool{}
	for _, f := range m.Files {
		listed[f.Path] = true
		b, ok := files[f.Path]
		switch {
		case !ok:
			return nil, nil, fmt.Errorf("%s 列在清单中，但共享包里没有这个文件", f.Path)
		case len(b) != f.Size || checksum(b) != f.SHA256:
			return nil, nil, fmt.Errorf("%s 与清单中的校验和不符（文件已损坏或被改动）", f.Path)
		}
	}
	for p := range files {
		if !listed[p] {
			return nil, nil, fmt.Errorf("共享包中的 %s 没有列在清单中", p)
		}
	}
	return m, files, nil
}

// checkManifest checks the manifest as a whole before any file is compared or written: at most
// MaxFiles entries, each a safe content path listed once, with a SHA-256 checksum. A path listed
// twice once made Import write the first copy and then fail on the second.
func checkManifest(m *Manifest) error {
	if len(m.Files) > MaxFiles {
		return fmt.Errorf("%s：列出 %d 个文件，超过上限 %d", manifestName, len(m.Files), MaxFiles)
	}
	seen := make(map[string]int, len(m.Files))
	for i, f := range m.Files {
		if _, ok := cutPrefix(contentPrefix + f.Path); !ok {
			return fmt.Errorf("%s：第 %d 项的路径 %q 不是安全的内容文件路径（路径不安全或不在预期位置）", manifestName, i+1, f.Path)
		}
		if first, dup := seen[f.Path]; dup {
			return fmt.Errorf("%s：文件 %s 在第 %d 项和第 %d 项重复列出", manifestName, f.Path, first, i+1)
		}
		seen[f.Path] = i + 1
		if b, err := hex.DecodeString(f.SHA256); err != nil || len(b) != sha256.Size {
			return fmt.Errorf("%s：文件 %s 的 sha256 %q 不是有效的校验和", manifestName, f.Path, f.SHA256)
		}
	}
	return nil
}

func cutPrefix(name string) (string, bool) {
	if len(name) <= len(contentPrefix) || name[:len(contentPrefix)] != contentPrefix {
		return "", false
	}
	p := name[len(contentPrefix):]
	return p, fs.ValidPath(p) && !strings.ContainsAny(p, `\:`) && path.Ext(p) == ".md"
}

// Report says what an import did, or would do, with each file of the bundle.
type Report struct {
	Manifest  *Manifest  `json:"manifest"`
	Added     []string   `json:"added"`
	Unchanged []string   `json:"unchanged"`
	Conflicts []Conflict `json:"conflicts"`
	Written   bool       `json:"written"`
}

// Conflict is a bundle file whose path already holds different content locally.
type Conflict struct {
	Path    string `json:"path"`
	Edition string `json:"edition,omitempty"` // document@edition, when the file is an edition
	Local   string `json:"local_sha256"`
	Bundle  string `json:"bundle_sha256"`
}

// ErrConflicts reports that an import stopped because of conflicts; the Report lists them.
var ErrConflicts = errors.New("共享包与本地内容有冲突，未写入任何文件")

// Options control Import.
type Options struct {
	DryRun        bool // report only
	SkipConflicts bool // write the other files and keep the local version of conflicting ones
}

// Import merges a bundle into the content directory dir. A file that exists with the same bytes
// is left alone; one that exists with different bytes is a conflict, never overwritten. The
// merged content is loaded and validated in a scratch copy first; if it has problems, or there
// are conflicts and not SkipConflicts, nothing is written.
func Import(r io.Reader, dir string, opt Options) (*Report, error) {
	m, files, err := Read(r)
	if err != nil {
		return nil, err
	}
	rep := &Report{Manifest: m, Added: []string{}, Unchanged: []string{}, Conflicts: []Conflict{}}
	local := os.DirFS(dir)
	if _, err := fs.Stat(local, "framework.md"); err != nil {
		return nil, fmt.Errorf("%s 不是内容目录（没有 framework.md）", dir)
	}
	for _, f := range m.Files {
		old, err := fs.ReadFile(local, f.Path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			rep.Added = append(rep.Added, f.Path)
		case err != nil:
			return nil, fmt.Errorf("读取本地文件 %s 失败：%w", f.Path, err)
		case bytes.Equal(old, files[f.Path]):
			rep.Unchanged = append(rep.Unchanged, f.Path)
		default:
			c := Conflict{Path: f.Path, Local: checksum(old), Bundle: f.SHA256}
			if f.Document != "" {
				c.Edition = f.Document + "@" + f.Edition
			}
			rep.Conflicts = append(rep.Conflicts, c)
		}
	}
	if len(rep.Conflicts) > 0 && !opt.SkipConflicts {
		return rep, ErrConflicts
	}
	if err := validate(dir, m, rep.Added, files); err != nil {
		return rep, err
	}
	if opt.DryRun || len(rep.Added) == 0 {
		return rep, nil
	}
	for i, p := range rep.Added {
		if err := writeFile(filepath.Join(dir, filepath.FromSlash(p)), files[p]); err != nil {
			// A file created meanwhile, or a full disk: take back what this import wrote, so
			// the content directory is as it was and the report's Written stays true to it.
			for _, done := range rep.Added[:i] {
				os.Remove(filepath.Join(dir, filepath.FromSlash(done)))
			}
			return rep, fmt.Errorf("写入 %s 失败（本次导入已写入的文件已删除）：%w", p, err)
		}
	}
	rep.Written = true
	return rep, nil
}

// validate loads dir with the added files in a scratch copy, so bad content never lands, and
// checks that every added file is what the manifest says: a unit, or the named edition.
func validate(dir string, m *Manifest, added []string, files map[string][]byte) error {
	extra := map[string][]byte{}
	for _, p := range added {
		extra[p] = files[p]
	}
	lib, err := content.LoadWith(os.DirFS(dir), extra)
	if err != nil {
		return fmt.Errorf("导入后内容将无法加载，未写入任何文件：\n%w", err)
	}
	listed := map[string]File{}
	for _, f := range m.Files {
		listed[f.Path] = f
	}
	units := map[string]bool{}
	for _, u := range lib.Units {
		units[u.Path] = true
	}
	for _, p := range added {
		f := listed[p]
		if f.Document == "" {
			if !units[p] {
				return fmt.Errorf("%s 既不是单位，也不是标准或规章制度的版本：共享包只能包含这两类文件", p)
			}
			continue
		}
		d, ok := lib.Document(f.Document)
		var e *stdkb.Edition
		if ok {
			e, ok = d.Edition(f.Edition)
		}
		if !ok || e.Path != p {
			return fmt.Errorf("%s 不是清单所说的 %s 的 %s 版本", p, f.Document, f.Edition)
		}
	}
	return nil
}
