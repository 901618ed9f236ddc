package bundle

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"stdkb"
	"stdkb/content"
)

// Stage is a change to a content directory — new files, and existing files rewritten — that is
// loaded and validated as a whole in a scratch copy before any of it is written, as Import does
// with a bundle: catalogue import lands its files through a Stage.
type Stage struct {
	Dir     string
	Add     map[string][]byte  // new files by content path
	Replace map[string]Rewrite // existing files by content path
}

// Rewrite is an existing file's expected bytes and its new bytes; Commit refuses to rewrite a
// file that changed meanwhile.
type Rewrite struct{ Old, New []byte }

// NewStage starts an empty change to the content directory dir, which must hold a framework.
func NewStage(dir string) (*Stage, error) {
	if _, err := fs.Stat(os.DirFS(dir), "framework.md"); err != nil {
		return nil, fmt.Errorf("%s 不是内容目录（缺少 framework.md）", dir)
	}
	return &Stage{Dir: dir, Add: map[string][]byte{}, Replace: map[string]Rewrite{}}, nil
}

// Empty reports whether the stage changes nothing.
func (s *Stage) Empty() bool { return len(s.Add) == 0 && len(s.Replace) == 0 }

// Load loads the content directory as it would be after the change, without touching it.
func (s *Stage) Load() (*stdkb.Library, error) {
	files := make(map[string][]byte, len(s.Add)+len(s.Replace))
	for p, b := range s.Add {
		files[p] = b
	}
	for p, r := range s.Replace {
		files[p] = r.New
	}
	return content.LoadWith(os.DirFS(s.Dir), files)
}

// ErrChangedMeanwhile reports that the content directory changed between staging and commit.
var ErrChangedMeanwhile = errors.New("内容目录在此期间被改动，未写入任何文件")

// Commit writes the change. It first checks that no new file exists yet and every rewritten
// file still has its expected bytes, so it writes nothing if the directory changed meanwhile.
func (s *Stage) Commit() error {
	for p := range s.Add {
		if _, err := os.Lstat(s.path(p)); !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s: %w", p, ErrChangedMeanwhile)
		}
	}
	for p, r := range s.Replace {
		if now, err := os.ReadFile(s.path(p)); err != nil || !bytes.Equal(now, r.Old) {
			return fmt.Errorf("%s: %w", p, ErrChangedMeanwhile)
		}
	}
	var added, replaced []string
	undo := func(p string, err error) error {
		// A file created meanwhile, or a full disk: take back what this change wrote, so the
		// directory is as it was.
		for _, q := range added {
			os.Remove(s.path(q))
		}
		for _, q := range replaced {
			replaceFile(s.path(q), s.Replace[q].Old)
		}
		return fmt.Errorf("写入 %s 失败（本次改动已写入的文件已撤回）：%w", p, err)
	}
	for p, b := range s.Add {
		if err := writeFile(s.path(p), b); err != nil {
			return undo(p, err)
		}
		added = append(added, p)
	}
	for p, r := range s.Replace {
		if err := replaceFile(s.path(p), r.New); err != nil {
			return undo(p, err)
		}
		replaced = append(replaced, p)
	}
	return nil
}

func (s *Stage) path(p string) string { return filepath.Join(s.Dir, filepath.FromSlash(p)) }

// writeFile writes a new file through a temporary name, so a crash leaves no half file, and
// links it into place, which fails rather than replace a file created meanwhile.
func writeFile(name string, b []byte) error {
	tmp, err := tempFile(name, b)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	return os.Link(tmp, name)
}

// replaceFile rewrites an existing file through a temporary name renamed over it.
func replaceFile(name string, b []byte) error {
	tmp, err := tempFile(name, b)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, name); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

func tempFile(name string, b []byte) (string, error) {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".stdkb-import-*")
	if err != nil {
		return "", err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return "", err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	return tmp.Name(), nil
}
