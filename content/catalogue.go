package content

import (
	"fmt"
	"regexp"

	"stdkb"
)

// Standard numbers tell a standard's nature: "/T" (GB/T, DB51/T, JS/T) marks a recommended
// standard, a group standard starts with "T/", and a code without "/T" (GB 40879) is mandatory.
var (
	recommendedNumberRE = regexp.MustCompile(`^(?:[A-Z]+[0-9]*/T|T/[A-Z]+)\s`)
	mandatoryNumberRE   = regexp.MustCompile(`^[A-Z]+[0-9]*\s`)
)

// natureOfNumber returns the nature a standard number implies, and false when the number's form
// says nothing (an internal code, say).
func natureOfNumber(number string) (string, bool) {
	switch {
	case recommendedNumberRE.MatchString(number):
		return "推荐", true
	case mandatoryNumberRE.MatchString(number):
		return "强制", true
	}
	return "", false
}

// checkCatalogue applies the rules of catalogue metadata: the nature a standard number implies,
// no region on national standards, and unconfirmed fields left out or marked.
func (l *loader) checkCatalogue(p string, fm *frontMatter, e *stdkb.Edition) {
	if e.Kind == stdkb.KindStandard {
		if want, ok := natureOfNumber(e.Number); ok && e.Nature != want {
			l.add(p, fm.lineOf("nature"), "nature", "性质 %s 与编号 %s 不符：该编号表示%s标准", e.Nature, e.Number, want)
		}
		if (e.Level == "国家" || e.Level == "行业") && e.Region != "" {
			l.add(p, fm.lineOf("region"), "region", "%s标准全国适用，不应填写地区", e.Level)
		}
	}
	seen := map[string]bool{}
	for i, f := range e.Unconfirmed {
		if seen[f] {
			l.add(p, fm.lineOf("unconfirmed", fmt.Sprint(i)), "unconfirmed", "%s 重复列出", f)
		}
		seen[f] = true
	}
	if len(e.Unconfirmed) > 0 && e.Note == "" {
		l.add(p, fm.lineOf("unconfirmed"), "note", "有未证实字段的条目须在 note 中说明哪些内容未证实")
	}
	if !e.Period.IsZero() && e.Period.To < e.Period.From {
		l.add(p, fm.lineOf("period"), "period", "规划期结束年份（%d）早于开始年份（%d）", e.Period.To, e.Period.From)
	}
}

// regions requires a region on every local standard once the framework names its own region:
// without it a standard could not be told apart from another province's.
func (l *loader) regions(lib *stdkb.Library) {
	if l.framework == nil || l.framework.Region == "" {
		return
	}
	for _, d := range lib.Documents {
		for _, e := range d.Editions {
			if e.Kind == stdkb.KindStandard && e.Level == "地方" && e.Region == "" {
				l.add(e.Path, l.files[e].lineOf(), "region", "缺少必填字段（地方标准应写明发布的省或市，如 %s）", l.framework.Region)
			}
		}
	}
}
