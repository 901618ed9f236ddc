package main

// The admin socket lets the command line and a running server share a data directory. `stdkb
// serve` listens on DATA/admin.sock (mode 0600, removed on shutdown); a command that needs the
// database or the index and finds that socket answering forwards itself — its arguments, its
// working directory and its standard input — and the server runs the same command function
// against its live knowledge base, streaming standard output, standard error and the exit
// status back. Whoever can open the socket owns the data directory and acts as administrator,
// as on the command line. File names are resolved against the forwarded working directory, so
// `-o report.xlsx` lands where the user typed it: the socket's mode means the server runs as
// the same user (or the user is root), so it may read and write what the user may.

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	"stdkb/kb"
)

// adminSocket is the socket's file name in the data directory.
const adminSocket = "admin.sock"

// dialTimeout bounds connecting to the socket: a server that does not answer this fast is not
// there.
const dialTimeout = 500 * time.Millisecond

// Frame kinds the server sends.
const (
	frameStdout byte = 1
	frameStderr byte = 2
	frameExit   byte = 3
)

// request is the first line a client sends; its standard input follows.
type request struct {
	Argv []string `json:"argv"`
	Cwd  string   `json:"cwd"`
}

var dialer = net.Dialer{Timeout: dialTimeout}

var errNoServer = errors.New("no server answers on the admin socket")

// forward sends the command to the server listening on sock and copies its output; it returns
// the command's exit status, or errNoServer when nothing listens there.
func forward(ctx context.Context, e *env, sock string) (int, error) {
	if _, err := os.Stat(sock); err != nil {
		return 0, errNoServer
	}
	conn, err := dialer.DialContext(ctx, "unix", sock)
	if err != nil {
		return 0, errNoServer // a socket file left by a server that died
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() }) // SIGTERM interrupts the wait
	defer stop()
	cwd, _ := os.Getwd()
	head, _ := json.Marshal(request{Argv: e.argv, Cwd: cwd})
	if _, err := conn.Write(append(head, '\n')); err != nil {
		return 0, errNoServer
	}
	go func() {
		io.Copy(conn, e.stdin)
		conn.(*net.UnixConn).CloseWrite()
	}()
	r := bufio.NewReader(conn)
	for {
		kind, payload, err := readFrame(r)
		if err != nil {
			if ctx.Err() != nil {
				return 0, ctx.Err()
			}
			return 0, fmt.Errorf("管理套接字 %s 的连接中断：%w", sock, err)
		}
		switch kind {
		case frameStdout:
			e.stdout.Write(payload)
		case frameStderr:
			e.stderr.Write(payload)
		case frameExit:
			return int(binary.BigEndian.Uint32(payload)), nil
		}
	}
}

func readFrame(r *bufio.Reader) (byte, []byte, error) {
	var head [5]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return 0, nil, err
	}
	payload := make([]byte, binary.BigEndian.Uint32(head[1:]))
	_, err := io.ReadFull(r, payload)
	return head[0], payload, err
}

// frames writes frames of one kind to a connection shared by several writers.
type frames struct {
	mu   *sync.Mutex
	conn net.Conn
	kind byte
}

func (f frames) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var head [5]byte
	head[0] = f.kind
	binary.BigEndian.PutUint32(head[1:], uint32(len(p)))
	if _, err := f.conn.Write(append(head[:], p...)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// serveAdmin listens on the data directory's admin socket until ctx is done and runs the
// commands sent to it against app. It removes the socket when it stops.
func serveAdmin(ctx context.Context, dir string, app *kb.App, log *slog.Logger) (stop func(), err error) {
	sock := dir + string(os.PathSeparator) + adminSocket
	if _, err := os.Stat(sock); err == nil {
		// The database lock is held by this process, so no other server uses this socket.
		os.Remove(sock)
	}
	l, err := listenPrivate(sock)
	if err != nil {
		return nil, fmt.Errorf("管理套接字 %s：%w", sock, err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			if err := checkPeer(conn); err != nil {
				log.Warn("admin socket: connection refused", "err", err)
				conn.Close()
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				runForwarded(ctx, conn, app, log)
			}()
		}
	}()
	log.Info("admin socket", "path", sock)
	return func() {
		l.Close() // also removes the socket file
		os.Remove(sock)
		// Commands in flight see ctx cancelled; give them a moment to finish before the app
		// they use is closed.
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			log.Warn("forwarded commands still running at shutdown")
		}
	}, nil
}

// runForwarded runs one forwarded command.
func runForwarded(ctx context.Context, conn net.Conn, app *kb.App, log *slog.Logger) {
	defer conn.Close()
	r := bufio.NewReader(conn)
	line, err := r.ReadBytes('\n')
	var req request
	if err == nil {
		err = json.Unmarshal(line, &req)
	}
	var mu sync.Mutex
	stderr := frames{&mu, conn, frameStderr}
	code := 2
	switch {
	case err != nil:
		fmt.Fprintf(stderr, "stdkb: 管理套接字收到的请求无法读取：%v\n", err)
	case len(req.Argv) > 0 && req.Argv[0] == "serve":
		fmt.Fprintln(stderr, "stdkb serve: 数据目录已有服务在运行")
	default:
		log.Info("forwarded command", "argv", req.Argv)
		e := &env{stdin: r, stdout: frames{&mu, conn, frameStdout}, stderr: stderr, live: app, cwd: req.Cwd, forwarded: true}
		code = e.run(ctx, req.Argv)
	}
	var exit [4]byte
	binary.BigEndian.PutUint32(exit[:], uint32(code))
	frames{&mu, conn, frameExit}.Write(exit[:])
}

// listenPrivate listens on a Unix socket at path that nobody but this user can ever connect
// to: the socket is created inside a fresh directory of mode 0700, given mode 0600 there and
// only then renamed into place, so there is no moment at which a permissive umask leaves it
// open to others.
func listenPrivate(path string) (net.Listener, error) {
	private, err := os.MkdirTemp(filepath.Dir(path), ".admin-sock-*") // MkdirTemp creates it 0700
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(private)
	bound := filepath.Join(private, filepath.Base(path))
	l, err := net.Listen("unix", bound)
	if err != nil {
		return nil, err
	}
	l.(*net.UnixListener).SetUnlinkOnClose(false) // the socket moves; serveAdmin removes it
	if afterBind != nil {
		afterBind(bound)
	}
	if err := os.Chmod(bound, 0o600); err != nil {
		l.Close()
		return nil, err
	}
	if err := os.Rename(bound, path); err != nil {
		l.Close()
		return nil, err
	}
	return l, nil
}

// afterBind, when set (by a test), sees the socket between binding and being made reachable.
var afterBind func(bound string)

// checkPeer refuses a connection from a process running as another user than the server:
// the socket's mode keeps them out, and this holds even if the mode were changed.
func checkPeer(conn net.Conn) error {
	uid, err := peerUID(conn)
	if err != nil {
		return fmt.Errorf("对端身份无法确认：%w", err)
	}
	if uid != uint32(os.Getuid()) {
		return fmt.Errorf("对端用户 %d 不是服务所用的用户 %d", uid, os.Getuid())
	}
	return nil
}
