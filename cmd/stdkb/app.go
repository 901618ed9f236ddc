package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"stdkb"
	"stdkb/content"
	"stdkb/kb"
	"stdkb/store"
)

// dbFile is the store's file name inside the data directory.
const dbFile = "stdkb.db"

// appOptions says what a command needs of the knowledge base.
type appOptions struct {
	content, data string
	// readOnly commands do not create a database that does not exist yet, and open the search
	// index without writing to it.
	readOnly bool
	rebuild  bool // rebuild the search index
}

// openApp returns the knowledge base a command works on, and a function releasing it.
//
// Inside `stdkb serve` (a command forwarded over the admin socket) that is the running app. On
// the command line it is, in order: the running server of the data directory, to which the
// whole command is forwarded (openApp then returns a forwarded error holding its exit status);
// else an app opened here on the data directory's database, which must not be held by another
// process.
func openApp(ctx context.Context, e *env, o appOptions) (*kb.App, func(), error) {
	if e.live != nil {
		return e.live, func() {}, nil
	}
	dir, err := dataDir(o.data)
	if err != nil {
		return nil, nil, err
	}
	sock := filepath.Join(dir, adminSocket)
	if !e.forwarded && e.argv != nil {
		code, err := forward(ctx, e, sock)
		if err == nil {
			return nil, nil, forwarded{code}
		}
		if !errors.Is(err, errNoServer) {
			return nil, nil, err
		}
	}
	st, err := openDataStore(dir, o.readOnly)
	if err != nil {
		return nil, nil, err
	}
	fsys, name := content.Source(o.content)
	app, err := kb.New(ctx, kb.Config{Content: fsys, Name: name, DataDir: dir, Store: st,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Today: func() stdkb.Date { return today() },
		LazyIndex: true, ReadOnlyIndex: o.readOnly, RebuildIndex: o.rebuild, Progress: progress(e)})
	if err != nil {
		if st != nil {
			st.Close()
		}
		return nil, nil, err
	}
	return app, func() {
		app.Close()
		if st != nil {
			st.Close()
		}
	}, nil
}

// openDataStore opens the data directory's database; nil when readOnly and there is none yet.
// A database another process holds gets a message saying what to do.
func openDataStore(dir string, readOnly bool) (*store.Store, error) {
	path := filepath.Join(dir, dbFile)
	if _, err := os.Stat(path); readOnly && errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	st, err := store.Open(path)
	if errors.Is(err, store.ErrLocked) {
		return nil, heldError(dir, path, err)
	}
	return st, err
}

// heldError says what to do when another process holds a file of the data directory (the
// database, or the search index at path) and no admin socket answers.
func heldError(dir, path string, err error) error {
	return stdkb.WrapError(stdkb.ECONFLICT, err,
		"数据目录 %s 正被另一进程占用，且无法连接其管理套接字 %s。若 stdkb serve 正在运行，请确认其版本支持管理套接字并与本命令使用同一数据目录；否则请等待占用 %s 的进程结束后重试",
		dir, filepath.Join(dir, adminSocket), path)
}

// progress reports index building: a bar on a terminal, log lines otherwise.
func progress(e *env) func(done, total int) {
	var bar *progressbar.ProgressBar
	start := time.Now()
	return func(done, total int) {
		if f, ok := e.stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			if bar == nil {
				bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(e.stderr),
					progressbar.OptionSetDescription("建立索引"), progressbar.OptionShowCount(), progressbar.OptionClearOnFinish())
			}
			bar.Set(done)
			return
		}
		fmt.Fprintf(e.stderr, "建立索引：%d/%d 个条款\n", done, total)
		if done == total {
			fmt.Fprintf(e.stderr, "建立索引：用时 %s\n", time.Since(start).Round(time.Millisecond))
		}
	}
}

// path resolves a file name the user typed: relative names are relative to the directory the
// command was typed in, also when a running server executes it.
func (e *env) path(name string) string {
	if name == "" || name == "-" || filepath.IsAbs(name) || e.cwd == "" {
		return name
	}
	return filepath.Join(e.cwd, name)
}

// forwarded ends a command that the running server executed; code is its exit status.
type forwarded struct{ code int }

func (f forwarded) Error() string { return fmt.Sprintf("forwarded, exit status %d", f.code) }

// contentApp is a knowledge base on the content alone, for commands that need no data
// directory.
func contentApp(ctx context.Context, e *env, contentDir string) (*kb.App, error) {
	if e.live != nil {
		return e.live, nil
	}
	fsys, name := content.Source(contentDir)
	return kb.New(ctx, kb.Config{Content: fsys, Name: name, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Today: func() stdkb.Date { return today() }, LazyIndex: true})
}
