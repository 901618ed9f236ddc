package kb

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"stdkb"
)

// APIToken is a personal API token as listed: never its secret or digest.
type APIToken = stdkb.APIToken

// NewToken is a token just created, with its secret, which is shown this once.
type NewToken struct {
	APIToken
	Token string `json:"token"`
}

// TokenRequest says which token to create: for User (the caller when empty; only administrators
// create tokens for others), named Name, valid for Days (stdkb.DefaultTokenDays when 0).
type TokenRequest struct {
	User string `json:"user,omitempty"`
	Name string `json:"name"`
	Days int    `json:"days,omitempty"`
}

// tokenOwner is the account a token use case is about: the caller's own, or (administrators
// only) another's.
func (a *App) tokenOwner(c Caller, user string) (string, error) {
	if err := needUser(c); err != nil {
		return "", err
	}
	if err := a.needStore(); err != nil {
		return "", err
	}
	if user == "" || user == c.Name {
		return c.Name, nil
	}
	if !c.IsAdmin() {
		return "", stdkb.Errorf(stdkb.EFORBIDDEN, "只能管理自己的令牌；管理员可以为其他用户管理令牌。")
	}
	if _, err := a.cfg.Store.User(user); err != nil {
		return "", stdkb.Errorf(stdkb.ENOTFOUND, "没有用户 %q。", user)
	}
	return user, nil
}

// CreateToken creates a personal API token and returns it with its secret, shown only now.
// A token acts as its user, with the user's role and unit at the time of each request.
func (a *App) CreateToken(c Caller, req TokenRequest) (NewToken, error) {
	user, err := a.tokenOwner(c, req.User)
	if err != nil {
		return NewToken{}, err
	}
	t, secret, err := stdkb.NewAPIToken(user, req.Name, c.Name, req.Days, time.Now())
	if err != nil {
		return NewToken{}, err
	}
	if err := a.cfg.Store.CreateToken(t, c.Name); err != nil {
		return NewToken{}, err
	}
	a.log.Info("API token created", "user", user, "token", t.ID, "by", c.Name)
	t.Digest = ""
	return NewToken{APIToken: t, Token: secret}, nil
}

// CreateOwnToken creates a token for the caller from a JSON TokenRequest without a user (the
// JSON API's form).
func (a *App) CreateOwnToken(c Caller, body []byte) (NewToken, error) {
	if err := needUser(c); err != nil {
		return NewToken{}, err
	}
	var req TokenRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return NewToken{}, stdkb.WrapError(stdkb.EINVALID, err, `请求内容应为 JSON 对象，如 {"name": "报表脚本", "days": 90}。`)
	}
	if req.User != "" && req.User != c.Name {
		return NewToken{}, stdkb.Errorf(stdkb.EINVALID, "此接口只为当前用户创建令牌；管理员可用 stdkb token create --user 为其他用户创建。")
	}
	return a.CreateToken(c, req)
}

// Tokens lists a user's tokens (the caller's own when user is empty): their names and dates,
// never their secrets.
func (a *App) Tokens(c Caller, user string) ([]APIToken, error) {
	user, err := a.tokenOwner(c, user)
	if err != nil {
		return nil, err
	}
	return a.cfg.Store.Tokens(user)
}

// AllTokens lists every account's tokens: administrators only.
func (a *App) AllTokens(c Caller) ([]APIToken, error) {
	if err := a.adminWithStore(c); err != nil {
		return nil, err
	}
	return a.cfg.Store.Tokens("")
}

// RevokeToken deletes one of a user's tokens (the caller's own when user is empty) by its ID.
func (a *App) RevokeToken(c Caller, user, id string) error {
	user, err := a.tokenOwner(c, user)
	if err != nil {
		return err
	}
	if err := a.cfg.Store.RevokeToken(user, id, c.Name); err != nil {
		return err
	}
	a.log.Info("API token revoked", "user", user, "token", id, "by", c.Name)
	return nil
}

// errBadToken is the answer to a token that is unknown, expired, revoked or whose account is
// disabled or gone: the same in every case, so it tells nothing about which.
var errBadToken = stdkb.Errorf(stdkb.EUNAUTHORIZED, "API 令牌无效、已过期或已吊销。")

// CallerForToken is the caller a bearer token stands for: its user with the user's current
// role and unit.
func (a *App) CallerForToken(secret string) (Caller, error) {
	if a.cfg.Store == nil || !strings.HasPrefix(secret, stdkb.TokenPrefix) || len(secret) > 128 {
		return Anonymous, errBadToken
	}
	t, err := a.cfg.Store.TokenByDigest(stdkb.TokenDigest(secret))
	if err != nil {
		return Anonymous, errBadToken
	}
	c := a.CallerNamed(t.User)
	if !c.SignedIn() {
		return Anonymous, errBadToken
	}
	return c, nil
}
