package indexer

import (
	"slices"
	"strings"
	"testing"

	"stdkb"
)

// TestQuotesLinkedToSource checks that the regulations' quotes of the plan are linked to the
// sections they quote, and to nothing they do not quote.
func TestQuotesLinkedToSource(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	linked := 0
	for _, e := range ix.entries {
		for _, src := range e.QuoteOf {
			linked++
			if s := ix.entries[src]; s == nil || quotedShare(e.Text, s.Text) < minQuoted {
				t.Errorf("%s is linked to %s, which it does not quote", e.ID, src)
			}
		}
		if len(e.Path) > 0 && e.Path[len(e.Path)-1] == "规划中的相关表述" && len(e.QuoteOf) == 0 {
			t.Errorf("%s quotes the plan but is linked to nothing", e.ID)
		}
		if e.DocID == "cq-jgsw-14th-plan" && len(e.QuoteOf) > 0 {
			t.Errorf("the plan's own section %s is linked as a quote of %v", e.ID, e.QuoteOf)
		}
	}
	if linked < 10 {
		t.Errorf("%d quotes linked, want at least 10", linked)
	}
}

// TestQuotesNeverOutrankSource searches the words of every quote and checks that the quote is
// not a hit of its own above its source: it is shown under the source, which ranks where the
// quote would have. A flat search shows the quote as a hit, so the layout did the work.
func TestQuotesNeverOutrankSource(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	checked := 0
	for _, e := range catalog(fixtureLib) {
		e = ix.entries[e.ID]
		if len(e.QuoteOf) == 0 || !e.Latest {
			continue
		}
		q := quotedWords(e)
		flat := mustSearch(t, ix, Request{Query: q, Limit: 10, Flat: true})
		if rankOf(flat.Hits, e.ID) < 0 {
			continue // not on the first page even flat: nothing to collapse
		}
		checked++
		res := mustSearch(t, ix, Request{Query: q, Limit: 10})
		if i := rankOf(res.Hits, e.ID); i >= 0 {
			t.Errorf("%q: the quote %s is a hit of its own (rank %d)", q, e.ID, i+1)
			continue
		}
		src := -1
		for i, h := range res.Hits {
			for _, id := range h.Quotes {
				if id == e.ID {
					src = i
				}
			}
		}
		if src < 0 {
			t.Errorf("%q: the quote %s is not shown under any hit", q, e.ID)
		} else if !slices.Contains(e.QuoteOf, res.Hits[src].ID) {
			t.Errorf("%q: the quote %s is shown under %s, which it does not quote", q, e.ID, res.Hits[src].ID)
		}
	}
	if checked < 5 {
		t.Errorf("only %d quotes ranked on the first page; the test checks too little", checked)
	}
}

// TestQuoteOfNamedDocumentStays checks that asking for a regulation by its title finds its
// quote of the plan as a hit: the query names the document.
func TestQuoteOfNamedDocumentStays(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	res := mustSearch(t, ix, Request{Query: "行政事业性国有资产管理条例 国有资产"})
	if len(res.Hits) == 0 || res.Hits[0].DocID != "state-owned-assets-regulation" {
		t.Errorf("top hit %v, want the regulation itself", ids(res.Hits))
	}
}

