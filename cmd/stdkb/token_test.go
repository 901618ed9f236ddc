package main

import (
	"strings"
	"testing"
)

// TestTokenCommands: an administrator creates a user's API token (the secret printed once on
// standard output), lists it without the secret, and revokes it.
func TestTokenCommands(t *testing.T) {
	data := t.TempDir()
	if code, out, errOut := runWithStdin(t, "correct horse battery\n", "user", "add", "zhao", "--role", "reviewer", "--data", data); code != 0 {
		t.Fatalf("add user: exit %d\n%s%s", code, out, errOut)
	}
	code, secret, errOut := runCLI(t, "token", "create", "--user", "zhao", "--name", "报表脚本", "--days", "30", "--data", data)
	secret = strings.TrimSpace(secret)
	if code != 0 || !strings.HasPrefix(secret, "stdkb_") || !strings.Contains(errOut, "只显示这一次") {
		t.Fatalf("create: exit %d %q %s", code, secret, errOut)
	}
	code, list, _ := runCLI(t, "token", "list", "--data", data)
	if code != 0 || !strings.Contains(list, "报表脚本") || strings.Contains(list, secret) {
		t.Fatalf("list: exit %d\n%s", code, list)
	}
	lines := strings.Split(strings.TrimSpace(list), "\n")
	id := strings.Fields(lines[len(lines)-1])[0] // the one token's row, after the header
	for _, s := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"token", "create", "--user", "nobody", "--name", "x"}, 1, "没有用户"},
		{[]string{"token", "create", "--user", "zhao"}, 1, "请为令牌起一个名称"},
		{[]string{"token", "create", "--name", "x"}, 2, "需要给出 --user"},
		{[]string{"token", "revoke", "--user", "zhao", "nope"}, 1, "没有编号为 nope 的令牌"},
		{[]string{"token", "revoke", "--user", "zhao", id}, 0, "已吊销用户 zhao 的令牌 " + id},
		{[]string{"token", "list", "--user", "zhao"}, 0, "令牌"},
	} {
		code, out, errOut := runCLI(t, append(s.args, "--data", data)...)
		if code != s.code || !strings.Contains(out+errOut, s.want) {
			t.Errorf("%v: exit %d, want %d containing %q\n%s%s", s.args, code, s.code, s.want, out, errOut)
		}
	}
	if _, list, _ := runCLI(t, "token", "list", "--data", data); strings.Contains(list, "报表脚本") {
		t.Errorf("revoked token still listed:\n%s", list)
	}
}
