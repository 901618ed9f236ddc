package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"strings"

	"stdkb"
	"stdkb/kb"
)

// cmdUser manages accounts: `user add NAME --role 角色 [--unit U]` (the role in Chinese, or its
// English key) reads the password from the
// first line of standard input, so it never appears in the shell history or process list.
func cmdUser(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usageError{"需要子命令：add、list、disable、enable、passwd 或 sessions"}
	}
	if accountCommands[args[0]] {
		return cmdUserAccount(ctx, e, args)
	}
	fs := flag.NewFlagSet("user "+args[0], flag.ContinueOnError)
	data := dataFlag(fs)
	contentDir := contentFlag(fs)
	role := fs.String("role", "", "角色：试点单位、评审人员或管理员（也可写英文代号 pilot、reviewer、admin）")
	unit := fs.String("unit", "", "试点用户所代表的单位")
	rest, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	if args[0] != "add" && args[0] != "list" {
		return usageError{fmt.Sprintf("未知子命令 %q：应为 add、list、disable、enable、passwd 或 sessions", args[0])}
	}
	if args[0] == "add" && len(rest) != 1 {
		return usageError{"需要且只能给出一个用户名"}
	}
	key, ok := kb.RoleKey(*role)
	if args[0] == "add" && !ok {
		return stdkb.Errorf(stdkb.EINVALID, "角色：应为试点单位、评审人员或管理员（也可写英文代号 pilot、reviewer、admin），而不是 %q。", *role)
	}
	app, done, err := openApp(ctx, e, appOptions{content: *contentDir, data: *data})
	if err != nil {
		return err
	}
	defer done()
	if args[0] == "list" {
		users, err := app.Users(admin(currentUser()))
		if err != nil {
			return err
		}
		table := [][]string{{"用户", "角色", "单位", "创建时间", "状态"}}
		for _, u := range users {
			state := "启用"
			if u.Disabled {
				state = "已停用"
			}
			unit := ""
			if u.Unit != "" {
				unit = strings.Join(app.UnitNames([]string{u.Unit}), "")
			}
			table = append(table, []string{u.Name, kb.RoleNames[u.Role], unit, u.CreatedAt.Format("2006-01-02 15:04"), state})
		}
		printTable(e.stdout, table)
		return nil
	}
	fmt.Fprintf(e.stderr, "%s 的密码（从标准输入读取一行）：", rest[0])
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && line == "" {
		return usageError{"标准输入中没有密码"}
	}
	fmt.Fprintln(e.stderr)
	u, err := app.AddUser(admin(currentUser()), rest[0], key, *unit, strings.TrimRight(line, "\r\n"))
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "已添加用户 %s（%s）\n", u.Name, kb.RoleNames[u.Role])
	return nil
}
