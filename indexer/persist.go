package indexer

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	bolt "go.etcd.io/bbolt"

	"stdkb"
)

// indexFormat changes whenever the mapping or the analysis changes, so old indexes are rebuilt.
const indexFormat = "v9"

// ErrLocked is in the chain of OpenDir's error when another process holds the index (bleve
// locks the index's root.bolt); lockWait bounds the wait for that lock, so a command answers
// instead of hanging.
var ErrLocked = bolt.ErrTimeout

const lockWait = time.Second

// dirName names the index of a library: analyzer, format and content hash.
func dirName(lib *stdkb.Library, opts Options) string {
	a := opts.Analyzer
	if a == "" {
		a = AnalyzerGSE
	}
	return fmt.Sprintf("%s-%s-%.16s", a, indexFormat, lib.Hash)
}

// DirOptions says how OpenDir opens an index directory.
type DirOptions struct {
	Options                        // the index's analysis
	Rebuild  bool                  // build even when an index of this content exists
	ReadOnly bool                  // open an existing index without writing to it
	Progress func(done, total int) // reports build progress; may be nil
}

// OpenDir opens the index of lib under dataDir/index, building it first when none exists for
// this content (the content hash is part of its name) or when rebuild is set. A build goes to a
// temporary directory that is renamed into place only when complete, so a failed or
// interrupted build never damages the index in use. Indexes of other content are removed after
// a successful build. built reports whether it built.
func OpenDir(ctx context.Context, lib *stdkb.Library, dataDir string, dopts DirOptions) (ix *Index, built bool, err error) {
	opts, rebuild, readOnly, progress := dopts.Options, dopts.Rebuild, dopts.ReadOnly, dopts.Progress
	root := filepath.Join(dataDir, "index")
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, false, fmt.Errorf("create index directory: %w", err)
	}
	final := filepath.Join(root, dirName(lib, opts))
	if !rebuild {
		if _, err := os.Stat(final); err == nil {
			ix, err := openDir(lib, final, opts, readOnly)
			if err == nil || errors.Is(err, ErrLocked) {
				return ix, false, err
			}
			// A damaged index is rebuilt rather than served; a held one is not damaged.
		}
	}
	tmp := filepath.Join(root, ".build-"+randomSuffix())
	built1, err := BuildProgress(ctx, lib, tmp, opts, progress)
	if err != nil {
		os.RemoveAll(tmp)
		return nil, false, err
	}
	if err := built1.Close(); err != nil {
		os.RemoveAll(tmp)
		return nil, false, fmt.Errorf("close new index: %w", err)
	}
	if _, err := os.Stat(final); err == nil {
		old := filepath.Join(root, ".old-"+randomSuffix())
		if err := os.Rename(final, old); err != nil {
			os.RemoveAll(tmp)
			return nil, false, fmt.Errorf("move old index aside: %w", err)
		}
		defer os.RemoveAll(old)
	}
	if err := os.Rename(tmp, final); err != nil {
		os.RemoveAll(tmp)
		if _, statErr := os.Stat(final); statErr != nil {
			return nil, false, fmt.Errorf("install new index: %w", err)
		} // another process installed the same index first: use it
	}
	removeOthers(root, filepath.Base(final))
	ix, err = openDir(lib, final, opts, readOnly)
	return ix, err == nil, err
}

func openDir(lib *stdkb.Library, dir string, opts Options, readOnly bool) (*Index, error) {
	ix, _, err := prepare(lib, opts)
	if err != nil {
		return nil, err
	}
	cfg := map[string]any{"bolt_timeout": lockWait.String()}
	if readOnly {
		cfg["read_only"] = true
	}
	ix.bleve, err = bleve.OpenUsing(dir, cfg)
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	if n, err := ix.bleve.DocCount(); err != nil || n != uint64(len(ix.entries)) {
		ix.bleve.Close()
		return nil, fmt.Errorf("index %s holds %d documents, the content %d", dir, n, len(ix.entries))
	}
	if err := ix.loadFieldLengths(); err != nil {
		ix.bleve.Close()
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	if ix.grams {
		stored, err := ix.bleve.GetInternal([]byte(stopPairsKey))
		if err == nil {
			ix.stop, err = decodeStopPairs(stored)
		}
		if err != nil {
			ix.bleve.Close()
			return nil, fmt.Errorf("index %s: stop-pairs: %w", dir, err)
		}
	}
	return ix, nil
}

// removeOthers deletes indexes of the same analyzer built from other content, and leftovers of
// interrupted builds.
func removeOthers(root, keep string) {
	analyzer, _, _ := strings.Cut(keep, "-")
	entries, err := os.ReadDir(root)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if name == keep || !e.IsDir() {
			continue
		}
		if strings.HasPrefix(name, analyzer+"-") || strings.HasPrefix(name, ".old-") {
			os.RemoveAll(filepath.Join(root, name))
		}
	}
}

func randomSuffix() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}
