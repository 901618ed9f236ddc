package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"strings"

	"stdkb"
)

// cmdUser manages accounts: `user add NAME --role R [--unit U]` reads the password from the
// first line of standard input, so it never appears in the shell history or process list.
func cmdUser(_ context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usageError{"want a subcommand: add, list, disable, enable, passwd or sessions"}
	}
	if accountCommands[args[0]] {
		return cmdUserAccount(e, args)
	}
	fs := flag.NewFlagSet("user "+args[0], flag.ContinueOnError)
	data := dataFlag(fs)
	contentDir := contentFlag(fs)
	role := fs.String("role", "", "pilot, reviewer or admin")
	unit := fs.String("unit", "", "the unit a pilot speaks for")
	rest, err := parseFlags(fs, args[1:])
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
			return usageError{"want exactly one user name"}
		}
		fmt.Fprintf(e.stderr, "password for %s (one line on standard input): ", rest[0])
		line, err := bufio.NewReader(e.stdin).ReadString('\n')
		if err != nil && line == "" {
			return usageError{"no password on standard input"}
		}
		fmt.Fprintln(e.stderr)
		u, err := stdkb.NewUser(rest[0], *role, *unit, strings.TrimRight(line, "\r\n"))
		if err != nil {
			return err
		}
		if err := checkPilotUnit(e, *contentDir, u); err != nil {
			return err
		}
		if err := st.AddUser(u, currentUser()); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "added user %s (%s)\n", u.Name, u.Role)
		return nil
	case "list":
		users, err := st.Users()
		if err != nil {
			return err
		}
		table := [][]string{{"用户", "角色", "单位", "创建时间", "状态"}}
		for _, u := range users {
			state := "启用"
			if u.Disabled {
				state = "已停用"
			}
			table = append(table, []string{u.Name, u.Role, u.Unit, u.CreatedAt.Format("2006-01-02 15:04"), state})
		}
		printTable(e.stdout, table)
		return nil
	}
	return usageError{fmt.Sprintf("unknown subcommand %q: want add, list, disable, enable, passwd or sessions", args[0])}
}
