package kb

import (
	"context"

	"stdkb"
)

// Caller is who asks for a use case: anonymous (the zero value), or a signed-in user with a
// role (and, for pilots, the unit they speak for). The command line acts as an administrator:
// whoever can open the data directory owns it.
type Caller struct {
	Name string
	Role string
	Unit string

	// ctx is the request the caller made, for use cases that wait for a turn at heavy work
	// (see WithContext). It rides on the caller rather than on every use case's parameters.
	ctx context.Context
}

// WithContext is the caller making a request that ends with ctx: heavy work waiting for its
// turn gives up, answering EBUSY, when ctx ends.
func (c Caller) WithContext(ctx context.Context) Caller {
	c.ctx = ctx
	return c
}

// context is the caller's request context, Background when none was given (the command line).
func (c Caller) context() context.Context {
	if c.ctx == nil {
		return context.Background()
	}
	return c.ctx
}

// Anonymous is the caller nobody signed in as.
var Anonymous = Caller{}

// As is the caller signed in as u.
func As(u stdkb.User) Caller { return Caller{Name: u.Name, Role: u.Role, Unit: u.Unit} }

// Admin is an administrator named name (the command line's caller).
func Admin(name string) Caller { return Caller{Name: name, Role: stdkb.RoleAdmin} }

// SignedIn reports whether the caller is a known user.
func (c Caller) SignedIn() bool { return c.Name != "" }

// IsAdmin reports whether the caller administers the knowledge base.
func (c Caller) IsAdmin() bool { return c.SignedIn() && c.Role == stdkb.RoleAdmin }

// CanReview reports whether the caller may record review decisions, judge submissions and see
// the expert pool.
func (c Caller) CanReview() bool {
	return c.SignedIn() && (c.Role == stdkb.RoleReviewer || c.Role == stdkb.RoleAdmin)
}

// CanSeeUnit reports whether the caller may read and change the unit's submissions.
func (c Caller) CanSeeUnit(unit string) bool {
	return c.SignedIn() && (c.Role != stdkb.RolePilot || c.Unit == unit)
}

// CanEditSubmissions reports whether the caller may fill in, change and submit
// self-assessments: pilots (of their own unit, CanSeeUnit) and administrators. Reviewers
// conclude on what a unit reported; they never change it.
func (c Caller) CanEditSubmissions() bool {
	return c.SignedIn() && c.Role != stdkb.RoleReviewer
}

var (
	errReviewerEdit = stdkb.Errorf(stdkb.EFORBIDDEN, "评审人员只能对单位的自评作出评审结论，不能填写、修改或提交自评。")
	errSignIn       = stdkb.Errorf(stdkb.EUNAUTHORIZED, "请先登录。")
	errNeedReviewer = stdkb.Errorf(stdkb.EFORBIDDEN, "只有评审人员和管理员可以进行此操作。")
	errNeedAdmin    = stdkb.Errorf(stdkb.EFORBIDDEN, "只有管理员可以进行此操作。")
)

// mayRead allows reading the content: everyone, or only signed-in users under RequireLogin.
func (a *App) mayRead(c Caller) error {
	if a.cfg.RequireLogin && !c.SignedIn() {
		return errSignIn
	}
	return nil
}

// ReadAllowed reports (as an error) whether the caller may read at all; front ends use it to
// send anonymous visitors to sign in before anything else.
func (a *App) ReadAllowed(c Caller) error { return a.mayRead(c) }

func needUser(c Caller) error {
	if !c.SignedIn() {
		return errSignIn
	}
	return nil
}

// needEditor allows writing a unit's self-assessment (CanEditSubmissions).
func needEditor(c Caller) error {
	if err := needUser(c); err != nil {
		return err
	}
	if !c.CanEditSubmissions() {
		return errReviewerEdit
	}
	return nil
}

func needReviewer(c Caller) error {
	if err := needUser(c); err != nil {
		return err
	}
	if !c.CanReview() {
		return errNeedReviewer
	}
	return nil
}

func needAdmin(c Caller) error {
	if err := needUser(c); err != nil {
		return err
	}
	if !c.IsAdmin() {
		return errNeedAdmin
	}
	return nil
}

// seesAccounts reports whether the caller may see which account did something. Accounts are
// personal data: others see the committee on the review ledger and a role on submissions.
func seesAccounts(c Caller) bool { return c.CanReview() }

// committeeSideNames show a reviewer's or administrator's account to those who may not see
// account names.
var committeeSideNames = map[string]string{stdkb.RoleReviewer: "评审委员会", stdkb.RoleAdmin: "管理员"}

// accountSeenBy is the account name as c may see it: the name itself for those who see accounts,
// for c's own and for the accounts of c's unit; the role for reviewers' and administrators'
// accounts; "其他账户" for any other.
func (a *App) accountSeenBy(c Caller, name string) string {
	if name == "" || seesAccounts(c) || name == c.Name || a.cfg.Store == nil {
		return name
	}
	u, err := a.cfg.Store.User(name)
	switch {
	case err != nil:
		return "其他账户"
	case u.Role == stdkb.RolePilot && c.Role == stdkb.RolePilot && a.sameUnit(u.Unit, c.Unit):
		return name
	case committeeSideNames[u.Role] != "":
		return committeeSideNames[u.Role]
	}
	return "其他账户"
}
