package systable

import (
	"fmt"
	"strings"

	"stdkb"
)

// toFill marks what the compiling unit must write itself: the skeleton states facts the
// content holds and leaves judgement to people.
const toFill = "【待填写】"

// notes drafts the explanatory notes (编制说明): basis, structure, statistics, gaps and
// maintenance, from what the table and the content say.
func notes(t *Table, lib *stdkb.Library) []Note {
	scope := "收录本库全部标准"
	if t.Unit != "" {
		scope = "收录" + t.Unit + "标准体系内的标准（自有及采用）"
	}
	return []Note{
		{"一、编制依据", []string{
			fmt.Sprintf("本表按照 GB/T 13016《标准体系构建原则和要求》的要求，以《%s》为框架编制，%s。", t.Framework, scope),
			toFill + "本单位标准化工作的政策依据、目标和编制过程。",
		}},
		{"二、体系结构", structure(t.Tree)},
		{"三、标准统计", []string{statistics(t)}},
		{"四、空白与需求分析", gaps(t)},
		{"五、实施与维护", []string{
			maintenance(lib.Policy),
			toFill + "体系表的维护责任部门、更新频次和标准实施监督安排。",
		}},
	}
}

func structure(tree []*stdkb.BranchCount) []string {
	var parts []string
	var out []string
	for _, b := range tree {
		parts = append(parts, fmt.Sprintf("%s %s（%d 项）", b.Code, b.Name, b.Documents))
	}
	out = append(out, fmt.Sprintf("体系分为 %d 个部分：%s。", len(tree), strings.Join(parts, "、")))
	for _, b := range tree {
		if len(b.Children) == 0 {
			continue
		}
		var kids, ext []string
		for _, c := range b.Children {
			item := fmt.Sprintf("%s %s（%d 项）", c.Code, c.Name, c.Documents)
			if c.Extension {
				ext = append(ext, item)
			} else {
				kids = append(kids, item)
			}
		}
		line := fmt.Sprintf("%s %s 下设 %d 个业务领域：%s", b.Code, b.Name, len(kids), strings.Join(kids, "、"))
		if len(ext) > 0 {
			line += fmt.Sprintf("；拓展领域 %d 个：%s", len(ext), strings.Join(ext, "、"))
		}
		out = append(out, line+"。")
	}
	return out
}

func statistics(t *Table) string {
	var levels, cats []string
	for _, l := range t.Levels {
		if n := t.Total.ByLevel[l]; n > 0 {
			levels = append(levels, fmt.Sprintf("%s标准 %d 项", l, n))
		}
	}
	for _, c := range Categories {
		cats = append(cats, fmt.Sprintf("%s %d 项", c, t.Total.ByCategory[c]))
	}
	s := fmt.Sprintf("截至 %s，本体系收录标准 %d 项", t.AsOf, t.Total.Total)
	if len(levels) > 0 {
		s += "，其中" + strings.Join(levels, "、")
	}
	s += "；按状态分，" + strings.Join(cats, "、") + "。"
	samples, adopted := 0, 0
	for _, r := range t.Rows {
		if r.Sample {
			samples++
		}
		if r.Adopted {
			adopted++
		}
	}
	if t.Unit != "" {
		s += fmt.Sprintf("其中本单位自有标准 %d 项，采用其他单位及国家、行业标准 %d 项（备注栏标“采用”）。", t.Total.Total-adopted, adopted)
	}
	if samples > 0 {
		s += fmt.Sprintf("另有 %d 项为演示用示例数据（备注栏标明），不是真实标准，正式使用前应删除。", samples)
	}
	return s
}

func gaps(t *Table) []string {
	first := "各业务领域均已有标准。"
	if len(t.Gaps) > 0 {
		first = fmt.Sprintf("下列 %d 个领域尚无标准：%s。", len(t.Gaps), strings.Join(t.Gaps, "、"))
	}
	return []string{first, toFill + "拟制定、修订的标准项目及计划完成时间。"}
}

func maintenance(p stdkb.ReviewPolicy) string {
	s := fmt.Sprintf("标准实施后按复审周期复审，默认周期 %d 年", p.DefaultCycle)
	var per []string
	for _, l := range levelOrder {
		if c, ok := p.Cycles[l]; ok {
			per = append(per, fmt.Sprintf("%s标准 %d 年", l, c))
		}
	}
	if len(per) > 0 {
		s += "（" + strings.Join(per, "、") + "）"
	}
	return s + "；复审结论为修订的标准在统计表中计入“待修订”，废止的计入“废止”。"
}
