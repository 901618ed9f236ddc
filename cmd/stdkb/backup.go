package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"stdkb"
	"stdkb/store"
)

// cmdBackup writes a consistent copy of the database, also while the server runs (through its
// admin socket, in one read transaction, so requests go on being served).
func cmdBackup(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	data := dataFlag(fs)
	out := fs.String("o", "", "要写入的备份文件")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usageError{"必须给出 -o FILE"}
	}
	app, done, err := openApp(ctx, e, appOptions{data: *data, readOnly: true})
	if err != nil {
		return err
	}
	defer done()
	path := e.path(*out)
	tmp, err := os.CreateTemp(filepath.Dir(path), ".stdkb-backup-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := app.Backup(admin(currentUser()), tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "已写入备份 %s\n", *out)
	return nil
}

// cmdRestore replaces the data directory's database with a backup. It refuses while a server
// runs on the data directory, and checks the backup before replacing anything; the replaced
// database is kept beside it.
func cmdRestore(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	data := dataFlag(fs)
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{"需要且只能给出一个备份文件"}
	}
	if e.live != nil {
		return stdkb.Errorf(stdkb.ECONFLICT, "服务正在运行：请先停止 stdkb serve，再恢复备份。")
	}
	dir, err := dataDir(*data)
	if err != nil {
		return err
	}
	sock := filepath.Join(dir, adminSocket)
	if _, err := os.Stat(sock); err == nil {
		if conn, err := (&dialer).DialContext(ctx, "unix", sock); err == nil {
			conn.Close()
			return stdkb.Errorf(stdkb.ECONFLICT, "数据目录 %s 上的 stdkb serve 正在运行：请先停止服务，再恢复备份。", dir)
		}
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	previous, err := store.Restore(e.path(rest[0]), filepath.Join(dir, dbFile))
	if errors.Is(err, store.ErrLocked) {
		return stdkb.WrapError(stdkb.ECONFLICT, err, "数据目录 %s 的数据库正被另一进程使用：请先停止它，再恢复备份。", dir)
	}
	if err != nil {
		return stdkb.WrapError(stdkb.EINVALID, err, "备份文件 %s 不能恢复：%v。数据库未作任何改动。", rest[0], err)
	}
	fmt.Fprintf(e.stdout, "已把 %s 恢复到 %s\n", rest[0], filepath.Join(dir, dbFile))
	if previous != "" {
		fmt.Fprintf(e.stdout, "被替换的数据库保留为 %s\n", previous)
	}
	return nil
}
