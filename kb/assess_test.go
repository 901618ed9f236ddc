package kb

import (
	"context"
	"errors"
	"io/fs"
	"testing"

	"stdkb"
	"stdkb/content"
)

// TestAnonymousAssessmentsAreBounded: with every anonymous slot taken, a further anonymous
// assessment waits (here until its request ends) while a signed-in caller's runs.
func TestAnonymousAssessmentsAreBounded(t *testing.T) {
	app, err := New(context.Background(), Config{Content: content.Default(), DataDir: t.TempDir(), LazyIndex: true,
		Today: func() stdkb.Date { return stdkb.MustDate("2026-11-25") }})
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	body, err := fs.ReadFile(content.Default(), "submissions/shapingba-2025-midterm.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < MaxAnonymousAssessments; i++ {
		app.anonAssess <- struct{}{} // assessments in flight
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := app.Assess(ctx, Anonymous, body); !errors.Is(err, context.Canceled) {
		t.Errorf("anonymous assessment with every slot taken: %v, want it to wait", err)
	}
	if _, err := app.Assess(ctx, Caller{Name: "li", Role: stdkb.RolePilot, Unit: "沙坪坝区机关事务管理局"}, body); err != nil {
		t.Errorf("signed-in assessment: %v", err)
	}
	<-app.anonAssess
	if _, err := app.Assess(context.Background(), Anonymous, body); err != nil {
		t.Errorf("anonymous assessment with a free slot: %v", err)
	}
}
