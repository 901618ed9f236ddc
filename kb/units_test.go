package kb_test

import (
	"bytes"
	"strings"
	"testing"

	"stdkb"
	"stdkb/kb"
	"stdkb/kb/kbtest"
)

// TestSubmissionUnitMustBeKnown: a submission naming a unit the content does not know is
// refused (the store would keep it under that name) and nothing is stored; an administrator,
// who may file for any unit, is held to the same rule.
func TestSubmissionUnitMustBeKnown(t *testing.T) {
	f := kbtest.New(t)
	doc := kbtest.Sample(t, "shapingba-2025-midterm")
	typo := bytes.Replace(doc, []byte(kbtest.UnitA), []byte("沙坪坝区机关事物管理局"), 1)
	if bytes.Equal(doc, typo) {
		t.Fatal("the sample does not name unit A")
	}
	for _, role := range []string{kbtest.Admin, kbtest.PilotA} {
		_, err := f.App.CreateSubmission(f.Caller(role), kb.ParseOptions{}, typo)
		if stdkb.ErrorCode(err) != stdkb.EINVALID || !strings.Contains(strings.Join(stdkb.ErrorDetails(err), "\n"), "未知单位") {
			t.Errorf("%s filing for an unknown unit: %v", role, err)
		}
	}
	id := f.DraftA()
	if _, err := f.App.UpdateSubmission(f.Caller(kbtest.Admin), id, kb.ParseOptions{}, typo); stdkb.ErrorCode(err) != stdkb.EINVALID {
		t.Errorf("update naming an unknown unit: %v", err)
	}
	vs, err := f.App.Submissions(f.Caller(kbtest.Admin), "")
	if err != nil || len(vs) != 1 || vs[0].Unit != kbtest.UnitA {
		t.Errorf("stored submissions %+v (%v), want only unit A's draft", vs, err)
	}
	if _, err := f.App.AddUser(f.Caller(kbtest.Admin), "pilotC", stdkb.RolePilot, "火星区机关事务管理局", kbtest.Password); stdkb.ErrorCode(err) != stdkb.EINVALID {
		t.Errorf("pilot of an unknown unit: %v", err)
	}
}
