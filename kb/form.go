package kb

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"stdkb"
	"stdkb/evaluator"
)

// SubmissionForm is the self-assessment form as a front end read it: one answer, comment and
// list of uploaded evidence files per checklist item.
type SubmissionForm struct {
	ID        uint64 // 0 for a new submission
	Checklist string
	Unit      string // ignored for pilots, who speak for their own unit
	From, To  string // the assessment period, YYYY-MM-DD
	Extra     string // the standard inventory and indicator data, as YAML
	Answers   map[string]string
	Comments  map[string]string
	Files     map[string][]Upload
}

// Upload is one uploaded evidence file.
type Upload struct {
	Name string // as the client named it
	Size int64
	Open func() (io.ReadCloser, error)
}

// Evidence upload limits: files a committee can open, nothing a browser would run.
const (
	MaxEvidenceBytes = 10 << 20
	MaxEvidenceFiles = 50
)

var evidenceTypes = map[string]bool{".pdf": true, ".jpg": true, ".jpeg": true, ".png": true, ".docx": true, ".xlsx": true, ".doc": true, ".xls": true, ".txt": true}

// SaveForm stores the form as a draft: a new submission or a new draft of an existing one. The
// answers are checked before any evidence file is written, so a refused form leaves nothing
// behind. It returns the submission's number.
func (a *App) SaveForm(c Caller, f SubmissionForm) (uint64, error) {
	if err := needUser(c); err != nil {
		return 0, err
	}
	sub, err := a.formSubmission(c, f)
	if err != nil {
		return 0, err
	}
	b, err := json.Marshal(sub)
	if err != nil {
		return 0, err
	}
	if _, err := evaluator.Parse(b, a.lib()); err != nil {
		return 0, fold(err)
	}
	saved, err := a.storeUploads(sub, f.Files)
	if err != nil {
		return 0, err
	}
	body, err := json.Marshal(sub)
	if err != nil {
		a.removeEvidence(saved)
		return 0, err
	}
	var v stdkb.SubmissionVersion
	if f.ID == 0 {
		v, err = a.cfg.Store.CreateSubmission(sub.Unit, sub.Checklist, body, c.Name)
	} else {
		v, err = a.cfg.Store.SaveDraft(f.ID, body, c.Name)
	}
	if err != nil {
		a.removeEvidence(saved)
		return 0, err
	}
	return v.ID, nil
}

// formSubmission turns the form into a submission document, keeping the evidence an earlier
// draft holds.
func (a *App) formSubmission(c Caller, f SubmissionForm) (*Submission, error) {
	cl, ok := a.lib().Checklist(f.Checklist)
	if !ok {
		return nil, stdkb.Errorf(stdkb.EINVALID, "没有检查表 %q。", f.Checklist)
	}
	unit := strings.TrimSpace(f.Unit)
	if c.Role == stdkb.RolePilot {
		unit = c.Unit // a pilot speaks for its own unit only
	}
	previous := map[string][]string{}
	if f.ID != 0 {
		cur, err := a.stored(c, f.ID)
		if err != nil {
			return nil, err
		}
		unit = cur.Unit
		if p, err := evaluator.Decode(cur.Body); err == nil {
			for _, it := range p.Items {
				previous[it.ID] = it.Evidence
			}
		}
	}
	sub := &Submission{Unit: unit, Checklist: cl.ID, Stage: cl.Stage}
	var err error
	if sub.Period.From, err = stdkb.ParseDate(f.From); err == nil {
		sub.Period.To, err = stdkb.ParseDate(f.To)
	}
	if err != nil {
		return nil, stdkb.Errorf(stdkb.EINVALID, "评估期间的日期格式应为 YYYY-MM-DD。")
	}
	if extra := strings.TrimSpace(f.Extra); extra != "" {
		inv, err := evaluator.Decode([]byte(extra))
		if err != nil {
			return nil, stdkb.WrapError(stdkb.EINVALID, err, "标准清单与指标数据不是有效的 YAML。")
		}
		sub.Standards, sub.Indicators = inv.Standards, inv.Indicators
	}
	for _, sec := range cl.Sections {
		for _, it := range sec.Items {
			v := strings.TrimSpace(f.Answers[it.ID])
			if v == "" {
				continue
			}
			resp := ItemResponse{ID: it.ID, Comment: f.Comments[it.ID], Evidence: previous[it.ID], Level: v}
			if it.Rule == stdkb.RuleScore {
				if x, err := strconv.ParseFloat(v, 64); err == nil {
					resp.Score, resp.Level = &x, ""
				}
			}
			sub.Items = append(sub.Items, resp)
		}
	}
	return sub, nil
}

