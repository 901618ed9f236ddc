package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"stdkb"
	"stdkb/kb"
)

// submissionFlags are the flags of `stdkb submission …`.
type submissionFlags struct {
	content, data *string
	by            *string
	id            *uint64
	version       *int
	conclusion    *string
	panel         *string
	override      *string
	unit          *string
	asJSON        *bool
}

// submissionCommand is one subcommand: it runs with the app, the caller and the positional
// arguments.
type submissionCommand func(e *env, app *kb.App, c kb.Caller, f submissionFlags, rest []string) error

var submissionCommands = map[string]submissionCommand{
	"save": submissionSave, "submit": submissionSubmit, "review": submissionReview,
	"list": submissionList, "versions": submissionVersions,
}

// cmdSubmission manages stored self-assessments: drafts, submission with the computed report,
// committee review, and the versions of each.
func cmdSubmission(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usageError{"需要子命令：save、submit、review、list 或 versions"}
	}
	sub, ok := submissionCommands[args[0]]
	if !ok {
		return usageError{fmt.Sprintf("未知子命令 %q：应为 %s", args[0], strings.Join([]string{"save", "submit", "review", "list", "versions"}, "、"))}
	}
	fs := flag.NewFlagSet("submission "+args[0], flag.ContinueOnError)
	f := submissionFlags{content: contentFlag(fs), data: dataFlag(fs),
		by:         fs.String("by", currentUser(), "作出更改的人"),
		id:         fs.Uint64("id", 0, "要更新的自评材料（save）"),
		version:    fs.Int("version", 0, "要评审的版本（默认：最新版本）"),
		conclusion: fs.String("conclusion", "", "委员会的结论（review）"),
		panel:      fs.String("panel", "", "委员会专家编号，例如 e1,e2（review）"),
		override:   fs.String("override", "", "须回避的专家仍参加委员会的理由（review）"),
		unit:       fs.String("unit", "", "只含该单位的自评材料（list）"),
		asJSON:     fs.Bool("json", false, "以 JSON 输出")}
	rest, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	app, done, err := openApp(ctx, e, appOptions{content: *f.content, data: *f.data})
	if err != nil {
		return err
	}
	defer done()
	return sub(e, app, admin(*f.by), f, rest)
}

// showSubmission prints one version: a line, or JSON without the document and report.
func showSubmission(e *env, asJSON bool, v kb.SubmissionView) error {
	if asJSON {
		rec := v.Stored
		rec.Body, rec.Report = nil, nil
		return writeJSON(e.stdout, rec)
	}
	fmt.Fprintf(e.stdout, "自评 #%d 第 %d 版 %s %s %s（%s %s）\n", v.ID, v.Version, stdkb.SubmissionStateName(v.State), v.UnitName, v.ChecklistTitle, v.UpdatedBy, v.Stored.UpdatedAt.Format("2006-01-02 15:04"))
	return nil
}

// submissionArg reads the one submission number a subcommand takes.
func submissionArg(rest []string) (uint64, error) {
	if len(rest) != 1 {
		return 0, usageError{"需要且只能给出一个自评材料编号（ID）"}
	}
	id, err := kb.ParseSubmissionID(rest[0])
	if err != nil {
		return 0, usageError{fmt.Sprintf("%q 不是自评材料编号", rest[0])}
	}
	return id, nil
}

// submissionSave stores a submission file as a new submission, or with --id as a new draft of
// one. The document is parsed once and stored in the same normalised form the web UI stores.
func submissionSave(e *env, app *kb.App, c kb.Caller, f submissionFlags, rest []string) error {
	if len(rest) != 1 {
		return usageError{"需要且只能给出一个自评材料文件（YAML 或 JSON）或示例名称"}
	}
	body, err := readSubmission(e, app, rest[0])
	if err != nil {
		return err
	}
	// A file named .json is read as strict JSON, as the API reads bodies; any other as YAML.
	v, err := app.SaveSubmission(c, *f.id, kb.ParseOptions{Name: rest[0]}, body)
	if err != nil {
		return err
	}
	return showSubmission(e, *f.asJSON, v)
}

func submissionSubmit(e *env, app *kb.App, c kb.Caller, f submissionFlags, rest []string) error {
	id, err := submissionArg(rest)
	if err != nil {
		return err
	}
	v, err := app.Submit(c, id)
	if err != nil {
		return err
	}
	if err := showSubmission(e, *f.asJSON, v); err != nil || *f.asJSON {
		return err
	}
	return kb.ReportText(e.stdout, v.Report)
}

func submissionReview(e *env, app *kb.App, c kb.Caller, f submissionFlags, rest []string) error {
	id, err := submissionArg(rest)
	if err != nil {
		return err
	}
	v, err := app.ReviewSubmission(c, id, *f.version, stdkb.SubmissionReview{Conclusion: *f.conclusion, Panel: stdkb.SplitList(*f.panel), PanelOverride: *f.override})
	if err != nil {
		return err
	}
	return showSubmission(e, *f.asJSON, v)
}

func submissionList(e *env, app *kb.App, c kb.Caller, f submissionFlags, _ []string) error {
	vs, err := app.Submissions(c, *f.unit)
	if err != nil {
		return err
	}
	if *f.asJSON {
		recs := []stdkb.SubmissionVersion{}
		for _, v := range vs {
			rec := v.Stored
			rec.Body, rec.Report = nil, nil
			recs = append(recs, rec)
		}
		return writeJSON(e.stdout, recs)
	}
	for _, v := range vs {
		showSubmission(e, false, v)
	}
	return nil
}

func submissionVersions(e *env, app *kb.App, c kb.Caller, f submissionFlags, rest []string) error {
	id, err := submissionArg(rest)
	if err != nil {
		return err
	}
	vs, err := app.SubmissionVersions(c, id)
	if err != nil {
		return err
	}
	for _, v := range vs {
		showSubmission(e, false, v)
		if v.Review != "" {
			fmt.Fprintf(e.stdout, "  评审结论：%s\n", v.Review)
		}
	}
	return nil
}
