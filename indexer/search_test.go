package indexer

import (
	"context"
	"errors"
	"html"
	"math/rand/v2"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"stdkb"
)

func mustSearch(t *testing.T, ix *Index, req Request) *Result {
	t.Helper()
	res, err := ix.Search(context.Background(), req)
	if err != nil {
		t.Fatalf("search %+v: %v", req, err)
	}
	return res
}

func hitIDs(res *Result) []string {
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids
}

func TestTokenStreams(t *testing.T) {
	seg := testIndex(t, AnalyzerGSE).seg
	tests := []struct {
		in                string
		expanded, precise string // word@position, sub-words marked with +
	}{
		{"新能源汽车配备比例", "新能源汽车@1 +新能源@1 +能源@1 +汽车@1 配备@2 比例@3", "新能源汽车 配备 比例"},
		{"办公用房权属登记", "办公用房@1 +办公@1 +用房@1 权属登记@2 +权属@2 +登记@2", "办公用房 权属登记"},
		{"公物仓是什么", "公物仓@1 +公物@1", "公物仓"},
		{"推进“碳达峰”工作", "碳达峰@1 工作@2", "碳达峰 工作"}, // 推进 is a stop word
		{"以法治化、标准化、信息化为重点", "法治化@1 +法治@1 标准化@2 +标准@2 信息化@3 +信息@3 重点@4", "法治化 标准化 信息化 重点"},
		{"ISO9001质量管理", "iso9001@1 质量@2 管理@3", "iso9001 质量 管理"},
		{"，。！？", "", ""},
	}
	render := func(tokens []Token) string {
		var parts []string
		for _, tk := range tokens {
			p := tk.Text + "@" + string(rune('0'+tk.Position))
			if tk.Sub {
				p = "+" + p
			}
			parts = append(parts, p)
		}
		return strings.Join(parts, " ")
	}
	for _, tt := range tests {
		if got := render(seg.Expanded(tt.in)); got != tt.expanded {
			t.Errorf("Expanded(%q)\n got %s\nwant %s", tt.in, got, tt.expanded)
		}
		var words []string
		for _, tk := range seg.Precise(tt.in) {
			words = append(words, tk.Text)
		}
		if got := strings.Join(words, " "); got != tt.precise {
			t.Errorf("Precise(%q) = %s, want %s", tt.in, got, tt.precise)
		}
		for _, tk := range seg.Expanded(tt.in) {
			if tt.in[tk.Start:tk.End] != tk.Text && strings.ToLower(tt.in[tk.Start:tk.End]) != tk.Text {
				t.Errorf("token %q has offsets [%d,%d) covering %q", tk.Text, tk.Start, tk.End, tt.in[tk.Start:tk.End])
			}
		}
	}
}

func TestIdentifierLookup(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	for _, tt := range []struct {
		query string
		first []string // the hits that must come first, in order
	}{
		{"DB50/T 9901-2024", []string{"sample-office-maintenance@2024#intro"}},
		{"db50/t 9901—2019", []string{"sample-office-maintenance@2019#intro"}},
		{"DB50T9901", []string{"sample-office-maintenance@2024#intro", "sample-office-maintenance@2019#intro"}},
		{"DB50/T9901", []string{"sample-office-maintenance@2024#intro", "sample-office-maintenance@2019#intro"}},
		{"GB/T 41568-2022", []string{"gb-t-41568@2022#标准概况"}},
		{"渝机管发[2021]104号", []string{"cq-jgsw-14th-plan@2021#notice"}},
		{"中华人民共和国国务院令第738号", []string{"state-owned-assets-regulation@2021#规划中的相关表述"}},
		// Orders typed with a short issuer or none, or number first.
		{"政府令296号", []string{"chongqing-government-offices-affairs-measures@2015#规划中的相关表述"}},
		{"296号令", []string{"chongqing-government-offices-affairs-measures@2015#规划中的相关表述"}},
		{"市政府令第296号", []string{"chongqing-government-offices-affairs-measures@2015#规划中的相关表述"}},
		{"国务院第738号令", []string{"state-owned-assets-regulation@2021#规划中的相关表述"}},
		{"渝府令243号", []string{"cq-public-institution-energy-conservation-measures@2011#文件概况"}},
		{"5.4 type:standard domain:B4", []string{"sample-office-maintenance@2024#5.4"}},
	} {
		res := mustSearch(t, ix, Request{Query: tt.query})
		got := hitIDs(res)
		if len(got) < len(tt.first) || !equal(got[:len(tt.first)], tt.first) {
			t.Errorf("%q: hits %v, want first %v", tt.query, got, tt.first)
		}
	}
}

