package server_test

import (
	"bytes"
	"io"
	"io/fs"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"stdkb"
	"stdkb/content"
	"stdkb/kb"
	"stdkb/store"
)

// signIn signs name in with password and reports whether the server let it in.
func signIn(t *testing.T, ts *httptest.Server, name, password string) (*http.Client, bool) {
	t.Helper()
	c := browser(t)
	res, _ := post(t, c, ts.URL+"/login", url.Values{"csrf_token": {token(t, c, ts.URL+"/login")}, "name": {name}, "password": {password}, "next": {"/assess"}})
	return c, res.StatusCode == http.StatusSeeOther && res.Header.Get("Location") == "/assess"
}

// signedIn reports whether the client's session still names a user: the page header shows the
// sign-out form only then.
func signedIn(t *testing.T, c *http.Client, base string) bool {
	t.Helper()
	_, body := getWith(t, c, base+"/search")
	return strings.Contains(body, `action="/logout"`)
}

func TestAdminAddsUserFromThePage(t *testing.T) {
	ts, st := authServer(t)
	admin := login(t, ts, "admin")
	_, page := getWith(t, admin, ts.URL+"/admin")
	for _, want := range []string{`action="/admin/users"`, `<option value="bishan">璧山区</option>`, "试点单位", "评审人员"} {
		if !strings.Contains(page, want) {
			t.Errorf("the admin page lacks %s", want)
		}
	}
	if strings.Contains(page, "stdkb user") {
		t.Error("the admin page still tells staff to run a command")
	}
	form := url.Values{"csrf_token": {token(t, admin, ts.URL+"/admin")}, "name": {"wang"}, "role": {stdkb.RolePilot}, "unit": {"bishan"}, "password": {"short"}}
	res, body := post(t, admin, ts.URL+"/admin/users", form)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "密码：至少 10 个字符") {
		t.Errorf("short password: %d", res.StatusCode)
	}
	if !strings.Contains(body, `name="name" value="wang"`) || !strings.Contains(body, `<option value="bishan" selected>`) {
		t.Error("the refused form lost the name or the unit")
	}
	form.Set("password", "a long enough secret")
	if res, _ := post(t, admin, ts.URL+"/admin/users", form); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin?done=added" {
		t.Fatalf("add user: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	u, err := st.User("wang")
	if err != nil || u.Role != stdkb.RolePilot || u.Unit != "bishan" {
		t.Fatalf("stored user %+v %v (want the unit's content id)", u, err)
	}
	if _, ok := signIn(t, ts, "wang", "a long enough secret"); !ok {
		t.Error("the new user cannot sign in")
	}
	_, page = getWith(t, admin, ts.URL+"/admin")
	if !strings.Contains(page, "<td>admin</td><td>管理员</td><td></td>") {
		t.Error("an administrator is shown as belonging to a unit")
	}
	if !strings.Contains(page, "<td>wang</td><td>试点单位</td><td>璧山区</td>") {
		t.Error("the user list does not show the new user's role and unit by name")
	}
	if !audited(t, st, "user.add", "wang") {
		t.Error("adding a user is not audited")
	}
}

// audited reports whether the audit log holds action on the named user.
func audited(t *testing.T, st *store.Store, action, user string) bool {
	t.Helper()
	log, err := st.Audit()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range log {
		if e.Action == action && strings.HasSuffix(e.Object, user) {
			return true
		}
	}
	return false
}

