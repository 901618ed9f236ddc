package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"stdkb"
	"stdkb/kb"
)

// today is the day review states and statuses are computed for; tests replace it.
var today = func() stdkb.Date { return stdkb.DateOf(time.Now()) }

func cmdHistory(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("history", flag.ContinueOnError)
	dir := contentFlag(fs)
	data := dataFlag(fs)
	asJSON := fs.Bool("json", false, "以 JSON 输出")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{"需要且只能给出一个文件编号（ID）"}
	}
	app, done, err := openApp(ctx, e, appOptions{content: *dir, data: *data, readOnly: true})
	if err != nil {
		return err
	}
	defer done()
	h, err := app.History(admin(currentUser()), rest[0])
	if err != nil {
		return err
	}
	d, _ := app.Library().Document(h.DocID)
	state := h.Review
	rows := h.Editions // newest first
	for i, j := 0, len(rows)-1; i < j; i, j = i+1, j-1 {
		rows[i], rows[j] = rows[j], rows[i]
	}
	if *asJSON {
		return writeJSON(e.stdout, map[string]any{"doc_id": d.ID, "title": d.Latest().Title, "editions": rows, "review": state})
	}
	title := d.Latest().Title
	if d.Latest().Sample {
		title = "【示例】" + title
	}
	fmt.Fprintf(e.stdout, "%s（%s）\n\n", title, d.ID)
	table := [][]string{{"版本", "编号", "发布", "实施", "状态", "代替", "被代替"}}
	for _, r := range rows {
		ed := r.Edition
		status := ed.Status
		if r.Derived != "" && r.Derived != ed.Status {
			status += "（按日期应为" + r.Derived + "）"
		}
		table = append(table, []string{ed.Key, ed.Number, ed.Issued.String(), ed.Effective.String(), status, ed.Supersedes, r.SupersededBy})
	}
	printTable(e.stdout, table)
	for _, r := range rows {
		for _, ev := range r.Reviews {
			src := "内容"
			if ev.Source == "ledger" {
				src = "台账#" + strconv.FormatUint(ev.LedgerID, 10)
			}
			revised := ""
			if ev.Outcome == stdkb.OutcomeRevise && r.RevisedBy != "" {
				revised = " → 新版本 " + r.RevisedBy
			}
			fmt.Fprintf(e.stdout, "  复审 %s  %s  %s%s  %s（%s）\n", r.Edition.Key, ev.Date, ev.Outcome, revised, ev.Committee, src)
		}
	}
	printState(e.stdout, state)
	return nil
}

var stateNames = map[string]string{
	stdkb.StateOK: "正常", stdkb.StateDue: "即将到期", stdkb.StateOverdue: "已逾期",
	stdkb.StateReviewed: "已复审", stdkb.StateNone: "不适用", stdkb.StateRevisionOverdue: stdkb.StateNames[stdkb.StateRevisionOverdue],
}

func printState(w io.Writer, st stdkb.ReviewState) {
	fmt.Fprintf(w, "\n复审状态：%s", stateNames[st.State])
	if !st.Due.IsZero() {
		fmt.Fprintf(w, "（周期 %d 年，自 %s 起，%s 到期）", st.Cycle, st.Since, st.Due)
	}
	if st.LastReview != nil {
		fmt.Fprintf(w, "；最近复审 %s %s", st.LastReview.Date, st.LastReview.Outcome)
	}
	fmt.Fprintln(w)
}

// parseWithin parses a window such as 180d, 26w, 6m or 1y.
func parseWithin(s string) (days int, err error) {
	if len(s) < 2 {
		return 0, usageError{"--within " + s + "：应为数字加单位，例如 180d、6m、1y"}
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n < 0 {
		return 0, usageError{"--within " + s + "：应为数字加单位，例如 180d、6m、1y"}
	}
	switch s[len(s)-1] {
	case 'd':
		return n, nil
	case 'w':
		return 7 * n, nil
	case 'm':
		return 30 * n, nil
	case 'y':
		return 365 * n, nil
	}
	return 0, usageError{"--within " + s + "：单位须为 d、w、m 或 y"}
}

func cmdReview(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usageError{"需要子命令：due、rate、record 或 ledger"}
	}
	switch args[0] {
	case "due":
		return cmdReviewDue(ctx, e, args[1:])
	case "rate":
		return cmdReviewRate(ctx, e, args[1:])
	case "record":
		return cmdReviewRecord(ctx, e, args[1:])
	case "ledger":
		return cmdReviewLedger(ctx, e, args[1:])
	}
	return usageError{fmt.Sprintf("未知子命令 %q：应为 due、rate、record 或 ledger", args[0])}
}

