package kb_test

import (
	"strings"
	"testing"

	"stdkb"
	"stdkb/kb/kbtest"
)

func TestSubmissionReportIsNamedInWords(t *testing.T) {
	f := kbtest.New(t)
	pilot := f.Caller(kbtest.PilotA)
	file, err := f.App.SubmissionReport(pilot, f.DraftA())
	if err != nil {
		t.Fatal(err)
	}
	if file.Name != "沙坪坝区-中期评估-第1版.xlsx" {
		t.Errorf("report named %q", file.Name)
	}
}

func TestAccountAndExpertRules(t *testing.T) {
	f := kbtest.New(t)
	admin := f.Caller(kbtest.Admin)
	if _, err := f.App.SetUserDisabled(admin, admin.Name, true); stdkb.ErrorCode(err) != stdkb.EINVALID {
		t.Errorf("an admin disabling their own account: %v", err)
	}
	if err := f.App.SetUserUnit(admin, kbtest.Reviewer, "bishan"); stdkb.ErrorCode(err) != stdkb.EINVALID || !strings.Contains(stdkb.ErrorMessage(err), "评审人员") {
		t.Errorf("a reviewer given a unit: %v", err)
	}
	u, err := f.App.AddUser(admin, "li", stdkb.RoleReviewer, "bishan", kbtest.Password)
	if err != nil || u.Unit != "" {
		t.Errorf("a reviewer kept a unit: %+v %v", u, err)
	}
	for i, want := range []string{"ZJ001", "ZJ002"} {
		x, err := f.App.NewExpert(admin, stdkb.Expert{ID: "typed", Name: "专家" + want, Unit: "某大学", Specialties: []string{"B3"}, Conflicts: []string{"shapingba"}})
		if err != nil || x.ID != want {
			t.Fatalf("expert %d: id %q, %v", i, x.ID, err)
		}
		if strings.Join(x.Conflicts, ",") != "shapingba,沙坪坝区,重庆市沙坪坝区机关事务管理局,沙坪坝区机关事务管理局" {
			t.Errorf("conflicts recorded as %v", x.Conflicts)
		}
	}
	if names := f.App.UnitNames([]string{"shapingba", "沙坪坝区机关事务管理局", "某大学"}); strings.Join(names, ",") != "沙坪坝区,某大学" {
		t.Errorf("unit names %v", names)
	}
	if _, err := f.App.NewExpert(f.Caller(kbtest.Reviewer), stdkb.Expert{Name: "x", Unit: "y", Specialties: []string{"B3"}}); stdkb.ErrorCode(err) != stdkb.EFORBIDDEN {
		t.Errorf("a reviewer adding an expert: %v", err)
	}
}
