package server

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/go-chi/chi/v5"

	"stdkb"
	"stdkb/kb"
)

// The administration pages: accounts (add, disable and enable, reset a password, sign out
// sessions, set a pilot's unit) and bundle imports. Every change goes through a kb use case,
// which checks the caller is an administrator and audits it.

// adminMessages are the confirmations shown after a change, by the ?done= a redirect names.
var adminMessages = map[string]string{
	"added": "已添加用户。", "disabled": "已停用账号，其登录会话已全部退出。", "enabled": "已启用账号。",
	"password": "已重置密码，该用户的登录会话已全部退出。", "unit": "已更改所属单位。", "revoked": "已退出所选会话。",
	"imported": "共享包已导入，内容已重新加载。", "cancelled": "已取消导入，未写入任何文件。",
}

// adminPage renders the administration page with a message and, after a refused form, what was
// typed (never the password).
func (s *Server) adminPage(w http.ResponseWriter, r *http.Request, status int, msg string) {
	c := caller(r)
	st, err := s.app.AdminStatus(c)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	units, err := s.app.Units(c)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	data := map[string]any{
		"Users": st.Users, "Hash": st.Hash, "Loaded": st.Loaded, "Content": st.Content,
		"Failure": st.Failure, "Reloaded": r.URL.Query().Get("reloaded"), "Units": units,
		"Roles": roleOptions, "Form": r.PostForm, "Message": msg, "Error": status >= 400,
	}
	s.page(w, r, status, "admin.html", "管理", data)
}

// roleOptions are the roles an administrator chooses from, in the order the form lists them.
var roleOptions = []struct{ Value, Name string }{
	{stdkb.RolePilot, kb.RoleNames[stdkb.RolePilot]},
	{stdkb.RoleReviewer, kb.RoleNames[stdkb.RoleReviewer]},
	{stdkb.RoleAdmin, kb.RoleNames[stdkb.RoleAdmin]},
}

// refused re-renders a page with a refusal's message when the refusal is the user's to fix
// (bad input, a conflict, nothing found); other errors get the error page.
func (s *Server) refused(w http.ResponseWriter, r *http.Request, err error, render func(status int, msg string)) {
	switch code := stdkb.ErrorCode(err); code {
	case stdkb.EINVALID, stdkb.ECONFLICT, stdkb.ENOTFOUND:
		msg := stdkb.ShownMessage(err)
		if d := stdkb.ShownDetails(err); len(d) > 0 {
			msg += strings.Join(d, "；")
		}
		render(stdkb.HTTPStatus(code), msg)
	default:
		s.uiError(w, r, err)
	}
}

// uiAddUser adds an account from the administration page's form.
func (s *Server) uiAddUser(w http.ResponseWriter, r *http.Request) {
	f := r.PostForm
	_, err := s.app.AddUser(caller(r), strings.TrimSpace(f.Get("name")), f.Get("role"), f.Get("unit"), f.Get("password"))
	if err != nil {
		s.refused(w, r, err, func(status int, msg string) { s.adminPage(w, r, status, msg) })
		return
	}
	http.Redirect(w, r, "/admin?done=added", http.StatusSeeOther)
}

// uiUser shows one account: its sessions and the forms that change it.
func (s *Server) uiUser(w http.ResponseWriter, r *http.Request) {
	s.userPage(w, r, http.StatusOK, adminMessages[r.URL.Query().Get("done")])
}

func (s *Server) userPage(w http.ResponseWriter, r *http.Request, status int, msg string) {
	c := caller(r)
	name := chi.URLParam(r, "name")
	sessions, err := s.app.UserSessions(c, name)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	users, err := s.app.Users(c)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	var user stdkb.User
	for _, u := range users {
		if u.Name == name {
			user = u
		}
	}
	units, err := s.app.Units(c)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	s.page(w, r, status, "admin_user.html", "用户 "+name, map[string]any{
		"Account": user, "Sessions": sessions, "Units": units, "Message": msg, "Error": status >= 400,
		"UnitName": unitNameOf(units, user.Unit),
	})
}

