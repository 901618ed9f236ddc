package indexer

import (
	"reflect"
	"testing"
)

func TestGrams(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"公务用车", []string{"公务", "务用", "用车"}},
		{"仓", []string{"仓"}},
		{"公物仓，仓 PUE值2025年", []string{"公物", "物仓", "仓", "pue", "值", "2025", "年"}},
		{"DB50/T 1234—2019", []string{"db50", "t", "1234", "2019"}},
		{"节约型机关。", []string{"节约", "约型", "型机", "机关"}},
		{"", nil},
		{"\xff车\xe5", []string{"车"}},
	} {
		var got []string
		for _, tk := range (gramTokenizer{}).Tokenize([]byte(tc.text)) {
			if string(tc.text[tk.Start:tk.End]) != string(tk.Term) && string(tk.Term) != foldASCII(tc.text[tk.Start:tk.End]) {
				t.Errorf("%q: term %q at %d:%d does not match the text", tc.text, tk.Term, tk.Start, tk.End)
			}
			got = append(got, string(tk.Term))
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: got %q, want %q", tc.text, got, tc.want)
		}
	}
}
