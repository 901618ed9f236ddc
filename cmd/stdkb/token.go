package main

import (
	"context"
	"flag"
	"fmt"

	"stdkb/kb"
)

// cmdToken manages personal API tokens: `token create --user U --name N [--days D]` prints the
// secret once; `token list [--user U]`; `token revoke --user U ID`. Every change is audited with
// the operating-system user as the actor.
func cmdToken(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usageError{"需要子命令：create、list 或 revoke"}
	}
	fs := flag.NewFlagSet("token "+args[0], flag.ContinueOnError)
	data := dataFlag(fs)
	user := fs.String("user", "", "令牌代表的账户")
	name := fs.String("name", "", "create：令牌的用途")
	days := fs.Int("days", 0, "create：令牌有效天数（默认 90，最多 366）")
	asJSON := fs.Bool("json", false, "以 JSON 输出")
	rest, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	switch {
	case args[0] != "create" && args[0] != "list" && args[0] != "revoke":
		return usageError{fmt.Sprintf("未知子命令 %q：应为 create、list 或 revoke", args[0])}
	case args[0] != "list" && *user == "":
		return usageError{"需要给出 --user NAME：令牌代表的账户"}
	case args[0] == "revoke" && len(rest) != 1:
		return usageError{"需要且只能给出一个令牌编号（可用 stdkb token list 查看）"}
	case args[0] != "revoke" && len(rest) != 0:
		return usageError{fmt.Sprintf("多余的参数 %v", rest)}
	}
	app, done, err := openApp(ctx, e, appOptions{data: *data})
	if err != nil {
		return err
	}
	defer done()
	c := admin(currentUser())
	switch args[0] {
	case "create":
		t, err := app.CreateToken(c, kb.TokenRequest{User: *user, Name: *name, Days: *days})
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSONLine(e.stdout, t)
		}
		fmt.Fprintln(e.stdout, t.Token)
		fmt.Fprintf(e.stderr, "已为用户 %s 创建令牌 %s（%s），有效至 %s。令牌只显示这一次，请妥善保存；调用接口时发送 Authorization: Bearer 令牌。\n",
			t.User, t.ID, t.Name, t.ExpiresAt.Local().Format("2006-01-02"))
	case "list":
		var ts []kb.APIToken
		if *user == "" {
			ts, err = app.AllTokens(c)
		} else {
			ts, err = app.Tokens(c, *user)
		}
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSONLine(e.stdout, ts)
		}
		table := [][]string{{"令牌", "用户", "名称", "创建时间", "创建人", "到期时间"}}
		for _, t := range ts {
			table = append(table, []string{t.ID, t.User, t.Name, t.CreatedAt.Local().Format("2006-01-02 15:04"), t.CreatedBy,
				t.ExpiresAt.Local().Format("2006-01-02")})
		}
		printTable(e.stdout, table)
		fmt.Fprintf(e.stderr, "共 %d 个令牌\n", len(ts))
	case "revoke":
		if err := app.RevokeToken(c, *user, rest[0]); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "已吊销用户 %s 的令牌 %s\n", *user, rest[0])
	}
	return nil
}
