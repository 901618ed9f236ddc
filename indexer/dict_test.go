package indexer

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// zhSHash is the sha256 of gse v0.80.3's data/dict/zh/s_1.txt, as dict/NOTICE.md records.
const zhSHash = "2b3063ec552327520bee3c0c5819d6e131ab3db50a60b94641ec90f611c24bcd"

// TestBaseDictionaryIsGse checks that the embedded base dictionary is gse's file unchanged,
// and the same as the gse module in use when its source is at hand.
func TestBaseDictionaryIsGse(t *testing.T) {
	dict, err := baseDictionary()
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(dict))
	if got := hex.EncodeToString(sum[:]); got != zhSHash {
		t.Fatalf("dict/zh_s.txt.gz holds sha256 %s, NOTICE.md records %s", got, zhSHash)
	}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/go-ego/gse").Output()
	dir := strings.TrimSpace(string(out))
	if err != nil || dir == "" {
		t.Skipf("gse's module source is not available (%v); compared with the recorded hash only", err)
	}
	upstream, err := os.ReadFile(filepath.Join(dir, "data", "dict", "zh", "s_1.txt"))
	if err != nil {
		t.Skipf("gse's dictionary file is not available: %v", err)
	}
	if string(upstream) != dict {
		t.Errorf("dict/zh_s.txt.gz differs from %s/data/dict/zh/s_1.txt: copy the file of the gse version in go.mod", dir)
	}
}
