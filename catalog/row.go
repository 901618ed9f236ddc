package catalog

import (
	"fmt"
	"regexp"
	"strings"

	"stdkb"
	"stdkb/schemas"
)

// RowError is one reason a row cannot be used.
type RowError struct {
	Line    int    `json:"row"`              // 0 when the problem belongs to no row
	Column  string `json:"column,omitempty"` // the column at fault, if one is
	Message string `json:"message"`
}

func (e RowError) String() string {
	var b strings.Builder
	if e.Line > 0 {
		fmt.Fprintf(&b, "第 %d 行：", e.Line)
	}
	if e.Column != "" {
		b.WriteString(e.Column + "：")
	}
	b.WriteString(e.Message)
	return b.String()
}

// entry is what one row says of one edition; empty fields are what the row does not say.
type entry struct {
	line                           int
	number, root, year             string
	title, level, nature, status   string
	issued, effective, withdrawn   stdkb.Date
	framework                      []string
	replaces                       string
	custodian, issuer, scope, note string
	source                         string
}

// numberRE splits a standard number into its root and year: GB/T 29118-2023.
var numberRE = regexp.MustCompile(`^(.*\S)\s*[-—]\s*(\d{4})$`)

// fieldColumn names the column each front-matter field comes from, for messages.
var fieldColumn = map[string]string{
	"number": "标准编号", "title": "标准名称", "level": "级别", "nature": "性质", "status": "状态",
	"framework": "体系编号", "effective": "实施日期", "issued": ColIssued, "issuer": ColIssuer,
	"custodian": "归口/主编单位", "scope": ColScope, "source": ColSource, "withdrawn": ColWithdrawn,
}

// suffixes are dropped from level and nature cells: 国家标准 → 国家, 推荐性 → 推荐.
var suffixes = []string{"标准", "性"}

// statusAliases maps statuses catalogues use to the content's. 待修订 is in force until the
// revision is published.
var statusAliases = map[string]string{"有效": "现行", "待修订": "现行", "作废": "废止", "已废止": "废止", "即将实施（已发布）": "即将实施"}

// parseRow reads one row and the reasons it cannot be used, if any.
func parseRow(s *Sheet, r Row, fw *stdkb.Framework) (*entry, []RowError) {
	var errs []RowError
	bad := func(col, format string, args ...any) {
		errs = append(errs, RowError{Line: r.Line, Column: col, Message: fmt.Sprintf(format, args...)})
	}
	get := func(col string) string { return s.Get(r, col) }
	e := &entry{line: r.Line, title: get("标准名称"), custodian: get("归口/主编单位"), issuer: get(ColIssuer),
		scope: get(ColScope), note: get("备注"), source: get(ColSource)}
	e.number = normalizeNumber(get("标准编号"))
	if m := numberRE.FindStringSubmatch(e.number); m != nil {
		e.root, e.year = m[1], m[2]
	} else if e.number != "" {
		bad("标准编号", "“%s”没有年代号（如 GB/T 29118-2023 中的 -2023），无法确定是哪一版", e.number)
	}
	e.level = trimSuffixes(get("级别"))
	e.nature = trimSuffixes(get("性质"))
	if strings.Contains(e.number, "/T") && e.nature == "强制" {
		bad("性质", "编号 %s 带 /T，是推荐性标准，与“强制”矛盾", e.number)
	}
	e.status = get("状态")
	if a, ok := statusAliases[e.status]; ok {
		e.status = a
	}
	if e.status == "制定中" {
		bad("状态", "“制定中”的标准尚无发布信息；已公开征求意见的请填“征求意见稿”，其余待发布后再导入")
	}
	e.replaces = normalizeNumber(get("代替标准"))
	for _, d := range []struct {
		col string
		to  *stdkb.Date
	}{{"实施日期", &e.effective}, {ColIssued, &e.issued}, {ColWithdrawn, &e.withdrawn}} {
		v := get(d.col)
		if v == "" {
			continue
		}
		day, ok := parseDay(v)
		if !ok {
			bad(d.col, "“%s”不是日期（应为 2023-09-07 这样的日期，或 Excel 日期单元格）", v)
			continue
		}
		*d.to = day
	}
	draft := e.status == "征求意见稿"
	if !draft && e.status != "" && e.status != "制定中" {
		if e.effective.IsZero() && get("实施日期") == "" {
			bad("实施日期", missing+"：已发布的标准须写明实施日期")
		}
		if e.issued.IsZero() && get(ColIssued) == "" {
			bad(ColIssued, missing+"：已发布的标准须写明发布日期（表中加“发布日期”列）")
		}
	}
	e.framework, errs = frameworkCodes(get("体系编号"), fw, r.Line, errs)
	faulty := map[string]bool{}
	for _, x := range errs {
		faulty[x.Column] = true
	}
	for _, x := range schemaErrors(r.Line, e.frontMatter("", "")) {
		if !faulty[x.Column] { // a cell already reported is not reported again as missing
			errs = append(errs, x)
		}
	}
	if len(errs) > 0 {
		return e, errs
	}
	return e, nil
}

