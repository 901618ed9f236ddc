// Package content holds the default knowledge base (markdown files embedded in the binary) and
// the loader that turns any content tree into a validated stdkb.Library.
package content

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"stdkb"
)

//go:embed all:kb
var embedded embed.FS

// EnvDir names the environment variable that points stdkb at a content tree on disk.
const EnvDir = "STDKB_CONTENT"

// Default returns the embedded knowledge base.
func Default() fs.FS {
	sub, err := fs.Sub(embedded, "kb")
	if err != nil {
		panic(err) // the embed pattern guarantees kb exists
	}
	return sub
}

// Source chooses the content tree: dir if given, else $STDKB_CONTENT, else the embedded one.
// It returns the tree and a name for messages.
func Source(dir string) (fs.FS, string) {
	if dir == "" {
		dir = os.Getenv(EnvDir)
	}
	if dir == "" {
		return Default(), "embedded"
	}
	return os.DirFS(dir), dir
}

// LoadWith loads the content tree base with files added or replaced (paths relative to the
// root), without touching base: it answers "would the content still load if these were added?"
// before anything is written. Base is copied to a scratch directory, which content trees are
// small enough for.
func LoadWith(base fs.FS, files map[string][]byte) (*stdkb.Library, error) {
	tmp, err := os.MkdirTemp("", "stdkb-content-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	scratch := filepath.Join(tmp, "content")
	if err := os.CopyFS(scratch, base); err != nil {
		return nil, fmt.Errorf("copy content: %w", err)
	}
	for p, b := range files {
		if !fs.ValidPath(p) {
			return nil, fmt.Errorf("add %s: not a valid content path", p)
		}
		name := filepath.Join(scratch, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(name, b, 0o644); err != nil {
			return nil, err
		}
	}
	return Load(os.DirFS(scratch))
}
