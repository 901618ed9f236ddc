package schemas

import (
	"bytes"
	"strings"
	"testing"
)

// countingReader counts the bytes the loader has pulled.
type countingReader struct {
	r    *bytes.Reader
	read int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.read += n
	return n, err
}

// TestShapeStopsReading: the loader pulls its input as it scans, so a flood of mappings past the
// shape is refused with most of the input never read, let alone parsed.
func TestShapeStopsReading(t *testing.T) {
	src := []byte("items:\n" + strings.Repeat("- {}\n", 100_000))
	in := &countingReader{r: bytes.NewReader(src)}
	_, err := loadNode(in, &Shape{MaxDepth: 5, MaxFanOut: 1000})
	if err == nil {
		t.Fatal("a flood of 100000 mappings passed a fan-out of 1000")
	}
	t.Logf("read %d of %d bytes", in.read, len(src))
	if in.read > len(src)/50 {
		t.Errorf("read %d of %d bytes before refusing at entry 1001", in.read, len(src))
	}
}
