// Package kbtest holds what tests of the application layer and of its front ends share: a
// fixture (an application on the embedded content with one account per role) and the table of
// which role may run which use case. The kb tests drive the table through kb directly; the HTTP
// tests drive the same table through the server.
package kbtest

import (
	"context"
	"encoding/json"
	"io/fs"
	"net/url"
	"path/filepath"
	"strconv"
	"testing"

	"stdkb"
	"stdkb/content"
	"stdkb/evaluator"
	"stdkb/kb"
	"stdkb/store"
)

// Password is every fixture account's password.
const Password = "correct horse battery"

// Units of the two pilots, and a sample submission of each.
const (
	UnitA = "沙坪坝区机关事务管理局"
	UnitB = "璧山区机关事务管理局"
)

// Role names, which are also the fixture's user names.
const (
	PilotA    = "pilotA"
	PilotB    = "pilotB"
	Reviewer  = "reviewer"
	Admin     = "admin"
	Anonymous = "anonymous"
)

// Roles lists every role a use case is tried with.
var Roles = []string{PilotA, PilotB, Reviewer, Admin, Anonymous}

// Today is the fixture's day.
var Today = stdkb.MustDate("2026-11-25")

// Fixture is an application on the embedded content with a fresh database holding one account
// per role.
type Fixture struct {
	App     *kb.App
	Store   *store.Store
	DataDir string
	t       testing.TB
}

// New returns a fixture; it is closed when the test ends.
func New(t testing.TB) *Fixture {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "stdkb.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct{ name, role, unit string }{
		{PilotA, stdkb.RolePilot, UnitA}, {PilotB, stdkb.RolePilot, UnitB}, {Reviewer, stdkb.RoleReviewer, ""}, {Admin, stdkb.RoleAdmin, ""},
	} {
		user, err := stdkb.NewUser(u.name, u.role, u.unit, Password)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.AddUser(user, "test"); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.PutExpert(stdkb.Expert{ID: "e1", Name: "甄专家", Unit: "九龙坡区机关事务管理局", Specialties: []string{"B3"}}, "test"); err != nil {
		t.Fatal(err)
	}
	app, err := kb.New(context.Background(), kb.Config{Content: content.Default(), Name: "embedded", DataDir: dir, Store: st,
		Today: func() stdkb.Date { return Today }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Close(); st.Close() })
	return &Fixture{App: app, Store: st, DataDir: dir, t: t}
}

// Caller is the caller a role name stands for.
func (f *Fixture) Caller(role string) kb.Caller {
	if role == Anonymous {
		return kb.Anonymous
	}
	return f.App.CallerNamed(role)
}

