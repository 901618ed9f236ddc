package kb

import (
	"context"
	"path/filepath"
	"testing"

	"stdkb"
	"stdkb/content"
	"stdkb/store"
)

// TestSignInComparesAHashForUnknownNames: an unknown name and a known name with a wrong
// password each cost one bcrypt comparison, so refusals take the same time.
func TestSignInComparesAHashForUnknownNames(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "stdkb.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u, _ := stdkb.NewUser("known", stdkb.RoleReviewer, "", "correct horse battery")
	if err := st.AddUser(u, "test"); err != nil {
		t.Fatal(err)
	}
	app, err := New(context.Background(), Config{Content: content.Default(), DataDir: dir, Store: st, LazyIndex: true})
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	for _, name := range []string{"known", "nobody-by-this-name"} {
		before := passwordChecks.Load()
		if _, err := app.SignIn(name, "wrong password"); stdkb.ErrorCode(err) != stdkb.EUNAUTHORIZED {
			t.Fatalf("sign-in as %s with a wrong password: %v", name, err)
		}
		if n := passwordChecks.Load() - before; n != 1 {
			t.Errorf("sign-in as %s: %d password comparisons, want 1", name, n)
		}
	}
	if c, err := app.SignIn("known", "correct horse battery"); err != nil || c.Name != "known" {
		t.Errorf("right password refused: %v", err)
	}
}
