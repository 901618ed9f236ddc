package server_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// chromium finds the browser for the end-to-end test; .ci/run installs Debian's chromium.
func chromium(t *testing.T) string {
	for _, p := range []string{os.Getenv("STDKB_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	t.Skip("SKIP end-to-end test: no chromium found (install Debian's chromium package, or set STDKB_CHROMIUM)")
	return ""
}

// TestEndToEnd drives real headless Chromium through what staff and pilots do: search for
// 新能源汽车, open the plan section, sign in as a pilot, fill in and submit a self-assessment, and
// read its score; then an administrator adds a user from the admin page and that user signs
// in. A screenshot of each step goes to the test's temporary directory.
func TestEndToEnd(t *testing.T) {
	bin := chromium(t)
	ts, _ := authServer(t)
	shots := t.TempDir()
	if dir := os.Getenv("STDKB_SCREENSHOTS"); dir != "" { // keep them to look at
		shots = dir
		os.MkdirAll(dir, 0o755)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1366, 900))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()

	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v (screenshots in %s)", name, err, shots)
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("%s: screenshot: %v", name, err)
		}
		os.WriteFile(filepath.Join(shots, name+".png"), png, 0o644)
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("read %s: %v", sel, err)
		}
		return s
	}
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }

	step("1-search",
		chromedp.Navigate(ts.URL+"/"),
		chromedp.SetValue(css(`.big-search input[name="q"]`), "新能源汽车"),
		chromedp.Submit(css(`.big-search`)),
		chromedp.WaitVisible(css(`.hit`)))
	hits := text(`.results`)
	step("2-plan-section",
		chromedp.Click(css(`.hit h3 a[href*="cq-jgsw-14th-plan"]`)),
		chromedp.WaitVisible(css(`.doc .body`)))
	section := text(`.doc .body`)
	step("3-signed-in",
		chromedp.Navigate(ts.URL+"/login"),
		chromedp.SetValue(css(`input[name="name"]`), "pilot"),
		chromedp.SetValue(css(`input[name="password"]`), "correct horse battery"),
		chromedp.Submit(css(`form.login`)),
		chromedp.WaitVisible(css(`form.who`)))
	step("4-form",
		chromedp.Navigate(ts.URL+"/assess/new?checklist=pilot-midterm"),
		chromedp.SetValue(css(`input[name="from"]`), "2025-01-01"),
		chromedp.SetValue(css(`input[name="to"]`), "2025-12-31"),
		chromedp.SetValue(css(`select[name="item_org-1"]`), "符合"),
		chromedp.SetValue(css(`select[name="item_org-2"]`), "符合"),
		chromedp.SetValue(css(`select[name="item_sys-1"]`), "部分符合"),
		chromedp.SetValue(css(`input[name="item_sys-2"]`), "14"),
		chromedp.SetValue(css(`select[name="item_int-1"]`), "不适用"))
	step("5-score",
		chromedp.Submit(css(`form.assess`)),
		chromedp.WaitVisible(css(`.score`)),
		chromedp.Click(css(`form[action$="/submit"] button`)),
		chromedp.WaitNotPresent(css(`form[action$="/submit"]`)),
		chromedp.WaitVisible(css(`.score`)))
	score := text(`.score`)
	location, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	step("6-admin-adds-user",
		chromedp.Click(css(`form.who button`)),
		chromedp.WaitVisible(css(`a.who`)),
		chromedp.Navigate(ts.URL+"/login?next=/admin"),
		chromedp.SetValue(css(`input[name="name"]`), "admin"),
		chromedp.SetValue(css(`input[name="password"]`), "correct horse battery"),
		chromedp.Submit(css(`form.login`)),
		chromedp.WaitVisible(css(`form.add-user`)),
		chromedp.SetValue(css(`form.add-user input[name="name"]`), "zhang"),
		chromedp.SetValue(css(`form.add-user select[name="role"]`), "pilot"),
		chromedp.SetValue(css(`form.add-user select[name="unit"]`), "bishan"),
		chromedp.SetValue(css(`form.add-user input[name="password"]`), "zhang's own secret"),
		chromedp.Submit(css(`form.add-user`)),
		chromedp.WaitVisible(css(`p.success`)))
	users := text(`table.users`)
	step("7-new-user-signs-in",
		chromedp.Click(css(`form.who button`)),
		chromedp.WaitVisible(css(`a.who`)),
		chromedp.Navigate(ts.URL+"/login"),
		chromedp.SetValue(css(`input[name="name"]`), "zhang"),
		chromedp.SetValue(css(`input[name="password"]`), "zhang's own secret"),
		chromedp.Submit(css(`form.login`)),
		chromedp.WaitVisible(css(`form.who`)))
	who := text(`form.who span`)
	if !strings.Contains(users, "zhang") || !strings.Contains(users, "璧山区") || !strings.Contains(users, "试点单位") {
		t.Errorf("the user list after adding zhang:\n%s", users)
	}
	if who != "zhang" {
		t.Errorf("signed in as %q, want zhang", who)
	}
	if !strings.Contains(hits, "新能源汽车") {
		t.Errorf("search results do not mention 新能源汽车:\n%.300s", hits)
	}
	if !strings.Contains(section, "新能源汽车") {
		t.Errorf("the opened plan section does not mention 新能源汽车")
	}
	// org-1 10 (evidence missing → 5), org-2 5 (→ 2.5), sys-1 7.5 (→ 3.75), sys-2 14 (→ 7); int-1 not applicable.
	if !strings.Contains(score, "18.25") || !strings.Contains(score, "92") || !strings.HasSuffix(location, "/assess/1") {
		t.Errorf("score %q at %s, want 18.25 of 92", score, location)
	}
	entries, _ := os.ReadDir(shots)
	if len(entries) != 7 {
		t.Errorf("%d screenshots, want 7", len(entries))
	}
	t.Logf("screenshots in %s", shots)
}
