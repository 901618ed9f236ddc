package systable

import (
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/mattn/go-runewidth"

	"stdkb"
)

// Structure diagram geometry, in SVG user units (px at 100%).
const (
	fontSize = 13.0
	lineH    = 18.0
	padX     = 10.0
	padY     = 8.0
	gapX     = 14.0
	gapY     = 36.0
	margin   = 10.0
)

type svgBox struct {
	x, y, w, h float64 // x is the centre
	lines      []string
	extension  bool
	kids       []*svgBox
}

// SVG writes the structure diagram: the framework tree, each branch with its code, name and the
// number of standards filed in it or below it; extension (N) branches are drawn dashed.
func SVG(w io.Writer, t *Table) error {
	root := &svgBox{lines: []string{t.Framework, fmt.Sprintf("共有标准 %d 项", t.Total.Total)}}
	var build func(bs []*stdkb.BranchCount) []*svgBox
	build = func(bs []*stdkb.BranchCount) []*svgBox {
		var out []*svgBox
		for _, b := range bs {
			out = append(out, &svgBox{lines: []string{b.Code + " " + b.Name, fmt.Sprintf("标准 %d 项", b.Documents)},
				extension: b.Extension, kids: build(b.Children)})
		}
		return out
	}
	root.kids = build(t.Tree)
	slot := 0.0
	levels := 0
	var size func(b *svgBox, depth int)
	size = func(b *svgBox, depth int) {
		levels = max(levels, depth+1)
		for _, l := range b.lines {
			b.w = max(b.w, float64(runewidth.StringWidth(l))*fontSize/2+2*padX)
		}
		b.h = float64(len(b.lines))*lineH + 2*padY
		if len(b.kids) == 0 {
			slot = max(slot, b.w)
		}
		for _, k := range b.kids {
			size(k, depth+1)
		}
	}
	size(root, 0)
	rowH := 2*lineH + 2*padY + gapY
	next := margin
	var place func(b *svgBox, depth int)
	place = func(b *svgBox, depth int) {
		b.y = margin + float64(depth)*rowH
		if len(b.kids) == 0 {
			b.x = next + slot/2
			next += slot + gapX
			return
		}
		for _, k := range b.kids {
			place(k, depth+1)
		}
		b.x = (b.kids[0].x + b.kids[len(b.kids)-1].x) / 2
	}
	place(root, 0)
	width := max(next-gapX+margin, root.w+2*margin)
	height := margin*2 + float64(levels)*rowH - gapY
	var s strings.Builder
	fmt.Fprintf(&s, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-label="%s结构图">`+"\n",
		width, height, width, height, html.EscapeString(t.Title))
	fmt.Fprintf(&s, `<style>rect{fill:#fff;stroke:#333;stroke-width:1.2}rect.ext{stroke-dasharray:5 3}line{stroke:#333;stroke-width:1.2}text{font:%.0fpx "SimSun","Noto Serif CJK SC",serif;text-anchor:middle}</style>`+"\n", fontSize)
	var draw func(b *svgBox)
	draw = func(b *svgBox) {
		class := ""
		if b.extension {
			class = ` class="ext"`
		}
		fmt.Fprintf(&s, `<rect%s x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="3"/>`+"\n", class, b.x-b.w/2, b.y, b.w, b.h)
		for i, l := range b.lines {
			fmt.Fprintf(&s, `<text x="%.1f" y="%.1f">%s</text>`+"\n", b.x, b.y+padY+float64(i+1)*lineH-4, html.EscapeString(l))
		}
		if len(b.kids) == 0 {
			return
		}
		bottom, mid := b.y+b.h, b.y+b.h+gapY/2
		first, last := b.kids[0], b.kids[len(b.kids)-1]
		fmt.Fprintf(&s, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>`+"\n", b.x, bottom, b.x, mid)
		fmt.Fprintf(&s, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>`+"\n", first.x, mid, last.x, mid)
		for _, k := range b.kids {
			fmt.Fprintf(&s, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>`+"\n", k.x, mid, k.x, k.y)
			draw(k)
		}
	}
	draw(root)
	s.WriteString("</svg>\n")
	_, err := io.WriteString(w, s.String())
	return err
}
