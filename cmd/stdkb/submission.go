package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"stdkb"
	"stdkb/evaluator"
)

// cmdSubmission manages stored self-assessments: drafts, submission with the computed report,
// committee review, and the versions of each.
func cmdSubmission(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usageError{"want a subcommand: save, submit, review, list or versions"}
	}
	fs := flag.NewFlagSet("submission "+args[0], flag.ContinueOnError)
	contentDir := contentFlag(fs)
	data := dataFlag(fs)
	by := fs.String("by", currentUser(), "who makes the change")
	id := fs.Uint64("id", 0, "submission to update (save) ")
	version := fs.Int("version", 0, "version to review (default: the latest)")
	conclusion := fs.String("conclusion", "", "the committee's conclusion (review)")
	panel := fs.String("panel", "", "ids of the experts on the committee, e.g. e1,e2 (review)")
	unit := fs.String("unit", "", "only this unit's submissions (list)")
	asJSON := fs.Bool("json", false, "print JSON")
	rest, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	st, err := openStore(*data)
	if err != nil {
		return err
	}
	defer st.Close()
	show := func(v stdkb.SubmissionVersion) error {
		if *asJSON {
			v.Body, v.Report = nil, nil
			return writeJSON(e.stdout, v)
		}
		fmt.Fprintf(e.stdout, "submission #%d v%d %s %s %s（%s %s）\n", v.ID, v.Version, v.State, v.Unit, v.Checklist, v.UpdatedBy, v.UpdatedAt.Format("2006-01-02 15:04"))
		return nil
	}
	argID := func() (uint64, error) {
		if len(rest) != 1 {
			return 0, usageError{"want exactly one submission ID"}
		}
		n, err := strconv.ParseUint(rest[0], 10, 64)
		if err != nil {
			return 0, usageError{fmt.Sprintf("%q is not a submission ID", rest[0])}
		}
		return n, nil
	}
	switch args[0] {
	case "save":
		// A draft is checked like a submission, so that what is stored can be assessed.
		if len(rest) != 1 {
			return usageError{"want one submission file (YAML or JSON) or sample name"}
		}
		lib, _, err := loadLibrary(e, *contentDir)
		if err != nil {
			return err
		}
		body, err := readSubmission(*contentDir, rest[0])
		if err != nil {
			return err
		}
		sub, err := evaluator.Parse(body, lib)
		if err != nil {
			return err
		}
		var v stdkb.SubmissionVersion
		if *id != 0 {
			cur, err := st.Submission(*id)
			if err != nil {
				return err
			}
			if cur.Unit != sub.Unit || cur.Checklist != sub.Checklist {
				return stdkb.Errorf(stdkb.EINVALID, "submission #%d is %s's %s; this file is %s's %s", *id, cur.Unit, cur.Checklist, sub.Unit, sub.Checklist)
			}
		}
		if *id == 0 {
			v, err = st.CreateSubmission(sub.Unit, sub.Checklist, body, *by)
		} else {
			v, err = st.SaveDraft(*id, body, *by)
		}
		if err != nil {
			return err
		}
		return show(v)
	case "submit":
		n, err := argID()
		if err != nil {
			return err
		}
		lib, _, err := loadLibrary(e, *contentDir)
		if err != nil {
			return err
		}
		cur, err := st.Submission(n)
		if err != nil {
			return err
		}
		sub, err := evaluator.Parse(cur.Body, lib)
		if err != nil {
			return err
		}
		ledger, err := st.CurrentReviews()
		if err != nil {
			return err
		}
		rep, err := evaluator.Evaluate(sub, lib, ledger, today())
		if err != nil {
			return err
		}
		b, err := json.Marshal(rep)
		if err != nil {
			return err
		}
		v, err := st.Submit(n, b, *by)
		if err != nil {
			return err
		}
		if err := show(v); err != nil {
			return err
		}
		if !*asJSON {
			return evaluator.Text(e.stdout, rep)
		}
		return nil
	case "review":
		n, err := argID()
		if err != nil {
			return err
		}
		if *version == 0 {
			cur, err := st.Submission(n)
			if err != nil {
				return err
			}
			*version = cur.Version
		}
		v, err := st.MarkReviewed(n, *version, *conclusion, *by, stdkb.SplitList(*panel)...)
		if err != nil {
			return err
		}
		return show(v)
	case "list":
		vs, err := st.Submissions(*unit)
		if err != nil {
			return err
		}
		if *asJSON {
			for i := range vs {
				vs[i].Body, vs[i].Report = nil, nil
			}
			if vs == nil {
				vs = []stdkb.SubmissionVersion{}
			}
			return writeJSON(e.stdout, vs)
		}
		for _, v := range vs {
			show(v)
		}
		return nil
	case "versions":
		n, err := argID()
		if err != nil {
			return err
		}
		vs, err := st.SubmissionVersions(n)
		if err != nil {
			return err
		}
		for _, v := range vs {
			show(v)
			if v.Review != "" {
				fmt.Fprintf(e.stdout, "  评审结论：%s\n", v.Review)
			}
		}
		return nil
	}
	return usageError{fmt.Sprintf("unknown subcommand %q: want %s", args[0], strings.Join([]string{"save", "submit", "review", "list", "versions"}, ", "))}
}
