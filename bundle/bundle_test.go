package bundle_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"stdkb/bundle"
	"stdkb/content"
)

// export bundles the unit's system from the default content.
func export(t *testing.T, unit string) (*bundle.Manifest, []byte) {
	t.Helper()
	lib, err := content.Load(content.Default())
	if err != nil {
		t.Fatal(err)
	}
	u, ok := lib.Unit(unit)
	if !ok {
		t.Fatalf("no unit %s", unit)
	}
	var b bytes.Buffer
	m, err := bundle.Export(&b, content.Default(), lib, u, "test", time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	return m, b.Bytes()
}

// contentDir makes a content directory holding the default framework and the given files.
func contentDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	fw, _ := fs.ReadFile(content.Default(), "framework.md")
	files["framework.md"] = string(fw)
	for p, s := range files {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, p), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestExportHoldsTheUnitsSystem(t *testing.T) {
	m, _ := export(t, "dadukou")
	var paths []string
	for _, f := range m.Files {
		paths = append(paths, f.Path)
		if len(f.SHA256) != 64 || f.Size == 0 {
			t.Errorf("%s: checksum %q size %d", f.Path, f.SHA256, f.Size)
		}
	}
	got := strings.Join(paths, " ")
	for _, want := range []string{
		"units/dadukou.md", "units/municipal.md", // the unit and its parent, which owns the adopted standards
		"standards/sample-office-maintenance/2019.md", "standards/sample-office-maintenance/2024.md", // all editions
		"standards/gb-t-41568/2022.md",
		"regulations/cq-jgsw-14th-plan/2021.md", // cited by the standards
	} {
		if !strings.Contains(got, want) {
			t.Errorf("bundle lacks %s: %s", want, got)
		}
	}
	for _, not := range []string{"units/bishan.md", "standards/sample-canteen-service/2021.md", "checklists/"} {
		if strings.Contains(got, not) {
			t.Errorf("bundle holds %s, outside dadukou's system", not)
		}
	}
	if m.Unit.Name != "大渡口区" || m.Format != bundle.Format {
		t.Errorf("manifest %+v", m.Unit)
	}
}

func TestImportRoundTrip(t *testing.T) {
	m, b := export(t, "dadukou")
	dir := contentDir(t, map[string]string{})
	rep, err := bundle.Import(bytes.NewReader(b), dir, bundle.Options{})
	if err != nil || !rep.Written || len(rep.Added) != len(m.Files) {
		t.Fatalf("import: %v %+v", err, rep)
	}
	lib, err := content.Load(os.DirFS(dir))
	if err != nil {
		t.Fatalf("imported content does not load: %v", err)
	}
	if d, ok := lib.Document("sample-office-maintenance"); !ok || len(d.Editions) != 2 {
		t.Errorf("editions after import: %v", d)
	}
	rep, err = bundle.Import(bytes.NewReader(b), dir, bundle.Options{})
	if err != nil || rep.Written || len(rep.Unchanged) != len(m.Files) {
		t.Errorf("second import must change nothing: %v %+v", err, rep)
	}
}

func TestImportReportsConflicts(t *testing.T) {
	_, b := export(t, "dadukou")
	edited, _ := fs.ReadFile(content.Default(), "standards/sample-office-maintenance/2019.md")
	edited = append(edited, "\n本地修改。\n"...)
	dir := contentDir(t, map[string]string{"standards/sample-office-maintenance/2019.md": string(edited)})

	rep, err := bundle.Import(bytes.NewReader(b), dir, bundle.Options{})
	if !errors.Is(err, bundle.ErrConflicts) || len(rep.Conflicts) != 1 || rep.Conflicts[0].Edition != "sample-office-maintenance@2019" {
		t.Fatalf("want one conflict: %v %+v", err, rep)
	}
	if _, err := os.Stat(filepath.Join(dir, "standards/sample-office-maintenance/2024.md")); !errors.Is(err, fs.ErrNotExist) {
		t.Error("a conflicting import wrote files")
	}

	rep, err = bundle.Import(bytes.NewReader(b), dir, bundle.Options{SkipConflicts: true})
	if err != nil || !rep.Written {
		t.Fatalf("skip conflicts: %v %+v", err, rep)
	}
	if now, _ := os.ReadFile(filepath.Join(dir, "standards/sample-office-maintenance/2019.md")); !bytes.Equal(now, edited) {
		t.Error("the local edition was overwritten")
	}
	if _, err := os.Stat(filepath.Join(dir, "standards/sample-office-maintenance/2024.md")); err != nil {
		t.Error("the other editions were not imported")
	}
}

// craft builds a bundle from a manifest and archive entries, for damaged and hostile inputs.
func craft(t *testing.T, listed map[string]string, entries map[string]string) []byte {
	t.Helper()
	m := bundle.Manifest{Format: bundle.Format}
	for p, s := range listed {
		sum := sha256.Sum256([]byte(s))
		m.Files = append(m.Files, bundle.File{Path: p, SHA256: hex.EncodeToString(sum[:]), Size: len(s)})
	}
	mj, _ := json.Marshal(m)
	var b bytes.Buffer
	gz := gzip.NewWriter(&b)
	tw := tar.NewWriter(gz)
	put := func(name, s string) {
		tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(s)), Typeflag: tar.TypeReg})
		tw.Write([]byte(s))
	}
	put("manifest.json", string(mj))
	for name, s := range entries {
		put(name, s)
	}
	tw.Close()
	gz.Close()
	return b.Bytes()
}

