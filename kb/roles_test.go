package kb_test

import (
	"testing"

	"stdkb/kb/kbtest"
)

// TestRoles drives every use case with every role and checks it is allowed or refused as the
// table says. The HTTP tests drive the same table through the server.
func TestRoles(t *testing.T) {
	f := kbtest.New(t)
	for _, c := range kbtest.Cases(t) {
		for _, role := range kbtest.Roles {
			err := c.Call(f, f.Caller(role))
			switch {
			case c.Allows(role) && err != nil:
				t.Errorf("%s as %s: refused: %v", c.Name, role, err)
			case !c.Allows(role) && !kbtest.Denied(err):
				t.Errorf("%s as %s: want a refusal, got %v", c.Name, role, err)
			}
		}
	}
}
