package store

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"

	bolt "go.etcd.io/bbolt"
)

// Digest returns a SHA-256 over every bucket's name, sequence, keys and values, nested buckets
// included, in key order. Two stores with the same digest hold the same records, so a test can
// show that a refused write changed nothing, and a restored copy can be compared with its source.
func (s *Store) Digest() (string, error) {
	h := sha256.New()
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			return digestBucket(h, name, b)
		})
	})
	if err != nil {
		return "", fmt.Errorf("digest store %s: %w", s.path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// digestBucket feeds a bucket into h, each field length-prefixed so that no two different
// layouts hash alike.
func digestBucket(h hash.Hash, name []byte, b *bolt.Bucket) error {
	field := func(p []byte) {
		h.Write(binary.BigEndian.AppendUint64(nil, uint64(len(p))))
		h.Write(p)
	}
	field([]byte("bucket"))
	field(name)
	field(binary.BigEndian.AppendUint64(nil, b.Sequence()))
	return b.ForEach(func(k, v []byte) error {
		if v == nil {
			return digestBucket(h, k, b.Bucket(k))
		}
		field(k)
		field(v)
		return nil
	})
}