// unitNameOf is the short name of the unit key names among units, or key.
func unitNameOf(units []*stdkb.Unit, key string) string {
	if key == "" {
		return ""
	}
	for _, u := range units {
		if u.ID == key || u.Name == key || u.FullName == key || contains(u.Aliases, key) {
			return u.Name
		}
	}
	return key
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// uiUserAction applies one change to an account from its page.
func (s *Server) uiUserAction(w http.ResponseWriter, r *http.Request) {
	c, name := caller(r), chi.URLParam(r, "name")
	var err error
	done := chi.URLParam(r, "action")
	switch done {
	case "disabled", "enabled":
		_, err = s.app.SetUserDisabled(c, name, done == "disabled")
	case "password":
		_, err = s.app.ResetPassword(c, name, r.PostFormValue("password"))
	case "unit":
		err = s.app.SetUserUnit(c, name, r.PostFormValue("unit"))
	case "revoked":
		_, err = s.app.RevokeSessions(c, name, r.PostForm["session"]...)
	default:
		s.uiNotFound(w, r)
		return
	}
	if err != nil {
		s.refused(w, r, err, func(status int, msg string) { s.userPage(w, r, status, msg) })
		return
	}
	http.Redirect(w, r, "/admin/users/"+url.PathEscape(name)+"?done="+done, http.StatusSeeOther)
}

// uiBundles offers the bundle upload.
func (s *Server) uiBundles(w http.ResponseWriter, r *http.Request) {
	if _, err := s.app.AdminStatus(caller(r)); err != nil {
		s.uiError(w, r, err)
		return
	}
	s.page(w, r, http.StatusOK, "admin_bundle.html", "导入共享包", map[string]any{"Message": adminMessages[r.URL.Query().Get("done")],
		"ReadOnly": !s.app.ContentWritable()})
}

// uiBundleUpload checks an uploaded bundle by a dry run and shows what importing it would do.
func (s *Server) uiBundleUpload(w http.ResponseWriter, r *http.Request) {
	c := caller(r)
	render := func(status int, data map[string]any) {
		s.page(w, r, status, "admin_bundle.html", "导入共享包", data)
	}
	f, _, err := r.FormFile("bundle")
	if err != nil {
		if _, aerr := s.app.AdminStatus(c); aerr != nil {
			s.uiError(w, r, aerr)
			return
		}
		msg, status := "请选择要导入的共享包文件（.tar.gz）。", http.StatusBadRequest
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			msg, status = stdkb.ShownMessage(tooLargeError(mbe.Limit)), http.StatusRequestEntityTooLarge
		}
		render(status, map[string]any{"Message": msg, "Error": true})
		return
	}
	defer f.Close()
	staged, err := s.app.StageBundle(c, f)
	if err != nil {
		var rep *kb.BundleReport
		if staged != nil {
			rep = staged.Report
		}
		s.refused(w, r, err, func(status int, msg string) {
			render(status, map[string]any{"Message": msg, "Error": true, "Report": rep})
		})
		return
	}
	render(http.StatusOK, map[string]any{"Staged": staged, "Report": staged.Report})
}

// uiBundleConfirm imports the bundle a dry run kept, or cancels it.
func (s *Server) uiBundleConfirm(w http.ResponseWriter, r *http.Request) {
	c, token := caller(r), r.PostFormValue("token")
	if r.PostFormValue("cancel") != "" {
		if err := s.app.CancelBundle(c, token); err != nil {
			s.uiError(w, r, err)
			return
		}
		http.Redirect(w, r, "/admin/bundles?done=cancelled", http.StatusSeeOther)
		return
	}
	rep, err := s.app.ConfirmBundle(r.Context(), c, token)
	if err != nil {
		s.refused(w, r, err, func(status int, msg string) {
			s.page(w, r, status, "admin_bundle.html", "导入共享包", map[string]any{"Message": msg, "Error": true, "Report": rep})
		})
		return
	}
	http.Redirect(w, r, "/admin/bundles?done=imported", http.StatusSeeOther)
}
