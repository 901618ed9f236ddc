package kb_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"stdkb"
	"stdkb/kb"
	"stdkb/kb/kbtest"
)

// withUnit is unit A's sample submission naming its unit as name.
func withUnit(t *testing.T, name string) []byte {
	doc := kbtest.Sample(t, "shapingba-2025-midterm")
	out := bytes.Replace(doc, []byte("unit: "+kbtest.UnitA), []byte("unit: "+name), 1)
	if bytes.Equal(doc, out) && name != kbtest.UnitA {
		t.Fatal("the sample does not name unit A")
	}
	return out
}

// TestUnitsAreStoredCanonical: whichever of a unit's names a writer uses (its id, short name,
// full name or alias), the submission is stored under the unit's content id, and the unit's
// pilot reads and lists it; a pilot may use any of its own unit's names.
func TestUnitsAreStoredCanonical(t *testing.T) {
	f := kbtest.New(t)
	names := []string{kbtest.UnitAID, "沙坪坝区", "重庆市沙坪坝区机关事务管理局", kbtest.UnitA}
	for _, role := range []string{kbtest.Admin, kbtest.PilotA} {
		for _, name := range names {
			v, err := f.App.CreateSubmission(f.Caller(role), kb.ParseOptions{}, withUnit(t, name))
			if err != nil {
				t.Fatalf("%s filing as %q: %v", role, name, err)
			}
			stored, err := f.Store.Submission(v.ID)
			if err != nil || stored.Unit != kbtest.UnitAID || !bytes.Contains(stored.Body, []byte(`"unit":"`+kbtest.UnitAID+`"`)) {
				t.Errorf("%s filing as %q: stored unit %q (%v), want %q in the record and the body", role, name, stored.Unit, err, kbtest.UnitAID)
			}
			if _, err := f.App.Submission(f.Caller(kbtest.PilotA), v.ID); err != nil {
				t.Errorf("%s filed as %q; unit A's pilot cannot read it: %v", role, name, err)
			}
			if _, err := f.App.Submission(f.Caller(kbtest.PilotB), v.ID); stdkb.ErrorCode(err) != stdkb.ENOTFOUND {
				t.Errorf("unit B's pilot reads unit A's submission: %v", err)
			}
		}
	}
	list, err := f.App.Submissions(f.Caller(kbtest.PilotA), "")
	if err != nil || len(list) != 2*len(names) {
		t.Errorf("unit A's pilot lists %d submissions (%v), want %d", len(list), err, 2*len(names))
	}
	if list, _ := f.App.Submissions(f.Caller(kbtest.Admin), "沙坪坝区"); len(list) != 2*len(names) {
		t.Errorf("listing by short name finds %d, want %d", len(list), 2*len(names))
	}
	// Unit B's pilot may not file for unit A under any of its names.
	for _, name := range names {
		if _, err := f.App.CreateSubmission(f.Caller(kbtest.PilotB), kb.ParseOptions{}, withUnit(t, name)); stdkb.ErrorCode(err) != stdkb.EFORBIDDEN {
			t.Errorf("unit B's pilot filing as %q: %v, want forbidden", name, err)
		}
	}
}

// TestOldRecordsAreComparedByUnit: a submission stored earlier under a unit's alias (before
// units were stored by id) is read, listed and updated by that unit's pilot, and shown with the
// unit's id — nothing is migrated.
func TestOldRecordsAreComparedByUnit(t *testing.T) {
	f := kbtest.New(t)
	body := kbtest.AsJSON(t, kbtest.Sample(t, "shapingba-2025-midterm"))
	old, err := f.Store.CreateSubmission("沙坪坝区", "pilot-midterm", body, kbtest.PilotA)
	if err != nil {
		t.Fatal(err)
	}
	pilot := f.Caller(kbtest.PilotA)
	v, err := f.App.Submission(pilot, old.ID)
	if err != nil || v.Unit != kbtest.UnitAID {
		t.Fatalf("old record read by its pilot: unit %q (%v), want %q", v.Unit, err, kbtest.UnitAID)
	}
	if list, _ := f.App.Submissions(pilot, ""); len(list) != 1 {
		t.Errorf("old record listed %d times for its pilot, want once", len(list))
	}
	if _, err := f.App.UpdateSubmission(pilot, old.ID, kb.ParseOptions{}, withUnit(t, kbtest.UnitAID)); err != nil {
		t.Errorf("updating the old record by the unit's id: %v", err)
	}
}

