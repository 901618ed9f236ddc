package main

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
)

// cmdEvidence runs `evidence adopt`: it takes the evidence files an older version kept in the
// data directory's evidence folder into the database, and says what it did with each file.
func cmdEvidence(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "adopt" {
		return usageError{"需要子命令：adopt"}
	}
	fs := flag.NewFlagSet("evidence adopt", flag.ContinueOnError)
	data := dataFlag(fs)
	asJSON := fs.Bool("json", false, "以 JSON 输出报告")
	if err := parseNoArgs(fs, args[1:]); err != nil {
		return err
	}
	dir, err := dataDir(*data)
	if err != nil {
		return err
	}
	app, done, err := openApp(ctx, e, appOptions{data: *data})
	if err != nil {
		return err
	}
	defer done()
	rep, err := app.AdoptLegacyEvidence(admin(currentUser()))
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, rep)
	}
	table := [][]string{{"文件", "结果", "说明"}}
	for _, a := range rep.Adopted {
		table = append(table, []string{a.LegacyName, "已迁入", fmt.Sprintf("自评 %d，佐证编号 %d", a.Submission, a.ID)})
	}
	for _, f := range rep.AlreadyDone {
		table = append(table, []string{f, "此前已迁入", ""})
	}
	for _, c := range rep.Contested {
		table = append(table, []string{c.File, "未迁入", "多份自评引用：" + joinIDs(c.Submissions) + "，请核实归属"})
	}
	for _, r := range rep.Refused {
		table = append(table, []string{r.File, "未迁入", r.Reason})
	}
	for _, f := range rep.Unreferenced {
		table = append(table, []string{f, "未迁入", "没有自评引用"})
	}
	printTable(e.stdout, table)
	fmt.Fprintln(e.stdout, "原文件仍留在", filepath.Join(dir, "evidence"), "，核对后可删除。")
	return nil
}

func joinIDs(ids []uint64) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = strconv.FormatUint(id, 10)
	}
	return strings.Join(out, "、")
}