// TestAtMostTwoPerEdition pages through a broad query: no page holds more than two sections of
// one edition, no section is lost or shown twice against the flat ranking, and More counts the
// edition's other matching sections. Naming the document or filtering on it lifts the cap.
func TestAtMostTwoPerEdition(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	const q = "公务用车 节能 办公用房 资产"
	flat := map[string]bool{}
	for page := 1; ; page++ {
		res := mustSearch(t, ix, Request{Query: q, Limit: MaxLimit, Page: page, Flat: true})
		for _, h := range res.Hits {
			flat[h.ID] = true
		}
		if len(res.Hits) < MaxLimit {
			break
		}
	}
	shown := map[string]bool{}
	capped := false
	for page := 1; page <= 40; page++ {
		res := mustSearch(t, ix, Request{Query: q, Limit: 10, Page: page})
		if len(res.Hits) == 0 {
			break
		}
		per := map[string]int{}
		for _, h := range res.Hits {
			per[h.DocID+"@"+h.Edition]++
			for _, id := range append([]string{h.ID}, h.Quotes...) {
				if shown[id] {
					t.Errorf("page %d: %s shown twice", page, id)
				}
				shown[id] = true
			}
			if page == 1 && h.More > 0 {
				capped = true
			}
		}
		for g, n := range per {
			// Later pages may hold the rest of an edition when nothing else matched.
			if n > perEdition && page <= 3 {
				t.Errorf("page %d holds %d sections of %s", page, n, g)
			}
		}
	}
	if len(shown) != len(flat) {
		t.Errorf("pages show %d sections, the flat ranking %d", len(shown), len(flat))
	}
	if !capped {
		t.Error("no hit on the first page counts more sections of its edition")
	}
	for _, named := range []string{q + " 重庆市机关事务工作“十四五”规划", q + " doc:cq-jgsw-14th-plan"} {
		res := mustSearch(t, ix, Request{Query: named, Limit: 10})
		n := 0
		for _, h := range res.Hits {
			if h.DocID == "cq-jgsw-14th-plan" {
				n++
			}
		}
		if n <= perEdition {
			t.Errorf("%s: %d sections of the plan on the first page, want more than %d", named, n, perEdition)
		}
	}
	_, err := ix.Search(t.Context(), Request{Query: "公务用车 doc:no-such-doc"})
	if stdkb.ErrorCode(err) != stdkb.EINVALID {
		t.Errorf("doc:no-such-doc: got %v, want EINVALID", err)
	}
}

// TestFillersNeverDominate checks that question words and fillers added to a query leave its
// best hit where it was; that a figure cue (多少, 几个) may only prefer, among sections holding
// the typed words, one that states figures; and that fillers alone are no query.
func TestFillersNeverDominate(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	for _, base := range []string{"公务用车管理", "节约型机关", "办公用房", "能源费用托管", "标准复审", "公物仓", "周转住房"} {
		want := mustSearch(t, ix, Request{Query: base, Limit: 3})
		for _, filler := range []string{"是什么", "怎么办", "了吗", "怎么 要 了", "吗"} {
			got := mustSearch(t, ix, Request{Query: base + filler, Limit: 3})
			if len(got.Hits) == 0 || len(want.Hits) == 0 || got.Hits[0].ID != want.Hits[0].ID {
				t.Errorf("%s%s: top %v, without the filler %v", base, filler, ids(got.Hits), ids(want.Hits))
			}
		}
		plain := mustSearch(t, ix, Request{Query: base, Limit: 1})
		for _, cue := range []string{"要多少", "有几个"} {
			got := mustSearch(t, ix, Request{Query: base + cue, Limit: 1})
			if got.Total != plain.Total {
				t.Errorf("%s%s: %d matches, %d without the cue; a cue must add none", base, cue, got.Total, plain.Total)
			}
			if len(got.Hits) > 0 && len(plain.Hits) > 0 && got.Hits[0].Score > figureFactor*plain.Hits[0].Score+0.002 { // scores are rounded to 0.001
				t.Errorf("%s%s: top scores %.3f, more than %.1f times the best without the cue (%.3f)", base, cue, got.Hits[0].Score, figureFactor, plain.Hits[0].Score)
			}
		}
	}
	for _, q := range []string{"多少", "是什么", "怎么 要 了"} {
		if _, err := ix.Search(t.Context(), Request{Query: q}); stdkb.ErrorCode(err) != stdkb.EINVALID {
			t.Errorf("%s: got %v, want EINVALID (an empty query)", q, err)
		}
	}
}

// quotedWords returns the first clause of a quote that does not name a document, cut to 16
// characters: words the quote and its source share.
func quotedWords(e *entry) string {
	for _, clause := range strings.FieldsFunc(e.Text, func(r rune) bool { return strings.ContainsRune("，。；>\n", r) }) {
		if r := []rune(strings.TrimSpace(clause)); len(r) >= 8 && !strings.ContainsRune(clause, '《') {
			return string(r[:min(len(r), 16)])
		}
	}
	return ""
}

func rankOf(hits []Hit, id string) int {
	for i, h := range hits {
		if h.ID == id {
			return i
		}
	}
	return -1
}

func ids(hits []Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.ID)
	}
	return out
}
