package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"stdkb"
	"stdkb/kb"
)

// cmdExperts manages the expert pool and proposes review panels.
func cmdExperts(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usageError{"需要子命令：add、list 或 suggest"}
	}
	fs := flag.NewFlagSet("experts "+args[0], flag.ContinueOnError)
	dir := contentFlag(fs)
	data := dataFlag(fs)
	name := fs.String("name", "", "专家姓名（add）")
	unit := fs.String("unit", "", "专家所在单位（add）")
	title := fs.String("title", "", "职称（add）")
	specialties := fs.String("specialties", "", "体系编码，例如 B3,B4（add）")
	conflicts := fs.String("conflicts", "", "除本单位外专家须回避的单位（add）")
	forWhat := fs.String("for", "", "文件编号或已保存的自评材料编号（suggest）")
	n := fs.Int("n", 5, "评审组人数（suggest）")
	asJSON := fs.Bool("json", false, "以 JSON 输出")
	rest, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	switch args[0] {
	case "add":
		if len(rest) != 1 {
			return usageError{"需要且只能给出一个专家编号"}
		}
	case "suggest":
		if *forWhat == "" {
			return usageError{"--for：应为文件编号或自评材料编号"}
		}
	case "list":
	default:
		return usageError{fmt.Sprintf("未知子命令 %q：应为 add、list 或 suggest", args[0])}
	}
	app, done, err := openApp(ctx, e, appOptions{content: *dir, data: *data})
	if err != nil {
		return err
	}
	defer done()
	c := admin(currentUser())
	switch args[0] {
	case "add":
		x := stdkb.Expert{ID: rest[0], Name: *name, Unit: *unit, Title: *title, Specialties: stdkb.SplitList(*specialties), Conflicts: stdkb.SplitList(*conflicts)}
		if err := app.AddExpert(c, x); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "已保存专家 %s（%s）\n", x.ID, x.Name)
		return nil
	case "list":
		pool, err := app.Experts(c)
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
	}
	sug, err := app.SuggestPanel(c, *forWhat, *n)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, map[string]any{"for": sug.What, "branches": sug.Branches, "panel": sug.Panel, "uncovered": sug.Uncovered, "excluded": sug.Excluded})
	}
	printSuggestion(e, sug)
	return nil
}

func printSuggestion(e *env, sug *kb.PanelSuggestion) {
	fmt.Fprintf(e.stdout, "%s：需要覆盖 %s；回避单位 %s\n", sug.What, strings.Join(sug.Branches, "、"), strings.Join(sug.Units, "、"))
	for i, p := range sug.Panel {
		fmt.Fprintf(e.stdout, "%d. %s %s（%s，%s）—— %s\n", i+1, p.Expert.ID, p.Expert.Name, p.Expert.Unit, p.Expert.Title, p.Reason)
	}
	if len(sug.Uncovered) > 0 {
		fmt.Fprintf(e.stdout, "无专家覆盖：%s\n", strings.Join(sug.Uncovered, "、"))
	}
	if len(sug.Excluded) > 0 {
		excluded := make([]string, len(sug.Excluded))
		for i, id := range sug.Excluded {
			excluded[i] = id + " " + sug.ExcludedNames[i] // commands take the id, people read the name
		}
		fmt.Fprintf(e.stdout, "因利益冲突回避：%s\n", strings.Join(excluded, "、"))
	}
}
