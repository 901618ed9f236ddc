package server_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// anchorReached reports, in the page, whether the element the location's #fragment names
// exists and is scrolled into the window: "ok:ID", "missing:ID" or "offscreen:ID".
const anchorReached = `(() => {
  const id = decodeURIComponent(location.hash.slice(1));
  const el = document.getElementById(id);
  if (!el) return "missing:" + id;
  const r = el.getBoundingClientRect();
  return (r.top >= -2 && r.top < innerHeight) ? "ok:" + id : "offscreen:" + id + ":" + r.top;
})()`

// pageSettled is true once the page and its fonts have loaded, so the browser has scrolled to
// the location's fragment and no late layout moves the element again. Both always happen, so
// polling for it needs no time limit of its own.
const pageSettled = `document.readyState === "complete" && document.fonts.status === "loaded"`

// TestEndToEndSearch drives headless Chromium through a search as staff make it: grouped
// results, one row per document; opening a section lands on exactly that section (the page's
// anchor exists and is scrolled to), also for a glossary entry; and the results stay usable in
// a 360 px window. Screenshots go to $STDKB_SCREENSHOTS when set.
func TestEndToEndSearch(t *testing.T) {
	bin := chromium(t)
	ts := testServer(t)
	ctx, step, _ := browserSession(t, bin)
	eval := func(js string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("evaluate %s: %v", js, err)
		}
		return s
	}
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }

	step("search-1-grouped",
		chromedp.Navigate(ts.URL+"/"),
		chromedp.SetValue(css(`.big-search input[name="q"]`), "办公用房维修"),
		chromedp.Submit(css(`.big-search`)),
		chromedp.WaitVisible(css(`.doc-row`)))
	rows := eval(`Array.from(document.querySelectorAll(".doc-row")).map(r => r.dataset.doc).join(" ")`)
	if docs := strings.Fields(rows); len(docs) < 3 {
		t.Errorf("grouped results: rows %q, want at least 3 documents", rows)
	}
	// 本文件其他 N 处 expands to the document's sections, in the clause view.
	results := eval(`location.href`)
	moreDoc := eval(`document.querySelector(".doc-row .more a").closest(".doc-row").dataset.doc`)
	step("search-1b-more",
		chromedp.Click(css(`.doc-row .more a`)),
		chromedp.WaitVisible(css(`.results .hit`)))
	if docs := strings.Fields(eval(`Array.from(document.querySelectorAll(".results .hit")).map(r => r.dataset.doc).join(" ")`)); len(docs) <= 2 {
		t.Errorf("本文件其他 N 处 of %s lists %v, want more than the two sections shown", moreDoc, docs)
	} else {
		for _, d := range docs {
			if d != moreDoc {
				t.Errorf("本文件其他 N 处 of %s lists a section of %s", moreDoc, d)
				break
			}
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(results), chromedp.WaitVisible(css(`.doc-row`))); err != nil {
		t.Fatal(err)
	}
	const section = `.doc-row[data-doc="cq-jgsw-14th-plan"] .sec .path a`
	href := eval(`document.querySelector('` + section + `').getAttribute("href")`)
	step("search-2-section",
		chromedp.Click(css(section)),
		chromedp.WaitVisible(css(`.doc .body`)),
		chromedp.Poll[chromedp.Void](pageSettled, chromedp.WithPollingTimeout(0)))
	if got := eval(anchorReached); !strings.HasPrefix(got, "ok:") {
		t.Errorf("opened %s: %s", href, got)
	} else if u, _ := url.Parse(href); "ok:"+u.Fragment != got {
		t.Errorf("opened %s, landed on %s", href, got)
	}

	step("search-3-glossary",
		chromedp.Navigate(ts.URL+"/search?q="+url.QueryEscape("公物仓是什么")),
		chromedp.WaitVisible(css(`.doc-row`)),
		chromedp.Click(css(`.doc-row .sec .path a[href*="#fn-"]`)),
		chromedp.WaitVisible(css(`.doc .body`)),
		chromedp.Poll[chromedp.Void](pageSettled, chromedp.WithPollingTimeout(0)))
	if got := eval(anchorReached); !strings.HasPrefix(got, "ok:fn-") {
		t.Errorf("glossary hit: %s, want the entry's anchor reached", got)
	}

	step("search-4-narrow",
		chromedp.EmulateViewport(360, 780),
		chromedp.Navigate(ts.URL+"/search?q="+url.QueryEscape("办公用房维修")),
		chromedp.WaitVisible(css(`.doc-row`)))
	if wide := eval(`String(document.documentElement.scrollWidth)`); wide != "360" {
		t.Errorf("at 360 px the page is %s px wide: it scrolls sideways", wide)
	}
}
