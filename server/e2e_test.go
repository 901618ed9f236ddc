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
// read its score (a wrong score first, kept with the rest of the form; inventory rows entered as
// rows; the report's rates; confirmation and success); check the form in a narrow window; then
// an administrator adds a user from the admin page and that user signs in; then a reviewer
// concludes on the submission, offered no way to change it. A screenshot of
// each step goes to the test's temporary directory.
func TestEndToEnd(t *testing.T) {
	bin := chromium(t)
	ts, _ := authServer(t)
	ctx, step, shots := browserSession(t, bin)
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
	value := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("value of %s: %v", sel, err)
		}
		return v
	}
	// The form with a score over the item's maximum, and two inventory rows entered as table
	// rows: one chosen from the unit's system (the server fills in its number and codes), one
	// internal standard typed in.
	step("4-form",
		chromedp.Navigate(ts.URL+"/assess/new?checklist=pilot-midterm"),
		chromedp.SetValue(css(`input[name="from"]`), "2025-01-01"),
		chromedp.SetValue(css(`input[name="to"]`), "2025-12-31"),
		chromedp.SetValue(css(`select[name="item_org-1"]`), "符合"),
		chromedp.SetValue(css(`select[name="item_org-2"]`), "符合"),
		chromedp.SetValue(css(`select[name="item_sys-1"]`), "部分符合"),
		chromedp.SetValue(css(`input[name="item_sys-2"]`), "99"),
		chromedp.SetValue(css(`input[name="comment_sys-2"]`), "覆盖全部7个领域"),
		chromedp.SetValue(css(`select[name="item_int-1"]`), "不适用"),
		chromedp.SetValue(css(`select[name="standard-0-doc"]`), "sample-canteen-service"),
		chromedp.Click(css(`input[name="standard-0-implemented"]`)),
		chromedp.SetValue(css(`input[name="standard-0-evaluation"]`), "2025-10-20"),
		chromedp.SetValue(css(`input[name="standard-1-title"]`), "机关物业服务规范（区内部标准）"),
		chromedp.SetValue(css(`select[name="standard-1-level"]`), "内部"),
		chromedp.SetValue(css(`input[name="standard-1-framework"]`), "B7"),
		chromedp.SetValue(css(`input[name="standard-1-effective"]`), "2021-07-01"))
	step("5-wrong-score-kept",
		chromedp.Submit(css(`form.assess`)),
		chromedp.WaitVisible(css(`#problems`)))
	problems := text(`#problems`)
	kept := map[string]string{
		`input[name="item_sys-2"]`: value(`input[name="item_sys-2"]`), `input[name="comment_sys-2"]`: value(`input[name="comment_sys-2"]`),
		`select[name="item_sys-1"]`: value(`select[name="item_sys-1"]`), `input[name="from"]`: value(`input[name="from"]`),
		`input[name="standard-0-number"]`: value(`input[name="standard-0-number"]`), `input[name="standard-1-title"]`: value(`input[name="standard-1-title"]`),
		`input[name="standard-0-evaluation"]`: value(`input[name="standard-0-evaluation"]`),
	}
	step("6-saved",
		chromedp.SetValue(css(`input[name="item_sys-2"]`), "14"),
		chromedp.Submit(css(`form.assess`)),
		chromedp.WaitVisible(css(`.score`)))
	report := text(`main`)
	step("7-confirm",
		chromedp.Click(css(`a[href$="/confirm"]`)),
		chromedp.WaitVisible(css(`form.confirm`)))
	step("8-submitted",
		chromedp.Click(css(`form.confirm button`)),
		chromedp.WaitVisible(css(`.alert.success`)),
		chromedp.WaitVisible(css(`.score`)))
	score := text(`.score`)
	success := text(`.alert.success`)
	location, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	// In a 375 px window the form's wide tables scroll inside their frame; nothing else of
	// the form reaches past the window's edge.
	step("9-narrow-form",
		chromedp.EmulateViewport(375, 800),
		chromedp.Navigate(ts.URL+"/assess/1/edit"),
		chromedp.WaitVisible(css(`form.assess`)))
	// The layout's header is another page's concern; the form's own elements must fit.
	wide, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('main *')).filter(e => (!e.closest('.table-wrap') || e.matches('.table-wrap')) && e.getBoundingClientRect().right > window.innerWidth + 1).map(e => e.tagName.toLowerCase() + ' ' + (e.name || e.className) + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 8)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(wide) > 0 {
		t.Errorf("in a 375 px window these reach past its right edge: %v", wide)
	}
	step("10-admin-adds-user",
		chromedp.EmulateViewport(1366, 900),
		chromedp.Navigate(ts.URL+"/"),
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
	step("11-new-user-signs-in",
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
	if !strings.Contains(problems, "超过满分 14") || !strings.Contains(problems, "本级标准体系覆盖") {
		t.Errorf("the refused form's message does not name the item and its maximum: %q", problems)
	}
	for sel, want := range map[string]string{`input[name="item_sys-2"]`: "99", `input[name="comment_sys-2"]`: "覆盖全部7个领域", `select[name="item_sys-1"]`: "部分符合",
		`input[name="from"]`: "2025-01-01", `input[name="standard-0-number"]`: "DB50/T 9902-2021", `input[name="standard-1-title"]`: "机关物业服务规范（区内部标准）",
		`input[name="standard-0-evaluation"]`: "2025-10-20"} {
		if kept[sel] != want {
			t.Errorf("after the refusal %s holds %q, want %q kept", sel, kept[sel], want)
		}
	}
	for _, want := range []string{"标准实施率", "实施效果评价覆盖率", "宣贯与实施评估", "标准按期复审率", "采用标准的复审", "规划指标进度", "口径说明"} {
		if !strings.Contains(report, want) {
			t.Errorf("the pilot's report lacks %q", want)
		}
	}
	if !strings.Contains(success, "已提交") {
		t.Errorf("no success message after submitting: %q", success)
	}
	if !strings.Contains(hits, "新能源汽车") {
		t.Errorf("search results do not mention 新能源汽车:\n%.300s", hits)
	}
	if !strings.Contains(section, "新能源汽车") {
		t.Errorf("the opened plan section does not mention 新能源汽车")
	}
	// org-1 10 (evidence missing → 5), org-2 5 (→ 2.5), sys-1 7.5 (→ 3.75), sys-2 14 (→ 7); int-1 not applicable.
	if !strings.Contains(score, "18.25") || !strings.Contains(score, "92") || !strings.Contains(location, "/assess/1?submitted=1") {
		t.Errorf("score %q at %s, want 18.25 of 92", score, location)
	}

	// A reviewer concludes on the submission but is offered no way to change it.
	step("12-reviewer",
		chromedp.Submit(css(`form.who`)),
		chromedp.WaitVisible(css(`a.who`)),
		chromedp.Navigate(ts.URL+"/login"),
		chromedp.SetValue(css(`input[name="name"]`), "reviewer"),
		chromedp.SetValue(css(`input[name="password"]`), "correct horse battery"),
		chromedp.Submit(css(`form.login`)),
		chromedp.WaitVisible(css(`form.who`)),
		chromedp.Navigate(ts.URL+"/assess/1"),
		chromedp.WaitVisible(css(`form[action="/assess/1/review"]`)))
	edits, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('a[href$="/edit"], form[action$="/submit"]').length`))
	if err != nil {
		t.Fatal(err)
	}
	if edits > 0 {
		t.Errorf("the reviewer is offered %d ways to edit or submit the unit's self-assessment", edits)
	}
	step("13-concluded",
		chromedp.SetValue(css(`input[name="conclusion"]`), "达到中期评估要求"),
		chromedp.Submit(css(`form[action="/assess/1/review"]`)),
		chromedp.WaitNotPresent(css(`form[action="/assess/1/review"]`)))
	if concluded := text(`main`); !strings.Contains(concluded, "已评审：达到中期评估要求") || !strings.Contains(concluded, "已记录评审结论：达到中期评估要求") {
		t.Errorf("the reviewed submission does not show the conclusion:\n%.300s", concluded)
	}
	entries, _ := os.ReadDir(shots)
	if len(entries) < 13 { // other end-to-end tests may keep theirs in the same directory
		t.Errorf("%d screenshots, want 13", len(entries))
	}
	t.Logf("screenshots in %s", shots)
}

// browserSession starts headless Chromium with a profile of its own (so runs never share one)
// and no time limit, and returns its context, a step function that runs actions and keeps a
// screenshot named for the step, and the directory the screenshots go to ($STDKB_SCREENSHOTS
// when set, to look at them; else the test's temporary directory).
func browserSession(t *testing.T, bin string) (context.Context, func(name string, actions ...chromedp.Action[chromedp.Void]), string) {
	t.Helper()
	shots := t.TempDir()
	if dir := os.Getenv("STDKB_SCREENSHOTS"); dir != "" {
		shots = dir
		os.MkdirAll(dir, 0o755)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1366, 900))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v (screenshots in %s)", name, err, shots)
		}
		// The window as the user sees it, not the full page: a full-page screenshot resizes the
		// viewport to the page's height and back, which can move the scroll position a check
		// made after the step reads, and fails on a page not yet laid out ("0 width").
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatalf("%s: screenshot: %v", name, err)
		}
		os.WriteFile(filepath.Join(shots, name+".png"), png, 0o644)
	}
	return ctx, step, shots
}
