package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ErrLocked is in the chain of Open's error when another process holds the database.
var ErrLocked = bolt.ErrTimeout

// Backup writes a consistent copy of the whole database to w: one read transaction, so writers
// carry on meanwhile and every write committed before it began is in the copy.
func (s *Store) Backup(w io.Writer) (int64, error) {
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("backup %s: %w", s.path, err)
	}
	return n, nil
}

// Check opens the database file at path read-only, without changing it, and checks that it is a
// stdkb database whose schema version this build reads. Restores check a backup with it before
// replacing anything.
func Check(path string) error {
	if _, err := os.Stat(path); err != nil {
		return err
	}
	db, err := bolt.Open(path, 0o400, &bolt.Options{ReadOnly: true, Timeout: 500 * time.Millisecond})
	switch {
	case errors.Is(err, bolt.ErrInvalid), errors.Is(err, bolt.ErrChecksum), errors.Is(err, bolt.ErrVersionMismatch):
		return fmt.Errorf("%s 不是有效的数据库文件（文件头无效或已损坏）", path)
	case err != nil:
		return fmt.Errorf("打开 %s：%w", path, err)
	}
	defer db.Close()
	return db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(metaBucket)
		if meta == nil {
			return errors.New("不是本系统的数据库（缺少 meta 记录）")
		}
		if v := string(meta.Get(schemaKey)); v != schemaVersion {
			return fmt.Errorf("数据库结构版本为 %q，本程序读取版本 %s", v, schemaVersion)
		}
		for _, name := range [][]byte{reviewsBucket, auditBucket} {
			if tx.Bucket(name) == nil {
				return fmt.Errorf("数据库缺少 %s 记录", name)
			}
		}
		return nil
	})
}

// Restore replaces the database at dbPath with the backup at backup, after checking the backup
// (Check) and taking the database's lock, so that no process using it is changed under. The
// database it replaces is kept beside it; its name is returned.
func Restore(backup, dbPath string) (previous string, err error) {
	if err := Check(backup); err != nil {
		return "", fmt.Errorf("备份 %s：%w", backup, err)
	}
	if _, err := os.Stat(dbPath); err == nil {
		lock, err := bolt.Open(dbPath, 0o600, &bolt.Options{Timeout: lockTimeout})
		if err != nil {
			return "", fmt.Errorf("open %s: %w", dbPath, err)
		}
		defer lock.Close()
		previous = dbPath + ".before-restore-" + time.Now().UTC().Format("20060102T150405Z")
	}
	tmp := dbPath + ".restoring"
	if err := copyFile(backup, tmp); err != nil {
		os.Remove(tmp)
		return "", err
	}
	if previous != "" {
		if err := os.Rename(dbPath, previous); err != nil {
			os.Remove(tmp)
			return "", err
		}
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		return previous, err
	}
	return previous, nil
}

// copyFile copies src to a new file dst and flushes it to disk.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