func TestAdminManagesAccounts(t *testing.T) {
	ts, st := authServer(t)
	admin := login(t, ts, "admin")
	pilot, ok := signIn(t, ts, "pilot", "correct horse battery")
	if !ok || !signedIn(t, pilot, ts.URL) {
		t.Fatal("pilot cannot sign in")
	}
	act := func(action string, form url.Values) (*http.Response, string) {
		form.Set("csrf_token", token(t, admin, ts.URL+"/admin/users/pilot"))
		return post(t, admin, ts.URL+"/admin/users/pilot/"+action, form)
	}
	_, page := getWith(t, admin, ts.URL+"/admin/users/pilot")
	if !strings.Contains(page, `name="session"`) {
		t.Error("the user page does not list the pilot's session")
	}

	if res, _ := act("disabled", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: %d", res.StatusCode)
	}
	if signedIn(t, pilot, ts.URL) {
		t.Error("a disabled pilot is still signed in")
	}
	if _, ok := signIn(t, ts, "pilot", "correct horse battery"); ok {
		t.Error("a disabled pilot can sign in")
	}
	if res, _ := act("enabled", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("enable: %d", res.StatusCode)
	}
	pilot, ok = signIn(t, ts, "pilot", "correct horse battery")
	if !ok {
		t.Fatal("an enabled pilot cannot sign in")
	}

	if res, body := act("password", url.Values{"password": {"short"}}); res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "密码：至少 10 个字符") {
		t.Errorf("short reset password: %d", res.StatusCode)
	}
	if res, _ := act("password", url.Values{"password": {"a brand new secret"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset password: %d", res.StatusCode)
	}
	if signedIn(t, pilot, ts.URL) {
		t.Error("a password reset left the pilot signed in")
	}
	pilot, ok = signIn(t, ts, "pilot", "a brand new secret")
	if !ok {
		t.Fatal("the new password does not sign in")
	}
	if res, _ := act("revoked", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke sessions: %d", res.StatusCode)
	}
	if signedIn(t, pilot, ts.URL) {
		t.Error("revoking the sessions left the pilot signed in")
	}

	if res, body := act("unit", url.Values{"unit": {"nowhere"}}); res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "不在知识库的单位中") {
		t.Errorf("unknown unit: %d", res.StatusCode)
	}
	if res, _ := act("unit", url.Values{"unit": {"dadukou"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("set unit: %d", res.StatusCode)
	}
	if u, _ := st.User("pilot"); u.Unit != "dadukou" {
		t.Errorf("unit now %q", u.Unit)
	}
	for _, action := range []string{"user.disable", "user.enable", "user.passwd", "session.revoke", "user.unit"} {
		if !audited(t, st, action, "pilot") {
			t.Errorf("%s is not audited", action)
		}
	}
}

// Every administration page and action is for administrators: pilots and reviewers get 403,
// anonymous visitors are sent to sign in, and nothing changes.
func TestAdminPagesAreForAdmins(t *testing.T) {
	ts, st := authServer(t)
	pages := []string{"/admin", "/admin/users/pilot", "/admin/bundles"}
	actions := map[string]url.Values{
		"/admin/users":                   {"name": {"mallory"}, "role": {"admin"}, "password": {"a long enough secret"}},
		"/admin/users/reviewer/disabled": {},
		"/admin/users/reviewer/password": {"password": {"a long enough secret"}},
		"/admin/users/reviewer/revoked":  {},
		"/admin/users/pilot/unit":        {"unit": {"bishan"}},
		"/admin/bundles/confirm":         {"token": {strings.Repeat("a", 32)}},
		"/admin/reload":                  {},
		"/experts":                       {"name": {"x"}, "unit": {"u"}, "specialties": {"B3"}},
	}
	before, _ := st.Audit()
	for _, who := range []string{"pilot", "reviewer"} {
		c := login(t, ts, who)
		for _, p := range pages {
			if res, body := getWith(t, c, ts.URL+p); res.StatusCode != http.StatusForbidden || !strings.Contains(body, "只有管理员") {
				t.Errorf("%s GET %s: %d, want 403", who, p, res.StatusCode)
			}
		}
		for p, form := range actions {
			form.Set("csrf_token", token(t, c, ts.URL+"/search"))
			if res, _ := post(t, c, ts.URL+p, form); res.StatusCode != http.StatusForbidden {
				t.Errorf("%s POST %s: %d, want 403", who, p, res.StatusCode)
			}
		}
		if res, _ := postBundle(t, c, ts.URL, []byte("not a bundle")); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s uploads a bundle: %d, want 403", who, res.StatusCode)
		}
	}
	anon := browser(t)
	for _, p := range pages {
		if res, _ := getWith(t, anon, ts.URL+p); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Errorf("anonymous GET %s: %d", p, res.StatusCode)
		}
	}
	if after, _ := st.Audit(); len(after) != len(before) {
		t.Errorf("refused requests wrote %d audit entries", len(after)-len(before))
	}
	if u, _ := st.User("reviewer"); u.Disabled {
		t.Error("a refused request disabled the reviewer")
	}
}

