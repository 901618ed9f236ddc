package main

import (
	"strings"
	"testing"
)

// An admin can disable and re-enable an account, reset its password and list its sessions,
// and a pilot's unit must be one the content knows.
func TestUserAccountCommands(t *testing.T) {
	data := t.TempDir()
	if code, out, errOut := runWithStdin(t, "correct horse battery\n", "user", "add", "zhao", "--role", "pilot", "--unit", "沙坪坝区机关事务管理局", "--data", data); code != 0 {
		t.Fatalf("add pilot: exit %d\n%s%s", code, out, errOut)
	}
	if code, _, errOut := runWithStdin(t, "correct horse battery\n", "user", "add", "qian", "--role", "pilot", "--unit", "火星区", "--data", data); code != 1 || !strings.Contains(errOut, "不在知识库的单位中") {
		t.Errorf("pilot of an unknown unit: exit %d, stderr %q", code, errOut)
	}
	steps := []struct {
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"", []string{"user", "disable", "zhao"}, 0, "已停用用户 zhao"},
		{"", []string{"user", "list"}, 0, "已停用"},
		{"", []string{"user", "enable", "zhao"}, 0, "已启用用户 zhao"},
		{"another long secret\n", []string{"user", "passwd", "zhao"}, 0, "已重置用户 zhao 的密码"},
		{"short\n", []string{"user", "passwd", "zhao"}, 1, "至少 10 个字符"},
		{"", []string{"user", "sessions", "zhao"}, 0, "到期时间"},
		{"", []string{"user", "sessions", "zhao", "--revoke", "abc"}, 1, "没有编号为 abc 的会话"},
		{"", []string{"user", "disable", "nobody"}, 1, "没有用户"},
		{"", []string{"user", "sessions", "nobody", "--revoke", "all"}, 1, "没有用户"},
		{"", []string{"user", "frobnicate", "zhao"}, 2, "应为 add、list、disable"},
	}
	for _, s := range steps {
		code, out, errOut := runWithStdin(t, s.stdin, append(s.args, "--data", data)...)
		if code != s.code || !strings.Contains(out+errOut, s.want) {
			t.Errorf("%v: exit %d, want %d containing %q\n%s%s", s.args, code, s.code, s.want, out, errOut)
		}
	}
	st, err := openStore(data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	log, _ := st.Audit()
	var actions []string
	for _, a := range log {
		actions = append(actions, a.Action)
	}
	if got := strings.Join(actions, " "); got != "user.add user.disable user.enable user.passwd" {
		t.Errorf("audit log: %s", got)
	}
	u, _ := st.User("zhao")
	if !u.CheckPassword("another long secret") {
		t.Error("the new password does not sign in")
	}
}

// Roles are named in Chinese: `user list` and `user add` print 试点单位／评审人员／管理员, and
// --role takes the Chinese name or the English key.
func TestUserRolesInChinese(t *testing.T) {
	data := t.TempDir()
	for _, s := range []struct {
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"a long enough secret\n", []string{"user", "add", "zhao", "--role", "试点单位", "--unit", "沙坪坝区机关事务管理局"}, 0, "已添加用户 zhao（试点单位）"},
		{"a long enough secret\n", []string{"user", "add", "sun", "--role", "评审人员"}, 0, "已添加用户 sun（评审人员）"},
		{"a long enough secret\n", []string{"user", "add", "li", "--role", "admin"}, 0, "已添加用户 li（管理员）"},
		{"a long enough secret\n", []string{"user", "add", "wu", "--role", "主任"}, 1, "角色：应为试点单位、评审人员或管理员"},
		{"", []string{"user", "list"}, 0, "试点单位"},
	} {
		code, out, errOut := runWithStdin(t, s.stdin, append(s.args, "--data", data)...)
		if code != s.code || !strings.Contains(out+errOut, s.want) {
			t.Errorf("%v: exit %d, want %d containing %q\n%s%s", s.args, code, s.code, s.want, out, errOut)
		}
	}
	_, out, _ := runWithStdin(t, "", "user", "list", "--data", data)
	for _, want := range []string{"试点单位", "评审人员", "管理员"} {
		if !strings.Contains(out, want) {
			t.Errorf("user list lacks the role %s:\n%s", want, out)
		}
	}
	for _, key := range []string{"pilot", "reviewer", "admin"} {
		if strings.Contains(out, key) {
			t.Errorf("user list shows the role key %s:\n%s", key, out)
		}
	}
}
