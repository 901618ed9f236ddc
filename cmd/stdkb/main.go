// Command stdkb is the standards-and-regulations knowledge base for government-affairs
// administration: it checks, lists and shows the content and (in later commands) searches,
// evaluates and serves it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"stdkb"
	"stdkb/kb"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// command is one stdkb subcommand.
type command struct {
	name    string
	usage   string // arguments after the name
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

// env is what every command may use: its streams and, for a command the running server
// executes for the command line, the server's live knowledge base and the caller's working
// directory.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer

	argv      []string // the whole command, to forward to a running server
	live      *kb.App  // set when a running server executes the command
	cwd       string   // the caller's working directory, when it is not this process's
	forwarded bool     // the command came over the admin socket: never forward it again
}

// usageError marks an error in how a command was called; it exits with status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// exitError ends a command with a status and no further message (the command printed it).
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func commands() []command {
	return []command{
		{"serve", "[--addr 127.0.0.1:8080] [--data DIR] [--content DIR] [--require-login] [--secure-cookies] [--max-submissions-per-unit 200]", "运行网页应用和 JSON 接口", cmdServe},
		{"check", "[--content DIR]", "校验内容，列出全部问题", cmdCheck},
		{"ls", "[--type T] [--domain CODE] [--status S] [--json]", "列出文件、检查表和指标", cmdList},
		{"show", "ID[#SECTION] [--edition E | --asof DATE] [--toc] [--json]", "显示文件、某一版本或某一条款", cmdShow},
		{"history", "ID [--json]", "列出文件的各版本、状态和复审", cmdHistory},
		{"diff", "DOC@EDITION DOC@EDITION | DOC [--format text|json|html]", "两个版本之间逐条的变化", cmdDiff},
		{"framework", "[--json]", "显示“3+7N”标准体系及各分支文件数", cmdFramework},
		{"search", "[--json] [--limit N] [--type T] [--domain C] [--asof DATE] QUERY…|-", "全文检索；- 表示从标准输入逐行读取检索式", cmdSearch},
		{"index", "[--rebuild] [--data DIR]", "建立检索索引（内容变化时会自动进行）", cmdIndex},
		{"assess", "SUBMISSION… [--format text|json|md|xlsx] [-o FILE] | --samples", "对自评材料评分，逐项说明；可多份对照", cmdAssess},
		{"submission", "save|submit|review|list|versions …", "已保存的自评：草稿、提交、评审、各版本", cmdSubmission},
		{"review", "due|rate|record|ledger …", "复审：到期提醒、按期复审率、记录结论、台账", cmdReview},
		{"compile", "--type regulation|standard [--unit U] [--asof DATE] --format html|docx|pdf -o FILE", "某日现行版本的汇编（可打印）", cmdCompile},
		{"system-table", "[--unit U] [--asof DATE] --format xlsx|docx|html|svg -o FILE", "标准体系表：结构图、明细表、统计表、编制说明", cmdSystemTable},
		{"import", "FILE.docx [--kind standard|regulation] [-o DIR]", "把 Word 标准或制度转为 Markdown 文本", cmdImport},
		{"export", "--unit U -o BUNDLE.tar.gz", "导出单位标准体系的共享包（全部版本、清单、校验和）", cmdExport},
		{"import-bundle", "BUNDLE.tar.gz --content DIR [--dry-run] [--skip-conflicts] [--json]", "导入共享包；冲突只报告，从不覆盖", cmdImportBundle},
		{"import-catalog", "FILE.xlsx|FILE.csv --content DIR [--skip-bad-rows] [--dry-run] [--json]", "把标准明细表导入为题录条目；逐行报告错误，有错不写入", cmdImportCatalog},
		{"experts", "add ID --name N --unit U --specialties B3,B4 [--conflicts …] | list | suggest --for DOC|SUBMISSION [--n 5]", "专家库与评审组推荐", cmdExperts},
		{"user", "add NAME --role 试点单位|评审人员|管理员 [--unit U] | list | disable|enable|passwd|sessions NAME", "网页应用的账户（密码从标准输入读取；--role 也接受英文代号 pilot、reviewer、admin）", cmdUser},
		{"token", "create --user NAME --name WHAT [--days 90] | list [--user NAME] | revoke --user NAME ID", "JSON 接口的个人令牌（Authorization: Bearer），密钥只显示一次", cmdToken},
		{"evidence", "adopt [--data DIR] [--json]", "把旧版本存放在数据目录中的佐证材料收入数据库", cmdEvidence},
		{"backup", "-o FILE [--data DIR]", "数据库的一致备份，服务运行时也可进行", cmdBackup},
		{"restore", "FILE [--data DIR]", "用校验过的备份替换数据库（须先停止服务）", cmdRestore},
		{"version", "", "显示程序与内容版本", cmdVersion},
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	return e.run(ctx, args)
}

// run runs one command line and returns its exit status.
func (e *env) run(ctx context.Context, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printUsage(e.stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	e.argv = args
	for _, c := range commands() {
		if c.name == args[0] {
			return e.exit(c, c.run(ctx, e, args[1:]))
		}
	}
	fmt.Fprintf(e.stderr, "stdkb：未知命令 %q\n", args[0])
	printUsage(e.stderr)
	return 2
}

// exit is the command line's renderer of errors: the user's message and its details on
// standard error, and an exit status (2 for usage errors, 1 otherwise). Internal errors also
// show their cause: on the command line, standard error is the administrator's log.
func (e *env) exit(c command, err error) int {
	var ue usageError
	var xe exitError
	var fw forwarded
	var hr helpRequest
	switch {
	case err == nil:
		return 0
	case errors.As(err, &hr):
		fmt.Fprintf(e.stdout, "用法：stdkb %s %s\n\n参数：\n%s", c.name, c.usage, hr.flags)
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(e.stderr, "stdkb %s：%s\n用法：stdkb %s %s\n", c.name, ue.msg, c.name, c.usage)
		return 2
	case errors.As(err, &xe):
		return xe.code
	case errors.As(err, &fw):
		return fw.code
	}
	for _, d := range stdkb.ErrorDetails(err) {
		fmt.Fprintln(e.stderr, d)
	}
	msg := stdkb.ErrorMessage(err)
	if stdkb.ErrorCode(err) == stdkb.EINTERNAL {
		msg = err.Error()
	}
	fmt.Fprintf(e.stderr, "stdkb %s：%s\n", c.name, msg)
	return 1
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "stdkb — 机关事务标准规范知识库\n\n用法：stdkb 命令 [参数]\n\n命令：")
	width := 0
	for _, c := range commands() {
		width = max(width, len(c.name))
	}
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-*s  %s\n", width, c.name, c.summary)
	}
	fmt.Fprintf(w, "\n内容默认为程序内嵌的知识库；--content DIR 或环境变量 $%s 可指定另一内容目录。\n", "STDKB_CONTENT")
}

