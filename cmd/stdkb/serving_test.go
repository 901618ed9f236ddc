package main

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"stdkb/store"
)

// buildBinary builds the stdkb binary into a temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "stdkb")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// cli runs the binary with args, stdin and working directory, and returns its exit status and
// output. The context only keeps a broken run from hanging the test binary.
func cli(t *testing.T, bin, cwd, stdin string, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir, cmd.Stdin = cwd, strings.NewReader(stdin)
	cmd.Env = append(os.Environ(), "STDKB_DATA=", "STDKB_CONTENT=")
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	return code, out.String(), errOut.String()
}

// TestCLIWhileServing runs command-line writes, a search, a backup and a restore against a data
// directory a running server holds: they are forwarded over the admin socket and succeed, files
// land relative to the caller's directory, and a restore is refused until the server stops.
func TestCLIWhileServing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	bin := buildBinary(t)
	data, work := t.TempDir(), t.TempDir()
	srv := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--data", data)
	srv.Env = append(os.Environ(), "STDKB_DATA=", "STDKB_CONTENT=")
	logs, _ := srv.StderrPipe()
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(logs)
		for sc.Scan() {
			t.Log("serve: ", sc.Text())
		}
		exited <- srv.Wait()
	}()
	defer srv.Process.Kill()
	sock := filepath.Join(data, adminSocket)
	for {
		if _, err := os.Stat(sock); err == nil {
			break
		}
		select {
		case err := <-exited:
			t.Fatalf("serve exited: %v", err)
		case <-time.After(50 * time.Millisecond):
		}
	}
	if info, _ := os.Stat(sock); info.Mode().Perm() != 0o600 {
		t.Errorf("admin socket mode %v, want 0600", info.Mode().Perm())
	}

	if code, out, errOut := cli(t, bin, work, "correct horse battery\n", "user", "add", "alice", "--role", "reviewer", "--data", data); code != 0 || !strings.Contains(out, "已添加用户 alice") {
		t.Fatalf("user add while serving: %d %s %s", code, out, errOut)
	}
	if code, out, errOut := cli(t, bin, work, "", "review", "record", "sample-nev-time-share", "--date", "2026-01-15",
		"--committee", "市机关事务标准化技术委员会（示例）", "--outcome", "继续有效", "--data", data); code != 0 || !strings.Contains(out, "已记录复审 #1") {
		t.Fatalf("review record while serving: %d %s %s", code, out, errOut)
	}
	if code, out, errOut := cli(t, bin, work, "", "search", "--json", "公物仓", "--data", data); code != 0 || !strings.Contains(out, `"hits"`) {
		t.Fatalf("search while serving: %d %.200s %s", code, out, errOut)
	}
	if code, out, errOut := cli(t, bin, work, "", "backup", "-o", "snapshot.db", "--data", data); code != 0 {
		t.Fatalf("backup while serving: %d %s %s", code, out, errOut)
	}
	backup := filepath.Join(work, "snapshot.db")
	if err := store.Check(backup); err != nil {
		t.Fatalf("the backup, written relative to the caller's directory: %v", err)
	}
	if code, _, errOut := cli(t, bin, work, "", "restore", "snapshot.db", "--data", data); code != 1 || !strings.Contains(errOut, "正在运行") {
		t.Errorf("restore while serving: %d %s", code, errOut)
	}

	srv.Process.Signal(syscall.SIGTERM)
	if err := <-exited; err != nil {
		t.Fatalf("serve after SIGTERM: %v", err)
	}
	if _, err := os.Stat(sock); !os.IsNotExist(err) {
		t.Errorf("admin socket left behind: %v", err)
	}
	if code, out, errOut := cli(t, bin, work, "", "restore", "snapshot.db", "--data", data); code != 0 || !strings.Contains(out, "已把 snapshot.db 恢复到") {
		t.Fatalf("restore after the server stopped: %d %s %s", code, out, errOut)
	}
	if code, out, _ := cli(t, bin, work, "", "user", "list", "--data", data); code != 0 || !strings.Contains(out, "alice") {
		t.Errorf("restored database lacks the user added while serving: %d %s", code, out)
	}
}

// TestHeldDataDirectory: when another process holds the database and no admin socket answers,
// a command says what is going on instead of waiting.
func TestHeldDataDirectory(t *testing.T) {
	data := t.TempDir()
	st, err := store.Open(filepath.Join(data, dbFile))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	code, _, errOut := runCLI(t, "user", "list", "--data", data)
	if code != 1 || !strings.Contains(errOut, "正被另一进程占用") {
		t.Errorf("user list on a held database: %d %s", code, errOut)
	}
}

// TestRestoreChecksTheBackup: a file that is not a stdkb database is refused and the database
// is left as it was.
func TestRestoreChecksTheBackup(t *testing.T) {
	data, bad := t.TempDir(), filepath.Join(t.TempDir(), "bad.db")
	if code, _, errOut := runCLI(t, "user", "list", "--data", data); code != 0 {
		t.Fatal(errOut)
	}
	before, _ := os.ReadFile(filepath.Join(data, dbFile))
	os.WriteFile(bad, []byte("not a database"), 0o600)
	if code, _, errOut := runCLI(t, "restore", bad, "--data", data); code != 1 || !strings.Contains(errOut, "不能恢复") || !strings.Contains(errOut, "不是有效的数据库文件") || strings.Contains(errOut, "invalid database") {
		t.Errorf("restore of a broken file: %d %s", code, errOut)
	}
	after, _ := os.ReadFile(filepath.Join(data, dbFile))
	if string(before) != string(after) {
		t.Error("a refused restore changed the database")
	}
}

// TestHeldIndex: when another process holds the search index (bleve's root.bolt) a search
// answers with the same message as for a held database instead of waiting for ever.
func TestHeldIndex(t *testing.T) {
	data := t.TempDir()
	if code, _, errOut := runCLI(t, "index", "--data", data); code != 0 {
		t.Fatal(errOut)
	}
	roots, _ := filepath.Glob(filepath.Join(data, "index", "*", "store", "root.bolt"))
	if len(roots) != 1 {
		t.Fatalf("index root files %v, want one", roots)
	}
	// bbolt's lock is an flock, which a second open in this same process also waits for.
	held, err := bolt.Open(roots[0], 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	code, _, errOut := runCLI(t, "search", "公物仓", "--data", data)
	if code != 1 || !strings.Contains(errOut, "正被另一进程占用") {
		t.Errorf("search on a held index: %d %s", code, errOut)
	}
	if dirs, _ := os.ReadDir(filepath.Join(data, "index")); len(dirs) != 1 {
		t.Errorf("a held index was rebuilt beside it: %v", dirs)
	}
}