// storeUploads writes each answered item's uploads and adds their stored names to the item.
func (a *App) storeUploads(sub *Submission, files map[string][]Upload) ([]string, error) {
	var saved []string
	for i := range sub.Items {
		names, err := a.saveEvidence(files[sub.Items[i].ID])
		saved = append(saved, names...)
		if err != nil {
			a.removeEvidence(saved)
			return nil, err
		}
		sub.Items[i].Evidence = append(sub.Items[i].Evidence, names...)
	}
	return saved, nil
}

func (a *App) evidenceDir() string { return filepath.Join(a.cfg.DataDir, "evidence") }

// removeEvidence deletes evidence files saved for a form that was then refused.
func (a *App) removeEvidence(names []string) {
	for _, n := range names {
		os.Remove(filepath.Join(a.evidenceDir(), n))
	}
}

// saveEvidence stores uploaded files under the data directory and returns their stored names.
// Only listed document and image types, at most MaxEvidenceBytes each.
func (a *App) saveEvidence(uploads []Upload) ([]string, error) {
	if len(uploads) == 0 {
		return nil, nil
	}
	if len(uploads) > MaxEvidenceFiles {
		return nil, stdkb.Errorf(stdkb.EINVALID, "佐证材料过多（每项至多 %d 个）。", MaxEvidenceFiles)
	}
	if err := os.MkdirAll(a.evidenceDir(), 0o750); err != nil {
		return nil, err
	}
	var names []string
	for _, up := range uploads {
		name, err := storeEvidence(a.evidenceDir(), up)
		if err != nil {
			return names, err // the caller removes what was saved
		}
		names = append(names, name)
	}
	return names, nil
}

func storeEvidence(dir string, up Upload) (string, error) {
	// Keep only the base name: the client's path must never reach the file system.
	base := filepath.Base(strings.ReplaceAll(up.Name, "\\", "/"))
	ext := strings.ToLower(filepath.Ext(base))
	if !evidenceTypes[ext] || base == "." || base == "/" {
		return "", stdkb.Errorf(stdkb.EINVALID, "佐证材料 %q：只接受 PDF、图片、Word、Excel 和文本文件。", up.Name)
	}
	tooLarge := stdkb.Errorf(stdkb.EINVALID, "佐证材料 %q 超过 10 MiB。", up.Name)
	if up.Size > MaxEvidenceBytes {
		return "", tooLarge
	}
	src, err := up.Open()
	if err != nil {
		return "", err
	}
	defer src.Close()
	rnd := make([]byte, 8)
	rand.Read(rnd)
	stored := hex.EncodeToString(rnd) + "-" + strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < ' ' {
			return '_'
		}
		return r
	}, base)
	dst, err := os.OpenFile(filepath.Join(dir, stored), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return "", err
	}
	n, err := io.Copy(dst, io.LimitReader(src, MaxEvidenceBytes+1))
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err == nil && n > MaxEvidenceBytes {
		err = tooLarge
	}
	if err != nil {
		os.Remove(filepath.Join(dir, stored))
		return "", err
	}
	return stored, nil
}

// Evidence opens a stored evidence file of a submission the caller may see. The file must be
// listed in the submission.
func (a *App) Evidence(c Caller, id uint64, name string) (io.ReadCloser, error) {
	v, err := a.stored(c, id)
	if err != nil {
		return nil, err
	}
	sub, err := evaluator.Decode(v.Body)
	if err != nil {
		return nil, err
	}
	found := false
	for _, it := range sub.Items {
		for _, e := range it.Evidence {
			found = found || e == name
		}
	}
	if !found || name != filepath.Base(name) {
		return nil, stdkb.Errorf(stdkb.ENOTFOUND, "这份自评材料没有佐证材料 %q。", name)
	}
	f, err := os.Open(filepath.Join(a.evidenceDir(), name))
	if err != nil {
		return nil, stdkb.WrapError(stdkb.ENOTFOUND, err, "佐证材料 %q 的文件已不存在。", name)
	}
	return f, nil
}