func cmdReviewDue(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("review due", flag.ContinueOnError)
	dir := contentFlag(fs)
	data := dataFlag(fs)
	within := fs.String("within", "", "同时列出在该期限内到期的复审（例如 180d）；默认：制度规定的预警期")
	domain := fs.String("domain", "", "体系编码，包括其下级分支")
	unit := fs.String("unit", "", "只含该单位自有和采用的标准（编号或名称）")
	all := fs.Bool("all", false, "列出每项标准及其状态")
	asJSON := fs.Bool("json", false, "以 JSON 输出")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	horizon := -1
	if *within != "" {
		var err error
		if horizon, err = parseWithin(*within); err != nil {
			return err
		}
	}
	app, done, err := openApp(ctx, e, appOptions{content: *dir, data: *data, readOnly: true})
	if err != nil {
		return err
	}
	defer done()
	day := app.Today()
	states, err := app.ReviewsDue(admin(currentUser()), kb.DueRequest{Domain: *domain, Unit: *unit, Within: horizon, All: *all})
	if err != nil {
		return err
	}
	if *asJSON { // kb lists them most urgent first
		return writeJSON(e.stdout, map[string]any{"today": day, "reviews": states})
	}
	table := [][]string{{"状态", "到期", "编号", "标题", "层级", "最近复审"}}
	for _, st := range states {
		last := ""
		if st.LastReview != nil {
			last = st.LastReview.Date.String() + " " + st.LastReview.Outcome
		}
		title := st.Title
		if st.Sample {
			title = "【示例】" + title
		}
		table = append(table, []string{stateNames[st.State], st.Due.String(), st.Number, title, st.Level, last})
	}
	printTable(e.stdout, table)
	fmt.Fprintf(e.stdout, "%d 项（%s）\n", len(states), day)
	return nil
}

func cmdReviewRate(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("review rate", flag.ContinueOnError)
	dir := contentFlag(fs)
	data := dataFlag(fs)
	from := fs.String("from", "", "统计期首日（YYYY-MM-DD）")
	to := fs.String("to", "", "统计期末日（YYYY-MM-DD）")
	asJSON := fs.Bool("json", false, "以 JSON 输出")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	f, err1 := stdkb.ParseDate(*from)
	t, err2 := stdkb.ParseDate(*to)
	if err1 != nil || err2 != nil || t.Before(f) {
		return usageError{"--from 和 --to 须为 YYYY-MM-DD 格式的日期，且 --from 不晚于 --to"}
	}
	app, done, err := openApp(ctx, e, appOptions{content: *dir, data: *data, readOnly: true})
	if err != nil {
		return err
	}
	defer done()
	lib := app.Library()
	r, err := app.ReviewRate(admin(currentUser()), f, t)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, r)
	}
	pct := func(c stdkb.RateCount) string {
		if c.Due == 0 {
			return "—（无到期复审）"
		}
		return fmt.Sprintf("%.1f%%（%d/%d）", 100*c.Rate(), c.OnTime, c.Due)
	}
	fmt.Fprintf(e.stdout, "标准按期复审率 %s 至 %s：%s，目标 100%%（规划专栏3）\n", f, t, pct(r.Total))
	for _, lv := range sortedMapKeys(r.ByLevel) {
		fmt.Fprintf(e.stdout, "  %s标准：%s\n", lv, pct(r.ByLevel[lv]))
	}
	lib.Framework.Walk(func(n *stdkb.FrameworkNode, depth int) {
		if c, ok := r.ByDomain[n.Code]; ok {
			fmt.Fprintf(e.stdout, "  %s%s %s：%s\n", strings.Repeat("  ", depth), n.Code, n.Name, pct(c))
		}
	})
	results := map[string]string{"on_time": "按期", "late": "逾期完成", "missing": "未复审"}
	for _, d := range r.Reviews {
		if d.Result != "on_time" {
			fmt.Fprintf(e.stdout, "  %s  %s %s（应于 %s 复审）\n", results[d.Result], d.Number, d.Title, d.Due)
		}
	}
	return nil
}

func sortedMapKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}
