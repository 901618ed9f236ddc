package store

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"

	"stdkb"
)

// tokensBucket holds API tokens by digest (stdkb.TokenDigest of the secret) → stdkb.APIToken.
var tokensBucket = []byte("api_tokens")

// Audit actions written for API tokens.
const (
	actionCreateToken = "token.create"
	actionRevokeToken = "token.revoke"
)

// CreateToken stores a new token of an existing user, audited with actor (the account that asked
// for it). A user holds at most stdkb.MaxUserTokens live tokens (ECONFLICT beyond).
func (s *Store) CreateToken(t stdkb.APIToken, actor string) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		if users := tx.Bucket(usersBucket); users == nil || users.Get([]byte(t.User)) == nil {
			return stdkb.Errorf(stdkb.ENOTFOUND, "没有用户 %q", t.User)
		}
		b, err := tx.CreateBucketIfNotExists(tokensBucket)
		if err != nil {
			return err
		}
		live, now := 0, time.Now()
		var expired [][]byte
		err = eachToken(b, func(x stdkb.APIToken) error {
			switch {
			case x.User != t.User:
			case now.Before(x.ExpiresAt):
				live++
			default:
				expired = append(expired, []byte(x.Digest))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range expired { // the user's expired tokens go when a new one comes
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		if live >= stdkb.MaxUserTokens {
			return stdkb.Errorf(stdkb.ECONFLICT, "用户 %s 已有 %d 个有效令牌，请先吊销不用的令牌。", t.User, live)
		}
		v, err := json.Marshal(t)
		if err != nil {
			return err
		}
		if err := b.Put([]byte(t.Digest), v); err != nil {
			return err
		}
		return auditUser(tx, actor, actionCreateToken, t.User, map[string]any{"token": t.ID, "name": t.Name, "expires_at": t.ExpiresAt})
	})
	if err != nil {
		return fmt.Errorf("create token for %s: %w", t.User, err)
	}
	return nil
}

// TokenByDigest returns the token whose secret has this digest; ENOTFOUND when there is none
// or it has expired.
func (s *Store) TokenByDigest(digest string) (stdkb.APIToken, error) {
	var t stdkb.APIToken
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(tokensBucket)
		var v []byte
		if b != nil {
			v = b.Get([]byte(digest))
		}
		if v == nil {
			return stdkb.Errorf(stdkb.ENOTFOUND, "没有这个令牌")
		}
		return json.Unmarshal(v, &t)
	})
	if err == nil && !time.Now().Before(t.ExpiresAt) {
		err = stdkb.Errorf(stdkb.ENOTFOUND, "令牌已过期")
	}
	return t, err
}

// Tokens lists a user's tokens (every user's when user is ""), without digests, newest first.
func (s *Store) Tokens(user string) ([]stdkb.APIToken, error) {
	var out []stdkb.APIToken
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(tokensBucket)
		if b == nil {
			return nil
		}
		return eachToken(b, func(t stdkb.APIToken) error {
			if user == "" || t.User == user {
				t.Digest = ""
				out = append(out, t)
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].CreatedAt.After(out[j].CreatedAt) })
	return out, nil
}

// RevokeToken deletes the user's token with this ID (ENOTFOUND when the user has none such),
// audited with actor.
func (s *Store) RevokeToken(user, id, actor string) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(tokensBucket)
		var key []byte
		if b != nil {
			err := eachToken(b, func(t stdkb.APIToken) error {
				if t.User == user && t.ID == id {
					key = []byte(t.Digest)
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		if key == nil {
			return stdkb.Errorf(stdkb.ENOTFOUND, "用户 %s 没有编号为 %s 的令牌", user, id)
		}
		if err := b.Delete(key); err != nil {
			return err
		}
		return auditUser(tx, actor, actionRevokeToken, user, map[string]any{"token": id})
	})
	if err != nil {
		return fmt.Errorf("revoke token %s of %s: %w", id, user, err)
	}
	return nil
}

func eachToken(b *bolt.Bucket, fn func(stdkb.APIToken) error) error {
	return b.ForEach(func(k, v []byte) error {
		var t stdkb.APIToken
		if err := json.Unmarshal(v, &t); err != nil {
			return fmt.Errorf("decode token: %w", err)
		}
		t.Digest = string(k)
		return fn(t)
	})
}
