package kb

import (
	"errors"
	"io"
	"io/fs"

	"stdkb"
	"stdkb/content"
	"stdkb/wordimport"
)

// WordDraft is a Word file converted into a markdown edition, checked against the content.
type WordDraft struct {
	*wordimport.Result
	Path     string         // where the edition would go in the content tree
	Exists   bool           // an edition is already there
	Problems stdkb.Problems // what is left to complete before the content loads
}

// DraftFromWord converts an uploaded .docx into a markdown edition and checks it against the
// current content, listing what is left to complete: reviewers and administrators only. Nothing
// is stored: content changes go through the content directory and a reload.
func (a *App) DraftFromWord(c Caller, r io.ReaderAt, size int64, kind stdkb.Kind) (*WordDraft, error) {
	d, err := a.ConvertWord(c, r, size, kind)
	if err != nil {
		return nil, err
	}
	if _, err := fs.Stat(a.cfg.Content, d.Path); err == nil {
		d.Exists = true
	}
	if _, err := content.LoadWith(a.cfg.Content, map[string][]byte{d.Path: []byte(d.Markdown)}); err != nil {
		if !errors.As(err, &d.Problems) {
			return nil, err
		}
	}
	return d, nil
}

// DraftAllowed reports (as an error) whether the caller may draft content from Word files:
// reviewers and administrators.
func (a *App) DraftAllowed(c Caller) error { return needReviewer(c) }

func convertDocx(r io.ReaderAt, size int64, kind stdkb.Kind) (*wordimport.Result, error) {
	res, err := wordimport.Convert(r, size, kind)
	return res, invalid(err)
}
