package catalog

import (
	"fmt"
	"io"
	"strings"
)

// WriteText writes the report as people read it: one line per row used or refused, then a
// summary that says whether anything was written.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s：%d 行数据\n", r.File, r.Rows)
	if len(r.Ignored) > 0 {
		fmt.Fprintf(&b, "  未识别的列（已忽略）：%s\n", strings.Join(r.Ignored, "、"))
	}
	verb := "将新增"
	if r.Written {
		verb = "已新增"
	}
	for _, a := range r.Added {
		what := "新标准"
		if !a.NewDocument {
			what = "新版本"
		}
		if a.Replaces != "" {
			what += "，代替 " + a.Replaces
		}
		fmt.Fprintf(&b, "  第 %d 行：%s %s %s《%s》（%s）\n", a.Line, verb, a.Path, a.Number, a.Title, what)
	}
	for _, u := range r.Updated {
		fmt.Fprintf(&b, "  第 %d 行：%s %s 状态 %s → %s\n", u.Line, map[bool]string{true: "已更新", false: "将更新"}[r.Written], u.Path, u.From, u.To)
	}
	for _, u := range r.Unchanged {
		fmt.Fprintf(&b, "  第 %d 行：%s 已在库中（%s），未改动\n", u.Line, u.Number, u.Ref)
	}
	for _, e := range r.Errors {
		fmt.Fprintf(&b, "  %s\n", e)
	}
	fmt.Fprintf(&b, "新增 %d 条、更新 %d 个文件、未改动 %d 条、问题 %d 条；", len(r.Added), len(r.Updated), len(r.Unchanged), len(r.Errors))
	if r.Written {
		b.WriteString("已写入\n")
	} else {
		b.WriteString("未写入任何文件\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
