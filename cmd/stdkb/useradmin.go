package main

import (
	"bufio"
	"flag"
	"fmt"
	"strings"

	"stdkb"
)

// accountCommands are the `user` subcommands that manage an existing account.
var accountCommands = map[string]bool{"disable": true, "enable": true, "passwd": true, "sessions": true}

// cmdUserAccount runs `user disable|enable|passwd|sessions NAME`. Every change is written to the
// audit log by the store, with the operating-system user as the actor. passwd reads the new
// password from the first line of standard input; sessions lists the account's sessions, and
// with --revoke ID (or --revoke all) signs them out.
func cmdUserAccount(e *env, args []string) error {
	fs := flag.NewFlagSet("user "+args[0], flag.ContinueOnError)
	data := dataFlag(fs)
	revoke := fs.String("revoke", "", "sessions: revoke the session with this id, or all")
	rest, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{"want exactly one user name"}
	}
	name := rest[0]
	st, err := openStore(*data)
	if err != nil {
		return err
	}
	defer st.Close()
	actor := currentUser()
	switch args[0] {
	case "disable", "enable":
		n, err := st.SetUserDisabled(name, args[0] == "disable", actor)
		if err != nil {
			return err
		}
		if args[0] == "disable" {
			fmt.Fprintf(e.stdout, "已停用用户 %s，注销其会话 %d 个\n", name, n)
		} else {
			fmt.Fprintf(e.stdout, "已启用用户 %s\n", name)
		}
	case "passwd":
		fmt.Fprintf(e.stderr, "new password for %s (one line on standard input): ", name)
		line, err := bufio.NewReader(e.stdin).ReadString('\n')
		if err != nil && line == "" {
			return usageError{"no password on standard input"}
		}
		fmt.Fprintln(e.stderr)
		n, err := st.ResetPassword(name, strings.TrimRight(line, "\r\n"), actor)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "已重置用户 %s 的密码，注销其会话 %d 个\n", name, n)
	case "sessions":
		if *revoke != "" {
			var ids []string
			if *revoke != "all" {
				ids = strings.Split(*revoke, ",")
			}
			n, err := st.RevokeSessions(name, actor, ids...)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "已注销用户 %s 的会话 %d 个\n", name, n)
			return nil
		}
		if _, err := st.User(name); err != nil {
			return err
		}
		list, err := st.UserSessions(name)
		if err != nil {
			return err
		}
		table := [][]string{{"会话", "用户", "到期时间"}}
		for _, s := range list {
			table = append(table, []string{s.ID, s.User, s.Expiry.Local().Format("2006-01-02 15:04")})
		}
		printTable(e.stdout, table)
	}
	return nil
}

// checkPilotUnit refuses a pilot account whose unit the content does not know: a typo would
// otherwise leave the pilot unable to see any of its unit's submissions.
func checkPilotUnit(e *env, contentDir string, u stdkb.User) error {
	if u.Role != stdkb.RolePilot {
		return nil
	}
	lib, _, err := loadLibrary(e, contentDir)
	if err != nil {
		return err
	}
	if _, ok := lib.Unit(u.Unit); ok {
		return nil
	}
	var names []string
	for _, x := range lib.Units {
		names = append(names, x.Name)
	}
	return stdkb.Errorf(stdkb.EINVALID, "单位 %q 不在知识库的单位中（--unit 可填单位编号、名称或以名称开头的全称，如 %s）",
		u.Unit, strings.Join(names, "、"))
}
