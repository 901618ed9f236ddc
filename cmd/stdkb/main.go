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
		{"serve", "[--addr 127.0.0.1:8080] [--data DIR] [--content DIR] [--require-login] [--secure-cookies]", "run the web application", cmdServe},
		{"check", "[--content DIR]", "validate the content and list every problem", cmdCheck},
		{"ls", "[--type T] [--domain CODE] [--status S] [--json]", "list documents, checklists and indicators", cmdList},
		{"show", "ID[#SECTION] [--edition E | --asof DATE] [--toc] [--json]", "show a document, an edition or one section", cmdShow},
		{"history", "ID [--json]", "list a document's editions, statuses and reviews", cmdHistory},
		{"diff", "DOC@EDITION DOC@EDITION | DOC [--format text|json|html]", "what changed between two editions, clause by clause", cmdDiff},
		{"framework", "[--json]", "print the 3+7N framework with document counts", cmdFramework},
		{"search", "[--json] [--limit N] [--type T] [--domain C] [--asof DATE] QUERY…|-", "full-text search; - reads one query per line", cmdSearch},
		{"index", "[--rebuild] [--data DIR]", "build the search index (done automatically when content changes)", cmdIndex},
		{"assess", "SUBMISSION… [--format text|json|md|xlsx] [-o FILE] | --samples", "score self-assessments, every point explained; several side by side", cmdAssess},
		{"submission", "save|submit|review|list|versions …", "stored self-assessments: drafts, submission with the report, committee review, versions", cmdSubmission},
		{"review", "due|rate|record|ledger …", "reviews (复审): what is due, the on-time rate, recording decisions, the ledger", cmdReview},
		{"compile", "--type regulation|standard [--unit U] [--asof DATE] --format html|docx|pdf -o FILE", "a printable volume (汇编) of the editions in force on a date", cmdCompile},
		{"system-table", "[--unit U] [--asof DATE] --format xlsx|docx|html|svg -o FILE", "the standard-system table (标准体系表): structure, 明细表, 统计表, 编制说明", cmdSystemTable},
		{"import", "FILE.docx [--kind standard|regulation] [-o DIR]", "convert a Word standard or regulation into a markdown edition", cmdImport},
		{"export", "--unit U -o BUNDLE.tar.gz", "a sharing bundle of a unit's standard system (all editions, manifest, checksums)", cmdExport},
		{"import-bundle", "BUNDLE.tar.gz --content DIR [--dry-run] [--skip-conflicts] [--json]", "merge a sharing bundle; conflicts are reported, never overwritten", cmdImportBundle},
		{"import-catalog", "FILE.xlsx|FILE.csv --content DIR [--skip-bad-rows] [--dry-run] [--json]", "import a standard catalogue (标准明细表) as metadata entries; every bad row reported, nothing written on error", cmdImportCatalog},
		{"experts", "add ID --name N --unit U --specialties B3,B4 [--conflicts …] | list | suggest --for DOC|SUBMISSION [--n 5]", "the expert pool (专家库) and review panel suggestions", cmdExperts},
		{"user", "add NAME --role pilot|reviewer|admin [--unit U] | list | disable|enable|passwd|sessions NAME", "accounts for the web application (password on standard input)", cmdUser},
		{"token", "create --user NAME --name WHAT [--days 90] | list [--user NAME] | revoke --user NAME ID", "personal API tokens (Authorization: Bearer) for the JSON API; the secret is shown once", cmdToken},
		{"evidence", "adopt [--data DIR] [--json]", "take evidence files kept by older versions in the data directory into the database", cmdEvidence},
		{"backup", "-o FILE [--data DIR]", "a consistent copy of the database, also while the server runs", cmdBackup},
		{"restore", "FILE [--data DIR]", "replace the database with a checked backup (the server must be stopped)", cmdRestore},
		{"version", "", "print the program and content versions", cmdVersion},
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
	fmt.Fprintf(e.stderr, "stdkb: unknown command %q\n", args[0])
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
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(e.stderr, "stdkb %s: %s\nusage: stdkb %s %s\n", c.name, ue.msg, c.name, c.usage)
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
	fmt.Fprintf(e.stderr, "stdkb %s: %s\n", c.name, msg)
	return 1
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "stdkb — 机关事务标准规范知识库\n\nusage: stdkb COMMAND [flags]\n\ncommands:")
	width := 0
	for _, c := range commands() {
		width = max(width, len(c.name))
	}
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-*s  %s\n", width, c.name, c.summary)
	}
	fmt.Fprintf(w, "\nThe content is the embedded knowledge base unless --content DIR or $%s names another.\n", "STDKB_CONTENT")
}

// parseFlags parses flags that may stand before, between or after positional arguments, as
// users type them ("stdkb show ID --json"). Everything after "--" is positional.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err.Error()}
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

// parseNoArgs parses flags for a command that takes no positional arguments.
func parseNoArgs(fs *flag.FlagSet, args []string) error {
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{"unexpected arguments: " + strings.Join(rest, " ")}
	}
	return nil
}

// contentFlag and dataFlag define the flags most commands share.
func contentFlag(fs *flag.FlagSet) *string {
	return fs.String("content", "", "content directory (default: embedded, or $STDKB_CONTENT)")
}

func dataFlag(fs *flag.FlagSet) *string {
	return fs.String("data", "", "data directory (default: $STDKB_DATA or ~/.local/share/stdkb)")
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
	return usageError{fmt.Sprintf("--%s %q: want one of %s", flagName, v, strings.Join(allowed, ", "))}
}

// optionalDate parses the value of the date flag name, or returns fallback when it is empty.
func optionalDate(name, value string, fallback stdkb.Date) (stdkb.Date, error) {
	if value == "" {
		return fallback, nil
	}
	d, err := stdkb.ParseDate(value)
	if err != nil {
		return stdkb.Date{}, usageError{"--" + name + ": " + err.Error()}
	}
	return d, nil
}
