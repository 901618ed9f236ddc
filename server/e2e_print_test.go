package server_test

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestPrintAndNarrowPages drives headless Chromium over what a phone shows: the indicators page
// fits a 360 px window, its wide tables scrolling inside their frame.
func TestPrintAndNarrowPages(t *testing.T) {
	bin := chromium(t)
	ts := testServer(t)
	ctx, step, _ := browserSession(t, bin)
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }

	step("4-narrow-indicators",
		chromedp.EmulateViewport(360, 800),
		chromedp.Navigate(ts.URL+"/indicators"),
		chromedp.WaitVisible(css(`table.milestones`)))
	wide, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('main *')).filter(e => (!e.closest('.table-wrap') || e.matches('.table-wrap')) && e.getBoundingClientRect().right > window.innerWidth + 1).map(e => e.tagName.toLowerCase() + ' ' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 8)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(wide) > 0 {
		t.Errorf("in a 360 px window these reach past the right edge of /indicators: %v", wide)
	}
	scroll, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if scroll > 360 {
		t.Errorf("/indicators is %d px wide in a 360 px window: the page scrolls sideways", scroll)
	}
}