func equal(a, b []string) bool { return strings.Join(a, "\x00") == strings.Join(b, "\x00") }

func TestFilters(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	tests := []struct {
		name  string
		req   Request
		check func(h Hit) bool
	}{
		{"type in query", Request{Query: "公务用车 type:standard"}, func(h Hit) bool { return h.Type == "standard" }},
		{"type in request", Request{Query: "公务用车", Type: "regulation"}, func(h Hit) bool { return h.Type == "regulation" }},
		{"domain includes sub-branches", Request{Query: "管理 domain:B"}, func(h Hit) bool { return ix.lib.Framework.Covers("B", h.Framework) }},
		{"domain leaf", Request{Query: "管理", Domain: "B3"}, func(h Hit) bool { return ix.lib.Framework.Covers("B3", h.Framework) }},
		{"level", Request{Query: "规范 level:团体"}, func(h Hit) bool { return h.Level == "团体" }},
		{"status", Request{Query: "条例 status:拟制定"}, func(h Hit) bool { return h.Status == "拟制定" }},
		{"year range", Request{Query: "规范 year:2020..2021"}, func(h Hit) bool {
			e := ix.entries[h.ID]
			return e.Year >= 2020 && e.Year <= 2021
		}},
		{"open year range", Request{Query: "规范 year:..2020"}, func(h Hit) bool { return ix.entries[h.ID].Year <= 2020 }},
		{"sample", Request{Query: "公务用车 sample:false"}, func(h Hit) bool { return !h.Sample }},
		{"exclude", Request{Query: "公务用车 -新能源"}, func(h Hit) bool {
			e := ix.entries[h.ID]
			return !strings.Contains(e.Text, "新能源") && !strings.Contains(e.Title, "新能源") && !strings.Contains(e.heading(), "新能源")
		}},
		{"phrase", Request{Query: `"分时租赁"`}, func(h Hit) bool {
			e := ix.entries[h.ID]
			return strings.Contains(e.Text, "分时租赁") || strings.Contains(e.heading(), "分时租赁") || strings.Contains(e.Title, "分时租赁")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.req.Limit = 50
			res := mustSearch(t, ix, tt.req)
			if len(res.Hits) == 0 {
				t.Fatal("no hits")
			}
			for _, h := range res.Hits {
				if !tt.check(h) {
					t.Errorf("hit %s (%s %s %s) breaks the filter", h.ID, h.Type, h.Level, h.Status)
				}
			}
		})
	}
}

func TestAsOf(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	for _, tt := range []struct {
		asof    string
		edition string // the edition of sample-office-maintenance in force, "" for none
	}{
		{"2019-06-30", ""},     // the day before the first edition took effect
		{"2019-07-01", "2019"}, // the day it took effect
		{"2024-02-29", "2019"}, // the day before its successor took effect
		{"2024-03-01", "2024"}, // the day the successor took effect
		{"2026-11-25", "2024"},
	} {
		res := mustSearch(t, ix, Request{Query: "办公用房维修 DB50/T 9901", AsOf: stdkb.MustDate(tt.asof), Limit: 50})
		editions := map[string]bool{}
		for _, h := range res.Hits {
			if h.DocID == "sample-office-maintenance" {
				editions[h.Edition] = true
			}
		}
		want := map[string]bool{}
		if tt.edition != "" {
			want[tt.edition] = true
		}
		if len(editions) != len(want) || (tt.edition != "" && !editions[tt.edition]) {
			t.Errorf("asof %s: editions %v, want %v", tt.asof, editions, want)
		}
	}
	// Without as-of only the latest edition is searched; the query-string form works too.
	res := mustSearch(t, ix, Request{Query: "办公用房维修 asof:2020-01-01", Limit: 50})
	for _, h := range res.Hits {
		if h.DocID == "sample-office-maintenance" && h.Edition != "2019" {
			t.Errorf("asof:2020-01-01 returned %s", h.ID)
		}
	}
	res = mustSearch(t, ix, Request{Query: "办公用房维修", Limit: 50})
	for _, h := range res.Hits {
		if h.DocID == "sample-office-maintenance" && h.Edition != "2024" {
			t.Errorf("default search returned the superseded %s", h.ID)
		}
	}
}

