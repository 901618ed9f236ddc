package stdkb_test

import (
	"reflect"
	"strings"
	"testing"

	"stdkb"
)

func TestFindIdentifiers(t *testing.T) {
	tests := []struct {
		in   string
		want []string // canonical forms
		rest string   // remaining text, spaces collapsed
	}{
		{"DB50/T 1234-2019", []string{"DB50/T 1234-2019"}, ""},
		{"DB50T1234", []string{"DB50/T 1234"}, ""},
		{"db50/t 1234—2019", []string{"DB50/T 1234-2019"}, ""},
		{"DB50/T1234", []string{"DB50/T 1234"}, ""},
		{"ＤＢ５０／Ｔ　１２３４－２０１９", []string{"DB50/T 1234-2019"}, ""},
		{"gb/t41568 术语", []string{"GB/T 41568"}, "术语"},
		{"GB 50016-2014", []string{"GB 50016-2014"}, ""},
		{"GBT41568", []string{"GB/T 41568"}, ""},
		{"T/CQJGSW 9904-2021", []string{"T/CQJGSW 9904-2021"}, ""},
		{"DB64/T 1773", []string{"DB64/T 1773"}, ""},
		{"JT/T 1234.2-2020 公路", []string{"JT/T 1234.2-2020"}, "公路"},
		{"渝机管发〔2021〕104号", []string{"渝机管发〔2021〕104号"}, ""},
		{"渝机管发[2021]104号文件", []string{"渝机管发〔2021〕104号"}, "文件"},
		{"渝委办发（2019）31号", []string{"渝委办发〔2019〕31号"}, ""},
		{"渝机管发2021 104号文", []string{"渝机管发〔2021〕104号"}, "文"},
		{"渝机管发2021年第104号", []string{"渝机管发〔2021〕104号"}, ""},
		{"2021年104号", nil, "2021年104号"},
		{"关于印发2021年第1号", nil, "关于印发2021年第1号"},
		{"国办发〔2020〕1号和渝府办发〔2021〕2号", []string{"国办发〔2020〕1号", "渝府办发〔2021〕2号"}, "和"},
		{"国办发〔2020〕1号、渝府办发〔2021〕2号与渝机管发2021年3号", []string{"国办发〔2020〕1号", "渝府办发〔2021〕2号", "渝机管发〔2021〕3号"}, "、 与"},
		{"国务院令第738号和国务院令第621号", []string{"国务院令第738号", "国务院令第621号"}, "和"},
		{"渝机管发〔2021〕　104号", []string{"渝机管发〔2021〕104号"}, ""},
		{"国务院令第　738号", []string{"国务院令第738号"}, ""},
		{"GB/T 1234．1-2019", []string{"GB/T 1234.1-2019"}, ""},
		{"重庆市机关事务管理局印发渝机管发〔2021〕104号", []string{"渝机管发〔2021〕104号"}, "重庆市机关事务管理局印发"},
		{"印发了渝机管发2021年第104号和渝府办发〔2020〕12号", []string{"渝机管发〔2021〕104号", "渝府办发〔2020〕12号"}, "印发了 和"},
		{"中华人民共和国国务院令第738号", []string{"国务院令第738号"}, ""},
		{"根据住房和城乡建设部令第55号", []string{"住房和城乡建设部令第55号"}, "根据"},
		{"国务院令 第 738 号 资产", []string{"国务院令第738号"}, "资产"},
		{"公务用车管理 2025年", nil, "公务用车管理 2025年"},
		// 文号 with any brackets, or none.
		{"渝府发〔2021〕10号", []string{"渝府发〔2021〕10号"}, ""},
		{"渝府发[2021]10号", []string{"渝府发〔2021〕10号"}, ""},
		{"渝府发(2021)10号", []string{"渝府发〔2021〕10号"}, ""},
		{"渝府发【2021】10号", []string{"渝府发〔2021〕10号"}, ""},
		{"渝府发﹝2021﹞10号", []string{"渝府发〔2021〕10号"}, ""},
		{"渝府发〈2021〉10号", []string{"渝府发〔2021〕10号"}, ""},
		{"渝府发{2021}10号", []string{"渝府发〔2021〕10号"}, ""},
		{"渝府发[2021）10号", []string{"渝府发〔2021〕10号"}, ""},
		{"渝府发〔2021〕第10号", []string{"渝府发〔2021〕10号"}, ""},
		{"渝府发 2021 10号", []string{"渝府发〔2021〕10号"}, ""},
		{"渝府发2021年10号文件", []string{"渝府发〔2021〕10号"}, "文件"},
		{"渝府发2021-10号", []string{"渝府发〔2021〕10号"}, ""},
		// Orders written loosely: without 第, with a short issuer or none, number first.
		{"政府令296号", []string{"政府令第296号"}, ""},
		{"市政府令第296号", []string{"市政府令第296号"}, ""},
		{"渝府令243号", []string{"渝府令第243号"}, ""},
		{"国务院令 738 号", []string{"国务院令第738号"}, ""},
		{"296号令", []string{"令第296号"}, ""},
		{"第296号令是什么", []string{"令第296号"}, "是什么"},
		{"根据国务院第738号令", []string{"国务院令第738号"}, "根据"},
		{"重庆市人民政府第296号令", []string{"重庆市人民政府令第296号"}, ""},
		{"执行296号令", []string{"令第296号"}, "执行"},
		// Running text that ends in a boundary word is no issuer, however long.
		{"认真执行296号令", []string{"令第296号"}, "认真执行"},
		// 令 said twice, as the content writes it: one order, no 令 left over.
		{"重庆市人民政府令第296号令", []string{"重庆市人民政府令第296号"}, ""},
		{"政府令296号令规定", []string{"政府令第296号"}, "规定"},
		{"渝府发〔2021〕10号和国务院第738号令", []string{"渝府发〔2021〕10号", "国务院令第738号"}, "和"},
		{"各单位要认真执行第3号令的规定", []string{"令第3号"}, "各单位要认真执行 的规定"},
		{"国务院令三号", nil, "国务院令三号"}, // Chinese numerals only after 第
		// Without 第, 令 and a number are an order only after an organ's name: 责令, 指令 are verbs.
		{"依法责令3号楼业主整改", nil, "依法责令3号楼业主整改"},
		{"下达指令2号", nil, "下达指令2号"},
		{"第3号", nil, "第3号"},
		{"5.5.17", nil, "5.5.17"},
	}
	for _, tt := range tests {
		ids, rest := stdkb.FindIdentifiers(tt.in)
		var got []string
		for _, id := range ids {
			got = append(got, id.Canonical)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("FindIdentifiers(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if r := strings.Join(strings.Fields(rest), " "); r != tt.rest {
			t.Errorf("FindIdentifiers(%q) rest = %q, want %q", tt.in, r, tt.rest)
		}
	}
	for _, tt := range []struct {
		in               string
		keys, searchKeys []string
	}{
		{"DB50/T 1234-2019", []string{"DB50/T 1234-2019", "DB50/T 1234"}, []string{"DB50/T 1234-2019"}},
		{"渝府发〔2021〕10号", []string{"渝府发〔2021〕10号"}, []string{"渝府发〔2021〕10号"}},
		{"重庆市人民政府令第296号", []string{"重庆市人民政府令第296号", "令第296号"}, []string{"重庆市人民政府令第296号", "令第296号"}},
		{"296号令", []string{"令第296号"}, []string{"令第296号"}},
	} {
		ids, _ := stdkb.FindIdentifiers(tt.in)
		if len(ids) != 1 {
			t.Fatalf("FindIdentifiers(%q) = %v", tt.in, ids)
		}
		if got := ids[0].Keys(); !reflect.DeepEqual(got, tt.keys) {
			t.Errorf("%s: Keys = %q, want %q", tt.in, got, tt.keys)
		}
		if got := ids[0].SearchKeys(); !reflect.DeepEqual(got, tt.searchKeys) {
			t.Errorf("%s: SearchKeys = %q, want %q", tt.in, got, tt.searchKeys)
		}
	}
}

func TestIsClauseNumber(t *testing.T) {
	for s, want := range map[string]bool{"5.5.17": true, "4.1": true, "4": false, "2025": false, "1.5": true, "a.1": false} {
		if got := stdkb.IsClauseNumber(s); got != want {
			t.Errorf("IsClauseNumber(%q) = %v", s, got)
		}
	}
}

func TestIdentifierSpans(t *testing.T) {
	for _, tt := range []struct {
		text string
		want []string // canonical=written
	}{
		{"GB/T 41568 机关事务管理 术语", []string{"GB/T 41568=GB/T 41568"}},
		{"按ＧＢ／Ｔ　２９１１８—２０２３执行，见 DB50/T 9901-2024。", []string{"GB/T 29118-2023=ＧＢ／Ｔ　２９１１８—２０２３", "DB50/T 9901-2024=DB50/T 9901-2024"}},
		{"依据渝机管发〔2021〕104号", []string{"渝机管发〔2021〕104号=渝机管发〔2021〕104号"}},
		{"GB/T 415680 不是 GB/T 41568", []string{"GB/T 415680=GB/T 415680", "GB/T 41568=GB/T 41568"}},
	} {
		var got []string
		for _, s := range stdkb.IdentifierSpans(tt.text) {
			got = append(got, s.Canonical+"="+tt.text[s.Start:s.End])
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("IdentifierSpans(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}
