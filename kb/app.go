// Package kb is stdkb's application layer: it owns the running knowledge base (the live content
// snapshot and the store) and offers every use case as a method taking the caller's identity.
// Roles and unit ownership are checked here and only here; the web server and the command line
// parse input, call a use case and render its result.
package kb

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"stdkb"
	"stdkb/content"
	"stdkb/indexer"
	"stdkb/store"
)

// Config is what an App needs.
type Config struct {
	Content fs.FS        // the content tree
	Name    string       // the content's name for messages ("embedded" or a path)
	DataDir string       // holds the index, the database and evidence files
	Store   *store.Store // the database; the caller opens and closes it; nil serves content only
	Logger  *slog.Logger
	Today   func() stdkb.Date // the day states are computed for; nil means the clock

	// ContentDir is the content directory when Content is one on disk: administrators' bundle
	// imports from the web write there. Empty for embedded content, which cannot be written.
	ContentDir string

	RequireLogin bool // anonymous callers may read and search unless this is set
	// MaxSubmissionsPerUnit bounds the self-assessments (drafts and submitted) one unit may
	// hold; 0 means DefaultMaxSubmissionsPerUnit. A pilot creating ever new ones could
	// otherwise fill the database.
	MaxSubmissionsPerUnit int
	// LazyIndex opens (or builds) the search index on the first search instead of at load:
	// command-line runs that never search do not pay for it.
	LazyIndex bool
	// ReadOnlyIndex opens an existing index without writing to it (the command line's search).
	ReadOnlyIndex bool
	// RebuildIndex builds the index even when one of this content exists (stdkb index --rebuild).
	RebuildIndex bool
	// Progress reports index build progress; may be nil.
	Progress func(done, total int)
}

// App is the running knowledge base. It is safe for concurrent use.
type App struct {
	cfg      Config
	log      *slog.Logger
	snap     atomic.Pointer[Snapshot]
	reloadMu sync.Mutex // one reload at a time
	createMu sync.Mutex // one new submission at a time, so a unit's cap holds
	lastErr  atomic.Pointer[ReloadError]

	anonAssess chan struct{} // slots for anonymous assessments
	heavy      *heavyGate    // slots for signed-in heavy work
}

// ReloadError is the outcome of the last failed reload, shown to administrators.
type ReloadError struct {
	At       time.Time
	Problems stdkb.Problems
	Err      string
}

// New loads the content and (unless LazyIndex) opens its index. It fails if the content does
// not pass check: there is no last good snapshot to fall back to yet.
func New(ctx context.Context, cfg Config) (*App, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Today == nil {
		cfg.Today = func() stdkb.Date { return stdkb.DateOf(time.Now()) }
	}
	a := &App{cfg: cfg, log: cfg.Logger, anonAssess: make(chan struct{}, MaxAnonymousAssessments), heavy: newHeavyGate()}
	if err := a.Reload(ctx); err != nil {
		return nil, err
	}
	return a, nil
}

// Today is the day states are computed for.
func (a *App) Today() stdkb.Date { return a.cfg.Today() }

// ContentName names the content being served ("embedded" or a path).
func (a *App) ContentName() string { return a.cfg.Name }

// LastReloadError is the last failed reload, or nil when the last reload succeeded.
func (a *App) LastReloadError() *ReloadError { return a.lastErr.Load() }

// Reload loads the content again and, if it passes check and indexes, serves it. On failure the
// app keeps serving the last good snapshot and remembers the problems for administrators.
func (a *App) Reload(ctx context.Context) error {
	a.reloadMu.Lock()
	defer a.reloadMu.Unlock()
	start := time.Now()
	lib, err := content.LoadAt(a.cfg.Content, a.cfg.Today())
	if err != nil {
		var ps stdkb.Problems
		errors.As(err, &ps)
		a.lastErr.Store(&ReloadError{At: time.Now(), Problems: ps, Err: err.Error()})
		a.log.Error("content rejected; still serving the last good content", "content", a.cfg.Name, "problems", len(ps))
		return fmt.Errorf("content %s: %w", a.cfg.Name, err)
	}
	old := a.snap.Load()
	if old != nil && old.Lib.Hash == lib.Hash {
		a.lastErr.Store(nil)
		return nil
	}
	sn := &Snapshot{Lib: lib, Loaded: time.Now(), open: a.indexOpener(lib)}
	sn.refs.Store(1) // the app's own reference, dropped when the snapshot is replaced
	if !a.cfg.LazyIndex {
		if _, err := sn.index(ctx); err != nil {
			a.lastErr.Store(&ReloadError{At: time.Now(), Err: err.Error()})
			a.log.Error("index failed; still serving the last good content", "err", err)
			return err
		}
	}
	a.snap.Store(sn)
	a.lastErr.Store(nil)
	a.log.Info("content loaded", "content", a.cfg.Name, "hash", lib.Hash[:12], "documents", len(lib.Documents), "took", time.Since(start).Round(time.Millisecond))
	if old != nil {
		old.Release() // closes its index once the last search holding it is done
	}
	return nil
}