// Checklists and indicator sets derive from the 14th five-year plan: an as-of search before the
// plan took effect must neither show nor count them.
func TestAsOfExcludesEntriesNotYetExisting(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	for _, tt := range []struct {
		asof string
		want bool // whether checklists and indicator sets exist on that day
	}{
		{"2010-01-01", false},
		{"2026-11-25", true},
	} {
		res := mustSearch(t, ix, Request{Query: "节约型机关 asof:" + tt.asof, Limit: 2})
		counted := map[string]int{}
		sum := 0
		for _, f := range res.Facets["type"] {
			counted[f.Value] = f.Count
			sum += f.Count
		}
		if uint64(sum) != res.Total {
			t.Errorf("asof %s: type facet counts sum to %d, total is %d", tt.asof, sum, res.Total)
		}
		for _, kind := range []stdkb.Kind{stdkb.KindChecklist, stdkb.KindIndicator} {
			if got := counted[string(kind)] > 0; got != tt.want {
				t.Errorf("asof %s: %s counted %d times, want present=%v", tt.asof, kind, counted[string(kind)], tt.want)
			}
		}
		if tt.want {
			continue
		}
		for _, h := range res.Hits {
			if h.Type == string(stdkb.KindChecklist) || h.Type == string(stdkb.KindIndicator) {
				t.Errorf("asof %s returned %s, which did not exist yet", tt.asof, h.ID)
			}
		}
	}
}

func TestFacetsAndPaging(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	res := mustSearch(t, ix, Request{Query: "管理", Limit: 5})
	sum := 0
	for _, f := range res.Facets["type"] {
		sum += f.Count
	}
	if uint64(sum) != res.Total {
		t.Errorf("type facet counts sum to %d, total is %d", sum, res.Total)
	}
	for _, name := range []string{"type", "domain", "level", "status"} {
		if len(res.Facets[name]) == 0 {
			t.Errorf("facet %s is empty", name)
		}
	}
	var b, b3 int
	for _, f := range res.Facets["domain"] {
		switch f.Value {
		case "B":
			b = f.Count
		case "B3":
			b3 = f.Count
		}
	}
	if b3 == 0 || b < b3 {
		t.Errorf("domain facet: B=%d, B3=%d; a branch counts its sub-branches", b, b3)
	}
	page2 := mustSearch(t, ix, Request{Query: "管理", Limit: 5, Page: 2})
	if len(res.Hits) != 5 || len(page2.Hits) != 5 {
		t.Fatalf("pages hold %d and %d hits, want 5", len(res.Hits), len(page2.Hits))
	}
	for _, a := range res.Hits {
		for _, b := range page2.Hits {
			if a.ID == b.ID {
				t.Errorf("%s on both pages", a.ID)
			}
		}
	}
	grouped := mustSearch(t, ix, Request{Query: "管理", Limit: 10, Group: true})
	seen := map[string]bool{}
	for _, h := range grouped.Hits {
		k := h.DocID + "@" + h.Edition
		if seen[k] {
			t.Errorf("grouped results repeat %s", k)
		}
		seen[k] = true
	}
	dated := mustSearch(t, ix, Request{Query: "管理 type:standard", Limit: 20, Sort: "date"})
	for i := 1; i < len(dated.Hits); i++ {
		if dated.Hits[i].Effective > dated.Hits[i-1].Effective {
			t.Errorf("sort=date: %s after %s", dated.Hits[i].Effective, dated.Hits[i-1].Effective)
		}
	}
}