// postBundle uploads a bundle from the import page.
func postBundle(t *testing.T, c *http.Client, base string, bundle []byte) (*http.Response, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf_token", token(t, c, base+"/search"))
	fw, _ := mw.CreateFormFile("bundle", "大渡口区-共享包.tar.gz")
	fw.Write(bundle)
	mw.Close()
	req, _ := http.NewRequest("POST", base+"/admin/bundles", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", base)
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return res, string(b)
}

// treeOf lists a directory's files with their contents.
func treeOf(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		out[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestAdminImportsABundle(t *testing.T) {
	_, bundle := get(t, "/api/units/dadukou/bundle.tar.gz") // from the embedded content

	// A content directory holding only the framework, served from disk.
	dir := t.TempDir()
	fw, _ := fs.ReadFile(content.Default(), "framework.md")
	os.WriteFile(filepath.Join(dir, "framework.md"), fw, 0o644)
	data := t.TempDir()
	st, err := store.Open(filepath.Join(data, "stdkb.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	u, _ := stdkb.NewUser("admin", stdkb.RoleAdmin, "", "correct horse battery")
	st.AddUser(u, "test")
	s, err := newServer(kb.Config{Content: os.DirFS(dir), Name: dir, ContentDir: dir, DataDir: data, Store: st, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(func() { ts.Close(); s.Close() })
	admin := login(t, ts, "admin")

	before := treeOf(t, dir)
	if res, body := postBundle(t, admin, ts.URL, []byte("not a bundle")); res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `class="alert"`) ||
		!strings.Contains(body, "不是共享包：文件不是 .tar.gz 格式") || strings.Contains(body, "gzip:") || strings.Contains(body, "not a bundle") {
		t.Errorf("a damaged bundle: %d, want a Chinese refusal\n%s", res.StatusCode, body)
	}
	res, page := postBundle(t, admin, ts.URL, []byte(bundle))
	if res.StatusCode != http.StatusOK || !strings.Contains(page, "试导入结果：大渡口区") || !strings.Contains(page, "units/dadukou.md") {
		t.Fatalf("dry run: %d\n%.400s", res.StatusCode, page)
	}
	// The preview names files by title, not by path, and says in Chinese what exported them.
	for _, want := range []string{"单位：大渡口区", "《重庆市机关事务工作“十四五”规划》", "导出程序：知识库网站"} {
		if !strings.Contains(page, want) {
			t.Errorf("dry run lacks %q", want)
		}
	}
	for _, bare := range []string{">regulations/", ">units/", "stdkb server"} {
		if strings.Contains(page, bare) {
			t.Errorf("dry run shows %q", bare)
		}
	}
	if after := treeOf(t, dir); len(after) != len(before) {
		t.Fatalf("the dry run wrote %d files", len(after)-len(before))
	}
	m := regexpToken.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the dry run offers no confirmation")
	}
	confirm := url.Values{"csrf_token": {token(t, admin, ts.URL+"/admin/bundles")}, "token": {m[1]}, "confirm": {"1"}}
	if res, _ := post(t, admin, ts.URL+"/admin/bundles/confirm", confirm); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/bundles?done=imported" {
		t.Fatalf("confirm: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if _, err := os.Stat(filepath.Join(dir, "units", "dadukou.md")); err != nil {
		t.Error("the confirmed import wrote nothing")
	}
	if _, body := getWith(t, admin, ts.URL+"/units/dadukou"); !strings.Contains(body, "大渡口区标准体系") {
		t.Error("the imported unit is not served: the content was not reloaded")
	}
	if res, _ := post(t, admin, ts.URL+"/admin/bundles/confirm", confirm); res.StatusCode != http.StatusNotFound {
		t.Errorf("confirming twice: %d, want 404", res.StatusCode)
	}
	log, _ := st.Audit()
	if !slices.ContainsFunc(log, func(e stdkb.AuditEntry) bool { return e.Action == "bundle.import" && e.Actor == "admin" }) {
		t.Error("the import is not audited")
	}
}

func TestSystemTableDownloads(t *testing.T) {
	_, page := get(t, "/systable?unit=shapingba")
	for _, want := range []string{"沙坪坝区", "标准明细表", "标准统计表", "<svg", `format=xlsx`} {
		if !strings.Contains(page, want) {
			t.Errorf("the system table page lacks %s", want)
		}
	}
	res, body := get(t, "/systable/download?unit=shapingba&format=xlsx")
	if res.StatusCode != 200 {
		t.Fatalf("xlsx: %d %s", res.StatusCode, body)
	}
	if got := downloadName(t, res); got != "机关事务标准体系表-沙坪坝区-2026-11-25.xlsx" {
		t.Errorf("file name %q", got)
	}
	f, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("the xlsx does not open: %v", err)
	}
	rows, err := f.GetRows("标准明细表")
	if err != nil || len(rows) < 3 {
		t.Fatalf("detail sheet: %v, %d rows", err, len(rows))
	}
	head := slices.IndexFunc(rows, func(r []string) bool { return slices.Contains(r, "标准名称") })
	if head < 0 {
		t.Fatalf("detail sheet has no heading row: %v", rows[:3])
	}
	// The sheet lists as many standards as the page says.
	m := regexp.MustCompile(`标准明细表（(\d+) 项）`).FindStringSubmatch(page)
	if m == nil || m[1] == "0" {
		t.Fatalf("the page does not count the standards")
	}
	if got := len(rows) - head - 1; strconv.Itoa(got) != m[1] {
		t.Errorf("the xlsx lists %d standards, the page %s", got, m[1])
	}
}

// downloadName decodes a response's Content-Disposition file name (filename* when present).
func downloadName(t *testing.T, res *http.Response) string {
	t.Helper()
	_, params, err := mime.ParseMediaType(res.Header.Get("Content-Disposition"))
	if err != nil {
		t.Fatalf("Content-Disposition %q: %v", res.Header.Get("Content-Disposition"), err)
	}
	return params["filename"] // mime decodes filename* into filename
}

// Downloads are named in words, from names: never by internal ids.
func TestDownloadNamesAreChinese(t *testing.T) {
	for _, tt := range []struct{ path, want string }{
		{"/api/reviews/ledger.xlsx", "复审台账-2026-11-25.xlsx"},
		{"/api/reviews/ledger.csv?all=1", "复审台账（含已更正）-2026-11-25.csv"},
		{"/api/units/dadukou/bundle.tar.gz", "大渡口区-共享包-2026-11-25.tar.gz"},
		{"/api/systable?format=docx", "机关事务标准体系表-2026-11-25.docx"},
		{"/api/volume?type=standard&unit=bishan&format=docx&asof=2026-11-25", ""},
	} {
		res, _ := get(t, tt.path)
		cd := res.Header.Get("Content-Disposition")
		got := downloadName(t, res)
		if tt.want != "" && got != tt.want {
			t.Errorf("%s: file name %q, want %q (%s)", tt.path, got, tt.want, cd)
		}
		if !strings.Contains(cd, `filename="`) || !strings.Contains(cd, "filename*=UTF-8''") {
			t.Errorf("%s: %q lacks the ASCII fallback or the RFC 5987 name", tt.path, cd)
		}
		for _, id := range []string{"dadukou", "bishan", "ledger", "bundle"} {
			if strings.Contains(got, id) {
				t.Errorf("%s: file name %q shows the id %s", tt.path, got, id)
			}
		}
	}
}

var regexpToken = regexp.MustCompile(`name="token" value="([0-9a-f]{32})"`)

// The PDF volume is printed by Chromium per request, so only administrators may ask for it.
func TestPDFVolumeIsForAdmins(t *testing.T) {
	chromium(t)
	ts, _ := authServer(t)
	path := "/api/volume?type=standard&unit=bishan&format=pdf&asof=2026-11-25"
	if res, _ := getWith(t, browser(t), ts.URL+path); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("anonymous PDF: %d, want 401", res.StatusCode)
	}
	for _, who := range []string{"pilot", "reviewer"} {
		if res, _ := getWith(t, login(t, ts, who), ts.URL+path); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s PDF: %d, want 403", who, res.StatusCode)
		}
	}
	admin := login(t, ts, "admin")
	if _, page := getWith(t, admin, ts.URL+"/units/bishan"); !strings.Contains(page, `<option value="pdf">`) {
		t.Error("the unit page offers administrators no PDF")
	}
	if _, page := getWith(t, login(t, ts, "pilot"), ts.URL+"/units/bishan"); strings.Contains(page, `<option value="pdf">`) {
		t.Error("the unit page offers a pilot the PDF")
	}
	res, body := getWith(t, admin, ts.URL+path)
	if res.StatusCode != 200 || !strings.HasPrefix(body, "%PDF") || res.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("admin PDF: %d %s %.40q", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	if name := downloadName(t, res); !strings.HasSuffix(name, ".pdf") || !strings.Contains(name, "璧山区") {
		t.Errorf("PDF named %q", name)
	}
}
