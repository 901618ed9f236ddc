package stdkb

import (
	"fmt"
	"strconv"
	"strings"
)

// fieldLabels names front-matter fields as a reader knows them, for messages and forms that
// would otherwise show the YAML key.
var fieldLabels = map[string]string{
	"kind": "类别", "number": "标准编号", "title": "标题", "level": "层级", "nature": "标准性质",
	"issuer": "发布机构", "issued": "发布日期", "effective": "实施日期", "withdrawn": "废止日期",
	"status": "状态", "supersedes": "代替", "superseded_by": "被代替", "review_cycle": "复审周期",
	"reviews": "复审记录", "revisions": "修订记录", "framework": "所属体系", "scope": "适用范围",
	"full_text": "是否收录全文", "sample": "示例", "source": "来源", "mentions": "规划中的依据",
	"custodian": "归口/起草单位", "ics": "ICS 分类号", "ccs": "CCS 分类号", "owner": "所属单位",
	"region": "适用地区", "replaces": "代替标准", "unconfirmed": "未核实项目", "note": "备注",
	"period": "规划期",
}

// nestedLabels name the fields inside a front-matter field's entries (reviews[0].date).
var nestedLabels = map[string]string{"date": "日期", "outcome": "结论", "committee": "审查组织", "note": "说明",
	"doc": "文件", "edition": "版本", "section": "条款", "from": "起始年", "to": "终止年"}

// regulationLabels are the names that differ for laws, regulations and plans.
var regulationLabels = map[string]string{"number": "文号", "effective": "施行日期", "replaces": "修订前版本"}

// FieldLabel names a front-matter field of an edition of kind in Chinese; a nested path reads
// as its parts do, reviews[0].date as 复审记录第 1 项的日期. A field whose first part is unknown
// is returned as it is; an unknown part further in keeps its key.
func FieldLabel(kind Kind, field string) string {
	head, rest := field, ""
	if i := strings.IndexAny(field, ".["); i >= 0 {
		head, rest = field[:i], field[i:]
	}
	label, ok := fieldLabels[head]
	if kind == KindRegulation {
		if l, reg := regulationLabels[head]; reg {
			label, ok = l, true
		}
	}
	if !ok {
		return field
	}
	var b strings.Builder
	b.WriteString(label)
	afterIndex := false
	for _, part := range strings.FieldsFunc(rest, func(r rune) bool { return r == '.' || r == '[' || r == ']' }) {
		if n, err := strconv.Atoi(part); err == nil {
			fmt.Fprintf(&b, "第 %d 项", n+1)
			afterIndex = true
			continue
		}
		if afterIndex {
			b.WriteString("的")
		}
		afterIndex = false
		if l, ok := nestedLabels[part]; ok {
			part = l
		}
		b.WriteString(part)
	}
	return b.String()
}