// missing is the message of a required cell left empty.
const missing = "缺少"

// lenient drops the complaints about empty cells from a row's errors: a row that names an
// existing edition need not repeat what the content says.
func lenient(e *entry, errs []RowError) (*entry, []RowError) {
	var kept []RowError
	for _, x := range errs {
		if !strings.HasPrefix(x.Message, missing) {
			kept = append(kept, x)
		}
	}
	return e, kept
}

func normalizeNumber(s string) string {
	s = strings.NewReplacer("／", "/", "－", "-", "–", "-", "　", " ").Replace(strings.TrimSpace(s))
	return strings.Join(strings.Fields(s), " ")
}

func trimSuffixes(s string) string {
	for _, x := range suffixes {
		s = strings.TrimSuffix(s, x)
	}
	return s
}

var dayRE = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$`)

// parseDay reads a date cell: an xlsx date serial, or text such as 2023-09-07, 2023/9/7 or
// 2023年9月7日.
func parseDay(v string) (stdkb.Date, bool) {
	if s, ok := serialDate(v); ok {
		v = s
	}
	m := dayRE.FindStringSubmatch(v)
	if m == nil {
		return stdkb.Date{}, false
	}
	d, err := stdkb.ParseDate(fmt.Sprintf("%s-%02s-%02s", m[1], m[2], m[3]))
	return d, err == nil
}

var codeSuffix = regexp.MustCompile(`^([A-Z][A-Z0-9]*?)(?:[-.．]\d+)?$`)

// frameworkCodes reads 体系编号: one or more branch codes, each optionally with the standard's
// place in the branch (B7-02), separated by 、 , ; or spaces.
func frameworkCodes(v string, fw *stdkb.Framework, line int, errs []RowError) ([]string, []RowError) {
	var codes []string
	seen := map[string]bool{}
	for _, part := range strings.FieldsFunc(strings.ToUpper(v), func(r rune) bool { return strings.ContainsRune("、,，;； ", r) }) {
		m := codeSuffix.FindStringSubmatch(part)
		if m == nil {
			errs = append(errs, RowError{line, "体系编号", fmt.Sprintf("“%s”不是体系编号（应为框架分支代码，如 B6 或 B6-03）", part)})
			continue
		}
		if _, ok := fw.Node(m[1]); !ok {
			errs = append(errs, RowError{line, "体系编号", fmt.Sprintf("“%s”不在体系框架中（可用：%s）", m[1], strings.Join(codesOf(fw), "、"))})
			continue
		}
		if !seen[m[1]] {
			seen[m[1]] = true
			codes = append(codes, m[1])
		}
	}
	return codes, errs
}

func codesOf(fw *stdkb.Framework) []string {
	var out []string
	fw.Walk(func(n *stdkb.FrameworkNode, _ int) { out = append(out, n.Code) })
	return out
}

// schemaErrors checks the entry's front matter against the standard schema — the content's own
// rules — and words each violation in Chinese under its column.
func schemaErrors(line int, fm map[string]any) []RowError {
	vs, err := schemas.Validate(string(stdkb.KindStandard), fm)
	if err != nil {
		return []RowError{{Line: line, Message: "无法校验：" + err.Error()}}
	}
	var out []RowError
	for _, v := range vs {
		field := v.Location
		col := fieldColumn[first(field)]
		if col == "" {
			col = v.Field()
		}
		msg := v.Message
		switch m := schemas.NotAllowed.FindStringSubmatch(msg); {
		case msg == schemas.MissingField:
			msg = missing + "（必填）"
		case m != nil && m[1] == "":
			msg = missing + "（必填）"
		case m != nil:
			msg = fmt.Sprintf("“%s”不可用，应为 %s 之一", m[1], m[2])
		default:
			msg = "不符合内容规则：" + msg
		}
		out = append(out, RowError{Line: line, Column: col, Message: msg})
	}
	return out
}

// first returns the first element of s, or "".
func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}