// TestPilotsSeeRolesNotAccounts: who changed a submission is shown to its pilot as a role when
// it was an administrator's account, as the ledger shows the committee; reviewers see names.
func TestPilotsSeeRolesNotAccounts(t *testing.T) {
	f := kbtest.New(t)
	v, err := f.App.CreateSubmission(f.Caller(kbtest.Admin), kb.ParseOptions{}, kbtest.Sample(t, "shapingba-2025-midterm"))
	if err != nil {
		t.Fatal(err)
	}
	pilot := f.Caller(kbtest.PilotA)
	got, err := f.App.Submission(pilot, v.ID)
	if err != nil || got.UpdatedBy != "管理员" || got.Stored.UpdatedBy != "管理员" {
		t.Errorf("pilot sees updated_by %q / %q (%v), want 管理员", got.UpdatedBy, got.Stored.UpdatedBy, err)
	}
	if list, _ := f.App.Submissions(pilot, ""); len(list) != 1 || list[0].UpdatedBy != "管理员" {
		t.Errorf("pilot's list does not show 管理员 as the one who changed it")
	}
	versions, err := f.App.SubmissionVersions(pilot, v.ID)
	if err != nil || len(versions) == 0 || strings.Contains(versions[0].UpdatedBy+versions[0].Stored.UpdatedBy, kbtest.Admin) {
		t.Errorf("pilot's versions show an account name (%v)", err)
	}
	// Reviewers see account names; the pilot's own edits carry the pilot's name.
	if vs, _ := f.App.SubmissionVersions(f.Caller(kbtest.Reviewer), v.ID); len(vs) != 1 || vs[0].UpdatedBy != kbtest.Admin {
		t.Errorf("reviewer sees %d versions, want one by the admin's account name", len(vs))
	}
	if _, err := f.App.UpdateSubmission(pilot, v.ID, kb.ParseOptions{}, kbtest.Sample(t, "shapingba-2025-midterm")); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.App.Submission(pilot, v.ID); got.UpdatedBy != kbtest.PilotA {
		t.Errorf("pilot's own edit shown as %q", got.UpdatedBy)
	}
}

// TestSubmissionsPerUnitAreCapped: a unit holding its limit of submissions gets a Chinese
// refusal for another, through the API and the form, and nothing is stored; other units and
// new versions of existing submissions are not affected.
func TestSubmissionsPerUnitAreCapped(t *testing.T) {
	f := kbtest.NewConfigured(t, func(c *kb.Config) { c.MaxSubmissionsPerUnit = 2 })
	pilot := f.Caller(kbtest.PilotA)
	first := f.DraftA()
	f.DraftA()
	_, err := f.App.CreateSubmission(pilot, kb.ParseOptions{}, kbtest.Sample(t, "shapingba-2025-midterm"))
	if stdkb.ErrorCode(err) != stdkb.ECONFLICT || !strings.Contains(stdkb.ErrorMessage(err), "上限") {
		t.Fatalf("third submission of a unit capped at 2: %v, want a Chinese conflict", err)
	}
	form := midtermForm()
	_, err = f.App.SaveForm(pilot, form)
	var fe *kb.FormError
	if !errors.As(err, &fe) || len(fe.Problems) == 0 || !strings.Contains(fe.Problems[0].Message, "上限") {
		t.Errorf("form over the cap: %v, want the cap named as a problem of the form", err)
	}
	if list, _ := f.App.Submissions(f.Caller(kbtest.Admin), ""); len(list) != 2 {
		t.Errorf("%d submissions stored, want 2", len(list))
	}
	if _, err := f.App.UpdateSubmission(pilot, first, kb.ParseOptions{}, kbtest.Sample(t, "shapingba-2025-midterm")); err != nil {
		t.Errorf("a new version at the cap: %v", err)
	}
}
