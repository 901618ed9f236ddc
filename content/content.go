// Package content holds the default knowledge base (markdown files embedded in the binary) and
// the loader that turns any content tree into a validated stdkb.Library.
package content

import (
	"embed"
	"io/fs"
	"os"
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
