package stdkb_test

import (
	"reflect"
	"testing"

	"stdkb"
)

func TestLevelsFor(t *testing.T) {
	c := &stdkb.Checklist{Levels: []stdkb.Level{{Name: "符合", Credit: 1}, {Name: "部分符合", Credit: 0.5}, {Name: "不符合"}, {Name: "不适用", NotApplicable: true}}}
	for _, tt := range []struct {
		rule string
		want []string
	}{
		{stdkb.RuleLevels, []string{"符合", "部分符合", "不符合", "不适用"}},
		{stdkb.RuleBoolean, []string{"符合", "不符合", "不适用"}},
		{stdkb.RuleScore, []string{"不适用"}},
	} {
		var got []string
		for _, l := range c.LevelsFor(stdkb.ChecklistItem{Rule: tt.rule}) {
			got = append(got, l.Name)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.rule, got, tt.want)
		}
	}
}

func TestMissingEvidenceRule(t *testing.T) {
	for setting, want := range map[string]string{stdkb.EvidenceHalf: "缺少佐证材料的条目得分减半", stdkb.EvidenceFlag: "缺少佐证材料的条目保留得分并提示复核", "": ""} {
		if got := (&stdkb.Checklist{MissingEvidence: setting}).MissingEvidenceRule(); got != want {
			t.Errorf("%q: %q, want %q", setting, got, want)
		}
	}
}

func TestRuleSummary(t *testing.T) {
	for _, tc := range []struct {
		item stdkb.ChecklistItem
		want string
	}{
		{stdkb.ChecklistItem{Rule: stdkb.RuleLevels, Max: 10}, "按等级计分"},
		{stdkb.ChecklistItem{Rule: stdkb.RuleScore, Max: 6}, "直接填写 0 至 6 分"},
		{stdkb.ChecklistItem{Rule: stdkb.RuleScore, Max: 2.5}, "直接填写 0 至 2.5 分"},
		{stdkb.ChecklistItem{Rule: stdkb.RuleBoolean, Max: 8}, "达标得满分，不达标不得分"},
		{stdkb.ChecklistItem{Rule: "other", Max: 8}, ""},
	} {
		if got := tc.item.RuleSummary(); got != tc.want {
			t.Errorf("RuleSummary(%s, %g) = %q, want %q", tc.item.Rule, tc.item.Max, got, tc.want)
		}
	}
}
