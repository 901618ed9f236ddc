package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/user"

	"stdkb"
	"stdkb/kb"
)

// currentUser names whoever runs the command line, for the audit log.
func currentUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "cli"
}

// admin is the command line's caller: the owner of the data directory, named for the audit log.
func admin(name string) kb.Caller { return kb.Admin(name) }

func cmdReviewRecord(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("review record", flag.ContinueOnError)
	dir := contentFlag(fs)
	data := dataFlag(fs)
	edition := fs.String("edition", "", "复审的版本（默认：最新版本）")
	outcome := fs.String("outcome", "", "继续有效、修订 或 废止")
	date := fs.String("date", "", "作出决定的日期（YYYY-MM-DD）")
	committee := fs.String("committee", "", "作出决定的委员会")
	reason := fs.String("reason", "", "决定理由")
	by := fs.String("by", currentUser(), "记录决定的人")
	supersedes := fs.Uint64("supersedes", 0, "本条所更正决定的台账编号")
	panel := fs.String("panel", "", "评审组专家编号，例如 e1,e2,e3")
	override := fs.String("override", "", "须回避的专家仍参加评审组的理由")
	asJSON := fs.Bool("json", false, "以 JSON 输出已记录的决定")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{"需要且只能给出一个文件编号（ID）"}
	}
	day, err := stdkb.ParseDate(*date)
	if err != nil {
		return usageError{"--date：" + err.Error()}
	}
	app, done, err := openApp(ctx, e, appOptions{content: *dir, data: *data})
	if err != nil {
		return err
	}
	defer done()
	saved, err := app.RecordReview(admin(*by), stdkb.ReviewDecision{DocID: rest[0], Edition: *edition, Date: day, Committee: *committee,
		Outcome: *outcome, Reasons: *reason, RecordedBy: *by, Supersedes: *supersedes, Panel: stdkb.SplitList(*panel),
		PanelOverride: *override})
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, saved)
	}
	fmt.Fprintf(e.stdout, "已记录复审 #%d：%s@%s %s %s（%s）\n", saved.ID, saved.DocID, saved.Edition, saved.Date, saved.Outcome, saved.Committee)
	return nil
}

func cmdReviewLedger(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("review ledger", flag.ContinueOnError)
	data := dataFlag(fs)
	asJSON := fs.Bool("json", false, "以 JSON 输出")
	asCSV := fs.Bool("csv", false, "输出 CSV（带 BOM 的 UTF-8，可在 Excel 中正确打开）")
	xlsx := fs.String("xlsx", "", "把 Excel 工作簿写入该文件")
	all := fs.Bool("all", false, "包括已被后续更正取代的决定")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	app, done, err := openApp(ctx, e, appOptions{data: *data, readOnly: true})
	if err != nil {
		return err
	}
	defer done()
	c := admin(currentUser())
	switch {
	case *asCSV:
		f, err := app.LedgerFile(c, *all, "csv")
		if err == nil {
			_, err = e.stdout.Write(f.Data)
		}
		return err
	case *xlsx != "":
		f, err := app.LedgerFile(c, *all, "xlsx")
		if err == nil {
			err = os.WriteFile(e.path(*xlsx), f.Data, 0o644)
		}
		return err
	}
	decisions, err := app.Ledger(c, *all)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, decisions)
	}
	rows, err := app.LedgerRows(c, decisions)
	if err != nil {
		return err
	}
	printTable(e.stdout, rows)
	fmt.Fprintf(e.stdout, "%d 条\n", len(decisions))
	return nil
}

// writeXLSX writes rows to one sheet of a new workbook at path.
func writeXLSX(path, sheet string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := kb.XLSX(f, sheet, rows); err != nil {
		f.Close()
		return fmt.Errorf("写入 %s：%w", path, err)
	}
	return f.Close()
}
