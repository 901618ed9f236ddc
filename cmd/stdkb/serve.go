package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"math"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"stdkb"
	"stdkb/content"
	"stdkb/kb"
	"stdkb/server"
)

// defaultMemoryLimitMiB keeps a server of 10,000 sections under 400 MB resident
// (docs/performance.md): without it the heap grows to twice its live size between collections. The
// price is more frequent collection, about 10% of throughput under full load. The limit bounds
// the Go heap only; the index's mapped pages come on top (~90 MiB file-backed with the character
// view, binary included), so 350 MiB let the process reach 402–407 MiB and 320 keeps it at
// ~377 MiB with the same throughput (docs/search-quality.md, run D).
const defaultMemoryLimitMiB = 320

// memoryLimit returns the soft memory limit to set, in bytes, if any: the flag's when given
// or when $GOMEMLIMIT (which the runtime has applied already) is not set.
func memoryLimit(mib int, explicit bool, env string) (int64, bool) {
	switch {
	case !explicit && env != "":
		return 0, false
	case mib <= 0:
		return math.MaxInt64, true // none
	default:
		return int64(mib) << 20, true
	}
}

func cmdServe(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "监听地址")
	data := dataFlag(fs)
	contentDir := contentFlag(fs)
	requireLogin := fs.Bool("require-login", false, "阅读和检索须先登录")
	maxPerUnit := fs.Int("max-submissions-per-unit", kb.DefaultMaxSubmissionsPerUnit, "每个单位至多保存的自评材料份数（草稿和已提交的都计入）")
	secure := fs.Bool("secure-cookies", false, "把 Cookie 标记为 Secure（通过 HTTPS 提供服务时）")
	memLimit := fs.Int("memory-limit-mib", defaultMemoryLimitMiB, "Go 运行时的软内存上限（MiB），0 表示不限（未设置 $GOMEMLIMIT 时使用默认值）")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	explicit := false
	fs.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "memory-limit-mib" })
	if limit, ok := memoryLimit(*memLimit, explicit, os.Getenv("GOMEMLIMIT")); ok {
		debug.SetMemoryLimit(limit)
	}
	dir, err := dataDir(*data)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	st, err := openDataStore(dir, false)
	if err != nil {
		return err
	}
	defer st.Close()
	fsys, name := content.Source(*contentDir)
	var writable string
	if name != "embedded" {
		writable = name
	}
	app, err := kb.New(ctx, kb.Config{Content: fsys, Name: name, ContentDir: writable, DataDir: dir, Store: st, Logger: log,
		Today: func() stdkb.Date { return today() }, RequireLogin: *requireLogin,
		MaxSubmissionsPerUnit: *maxPerUnit})
	if err != nil {
		return err
	}
	defer app.Close()
	srv := server.New(server.Config{App: app, Logger: log, SecureCookies: *secure})
	// Without the admin socket the server still serves; command-line writes then say that the
	// data directory is busy (docs/operations.md).
	if stopAdmin, err := serveAdmin(ctx, dir, app, log); err != nil {
		log.Warn("no admin socket: command-line writes to this data directory will be refused while serving", "err", err)
	} else {
		defer stopAdmin()
	}

	// SIGHUP reloads the content; bad content leaves the last good one serving.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go func() {
		for range hup {
			if err := app.Reload(ctx); err != nil {
				log.Error("reload failed", "err", err)
			}
		}
	}()
	fmt.Fprintf(e.stderr, "stdkb：正在 http://%s 提供%s（数据目录 %s）\n", *addr, contentTitle(name), dir)
	return srv.ListenAndServe(ctx, *addr)
}
