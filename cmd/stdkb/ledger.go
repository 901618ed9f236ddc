package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"

	"stdkb"
	"stdkb/export"
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
	dir := contentFlag(fs)
	data := dataFlag(fs)
	edition := fs.String("edition", "", "edition reviewed (default: the latest)")
	outcome := fs.String("outcome", "", "继续有效, 修订 or 废止")
	date := fs.String("date", "", "day of the decision (YYYY-MM-DD)")
	committee := fs.String("committee", "", "the committee that decided")
	reason := fs.String("reason", "", "reasons for the decision")
	by := fs.String("by", currentUser(), "who records the decision")
	supersedes := fs.Uint64("supersedes", 0, "ledger ID of the decision this one corrects")
	panel := fs.String("panel", "", "ids of the experts on the panel, e.g. e1,e2,e3")
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
		Outcome: *outcome, Reasons: *reason, RecordedBy: *by, Supersedes: *supersedes, Panel: stdkb.SplitList(*panel)}
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
	if len(d.Panel) > 0 {
		pool, err := st.Experts()
		if err != nil {
			return err
		}
		if err := stdkb.CheckPanel(pool, d.Panel); err != nil {
			return fmt.Errorf("--panel: %w (stdkb experts list)", err)
		}
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
	data := dataFlag(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	asCSV := fs.Bool("csv", false, "print CSV (UTF-8 with BOM, opens correctly in Excel)")
	xlsx := fs.String("xlsx", "", "write an Excel workbook to this file")
	all := fs.Bool("all", false, "include decisions that later corrections superseded")
	if err := parseNoArgs(fs, args); err != nil {
		return err
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
	rows := stdkb.LedgerRows(decisions)
	switch {
	case *asJSON:
		return writeJSON(e.stdout, decisions)
	case *asCSV:
		return export.CSV(e.stdout, rows)
	case *xlsx != "":
		return writeXLSX(*xlsx, "复审台账", rows)
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
	if err := export.XLSX(f, sheet, rows); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}
