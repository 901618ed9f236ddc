package schemas_test

import (
	"testing"

	"stdkb/schemas"
)

// TestCheckJSONCounts counts only top-level lists' own entries, whatever they nest.
func TestCheckJSONCounts(t *testing.T) {
	src := []byte("{\"note\": \"[x]\",\n\"items\": [{\"evidence\": [1, 2, 3], \"x\": {\"y\": [4]}}, [5, 6], 7],\n\"standards\": []}")
	for _, tt := range []struct {
		limit int
		fail  bool
	}{{3, false}, {2, true}, {0, true}} {
		e := schemas.CheckJSONCounts(src, map[string]int{"items": tt.limit, "standards": 0})
		if (e != nil) != tt.fail || (e != nil && (e.Field != "items" || e.Line != 2)) {
			t.Errorf("limit %d: %+v, want failure=%v on items, line 2", tt.limit, e, tt.fail)
		}
	}
	if e := schemas.CheckJSONCounts([]byte("items: [1, 2, 3]"), map[string]int{"items": 1}); e != nil {
		t.Errorf("YAML: %+v, want nil (the YAML decoder checks it)", e)
	}
	limits, err := schemas.ListLimits("submission")
	if err != nil || limits["items"] != 2000 || limits["standards"] != 5000 {
		t.Errorf("submission limits %v (%v)", limits, err)
	}
}