func TestImportRejectsBadBundles(t *testing.T) {
	unit := "---\nkind: unit\nid: x\nname: 某区\nlevel: 区县\n---\n"
	tests := []struct {
		name    string
		bundle  []byte
		wantErr string
	}{
		{"not gzip", []byte("plain text"), "不是共享包"},
		{"altered file", craft(t, map[string]string{"units/x.md": unit}, map[string]string{"content/units/x.md": unit + "改"}), "与清单中的校验和不符"},
		{"missing file", craft(t, map[string]string{"units/x.md": unit}, nil), "共享包里没有这个文件"},
		{"unlisted file", craft(t, nil, map[string]string{"content/units/x.md": unit}), "没有列在清单中"},
		{"path escape", craft(t, nil, map[string]string{"content/../../etc/x.md": unit}), "路径不安全"},
		{"content that would not load", craft(t, map[string]string{"units/x.md": "---\nkind: unit\nid: [\n---\n"}, map[string]string{"content/units/x.md": "---\nkind: unit\nid: [\n---\n"}), "units/x.md:4: YAML 格式有误"},
	}
	// A checklist smuggled in under a unit's path loads, but is not what a bundle carries.
	checklist, _ := fs.ReadFile(content.Default(), "checklists/pilot-midterm.md")
	tests = append(tests, struct {
		name    string
		bundle  []byte
		wantErr string
	}{"not a unit or edition", craft(t, map[string]string{"units/harmless.md": string(checklist)}, map[string]string{"content/units/harmless.md": string(checklist)}), "既不是单位"},
		struct {
			name    string
			bundle  []byte
			wantErr string
		}{"backslash path", craft(t, nil, map[string]string{`content/units\..\x.md`: unit}), "路径不安全"})
	tests = append(tests, struct {
		name    string
		bundle  []byte
		wantErr string
	}{"file listed twice", listedTwice(t, "units/x.md", unit), "重复列出"})
	plan, _ := fs.ReadFile(content.Default(), "regulations/cq-jgsw-14th-plan/2021.md")
	indicators, _ := fs.ReadFile(content.Default(), "indicators/standardization.md") // the checklist names its indicators
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := contentDir(t, map[string]string{"regulations/cq-jgsw-14th-plan/2021.md": string(plan), "indicators/standardization.md": string(indicators)})
			_, err := bundle.Import(bytes.NewReader(tt.bundle), dir, bundle.Options{})
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %v, want %q", err, tt.wantErr)
			}
			if _, err := os.Stat(filepath.Join(dir, "units")); !errors.Is(err, fs.ErrNotExist) {
				t.Error("a rejected bundle wrote files")
			}
		})
	}
}

// listedTwice builds a bundle whose manifest lists path twice and whose archive holds it once,
// after a valid unit written first, which a partial import would leave behind.
func listedTwice(t *testing.T, path, body string) []byte {
	t.Helper()
	other := "---\nkind: unit\nid: a\nname: 甲区\nlevel: 区县\n---\n"
	sum := func(s string) string { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:]) }
	m := bundle.Manifest{Format: bundle.Format, Files: []bundle.File{
		{Path: "units/a.md", SHA256: sum(other), Size: len(other)},
		{Path: path, SHA256: sum(body), Size: len(body)},
		{Path: path, SHA256: sum(body), Size: len(body)},
	}}
	mj, _ := json.Marshal(m)
	var b bytes.Buffer
	gz := gzip.NewWriter(&b)
	tw := tar.NewWriter(gz)
	for _, e := range [][2]string{{"manifest.json", string(mj)}, {"content/units/a.md", other}, {"content/" + path, body}} {
		tw.WriteHeader(&tar.Header{Name: e[0], Mode: 0o644, Size: int64(len(e[1])), Typeflag: tar.TypeReg})
		tw.Write([]byte(e[1]))
	}
	tw.Close()
	gz.Close()
	return b.Bytes()
}

// A bundle exported by an older development build recorded Go's "(devel)"; a preview names it
// in words. Other programs are shown as recorded.
func TestManifestProgram(t *testing.T) {
	for gen, want := range map[string]string{
		"stdkb (devel)":                "stdkb 开发版本",
		"stdkb (devel) (0123456789ab)": "stdkb 开发版本 (0123456789ab)",
		"知识库网站":                        "知识库网站",
		"stdkb v1.4.0":                 "stdkb v1.4.0",
	} {
		if got := (&bundle.Manifest{Generator: gen}).Program(); got != want {
			t.Errorf("%q: %q, want %q", gen, got, want)
		}
	}
}