func TestMalformedQueries(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	for _, tt := range []struct {
		req  Request
		want string
	}{
		{Request{Query: `"公务用车`}, "引号不成对"},
		{Request{Query: "colour:red 公务"}, `没有筛选条件 "colour"`},
		{Request{Query: "asof:2022-13-01 公务"}, "asof:2022-13-01"},
		{Request{Query: "year:2023..2019"}, "起始年份晚于截止年份"},
		{Request{Query: "year:abc"}, "year:abc"},
		{Request{Query: "type:memo"}, "type:memo"},
		{Request{Query: "domain:Z9"}, "没有这个体系代码"},
		{Request{Query: "sample:maybe"}, "sample:maybe"},
		{Request{Query: "status:"}, "须填写筛选值"},
		{Request{Query: "   "}, "检索词为空"},
		{Request{Query: "的 是 什么"}, "检索词为空"},
		{Request{Query: strings.Repeat("公", 400)}, "超过上限"},
		{Request{Query: "公务", Limit: 1000}, "每页至多"},
		{Request{Query: "公务", Sort: "random"}, "排序方式"},
	} {
		_, err := ix.Search(context.Background(), tt.req)
		var e *stdkb.Error
		if !errors.As(err, &e) || e.Code != stdkb.EINVALID || !strings.Contains(e.Message, tt.want) {
			t.Errorf("%+v: error %v, want EINVALID containing %q", tt.req, err, tt.want)
		}
	}
}

var markRE = regexp.MustCompile(`<mark>(.*?)</mark>`)

// TestHighlightCoverage checks that the snippets of the relevance queries mark the query's
// words wherever they appear in the fragment: at least 98% of occurrences fully marked.
func TestHighlightCoverage(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	set := loadJudgements(t)
	occurrences, marked := 0, 0
	for _, jq := range set.Queries {
		res := mustSearch(t, ix, Request{Query: jq.Query})
		p, _ := parseQuery(jq.Query)
		var words []string
		for _, w := range p.text {
			for _, tk := range ix.seg.Precise(w) {
				if tk.Text == strings.ToLower(tk.Text) && len([]rune(tk.Text)) > 1 {
					words = append(words, tk.Text)
				}
			}
		}
		for _, h := range res.Hits {
			plain := html.UnescapeString(markRE.ReplaceAllString(h.Snippet, "$1"))
			// Byte ranges of the marks within the plain fragment.
			var marks [][2]int
			offset := 0
			for _, m := range markRE.FindAllStringSubmatchIndex(h.Snippet, -1) {
				before := html.UnescapeString(markRE.ReplaceAllString(h.Snippet[:m[0]], "$1"))
				inner := html.UnescapeString(h.Snippet[m[2]:m[3]])
				_ = offset
				marks = append(marks, [2]int{len(before), len(before) + len(inner)})
			}
			for _, w := range words {
				for i := 0; ; {
					j := strings.Index(plain[i:], w)
					if j < 0 {
						break
					}
					start, end := i+j, i+j+len(w)
					occurrences++
					for _, m := range marks {
						if m[0] <= start && end <= m[1] {
							marked++
							break
						}
					}
					i = end
				}
			}
		}
	}
	cover := float64(marked) / float64(occurrences)
	t.Logf("highlight coverage: %d of %d query-word occurrences marked (%.1f%%)", marked, occurrences, 100*cover)
	if occurrences < 100 || cover < 0.98 {
		t.Errorf("coverage %.3f over %d occurrences, want ≥ 0.98 over ≥ 100", cover, occurrences)
	}
}

