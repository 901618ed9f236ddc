package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// binaryBudget is the most the stdkb binary may weigh, in bytes: what it weighs without gse's
// dictionaries (40.0 MB in December 2026, 40.4 MB once yaml.v4 replaced yaml.v3 so that
// submissions are checked while they are read, 41.03 MB with the embedded dict/phrasings.txt,
// 34 KB, and its code) with room for the application to grow, far below the 33 MB those
// dictionaries would add.
const binaryBudget = 41_200_000

// TestBinaryBudget builds the binary as `go build` does and checks its size. The budget holds
// only while the linker leaves out gse's embedded dictionaries, which stdkb never loads (see
// indexer.Segmenter): a call to gse's LoadDictEmbed, or gse.Segmenter reachable from an
// interface, brings back 33 MB.
func TestBinaryBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	bin := filepath.Join(t.TempDir(), "stdkb")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	info, err := os.Stat(bin)
	if err != nil {
		t.Fatal(err)
	}
	syms, err := exec.Command("go", "tool", "nm", bin).Output()
	if err != nil {
		t.Fatalf("go tool nm: %v", err)
	}
	if strings.Contains(string(syms), "gse.(*Segmenter).LoadDictEmbed") {
		t.Error("the binary links gse's LoadDictEmbed and with it all of gse's embedded dictionaries")
	}
	t.Logf("binary: %.1f MB", float64(info.Size())/1e6)
	if info.Size() > binaryBudget {
		t.Errorf("binary is %d bytes, budget %d", info.Size(), binaryBudget)
	}
}
