package main

import (
	"os"
	"path/filepath"
	"testing"

	"stdkb/store"
)

// TestMain points the default data directory at a scratch directory, so that a command run
// without --data never touches (or forwards to a server on) the user's own.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "stdkb-cli-test-")
	if err != nil {
		panic(err)
	}
	os.Setenv(EnvData, dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// openStore opens the data directory's database for a test to look into.
func openStore(data string) (*store.Store, error) {
	return store.Open(filepath.Join(data, dbFile))
}