func TestSnippet(t *testing.T) {
	text := "全市党政机关每年度更新车辆中新能源汽车配备比例不低于30%，<b>其中</b>集中统一采购配备车辆时应严格执行新能源汽车占比要求。"
	find := func(w string) span {
		i := strings.Index(text, w)
		return span{i, i + len(w)}
	}
	// Overlapping spans (a word and its sub-words) merge into one mark.
	got := snippet(text, []span{find("新能源汽车"), find("新能源"), find("汽车"), find("配备比例")}, 200)
	if !strings.Contains(got, "<mark>新能源汽车配备比例</mark>") || strings.Count(got, "<mark>") != 1 {
		t.Errorf("merged marks: %s", got)
	}
	if !strings.Contains(got, "&lt;b&gt;其中&lt;/b&gt;") {
		t.Errorf("text not escaped: %s", got)
	}
	// A short window is cut on rune boundaries, around the match, with ellipses.
	short := snippet(text, []span{find("占比")}, 10)
	if !strings.HasPrefix(short, "…") || !strings.Contains(short, "<mark>占比</mark>") {
		t.Errorf("short snippet: %s", short)
	}
	if !strings.Contains(short, "…") || strings.ContainsRune(short, '\uFFFD') {
		t.Errorf("short snippet broken: %q", short)
	}
	// Spans off rune boundaries or out of range are ignored rather than breaking the text.
	bad := snippet(text, []span{{1, 2}, {-5, 3}, {0, 10000}}, 20)
	if strings.Contains(bad, "<mark>") || strings.ContainsRune(bad, '\uFFFD') {
		t.Errorf("bad spans: %q", bad)
	}
}

// TestHighlightMarksIndexedWordsOnly checks that marks are the words the index holds: 车改
// where the text says 车改 as a word, not where it straddles 公务用车|改革, in every clause of the
// window.
func TestHighlightMarksIndexedWordsOnly(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	text := "深化公务用车改革，推进公物仓建设：车改后各单位统一管理。"
	got := ix.highlight(text, map[string]bool{"车改": true, "公物仓": true}, nil)
	want := "深化公务用车改革，推进<mark>公物仓</mark>建设：<mark>车改</mark>后各单位统一管理。"
	if got != want {
		t.Errorf("highlight:\n got %s\nwant %s", got, want)
	}
	// Cut alone, 不应以现金支付 gives 不应; within its text, 不|应以.
	text = "7.2 租赁费用应由使用单位通过对公转账或公务卡结算，不应以现金支付。"
	if got := ix.highlight(text, map[string]bool{"卡": true, "不应": true}, nil); strings.Contains(got, "<mark>不应</mark>") {
		t.Errorf("highlight marks a word the index does not hold: %s", got)
	}
	// bleve's cjk analysis keeps 1,000 as one token: 000 is not a word of this text there.
	cjk := testIndex(t, AnalyzerCJK)
	text = "每辆车采购价格不超过1,000元，超出部分自行负担。"
	if got := cjk.highlight(text, map[string]bool{"000": true, "负担": true}, nil); strings.Contains(got, "<mark>000") || !strings.Contains(got, "<mark>负担</mark>") {
		t.Errorf("cjk highlight: %s", got)
	}
}

func TestFacetsHaveNoBlankValues(t *testing.T) {
	res := mustSearch(t, testIndex(t, AnalyzerGSE), Request{Query: "新能源汽车"})
	for name, counts := range res.Facets {
		for _, c := range counts {
			if c.Value == "" {
				t.Errorf("facet %s has a blank value (%d hits)", name, c.Count)
			}
		}
	}
}

func TestUnitFilter(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	res := mustSearch(t, ix, Request{Query: "规范 unit:沙坪坝区", Limit: 50})
	docs := map[string]bool{}
	for _, h := range res.Hits {
		docs[h.DocID] = true
	}
	if !docs["sample-canteen-service"] || docs["sample-energy-custody"] || docs["cq-jgsw-14th-plan"] {
		t.Errorf("unit:沙坪坝区 hits %v: want its adopted standards only", docs)
	}
	if res := mustSearch(t, ix, Request{Query: "规范", Unit: "jiulongpo", Limit: 50}); len(res.Hits) == 0 {
		t.Error("Request.Unit by id finds nothing")
	}
	if _, err := ix.Search(context.Background(), Request{Query: "规范 unit:火星区"}); stdkb.ErrorCode(err) != stdkb.EINVALID {
		t.Errorf("unknown unit: %v", err)
	}
}

