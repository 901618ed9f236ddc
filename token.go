package stdkb

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// APIToken is a personal API token: a random secret its user sends as "Authorization: Bearer
// SECRET" to the JSON API. Only the secret's SHA-256 digest is stored (the secret has 256 bits
// of entropy, so a fast digest is as safe as a password hash and costs nothing per request);
// the secret is shown once, when the token is created. A token acts as its user with the user's
// current role and unit, so it never grants more than the account, and stops working when the
// account is disabled.
type APIToken struct {
	ID        string    `json:"id"`   // public name: the first 12 hex digits of the digest
	User      string    `json:"user"` // the account the token acts as
	Name      string    `json:"name"` // what the user called it ("报表脚本")
	Digest    string    `json:"digest,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by"`
	ExpiresAt time.Time `json:"expires_at"`
}

// TokenPrefix starts every token secret, so a leaked one is recognisable in logs and scanners.
const TokenPrefix = "stdkb_"

// Limits of API tokens.
const (
	DefaultTokenDays = 90
	MaxTokenDays     = 366
	MaxTokenName     = 64 // bytes
	MaxUserTokens    = 20 // live tokens per account
)

// NewAPIToken makes a token for user named name, valid for days (DefaultTokenDays when 0), and
// returns it with its secret.
func NewAPIToken(user, name, createdBy string, days int, now time.Time) (APIToken, string, error) {
	name = strings.TrimSpace(name)
	switch {
	case days == 0:
		days = DefaultTokenDays
	case days < 0 || days > MaxTokenDays:
		return APIToken{}, "", Errorf(EINVALID, "令牌有效期应为 1 至 %d 天。", MaxTokenDays)
	}
	if name == "" {
		return APIToken{}, "", Errorf(EINVALID, "请为令牌起一个名称（如用途），便于日后识别和吊销。")
	}
	if len(name) > MaxTokenName {
		return APIToken{}, "", Errorf(EINVALID, "令牌名称至多 %d 个字节。", MaxTokenName)
	}
	secret := TokenPrefix + rand.Text() + rand.Text()
	digest := TokenDigest(secret)
	now = now.UTC().Truncate(time.Second)
	return APIToken{ID: digest[:12], User: user, Name: name, Digest: digest, CreatedAt: now, CreatedBy: createdBy,
		ExpiresAt: now.AddDate(0, 0, days)}, secret, nil
}

// TokenDigest is the hex SHA-256 of a token secret, the form the store keeps and looks up.
func TokenDigest(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
