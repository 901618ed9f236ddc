package indexer

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"stdkb"
)

// TestAdversarialQueries: queries an anonymous user can send either search or fail with
// EINVALID, none panics, and each answers quickly: the question forms, the unigram view and
// the identifier patterns stay linear in the query.
func TestAdversarialQueries(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	fill := func(unit string) string { return strings.Repeat(unit, MaxQueryLength/len(unit)) }
	for _, q := range []string{
		"", " ", "　", "，。、！？", "\"\"", "-", "能不能", "不不不", "哪几个", "哪",
		fill("能不能"), fill("可不可以"), fill("有没有"), fill("哪几个"), fill("不"), fill("号令"), fill("1号令"),
		fill("第3号"), fill("〔2021〕"), fill("渝府发"), fill("标准不准确"), fill("漏"), fill("a"), fill("，"),
		fill("能") + "不", "\xff\xfe能不能", "能\xe4\xb8不能", fill("\xe4\xb8"), "能不\x00能",
		strings.Repeat("能不能", 4000), // ten thousand characters and more: refused by length
	} {
		start := time.Now()
		_, err := ix.Search(context.Background(), Request{Query: q})
		var e *stdkb.Error
		if err != nil && (!errors.As(err, &e) || e.Code != stdkb.EINVALID) {
			t.Errorf("query %.40q: %v (want success or EINVALID)", q, err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("query %.40q took %v", q, d)
		}
	}
}

// TestQuestionFormsLinear: rewriting stays linear on long input, invalid UTF-8 included, with
// and without the segmenter.
func TestQuestionFormsLinear(t *testing.T) {
	ix := testIndex(t, AnalyzerGSE)
	for _, in := range []string{strings.Repeat("能不能", 10000), strings.Repeat("哪几个", 10000), strings.Repeat("可以不可以\xe4\xb8", 5000)} {
		for _, seg := range []*Segmenter{nil, ix.seg} {
			start := time.Now()
			ix.questions.plain(in, seg)
			if d := time.Since(start); d > time.Second {
				t.Errorf("plain(%.20q…) took %v", in, d)
			}
		}
	}
}