// TestFullWidthQueries checks that a query typed with a Chinese input method (ideographic
// space, full-width quotes, minus and colon) means what its ASCII form means.
func TestFullWidthQueries(t *testing.T) {
	for _, tt := range []struct{ wide, ascii string }{
		{"公务用车　-新能源", "公务用车 -新能源"},
		{"公务用车　＂新能源＂", `公务用车 "新能源"`},
		{"公务用车 type：standard", "公务用车 type:standard"},
		{"ＤＢ５０／Ｔ　１２３４－２０１９", "DB50/T 1234-2019"},
	} {
		wide, err := parseQuery(tt.wide)
		if err != nil {
			t.Fatalf("%q: %v", tt.wide, err)
		}
		ascii, err := parseQuery(tt.ascii)
		if err != nil {
			t.Fatalf("%q: %v", tt.ascii, err)
		}
		if wide.String() != ascii.String() {
			t.Errorf("%q parses as %s, %q as %s", tt.wide, wide, tt.ascii, ascii)
		}
	}
}

// TestIndexHoldsOnlyMappedFields checks that the index has only bleve's _id and the fields
// search reads: no _all composite, nothing dynamic.
func TestIndexHoldsOnlyMappedFields(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	fields, err := ix.bleve.Fields()
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(fields)
	want := []string{"_id", "body", "cites", "clause", "doc", "domain", "effective", facetField, gramsField, charsField, "issuer", "latest", "level",
		"numbers", "path", refField, "region", "sample", "status", "type", "unit", "until", "year"}
	if ix.phrased {
		want = append(want, phrasingsField)
	}
	slices.Sort(want)
	if !slices.Equal(fields, want) {
		t.Errorf("index fields %v, want %v", fields, want)
	}
}

// windowByOffsets is the plain statement of snippetWindow: try a window starting at every
// span and keep the one holding the most spans.
func windowByOffsets(text string, valid []span, maxRunes int) (from, to int) {
	offsets := make([]int, 0, len(text)+1)
	for i := range text {
		offsets = append(offsets, i)
	}
	offsets = append(offsets, len(text))
	runeAt := func(b int) int { return sort.SearchInts(offsets, b) }
	total := len(offsets) - 1
	lo, hi := 0, min(total, maxRunes)
	if len(valid) > 0 && total > maxRunes {
		best, bestCount := 0, -1
		for i, s := range valid {
			startRune, count := runeAt(s.start), 0
			for _, t := range valid[i:] {
				if runeAt(t.end) <= startRune+maxRunes {
					count++
				}
			}
			if count > bestCount {
				best, bestCount = startRune, count
			}
		}
		lo = max(0, best-maxRunes/5)
		hi = min(total, lo+maxRunes)
		lo = max(0, hi-maxRunes)
	}
	return offsets[lo], offsets[hi]
}

func TestSnippetWindowMatchesPlainStatement(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"公务用车", "a", "，", "节能", "DB50/T", "。", "x", "机关事务管理"}
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(80) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		text := b.String()
		var spans []span
		for range rng.IntN(30) {
			i := rng.IntN(len(text) + 1)
			spans = append(spans, span{i, min(len(text), i+rng.IntN(12))})
		}
		valid := validSpans(text, spans)
		maxRunes := 1 + rng.IntN(40)
		from, to := snippetWindow(text, valid, maxRunes)
		wantFrom, wantTo := windowByOffsets(text, valid, maxRunes)
		if from != wantFrom || to != wantTo {
			t.Fatalf("window of %q over %v, %d characters: got %d..%d, want %d..%d", text, valid, maxRunes, from, to, wantFrom, wantTo)
		}
	}
}
