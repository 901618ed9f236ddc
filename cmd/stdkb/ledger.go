package main

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"stdkb"
	"stdkb/store"
)

// dbFile is the store's file name inside the data directory.
const dbFile = "stdkb.db"

// openStore opens the database in the data directory, creating it.
func openStore(data string) (*store.Store, error) {
	dir, err := dataDir(data)
	if err != nil {
		return nil, err
	}
	return store.Open(filepath.Join(dir, dbFile))
}

// readLedger returns the ledger's current decisions, or none when no database exists yet.
func readLedger(data string) ([]stdkb.ReviewDecision, error) {
	dir, err := dataDir(data)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(dir, dbFile)); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	st, err := store.Open(filepath.Join(dir, dbFile))
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return st.CurrentReviews()
}

func currentUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "cli"
}

func cmdReviewRecord(_ context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("review record", flag.ContinueOnError)
	dir := fs.String("content", "", "content directory (default: embedded)")
	data := fs.String("data", "", "data directory holding the review ledger")
	edition := fs.String("edition", "", "edition reviewed (default: the latest)")
	outcome := fs.String("outcome", "", "继续有效, 修订 or 废止")
	date := fs.String("date", "", "day of the decision (YYYY-MM-DD)")
	committee := fs.String("committee", "", "the committee that decided")
	reason := fs.String("reason", "", "reasons for the decision")
	by := fs.String("by", currentUser(), "who records the decision")
	supersedes := fs.Uint64("supersedes", 0, "ledger ID of the decision this one corrects")
	asJSON := fs.Bool("json", false, "print the recorded decision as JSON")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{"want exactly one document ID"}
	}
	day, err := stdkb.ParseDate(*date)
	if err != nil {
		return usageError{"--date: " + err.Error()}
	}
	lib, _, err := loadLibrary(e, *dir)
	if err != nil {
		return err
	}
	d := stdkb.ReviewDecision{DocID: rest[0], Edition: *edition, Date: day, Committee: *committee,
		Outcome: *outcome, Reasons: *reason, RecordedBy: *by, Supersedes: *supersedes}
	if doc, ok := lib.Document(d.DocID); ok && d.Edition == "" {
		d.Edition = doc.Latest().Key
	}
	st, err := openStore(*data)
	if err != nil {
		return err
	}
	defer st.Close()
	ledger, err := st.CurrentReviews()
	if err != nil {
		return err
	}
	if err := stdkb.ValidateDecision(lib, d, ledger, today()); err != nil {
		return err
	}
	saved, err := st.RecordReview(d)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, saved)
	}
	fmt.Fprintf(e.stdout, "recorded review #%d: %s@%s %s %s by %s\n", saved.ID, saved.DocID, saved.Edition, saved.Date, saved.Outcome, saved.Committee)
	return nil
}

func cmdReviewLedger(_ context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("review ledger", flag.ContinueOnError)
	data := fs.String("data", "", "data directory holding the review ledger")
	asJSON := fs.Bool("json", false, "print JSON")
	asCSV := fs.Bool("csv", false, "print CSV (UTF-8 with BOM, opens correctly in Excel)")
	xlsx := fs.String("xlsx", "", "write an Excel workbook to this file")
	all := fs.Bool("all", false, "include decisions that later corrections superseded")
	if rest, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usageError{"unexpected arguments: " + strings.Join(rest, " ")}
	}
	st, err := openStore(*data)
	if err != nil {
		return err
	}
	defer st.Close()
	list := st.CurrentReviews
	if *all {
		list = st.Reviews
	}
	decisions, err := list()
	if err != nil {
		return err
	}
	if decisions == nil {
		decisions = []stdkb.ReviewDecision{}
	}
	rows := ledgerRows(decisions)
	switch {
	case *asJSON:
		return writeJSON(e.stdout, decisions)
	case *asCSV:
		e.stdout.Write([]byte("\ufeff"))
		w := csv.NewWriter(e.stdout)
		w.UseCRLF = true
		if err := w.WriteAll(rows); err != nil {
			return fmt.Errorf("write CSV: %w", err)
		}
		return nil
	case *xlsx != "":
		return writeXLSX(*xlsx, "复审台账", rows)
	}
	printTable(e.stdout, rows)
	fmt.Fprintf(e.stdout, "%d 条\n", len(decisions))
	return nil
}

// ledgerRows lays the ledger out as a table with a header row.
func ledgerRows(ds []stdkb.ReviewDecision) [][]string {
	rows := [][]string{{"序号", "文件", "版本", "复审日期", "复审结论", "审查组织", "理由", "更正序号", "记录人", "记录时间"}}
	for _, d := range ds {
		sup := ""
		if d.Supersedes != 0 {
			sup = strconv.FormatUint(d.Supersedes, 10)
		}
		rows = append(rows, []string{strconv.FormatUint(d.ID, 10), d.DocID, d.Edition, d.Date.String(), d.Outcome,
			d.Committee, d.Reasons, sup, d.RecordedBy, d.RecordedAt.Format("2006-01-02 15:04:05")})
	}
	return rows
}

// writeXLSX writes rows to one sheet of a new workbook, header row bold.
func writeXLSX(path, sheet string, rows [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		vals := make([]any, len(row))
		for j, v := range row {
			vals[j] = v
		}
		if err := f.SetSheetRow(sheet, cell, &vals); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
	}
	if bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err == nil && len(rows) > 0 {
		last, _ := excelize.CoordinatesToCellName(len(rows[0]), 1)
		f.SetCellStyle(sheet, "A1", last, bold)
	}
	if err := f.SaveAs(path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
