package main

import (
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// TestAdminSocketNeverOpenToOthers: even under umask 0 the socket is bound inside a directory
// only its user may enter, and has mode 0600 when it appears at its path.
func TestAdminSocketNeverOpenToOthers(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("umask and socket modes are checked on Linux")
	}
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	dir := t.TempDir()
	sock := filepath.Join(dir, adminSocket)
	afterBind = func(bound string) {
		if bound == sock {
			t.Error("the socket is bound at its public path")
		}
		st, err := os.Stat(filepath.Dir(bound))
		if err != nil || st.Mode().Perm() != 0o700 {
			t.Errorf("the socket is bound in %v (%v), want a directory of mode 0700", st.Mode(), err)
		}
		if _, err := os.Stat(sock); err == nil {
			t.Error("the socket is reachable before its mode is set")
		}
	}
	defer func() { afterBind = nil }()
	l, err := listenPrivate(sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	st, err := os.Stat(sock)
	if err != nil || st.Mode().Perm() != 0o600 || st.Mode()&os.ModeSocket == 0 {
		t.Errorf("socket %v (%v), want a socket of mode 0600", st.Mode(), err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".admin-sock-*")); len(left) != 0 {
		t.Errorf("left behind %v", left)
	}
	// It still accepts connections at its public path.
	go func() {
		if c, err := net.Dial("unix", sock); err == nil {
			c.Close()
		}
	}()
	conn, err := l.Accept()
	if err != nil {
		t.Fatal(err)
	}
	if err := checkPeer(conn); err != nil {
		t.Errorf("a connection from the server's own user is refused: %v", err)
	}
	conn.Close()
}

// TestAdminSocketChecksPeer: a connection from another user is refused by its peer
// credentials even when the socket's mode would let it in. It needs root to run a process as
// another user.
func TestAdminSocketChecksPeer(t *testing.T) {
	if path := os.Getenv("STDKB_PEER_HELPER"); path != "" {
		// The helper process, running as another user: connect and wait for the close.
		c, err := net.Dial("unix", path)
		if err != nil {
			os.Exit(3)
		}
		io.Copy(io.Discard, c)
		os.Exit(0)
	}
	if runtime.GOOS != "linux" || os.Getuid() != 0 {
		t.Skip("running a process as another user needs root on Linux")
	}
	dir := t.TempDir()
	os.Chmod(filepath.Dir(dir), 0o755) // t.TempDir makes both levels 0700
	os.Chmod(dir, 0o755)
	helper := filepath.Join(dir, "helper")
	bin, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(helper, bin, 0o755); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "open.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	os.Chmod(sock, 0o777) // as a careless mode would leave it
	cmd := exec.Command(helper, "-test.run=^TestAdminSocketChecksPeer$")
	cmd.Env = append(os.Environ(), "STDKB_PEER_HELPER="+sock)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	conn, err := l.Accept()
	if err != nil {
		t.Fatal(err)
	}
	err = checkPeer(conn)
	conn.Close()
	cmd.Wait()
	if err == nil || !strings.Contains(err.Error(), "65534") {
		t.Errorf("a connection from uid 65534: %v, want refused", err)
	}
}
