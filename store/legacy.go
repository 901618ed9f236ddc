package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"

	bolt "go.etcd.io/bbolt"

	"stdkb"
)

// Older versions stored evidence as files in the data directory's evidence folder, named by 16
// random hex digits, a hyphen and the client's name, and wrote that name into the submission
// body. legacyNameRE matches such a name and captures the client's part.
var legacyNameRE = regexp.MustCompile(`^[0-9a-f]{16}-(.+)$`)

// actionAdoptEvidence is the audit action of a legacy file taken into the store.
const actionAdoptEvidence = "evidence.adopt"

// LegacyReport says what AdoptLegacyEvidence did with each file of the old evidence folder.
type LegacyReport struct {
	Adopted      []stdkb.Evidence `json:"adopted"`
	AlreadyDone  []string         `json:"already_done"` // adopted by an earlier run
	Unreferenced []string         `json:"unreferenced"` // no submission names the file
	Refused      []LegacyRefusal  `json:"refused"`      // too large, or not what its name says
	Contested    []LegacyContest  `json:"contested"`    // named by submissions of several units
}

// LegacyRefusal is a legacy file that was not adopted, and why.
type LegacyRefusal struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

// LegacyContest is a legacy file that several submissions name: under the old scheme a unit
// could name another unit's file, and nothing recorded which one uploaded it. Such a file is
// not adopted; an administrator finds out whose it is.
type LegacyContest struct {
	File        string   `json:"file"`
	Submissions []uint64 `json:"submissions"`
}

// AdoptLegacyEvidence takes the files of an old evidence folder into the store, each bound to
// the one submission whose versions name it, with the same type and size checks as an
// upload; submission bodies are not rewritten (submitted versions never change), and the old
// name is kept as LegacyName so that a body's entry can be matched to its file. The files on
// disk are left for the administrator to remove. Running it again adopts nothing twice.
func (s *Store) AdoptLegacyEvidence(dir, actor string) (*LegacyReport, error) {
	rep := &LegacyReport{Adopted: []stdkb.Evidence{}, AlreadyDone: []string{}, Unreferenced: []string{},
		Refused: []LegacyRefusal{}, Contested: []LegacyContest{}}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("adopt evidence from %s: %w", dir, err)
	}
	for _, de := range entries {
		m := legacyNameRE.FindStringSubmatch(de.Name())
		if m == nil || !de.Type().IsRegular() {
			continue
		}
		if err := s.adoptLegacyFile(filepath.Join(dir, de.Name()), m[1], actor, rep); err != nil {
			return rep, fmt.Errorf("adopt evidence %s: %w", de.Name(), err)
		}
	}
	return rep, nil
}

// adoptLegacyFile adopts one file, recording the outcome in rep.
func (s *Store) adoptLegacyFile(path, original, actor string, rep *LegacyReport) error {
	stored := filepath.Base(path)
	refusal := func(err error) error {
		rep.Refused = append(rep.Refused, LegacyRefusal{File: stored, Reason: err.Error()})
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxEvidenceSize+1))
	f.Close()
	if err != nil {
		return err
	}
	if len(data) > MaxEvidenceSize {
		return refusal(fmt.Errorf("larger than %d MiB", MaxEvidenceSize>>20))
	}
	name, err := evidenceName(original)
	if err != nil {
		return refusal(err)
	}
	mediaType, err := checkEvidenceContent(name, data)
	if err != nil {
		return refusal(err)
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		meta, blobs, err := evidenceBuckets(tx)
		if err != nil {
			return err
		}
		done := false
		if err := eachEvidence(meta, func(e stdkb.Evidence) error {
			done = done || e.LegacyName == stored
			return nil
		}); err != nil || done {
			if done {
				rep.AlreadyDone = append(rep.AlreadyDone, stored)
			}
			return err
		}
		namers, err := submissionsNaming(tx, stored)
		if err != nil {
			return err
		}
		if len(namers) == 0 {
			rep.Unreferenced = append(rep.Unreferenced, stored)
			return nil
		}
		if len(namers) > 1 {
			c := LegacyContest{File: stored}
			for _, n := range namers {
				c.Submissions = append(c.Submissions, n.ID)
			}
			rep.Contested = append(rep.Contested, c)
			return nil
		}
		owner := namers[0]
		sum := sha256.Sum256(data)
		e := stdkb.Evidence{Unit: owner.Unit, Submission: owner.ID, Name: name, Type: mediaType, Size: int64(len(data)),
			SHA256: hex.EncodeToString(sum[:]), UploadedBy: owner.UpdatedBy, UploadedAt: owner.UpdatedAt, LegacyName: stored}
		if e.ID, err = meta.NextSequence(); err != nil {
			return err
		}
		if err := putEvidenceRecord(meta, e); err != nil {
			return err
		}
		if err := blobs.Put(itob(e.ID), data); err != nil {
			return err
		}
		rep.Adopted = append(rep.Adopted, e)
		return auditEvidence(tx, actor, actionAdoptEvidence, e)
	})
}

// submissionsNaming returns, for each submission whose versions name the stored file, its
// earliest such version, in submission order.
func submissionsNaming(tx *bolt.Tx, stored string) ([]stdkb.SubmissionVersion, error) {
	parent := tx.Bucket(submissionsBucket)
	if parent == nil {
		return nil, nil
	}
	// json.Marshal escapes &, < and > in strings, so a body may hold the name either way.
	escaped, _ := json.Marshal(stored)
	needles := [][]byte{[]byte(stored), bytes.Trim(escaped, `"`)}
	var out []stdkb.SubmissionVersion
	err := parent.ForEach(func(k, _ []byte) error {
		versions := parent.Bucket(k)
		if versions == nil {
			return nil
		}
		c := versions.Cursor()
		for vk, raw := c.First(); vk != nil; vk, raw = c.Next() {
			v, err := decodeSubmissionVersion(btoi(k), vk, raw)
			if err != nil {
				return err
			}
			if bytes.Contains(v.Body, needles[0]) || bytes.Contains(v.Body, needles[1]) {
				out = append(out, v)
				return nil
			}
		}
		return nil
	})
	return out, err
}
