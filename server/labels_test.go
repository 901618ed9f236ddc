package server_test

import (
	"fmt"
	"strings"

	"golang.org/x/net/html"
)

// unlabelled lists the form controls of a page a screen reader cannot name: not inside a
// <label>, without aria-label or aria-labelledby, and no <label for> naming their id. Hidden
// inputs and buttons (named by their text) need no label.
func unlabelled(doc *html.Node) []string {
	labelled := map[string]bool{}
	var controls []*html.Node
	var walk func(n *html.Node, inLabel bool)
	walk = func(n *html.Node, inLabel bool) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "label":
				inLabel = true
				if id := attr(n, "for"); id != "" {
					labelled[id] = true
				}
			case "input", "select", "textarea":
				typ := strings.ToLower(attr(n, "type"))
				_, ariaHidden := hasAttr(n, "aria-hidden")
				if !inLabel && attr(n, "aria-label") == "" && attr(n, "aria-labelledby") == "" && !ariaHidden &&
					typ != "hidden" && typ != "submit" && typ != "button" && typ != "reset" && typ != "image" {
					controls = append(controls, n)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inLabel)
		}
	}
	walk(doc, false)
	var out []string
	for _, n := range controls {
		if id := attr(n, "id"); id == "" || !labelled[id] {
			out = append(out, fmt.Sprintf("<%s name=%q>", n.Data, attr(n, "name")))
		}
	}
	return out
}
