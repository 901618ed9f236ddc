package compare

import (
	"fmt"
	"html"
	"io"
	"strings"
)

var kindNames = map[string]string{Added: "新增", Removed: "删除", Changed: "修改", Moved: "移动"}

var fieldNames = map[string]string{
	"number": "编号", "title": "名称", "level": "层级", "nature": "性质", "issuer": "发布机关", "status": "状态",
	"issued": "发布日期", "effective": "实施日期", "withdrawn": "废止日期", "scope": "范围", "framework": "体系",
	"review_cycle": "复审周期（年）", "reviews": "复审记录", "supersedes": "代替版本", "superseded_by": "被代替版本",
	"owner": "所属单位",
}

// shown is a front-matter value as read: an empty one is 未注明.
func shown(v string) string {
	if v == "" {
		return "（未注明）"
	}
	return v
}

// dueNote marks a field change that moves review due dates.
func dueNote(f FieldChange) string {
	if f.MovesDue {
		return "（影响复审到期）"
	}
	return ""
}

func label(c *Clause) string {
	if c == nil {
		return ""
	}
	if c.Heading != "" {
		return c.Heading
	}
	return c.ID
}

// String is the summary line: clause changes, then front-matter changes.
func (s Summary) String() string {
	return fmt.Sprintf("条文新增 %d，删除 %d，修改 %d，移动 %d，未变 %d；信息项变化 %d",
		s.Added, s.Removed, s.Changed, s.Moved, s.Unchanged, s.Fields)
}

// Text writes the diff for a terminal: deletions as [-…-], insertions as {+…+}.
func Text(w io.Writer, d *Diff) error {
	fmt.Fprintf(w, "比较 %s → %s：%s\n", d.From, d.To, d.Summary)
	if len(d.Fields) > 0 {
		fmt.Fprintln(w, "\n前置信息：")
		for _, f := range d.Fields {
			fmt.Fprintf(w, "  %s：%s → %s%s\n", fieldNames[f.Field], shown(f.From), shown(f.To), dueNote(f))
		}
	}
	for _, c := range d.Clauses {
		fmt.Fprintf(w, "\n[%s] ", kindNames[c.Kind])
		switch c.Kind {
		case Moved:
			fmt.Fprintf(w, "%s → %s（内容未变）\n", label(c.From), label(c.To))
			continue
		case Changed:
			if c.From.Number != c.To.Number {
				fmt.Fprintf(w, "%s → %s\n", label(c.From), label(c.To))
			} else {
				fmt.Fprintln(w, label(c.To))
			}
		case Added:
			fmt.Fprintln(w, label(c.To))
		case Removed:
			fmt.Fprintln(w, label(c.From))
		}
		if len(c.Title) > 0 {
			fmt.Fprintf(w, "  标题：%s\n", textOps(c.Title))
		}
		if len(c.Text) > 0 {
			fmt.Fprintf(w, "  %s\n", textOps(c.Text))
		}
		for _, r := range c.Rows {
			fmt.Fprintf(w, "  %s\n", rowText(r))
		}
	}
	return nil
}

var rowKindNames = map[string]string{Added: "新增行", Removed: "删除行", Changed: "修改行"}

// rowText describes a row change in one line: 表1 修改行“大中修”：限额“50万元”→“100万元”.
func rowText(r RowChange) string {
	cells := make([]string, 0, len(r.Cells))
	for _, c := range r.Cells {
		switch r.Kind {
		case Added:
			cells = append(cells, c.Column+"“"+c.To+"”")
		case Removed:
			cells = append(cells, c.Column+"“"+c.From+"”")
		default:
			cells = append(cells, c.Column+"“"+c.From+"”→“"+c.To+"”")
		}
	}
	if r.Row == headerRow {
		return fmt.Sprintf("表%d 表头：%s", r.Table, strings.Join(cells, "；"))
	}
	return fmt.Sprintf("表%d %s“%s”：%s", r.Table, rowKindNames[r.Kind], r.Row, strings.Join(cells, "；"))
}

func textOps(ops []WordOp) string {
	var b strings.Builder
	for _, op := range ops {
		switch op.Op {
		case "+":
			b.WriteString("{+" + op.Text + "+}")
		case "-":
			b.WriteString("[-" + op.Text + "-]")
		default:
			b.WriteString(op.Text)
		}
	}
	return strings.ReplaceAll(b.String(), "\n", " ")
}

// editionLabels names two editions of one document as staff do ("2019 版"), not by their
// internal references; editions of different documents keep their references.
func editionLabels(from, to string) (string, string) {
	fd, fe, ok1 := strings.Cut(from, "@")
	td, te, ok2 := strings.Cut(to, "@")
	if !ok1 || !ok2 || fd != td {
		return from, to
	}
	return fe + " 版", te + " 版"
}

// HTML writes the diff as an HTML fragment: <del> and <ins> inside each changed clause. All
// content is escaped.
func HTML(w io.Writer, d *Diff) error {
	e := html.EscapeString
	from, to := editionLabels(d.From, d.To)
	fmt.Fprintf(w, "<section class=\"diff\">\n<p class=\"diff-summary\">%s → %s：%s</p>\n", e(from), e(to), e(d.Summary.String()))
	if len(d.Fields) > 0 {
		fmt.Fprintln(w, "<table class=\"diff-fields\"><tr><th>项目</th><th>原</th><th>新</th><th>影响复审到期</th></tr>")
		for _, f := range d.Fields {
			moves := ""
			if f.MovesDue {
				moves = "是"
			}
			fmt.Fprintf(w, "<tr><td>%s</td><td><del>%s</del></td><td><ins>%s</ins></td><td>%s</td></tr>\n", e(fieldNames[f.Field]), e(shown(f.From)), e(shown(f.To)), moves)
		}
		fmt.Fprintln(w, "</table>")
	}
	for _, c := range d.Clauses {
		head := label(c.To)
		if c.To == nil {
			head = label(c.From)
		} else if c.From != nil && c.From.Number != c.To.Number {
			head = label(c.From) + " → " + label(c.To)
		}
		fmt.Fprintf(w, "<article class=\"diff-%s\"><h3><span class=\"badge\">%s</span> %s</h3>\n", c.Kind, kindNames[c.Kind], e(head))
		for _, ops := range [][]WordOp{c.Title, c.Text} {
			if len(ops) == 0 {
				continue
			}
			fmt.Fprint(w, "<p>")
			for _, op := range ops {
				switch op.Op {
				case "+":
					fmt.Fprintf(w, "<ins>%s</ins>", e(op.Text))
				case "-":
					fmt.Fprintf(w, "<del>%s</del>", e(op.Text))
				default:
					fmt.Fprint(w, e(op.Text))
				}
			}
			fmt.Fprintln(w, "</p>")
		}
		if len(c.Rows) > 0 {
			fmt.Fprintln(w, "<ul class=\"diff-rows\">")
			for _, r := range c.Rows {
				fmt.Fprintf(w, "<li class=\"diff-row-%s\">%s</li>\n", r.Kind, e(rowText(r)))
			}
			fmt.Fprintln(w, "</ul>")
		}
		fmt.Fprintln(w, "</article>")
	}
	fmt.Fprintln(w, "</section>")
	return nil
}
