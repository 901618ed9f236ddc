package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"stdkb"
	"stdkb/evaluator"
)

// cmdExperts manages the expert pool and proposes review panels.
func cmdExperts(_ context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usageError{"want a subcommand: add, list or suggest"}
	}
	fs := flag.NewFlagSet("experts "+args[0], flag.ContinueOnError)
	dir := contentFlag(fs)
	data := dataFlag(fs)
	name := fs.String("name", "", "the expert's name (add)")
	unit := fs.String("unit", "", "the unit the expert works for (add)")
	title := fs.String("title", "", "professional title (add)")
	specialties := fs.String("specialties", "", "framework codes, e.g. B3,B4 (add)")
	conflicts := fs.String("conflicts", "", "units the expert may not judge besides their own (add)")
	forWhat := fs.String("for", "", "a document id or a stored submission number (suggest)")
	n := fs.Int("n", 5, "panel size (suggest)")
	asJSON := fs.Bool("json", false, "print JSON")
	rest, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	lib, _, err := loadLibrary(e, *dir)
	if err != nil {
		return err
	}
	st, err := openStore(*data)
	if err != nil {
		return err
	}
	defer st.Close()
	switch args[0] {
	case "add":
		if len(rest) != 1 {
			return usageError{"want exactly one expert id"}
		}
		x := stdkb.Expert{ID: rest[0], Name: *name, Unit: *unit, Title: *title, Specialties: stdkb.SplitList(*specialties), Conflicts: stdkb.SplitList(*conflicts)}
		if err := x.Validate(lib.Framework); err != nil {
			return err
		}
		if err := st.PutExpert(x, currentUser()); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "saved expert %s (%s)\n", x.ID, x.Name)
		return nil
	case "list":
		pool, err := st.Experts()
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(e.stdout, pool)
		}
		table := [][]string{{"编号", "姓名", "单位", "职称", "专业领域", "回避单位"}}
		for _, x := range pool {
			table = append(table, []string{x.ID, x.Name, x.Unit, x.Title, strings.Join(x.Specialties, ","), strings.Join(x.Conflicts, ",")})
		}
		printTable(e.stdout, table)
		return nil
	case "suggest":
		if *forWhat == "" {
			return usageError{"--for: want a document id or a submission number"}
		}
		scope, err := evaluator.PanelTarget(lib, st, *forWhat)
		if err != nil {
			return err
		}
		branches, units, what := scope.Branches, scope.Units, scope.What
		pool, err := st.Experts()
		if err != nil {
			return err
		}
		panel, uncovered, excluded := stdkb.SuggestPanel(pool, lib.Framework, branches, units, *n)
		if *asJSON {
			return writeJSON(e.stdout, map[string]any{"for": what, "branches": branches, "panel": panel, "uncovered": uncovered, "excluded": excluded})
		}
		fmt.Fprintf(e.stdout, "%s：需要覆盖 %s；回避单位 %s\n", what, strings.Join(branches, "、"), strings.Join(units, "、"))
		for i, p := range panel {
			fmt.Fprintf(e.stdout, "%d. %s %s（%s，%s）—— %s\n", i+1, p.Expert.ID, p.Expert.Name, p.Expert.Unit, p.Expert.Title, p.Reason)
		}
		if len(uncovered) > 0 {
			fmt.Fprintf(e.stdout, "无专家覆盖：%s\n", strings.Join(uncovered, "、"))
		}
		if len(excluded) > 0 {
			fmt.Fprintf(e.stdout, "因利益冲突回避：%s\n", strings.Join(excluded, "、"))
		}
		return nil
	}
	return usageError{fmt.Sprintf("unknown subcommand %q: want add, list or suggest", args[0])}
}
