package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"strings"
)

// accountCommands are the `user` subcommands that manage an existing account.
var accountCommands = map[string]bool{"disable": true, "enable": true, "passwd": true, "sessions": true}

// cmdUserAccount runs `user disable|enable|passwd|sessions NAME`. Every change is written to the
// audit log by the store, with the operating-system user as the actor. passwd reads the new
// password from the first line of standard input; sessions lists the account's sessions, and
// with --revoke ID (or --revoke all) signs them out.
func cmdUserAccount(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("user "+args[0], flag.ContinueOnError)
	data := dataFlag(fs)
	revoke := fs.String("revoke", "", "sessions：注销该编号的会话，或 all 注销全部")
	rest, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{"需要且只能给出一个用户名"}
	}
	name := rest[0]
	app, done, err := openApp(ctx, e, appOptions{data: *data})
	if err != nil {
		return err
	}
	defer done()
	c := admin(currentUser())
	switch args[0] {
	case "disable", "enable":
		n, err := app.SetUserDisabled(c, name, args[0] == "disable")
		if err != nil {
			return err
		}
		if args[0] == "disable" {
			fmt.Fprintf(e.stdout, "已停用用户 %s，注销其会话 %d 个\n", name, n)
		} else {
			fmt.Fprintf(e.stdout, "已启用用户 %s\n", name)
		}
	case "passwd":
		fmt.Fprintf(e.stderr, "%s 的新密码（从标准输入读取一行）：", name)
		line, err := bufio.NewReader(e.stdin).ReadString('\n')
		if err != nil && line == "" {
			return usageError{"标准输入中没有密码"}
		}
		fmt.Fprintln(e.stderr)
		n, err := app.ResetPassword(c, name, strings.TrimRight(line, "\r\n"))
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
			n, err := app.RevokeSessions(c, name, ids...)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "已注销用户 %s 的会话 %d 个\n", name, n)
			return nil
		}
		list, err := app.UserSessions(c, name)
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
