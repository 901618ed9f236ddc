package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"stdkb"
	"stdkb/content"
	"stdkb/server"
)

func cmdServe(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	data := dataFlag(fs)
	contentDir := contentFlag(fs)
	requireLogin := fs.Bool("require-login", false, "require signing in to read and search")
	secure := fs.Bool("secure-cookies", false, "mark cookies Secure (when served over HTTPS)")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	dir, err := dataDir(*data)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	st, err := openStore(dir)
	if err != nil {
		return err
	}
	defer st.Close()
	fsys, name := content.Source(*contentDir)
	srv, err := server.New(ctx, server.Config{Content: fsys, Name: name, DataDir: dir, Store: st, Logger: log,
		Today: func() stdkb.Date { return today() }, RequireLogin: *requireLogin, SecureCookies: *secure})
	if err != nil {
		return err
	}
	defer srv.Close()

	// SIGHUP reloads the content; bad content leaves the last good one serving.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go func() {
		for range hup {
			if err := srv.Reload(ctx); err != nil {
				log.Error("reload failed", "err", err)
			}
		}
	}()
	fmt.Fprintf(e.stderr, "stdkb: serving content %s at http://%s (data in %s)\n", name, *addr, dir)
	return srv.ListenAndServe(ctx, *addr)
}
