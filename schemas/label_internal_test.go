package schemas

import (
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Every property of the submission schema has a Chinese title, so no field of a submission is
// named to a person by its key.
func TestSubmissionFieldsTitled(t *testing.T) {
	sch, err := schemaNamed("submission")
	if err != nil {
		t.Fatal(err)
	}
	var walk func(s *jsonschema.Schema, loc []string, depth int)
	walk = func(s *jsonschema.Schema, loc []string, depth int) {
		if s = resolved(s); s == nil || depth > 8 {
			return
		}
		for key, p := range s.Properties {
			at := append(append([]string(nil), loc...), key)
			if got := Label("submission", at); strings.Contains(got, "“") {
				t.Errorf("%s is named %q: give it a title in submission.json", FieldPath(at), got)
			}
			walk(p, at, depth+1)
		}
		if s.Items2020 != nil {
			walk(s.Items2020, append(append([]string(nil), loc...), "0"), depth+1)
		}
	}
	walk(sch, nil, 0)
}
