package main

import (
	"path/filepath"

	"stdkb/store"
)

// openStore opens the data directory's database for a test to look into.
func openStore(data string) (*store.Store, error) {
	return store.Open(filepath.Join(data, dbFile))
}
