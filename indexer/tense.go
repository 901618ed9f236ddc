package indexer

import (
	"strings"

	"stdkb"
)

// Tense. A plan opens with a look back (第一章 发展基础: what the last five years achieved) and
// then sets targets for the next five, and both state figures in the same words: 公务用车,
// 人均综合能耗, 地方标准. Staff say which they want by the tense of the question: 车改砍掉了多少辆车,
// 以前出了几个地标 and 前五年招待过多少拨客人 ask what was done; 人均用能得压多少 and 这五年还得再
// 立几项地标 ask what is to be done. Words and figure factors alone ranked the look back below
// a target section for the first kind and above it for the second. The lexicon lists the cues
// of each tense, matched as written anywhere in the query (they may span words: 了多少), and the
// heading words of sections that look back (dict/tense-cues.txt); a section so headed scores
// tenseFactor times its score when the query asks about the past and 1/tenseFactor times when
// it asks about the future, as matches are collected: it only reorders what the words found.
//
// tenseFactor was chosen on the six tuning sets (docs/search-quality.md, "Round 8: tense"):
// the sum of their MRR@10 rose 0.028 at 2, 0.038 at 3 and 0.042 at 4, no set lower at any;
// 3 is kept below the best, as the cues were read off those sets' misses. 1 turns it off.
var tenseFactor = 3.0

// tense is what a query asks about: the past, the future or neither.
type tense int8

const (
	tenseNone tense = iota
	tensePast
	tenseFuture
)

// tenseCues are the lexicon's tense cues.
type tenseCues struct {
	past, future, reviews []string
}

func newTenseCues(lex stdkb.Lexicon) *tenseCues {
	return &tenseCues{past: lex.TenseCues.Past, future: lex.TenseCues.Future, reviews: lex.TenseCues.Reviews}
}

// of returns the tense text asks about: the past if it holds a past cue (前五年 holds 五年, a
// future cue), else the future if it holds a future cue.
func (tc *tenseCues) of(text string) tense {
	if tc == nil || len(tc.reviews) == 0 {
		return tenseNone
	}
	for _, c := range tc.past {
		if strings.Contains(text, c) {
			return tensePast
		}
	}
	for _, c := range tc.future {
		if strings.Contains(text, c) {
			return tenseFuture
		}
	}
	return tenseNone
}

// factor is what a query asking about t multiplies e's score by.
func (tc *tenseCues) factor(t tense, e *entry) float64 {
	if t == tenseNone || len(e.Path) == 0 {
		return 1
	}
	heading := e.Path[len(e.Path)-1]
	for _, w := range tc.reviews {
		if strings.Contains(heading, w) {
			if t == tensePast {
				return tenseFactor
			}
			return 1 / tenseFactor
		}
	}
	return 1
}