// parseFlags parses flags that may stand before, between or after positional arguments, as
// users type them ("stdkb show ID --json"). Everything after "--" is positional.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, helpRequest{flagList(fs)}
			}
			return nil, usageError{flagErrorMessage(err)}
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// helpRequest is -h or --help on a command: its usage and the descriptions of its flags.
type helpRequest struct{ flags string }

func (helpRequest) Error() string { return flag.ErrHelp.Error() }

func (helpRequest) Unwrap() error { return flag.ErrHelp }

// flagList describes a command's flags in Chinese; flag.PrintDefaults would add English.
func flagList(fs *flag.FlagSet) string {
	spelled := func(name string) string { // as the usage lines write them: -o, --format
		if len(name) == 1 {
			return "-" + name
		}
		return "--" + name
	}
	width := 0
	fs.VisitAll(func(f *flag.Flag) { width = max(width, len(spelled(f.Name))) })
	var b strings.Builder
	fs.VisitAll(func(f *flag.Flag) {
		fmt.Fprintf(&b, "  %-*s  %s", width, spelled(f.Name), f.Usage)
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			fmt.Fprintf(&b, "（默认：%s）", f.DefValue)
		}
		b.WriteString("\n")
	})
	return b.String()
}

// flagErrors rewrites the flag package's English messages, which it only exposes as text.
var flagErrors = strings.NewReplacer(
	"flag provided but not defined: ", "未定义的参数：",
	"flag needs an argument: ", "参数需要取值：",
	"bad flag syntax: ", "参数格式不对：",
	"invalid boolean value ", "布尔值无效：",
	"invalid boolean flag ", "布尔参数无效：",
	"invalid value ", "取值无效：",
	" for flag ", "，参数 ",
	" for ", "，参数 ",
	": parse error", "：无法解析",
	": value out of range", "：超出范围",
)

func flagErrorMessage(err error) string {
	return flagErrors.Replace(err.Error())
}

// parseNoArgs parses flags for a command that takes no positional arguments.
func parseNoArgs(fs *flag.FlagSet, args []string) error {
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{"多余的参数：" + strings.Join(rest, " ")}
	}
	return nil
}

// contentFlag and dataFlag define the flags most commands share.
func contentFlag(fs *flag.FlagSet) *string {
	return fs.String("content", "", "内容目录（默认：内置内容，或 $STDKB_CONTENT）")
}

func dataFlag(fs *flag.FlagSet) *string {
	return fs.String("data", "", "数据目录（默认：$STDKB_DATA 或 ~/.local/share/stdkb）")
}

// oneOf checks a flag value against its allowed values.
func oneOf(flagName, v string, allowed ...string) error {
	if v == "" {
		return nil
	}
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	sort.Strings(allowed)
	return usageError{fmt.Sprintf("--%s %q：应为 %s 之一", flagName, v, strings.Join(allowed, "、"))}
}

// optionalDate parses the value of the date flag name, or returns fallback when it is empty.
func optionalDate(name, value string, fallback stdkb.Date) (stdkb.Date, error) {
	if value == "" {
		return fallback, nil
	}
	d, err := stdkb.ParseDate(value)
	if err != nil {
		return stdkb.Date{}, usageError{"--" + name + "：" + err.Error()}
	}
	return d, nil
}
