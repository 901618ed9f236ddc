package indexer

import (
	"slices"
	"testing"
)

func TestEachChar(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"公务用车", []string{"公", "务", "用", "车"}},
		{"A4纸，每包500张", []string{"纸", "每", "包", "张"}},
		{"GB/T 2589-2020", nil},
		{"", nil},
	} {
		var got []string
		eachChar([]byte(tc.text), func(term []byte, start, end int, indexed bool) {
			if string(term) != tc.text[start:end] || !indexed {
				t.Errorf("%q: term %q at %d–%d, indexed %v", tc.text, term, start, end, indexed)
			}
			got = append(got, string(term))
		})
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q: characters %q, want %q", tc.text, got, tc.want)
		}
	}
}

// unigramTexts is a small index where a query word no section holds (漏水) shares a character
// (水) with one of the two sections its other word (维修) finds, the longer one.
var unigramTexts = map[string]string{
	"roof":   "屋面防水层破损的，应当及时组织维修，所需费用按规定列支。",
	"wall":   "墙面破损应当及时维修。",
	"other1": "会议费按规定执行。",
	"other2": "培训应当附通知。",
	"other3": "办公用房应当制定年度计划。",
}

// TestUnigramView checks the unigram view: every Chinese character is indexed in charsField,
// with its length recorded for BM25; a query looks for the characters of its words that no
// section holds, and nothing else; and those characters decide between the sections the
// other words find, which they do not when the view is switched off.
func TestUnigramView(t *testing.T) {
	ix := smallIndex(t, unigramTexts)
	if !ix.chars {
		t.Fatal("the index has no unigram view")
	}
	for _, c := range []string{"屋", "水", "墙", "费"} {
		if ix.fieldFraction(charsField, c) == 0 {
			t.Errorf("%s is not indexed in %s", c, charsField)
		}
	}
	if ix.lengths[charsField] == 0 {
		t.Errorf("no length recorded for %s: %v", charsField, ix.lengths)
	}

	for _, tc := range []struct {
		query string
		want  []string // the characters of the query words no section holds
	}{
		{"漏水维修", []string{"漏", "水"}}, // only 水 is looked for: no section holds 漏
		{"维修", nil},                  // every word is held: the words decide
		{"怎么维修", nil},                // stop words add no characters
	} {
		if got := ix.queryChars(tc.query); !slices.Equal(got, tc.want) {
			t.Errorf("%s: query characters %q, want %q", tc.query, got, tc.want)
		}
		got := gramTerms(ix.charQuery(tc.query))
		var want []string
		for _, c := range tc.want {
			if ix.fieldFraction(charsField, c) > 0 {
				want = append(want, c)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: unigram terms %q, want %q", tc.query, got, want)
		}
	}

	top := func() string {
		res := mustSearch(t, ix, Request{Query: "漏水维修", Flat: true})
		if len(res.Hits) == 0 {
			t.Fatal("漏水维修: no hits")
		}
		for _, h := range res.Hits {
			if h.Section != "roof" && h.Section != "wall" {
				t.Errorf("漏水维修: the unigram view found %s, which the words do not", h.Section)
			}
		}
		return res.Hits[0].Section
	}
	if got := top(); got != "roof" {
		t.Errorf("漏水维修: %s first, want the section holding 水 (roof)", got)
	}
	defer func(w float64) { boostChars = w }(boostChars)
	boostChars = 0
	if got := top(); got != "wall" {
		t.Errorf("漏水维修 without the unigram view: %s first; the test needs the view to change the ranking", got)
	}
}

// TestUnigramViewLength checks that the view counts every Chinese character towards the
// length, stop-characters too, and indexes each distinct one but those once.
func TestUnigramViewLength(t *testing.T) {
	f := charField("车辆，公务用车A4纸", map[string]bool{"务": true})
	f.Analyze()
	if f.AnalyzedLength() != 7 || len(f.AnalyzedTokenFrequencies()) != 5 || f.AnalyzedTokenFrequencies()["车"].Frequency() != 2 {
		t.Errorf("length %d, %d terms (车 %v); want 7, 5 (车 twice)", f.AnalyzedLength(), len(f.AnalyzedTokenFrequencies()), f.AnalyzedTokenFrequencies()["车"])
	}
}
