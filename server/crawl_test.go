package server_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"stdkb/kb/kbtest"
	"stdkb/server"
)

// crawlDepth is how many links away from the home page the crawl goes.
const crawlDepth = 3

// TestCrawlFindsNoDeadLinks follows every same-site link (a/href, and GET forms submitted with
// their default values) from the home page, anonymously and signed in as each role, and fails
// on any answer of 4xx or 5xx, on any link whose #fragment names no element of its page and on
// any form control without a label.
func TestCrawlFindsNoDeadLinks(t *testing.T) {
	if testing.Short() {
		t.Skip("crawl: skipped with -short")
	}
	f := kbtest.New(t)
	ts := httptest.NewServer(server.New(server.Config{App: f.App}).Handler())
	defer ts.Close()
	for _, role := range kbtest.Roles {
		t.Run(role, func(t *testing.T) {
			c := browser(t)
			if role != kbtest.Anonymous {
				c = login(t, ts, role)
			}
			cr := &crawler{t: t, ts: ts, c: c, pages: map[string]*crawled{}}
			cr.run()
			t.Logf("%s: %d pages, %d links with anchors", role, len(cr.pages), cr.anchors)
		})
	}
}

// crawled is one fetched page: its status and the ids of its elements.
type crawled struct {
	status int
	ids    map[string]bool
	from   string
}

type crawler struct {
	t       *testing.T
	ts      *httptest.Server
	c       *http.Client
	pages   map[string]*crawled // by path?query
	anchors int
}

// link is a same-site target found on a page.
type link struct{ target, fragment, from string }

func (cr *crawler) run() {
	level := []link{{target: "/", from: "(start)"}}
	var checks []link
	for depth := 0; depth <= crawlDepth && len(level) > 0; depth++ {
		var next []link
		for _, l := range level {
			if l.fragment != "" {
				checks = append(checks, l)
			}
			if _, seen := cr.pages[l.target]; seen {
				continue
			}
			found := cr.fetch(l)
			if depth < crawlDepth {
				next = append(next, found...)
			}
		}
		level = next
	}
	for _, l := range checks {
		p := cr.pages[l.target]
		if p == nil || p.ids == nil {
			// Not fetched (beyond depth) or not HTML: fetch it now to check the anchor.
			cr.fetch(l)
			p = cr.pages[l.target]
		}
		cr.anchors++
		if p.status < 400 && p.ids != nil && !p.ids[l.fragment] {
			cr.t.Errorf("%s links to %s#%s: no element has that id", l.from, l.target, l.fragment)
		}
	}
}

// fetch loads a page, records it and returns the same-site links on it.
func (cr *crawler) fetch(l link) []link {
	res, err := cr.c.Get(cr.ts.URL + l.target)
	if err != nil {
		cr.t.Fatalf("GET %s: %v", l.target, err)
	}
	defer res.Body.Close()
	p := &crawled{status: res.StatusCode, from: l.from}
	cr.pages[l.target] = p
	if res.StatusCode >= 400 {
		cr.t.Errorf("%s links to %s: %d", l.from, l.target, res.StatusCode)
		return nil
	}
	if loc := res.Header.Get("Location"); res.StatusCode >= 300 && loc != "" {
		if t, ok := cr.sameSite(l.target, loc, l.target); ok {
			return []link{t}
		}
		return nil
	}
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		io.Copy(io.Discard, res.Body)
		return nil
	}
	doc, err := html.Parse(res.Body)
	if err != nil {
		cr.t.Fatalf("%s: %v", l.target, err)
	}
	for _, c := range unlabelled(doc) {
		cr.t.Errorf("%s: the control %s has no label", l.target, c)
	}
	p.ids = map[string]bool{"": true, "top": true}
	var out []link
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if id := attr(n, "id"); id != "" {
				p.ids[id] = true
			}
			// A search box shows the words typed; a document filter is a chip, by title.
			if n.Data == "input" && attr(n, "name") == "q" && strings.Contains(attr(n, "value"), "doc:") {
				cr.t.Errorf("%s (from %s): the search box reads %q", l.target, l.from, attr(n, "value"))
			}
			if n.Data == "a" {
				if name := attr(n, "name"); name != "" {
					p.ids[name] = true
				}
				if href, ok := hasAttr(n, "href"); ok {
					if t, ok := cr.sameSite(l.target, href, l.target); ok {
						out = append(out, t)
					}
				}
			}
			if n.Data == "form" && strings.EqualFold(attr(n, "method"), "get") || n.Data == "form" && attr(n, "method") == "" {
				action, _ := hasAttr(n, "action")
				if t, ok := cr.sameSite(l.target, action+"?"+formDefaults(n).Encode(), l.target); ok {
					out = append(out, t)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// sameSite resolves href against the page; it reports false for other sites, for links that
// are not http(s) and for the static files.
func (cr *crawler) sameSite(page, href, from string) (link, bool) {
	base, _ := url.Parse(cr.ts.URL + page)
	u, err := base.Parse(href)
	if err != nil {
		cr.t.Errorf("%s: bad link %q: %v", from, href, err)
		return link{}, false
	}
	if u.Host != base.Host || (u.Scheme != "http" && u.Scheme != "https") || strings.HasPrefix(u.Path, "/static/") {
		return link{}, false
	}
	target := u.EscapedPath()
	if u.RawQuery != "" {
		target += "?" + u.RawQuery
	}
	return link{target: target, fragment: u.Fragment, from: from}, true
}

// formDefaults is what submitting a GET form unchanged sends.
func formDefaults(form *html.Node) url.Values {
	v := url.Values{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			name := attr(n, "name")
			_, disabled := hasAttr(n, "disabled")
			switch {
			case name == "" || disabled:
			case n.Data == "input":
				switch strings.ToLower(attr(n, "type")) {
				case "submit", "button", "image", "reset", "file":
				case "checkbox", "radio":
					if _, on := hasAttr(n, "checked"); on {
						v.Add(name, valueOr(n, "on"))
					}
				default:
					v.Add(name, attr(n, "value"))
				}
			case n.Data == "textarea":
				v.Add(name, text(n))
			case n.Data == "select":
				v.Add(name, selected(n))
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(form)
	return v
}

// selected is a select's submitted value: its selected option, or the first.
func selected(sel *html.Node) string {
	var first, chosen *html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "option" {
			if first == nil {
				first = n
			}
			if _, on := hasAttr(n, "selected"); on && chosen == nil {
				chosen = n
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(sel)
	if chosen == nil {
		chosen = first
	}
	if chosen == nil {
		return ""
	}
	if v, ok := hasAttr(chosen, "value"); ok {
		return v
	}
	return strings.TrimSpace(text(chosen))
}

func valueOr(n *html.Node, def string) string {
	if v, ok := hasAttr(n, "value"); ok {
		return v
	}
	return def
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func attr(n *html.Node, key string) string {
	v, _ := hasAttr(n, key)
	return v
}

func hasAttr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}
