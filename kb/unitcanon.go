package kb

import (
	"stdkb"
)

// Units are stored by their content id. Writes accept the id, short name, full name or any
// declared alias and store the id; records written before that (a unit's alias, as pilot
// accounts once recorded it) are compared by the unit they name, so nothing needs migrating.

// canonicalUnit is the content id of the unit key names; a name the content does not know is
// returned unchanged (validation refuses it, in Chinese, where it is written).
func (a *App) canonicalUnit(key string) string {
	if u, ok := a.lib().Unit(key); ok {
		return u.ID
	}
	return key
}

// sameUnit reports whether two names (ids, names or aliases) name the same unit.
func (a *App) sameUnit(x, y string) bool {
	return x == y || a.canonicalUnit(x) == a.canonicalUnit(y)
}

// speaksFor reports whether the caller may read and change the unit's submissions: reviewers
// and administrators any unit's, pilots their own unit's, by whichever of its names.
func (a *App) speaksFor(c Caller, unit string) bool {
	return c.CanSeeUnit(unit) || (c.SignedIn() && c.Role == stdkb.RolePilot && a.sameUnit(c.Unit, unit))
}

// unitName is the unit's short name for messages, or the key as given.
func (a *App) unitName(key string) string {
	if u, ok := a.lib().Unit(key); ok {
		return u.Name
	}
	return key
}

// DefaultMaxSubmissionsPerUnit is the cap on a unit's self-assessments when the configuration
// sets none: a unit files a handful a year (one per checklist and stage, resubmissions being
// new versions of the same one), so 200 leaves decades of room and bounds a runaway script.
const DefaultMaxSubmissionsPerUnit = 200

func (a *App) maxSubmissionsPerUnit() int {
	if a.cfg.MaxSubmissionsPerUnit > 0 {
		return a.cfg.MaxSubmissionsPerUnit
	}
	return DefaultMaxSubmissionsPerUnit
}

// checkSubmissionCap refuses a new submission for a unit that holds its limit already.
func (a *App) checkSubmissionCap(unit string) error {
	vs, err := a.cfg.Store.Submissions("")
	if err != nil {
		return err
	}
	n, limit := 0, a.maxSubmissionsPerUnit()
	for _, v := range vs {
		if a.sameUnit(v.Unit, unit) {
			n++
		}
	}
	if n >= limit {
		return stdkb.Errorf(stdkb.ECONFLICT, "%s已有 %d 份自评材料，达到每个单位 %d 份的上限：请在已有的自评材料上修改后重新提交（修改不占名额），或请管理员调整上限。", a.unitName(unit), n, limit)
	}
	return nil
}