func (a *App) indexOpener(lib *stdkb.Library) func(ctx context.Context) (*indexer.Index, error) {
	return func(ctx context.Context) (*indexer.Index, error) {
		ix, _, err := indexer.OpenDir(ctx, lib, a.cfg.DataDir, indexer.DirOptions{ReadOnly: a.cfg.ReadOnlyIndex, Rebuild: a.cfg.RebuildIndex, Progress: a.cfg.Progress})
		return ix, err
	}
}

// Close drops the app's reference to the current snapshot; its index closes when no reader
// holds it any more.
func (a *App) Close() error {
	if sn := a.snap.Swap(nil); sn != nil {
		sn.Release()
	}
	return nil
}

// Snapshot is one consistent view of the content: a library and its index. Readers Acquire it
// and Release it when done; the index is closed when the last reference is released.
type Snapshot struct {
	Lib    *stdkb.Library
	Loaded time.Time

	refs   atomic.Int64
	open   func(ctx context.Context) (*indexer.Index, error)
	once   sync.Mutex
	ix     *indexer.Index
	closed bool
}

// Acquire returns the current snapshot with a reference the caller must Release.
func (a *App) Acquire() *Snapshot {
	for {
		sn := a.snap.Load()
		if sn == nil {
			return nil
		}
		n := sn.refs.Load()
		if n == 0 {
			continue // replaced and released meanwhile: the next Load sees its successor
		}
		if sn.refs.CompareAndSwap(n, n+1) {
			return sn
		}
	}
}

// Release drops a reference; the last one closes the index.
func (sn *Snapshot) Release() {
	if sn.refs.Add(-1) != 0 {
		return
	}
	sn.once.Lock()
	defer sn.once.Unlock()
	sn.closed = true
	if sn.ix != nil {
		sn.ix.Close()
		sn.ix = nil
	}
}

// index returns the snapshot's index, opening it on first use.
func (sn *Snapshot) index(ctx context.Context) (*indexer.Index, error) {
	sn.once.Lock()
	defer sn.once.Unlock()
	if sn.closed {
		return nil, errors.New("snapshot already released")
	}
	if sn.ix == nil {
		ix, err := sn.open(ctx)
		if errors.Is(err, indexer.ErrLocked) {
			return nil, stdkb.WrapError(stdkb.ECONFLICT, err, "检索索引正被另一进程占用，请等待该进程结束后重试。")
		}
		if err != nil {
			return nil, stdkb.WrapError(stdkb.EINTERNAL, err, "检索索引无法打开")
		}
		sn.ix = ix
	}
	return sn.ix, nil
}

// lib returns the current library without holding a reference: the library is plain memory
// that stays valid as long as anyone uses it.
func (a *App) lib() *stdkb.Library { return a.snap.Load().Lib }

// Library is the content currently served. Front ends use it to render what they were given;
// use cases that depend on who asks are methods of App.
func (a *App) Library() *stdkb.Library { return a.lib() }

// Loaded is when the current content was loaded.
func (a *App) Loaded() time.Time { return a.snap.Load().Loaded }

// IndexReady opens (building when needed) the current content's search index and returns the
// content's hash.
func (a *App) IndexReady(ctx context.Context, c Caller) (string, error) {
	if err := a.mayRead(c); err != nil {
		return "", err
	}
	sn := a.Acquire()
	defer sn.Release()
	if _, err := sn.index(ctx); err != nil {
		return "", err
	}
	return sn.Lib.Hash, nil
}