// Sample is a sample submission document of the content.
func Sample(t testing.TB, name string) []byte {
	b, err := fs.ReadFile(content.Default(), "submissions/"+name+".yaml")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// SampleJSON is a sample submission as JSON, as the API takes it.
func SampleJSON(t testing.TB, name string) []byte { return AsJSON(t, Sample(t, name)) }

// AsJSON turns a submission written in YAML into JSON, as the API takes it.
func AsJSON(t testing.TB, yaml []byte) []byte {
	sub, err := evaluator.Decode(yaml)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(sub)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// DraftA stores a new draft of unit A's sample submission, bypassing roles, and returns its id.
func (f *Fixture) DraftA() uint64 {
	f.t.Helper()
	v, err := f.App.CreateSubmission(f.Caller(PilotA), kb.ParseOptions{}, Sample(f.t, "shapingba-2025-midterm"))
	if err != nil {
		f.t.Fatal(err)
	}
	return v.ID
}

// SubmittedA stores and submits unit A's sample submission and returns its id.
func (f *Fixture) SubmittedA() uint64 {
	f.t.Helper()
	id := f.DraftA()
	if _, err := f.App.Submit(f.Caller(PilotA), id); err != nil {
		f.t.Fatal(err)
	}
	return id
}

// Request is a use case's HTTP form: a JSON API call, or a UI form post (Form set; the
// caller adds the CSRF token).
type Request struct {
	Method, Path string
	ContentType  string
	Body         []byte
	Form         url.Values
}

// Case is one use case with the roles allowed to run it.
type Case struct {
	Name    string
	Allowed []string
	Call    func(f *Fixture, c kb.Caller) error
	HTTP    func(f *Fixture) Request // nil when the use case has no HTTP route
}

// Allows reports whether the case allows the role.
func (c Case) Allows(role string) bool {
	for _, r := range c.Allowed {
		if r == role {
			return true
		}
	}
	return false
}

// Denied reports whether err is a refusal: sign in first, forbidden, or (for another unit's
// submission, which pilots are not told exists) not found.
func Denied(err error) bool {
	switch stdkb.ErrorCode(err) {
	case stdkb.EUNAUTHORIZED, stdkb.EFORBIDDEN, stdkb.ENOTFOUND:
		return true
	}
	return false
}

var (
	everyone = Roles
	signedIn = []string{PilotA, PilotB, Reviewer, Admin}
	unitA    = []string{PilotA, Reviewer, Admin}
	// unitAWriters may change unit A's self-assessment: reviewers only conclude on it.
	unitAWriters = []string{PilotA, Admin}
	reviewers    = []string{Reviewer, Admin}
	adminsOnly   = []string{Admin}
)

func get(path string) func(*Fixture) Request {
	return func(*Fixture) Request { return Request{Method: "GET", Path: path} }
}

func onDraftA(method, suffix string) func(*Fixture) Request {
	return func(f *Fixture) Request {
		return Request{Method: method, Path: "/api/submissions/" + strconv.FormatUint(f.DraftA(), 10) + suffix}
	}
}

func yamlBody(method, path string, body []byte) Request {
	return Request{Method: method, Path: path, ContentType: "application/yaml", Body: body}
}

// jsonBody is a request with a JSON body: the submission API takes JSON only.
func jsonBody(method, path string, body []byte) Request {
	return Request{Method: method, Path: path, ContentType: "application/json", Body: body}
}

// Cases is the table: every use case of kb with the roles that may run it.
func Cases(t testing.TB) []Case {
	a, b := Sample(t, "shapingba-2025-midterm"), Sample(t, "bishan-2025-midterm")
	aJSON, bJSON := SampleJSON(t, "shapingba-2025-midterm"), SampleJSON(t, "bishan-2025-midterm")
	return []Case{
		{"search", everyone, func(f *Fixture, c kb.Caller) error {
			_, err := f.App.Search(context.Background(), c, kb.SearchRequest{Query: "公物仓"})
			return err
		}, get("/api/search?q=%E5%85%AC%E7%89%A9%E4%BB%93")},
		{"search page", everyone, func(f *Fixture, c kb.Caller) error {
			_, err := f.App.SearchPage(context.Background(), c, kb.SearchRequest{Query: "公物仓"})
			return err
		}, get("/search?q=%E5%85%AC%E7%89%A9%E4%BB%93")},
		{"documents", everyone, func(f *Fixture, c kb.Caller) error { _, err := f.App.Documents(c, "", ""); return err }, get("/api/documents")},
		{"edition as of a date", everyone, func(f *Fixture, c kb.Caller) error {
			_, _, err := f.App.Edition(c, kb.EditionRequest{Doc: "sample-office-maintenance", AsOf: "2025-01-01"})
			return err
		}, get("/api/documents/sample-office-maintenance?asof=2025-01-01")},
		{"document page as of a date", everyone, func(f *Fixture, c kb.Caller) error {
			_, err := f.App.DocumentPage(c, kb.EditionRequest{Doc: "gb-t-29118", AsOf: "2020-06-01"})
			return err
		}, get("/docs/gb-t-29118?asof=2020-06-01")},
		{"diff page", everyone, func(f *Fixture, c kb.Caller) error {
			_, err := f.App.DiffPage(c, kb.DiffRequest{Doc: "gb-t-29118"})
			return err
		}, get("/diff?doc=gb-t-29118")},
		{"sample report", everyone, func(f *Fixture, c kb.Caller) error {
			_, err := f.App.SampleReport(c, "bishan-2025-midterm")
			return err
		}, get("/assess/samples/bishan-2025-midterm")},
		{"review policy", everyone, func(f *Fixture, c kb.Caller) error { _, err := f.App.ReviewPolicy(c); return err }, get("/reviews/policy")},
		{"history", everyone, func(f *Fixture, c kb.Caller) error {
			_, err := f.App.History(c, "sample-office-maintenance")
			return err
		}, get("/api/documents/sample-office-maintenance/history")},
		{"diff", everyone, func(f *Fixture, c kb.Caller) error {
			_, err := f.App.Diff(c, kb.DiffRequest{Doc: "sample-office-maintenance"})
			return err
		}, get("/api/diff?from=sample-office-maintenance@2019&to=sample-office-maintenance@2024")},
		{"framework", everyone, func(f *Fixture, c kb.Caller) error { _, err := f.App.Framework(c); return err }, get("/api/framework")},
		{"units", everyone, func(f *Fixture, c kb.Caller) error { _, err := f.App.Units(c); return err }, get("/api/units")},
		{"unit", everyone, func(f *Fixture, c kb.Caller) error { _, err := f.App.Unit(c, "bishan"); return err }, get("/api/units/bishan")},
		{"reviews due", everyone, func(f *Fixture, c kb.Caller) error {
			_, err := f.App.ReviewsDue(c, kb.DueRequest{All: true, Within: -1})
			return err
		}, get("/api/reviews/due")},
		{"review rate", everyone, func(f *Fixture, c kb.Caller) error {
			_, err := f.App.ReviewRate(c, stdkb.MustDate("2025-01-01"), Today)
			return err
		}, get("/api/reviews/rate?from=2025-01-01&to=2026-11-25")},
		{"ledger", everyone, func(f *Fixture, c kb.Caller) error { _, err := f.App.Ledger(c, true); return err }, get("/api/reviews/ledger?all=1")},
		{"record review", reviewers, func(f *Fixture, c kb.Caller) error {
			_, err := f.App.RecordReview(c, stdkb.ReviewDecision{DocID: "sample-nev-time-share", Date: stdkb.MustDate("2026-01-15"),
				Committee: "市机关事务标准化技术委员会（示例）", Outcome: stdkb.OutcomeContinue})
			return err
		}, func(*Fixture) Request {
			return Request{Method: "POST", Path: "/reviews/record", Form: url.Values{"doc": {"sample-nev-time-share"}, "date": {"2026-01-15"},
				"committee": {"市机关事务标准化技术委员会（示例）"}, "outcome": {stdkb.OutcomeContinue}}}
		}},
		{"checklists", everyone, func(f *Fixture, c kb.Caller) error { _, err := f.App.Checklists(c); return err }, get("/api/checklists")},
		{"indicators", everyone, func(f *Fixture, c kb.Caller) error { _, err := f.App.IndicatorProgress(c); return err }, get("/api/indicators")},
		{"assess", everyone, func(f *Fixture, c kb.Caller) error { _, err := f.App.Assess(context.Background(), c, a); return err },
			func(*Fixture) Request { return yamlBody("POST", "/api/assess", a) }},
		{"list submissions", signedIn, func(f *Fixture, c kb.Caller) error { _, err := f.App.Submissions(c, ""); return err }, get("/api/submissions")},
		{"create submission for unit A", unitAWriters, func(f *Fixture, c kb.Caller) error {
			_, err := f.App.CreateSubmission(c, kb.ParseOptions{}, a)
			return err
		},
			func(*Fixture) Request { return jsonBody("POST", "/api/submissions", aJSON) }},
		{"create submission for unit B", []string{PilotB, Admin}, func(f *Fixture, c kb.Caller) error {
			_, err := f.App.CreateSubmission(c, kb.ParseOptions{}, b)
			return err
		},
			func(*Fixture) Request { return jsonBody("POST", "/api/submissions", bJSON) }},
		{"read submission", unitA, func(f *Fixture, c kb.Caller) error { _, err := f.App.Submission(c, f.DraftA()); return err }, onDraftA("GET", "")},
		{"update submission", unitAWriters, func(f *Fixture, c kb.Caller) error {
			_, err := f.App.UpdateSubmission(c, f.DraftA(), kb.ParseOptions{}, a)
			return err
		},
			func(f *Fixture) Request {
				return jsonBody("PUT", "/api/submissions/"+strconv.FormatUint(f.DraftA(), 10), aJSON)
			}},
		{"save form", unitAWriters, func(f *Fixture, c kb.Caller) error {
			_, err := f.App.SaveForm(c, kb.SubmissionForm{ID: f.DraftA(), Checklist: "pilot-midterm", From: "2025-01-01", To: "2025-12-31"})
			return err
		}, func(f *Fixture) Request {
			return Request{Method: "POST", Path: "/assess/save", Form: url.Values{"id": {strconv.FormatUint(f.DraftA(), 10)},
				"checklist": {"pilot-midterm"}, "unit": {UnitA}, "from": {"2025-01-01"}, "to": {"2025-12-31"}}}
		}},
		{"start a self-assessment", []string{PilotA, PilotB, Admin}, func(f *Fixture, c kb.Caller) error {
			_, err := f.App.StartSubmission(c, "pilot-midterm")
			return err
		}, get("/assess/new?checklist=pilot-midterm")},
		{"submit", unitAWriters, func(f *Fixture, c kb.Caller) error { _, err := f.App.Submit(c, f.DraftA()); return err }, onDraftA("POST", "/submit")},
		{"versions", unitA, func(f *Fixture, c kb.Caller) error { _, err := f.App.SubmissionVersions(c, f.DraftA()); return err }, onDraftA("GET", "/versions")},
		{"report export", unitA, func(f *Fixture, c kb.Caller) error { _, err := f.App.SubmissionReport(c, f.DraftA()); return err }, onDraftA("GET", "/report.xlsx")},
		{"review submission", reviewers, func(f *Fixture, c kb.Caller) error {
			_, err := f.App.ReviewSubmission(c, f.SubmittedA(), 0, stdkb.SubmissionReview{Conclusion: "通过"})
			return err
		}, func(f *Fixture) Request {
			return Request{Method: "POST", Path: "/assess/" + strconv.FormatUint(f.SubmittedA(), 10) + "/review", Form: url.Values{"conclusion": {"通过"}}}
		}},
		{"compare submissions", reviewers, func(f *Fixture, c kb.Caller) error { _, err := f.App.CompareSubmissions(c); return err }, nil},
		{"experts", reviewers, func(f *Fixture, c kb.Caller) error { _, err := f.App.Experts(c); return err }, get("/api/experts")},
		{"suggest panel", reviewers, func(f *Fixture, c kb.Caller) error {
			_, err := f.App.SuggestPanel(c, "sample-nev-time-share", 3)
			return err
		},
			get("/api/experts/suggest?for=sample-nev-time-share&n=3")},
		{"add expert", adminsOnly, func(f *Fixture, c kb.Caller) error {
			return f.App.AddExpert(c, stdkb.Expert{ID: "e9", Name: "新专家", Unit: "荣昌区机关事务管理局", Specialties: []string{"B3"}})
		}, func(*Fixture) Request {
			return Request{Method: "POST", Path: "/experts", Form: url.Values{"id": {"e9"}, "name": {"新专家"}, "unit": {"荣昌区机关事务管理局"}, "specialties": {"B3"}}}
		}},
		{"volume", everyone, func(f *Fixture, c kb.Caller) error {
			_, _, err := f.App.Volume(context.Background(), c, kb.VolumeRequest{})
			return err
		}, get("/api/volume")},
		{"bundle", everyone, func(f *Fixture, c kb.Caller) error { _, err := f.App.Bundle(c, "bishan", "test"); return err }, get("/api/units/bishan/bundle.tar.gz")},
		{"Word draft", reviewers, func(f *Fixture, c kb.Caller) error { return f.App.DraftAllowed(c) }, get("/draft")},
		{"users", adminsOnly, func(f *Fixture, c kb.Caller) error { _, err := f.App.Users(c); return err }, get("/admin")},
		{"add user", adminsOnly, func(f *Fixture, c kb.Caller) error {
			_, err := f.App.AddUser(c, "new-"+c.Role, stdkb.RoleReviewer, "", Password)
			return err
		}, nil},
		{"reload", adminsOnly, func(f *Fixture, c kb.Caller) error { return f.App.ReloadContent(context.Background(), c) }, nil},
		{"backup", adminsOnly, func(f *Fixture, c kb.Caller) error { return f.App.Backup(c, discard{}) }, nil},
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
