package evaluator_test

import (
	"errors"
	"strings"
	"testing"

	"stdkb/evaluator"
)

// TestJSONCountsWhileDecoding: a JSON submission with more items than the schema allows is
// refused when the first item past the limit is read — the rest of the body, here not even
// valid JSON, is never decoded — and the refusal names the list and its limit.
func TestJSONCountsWhileDecoding(t *testing.T) {
	head := `{"unit":"璧山区","period":{"from":"2025-01-01","to":"2025-12-31"},"checklist":"pilot-midterm","stage":"中期评估","items":[`
	items := strings.Repeat(`{"id":"sys-1","score":1},`, 2001)
	src := []byte(head + items + ` this is not JSON and would fail the full decoder`)
	_, err := evaluator.Parse(src, library(t))
	var ie *evaluator.InvalidError
	if !errors.As(err, &ie) || len(ie.Errors) != 1 || ie.Errors[0].Field != "items" || !strings.Contains(ie.Errors[0].Message, "至多 2000 项") {
		t.Fatalf("2001 items: %v, want one error on items naming the limit", err)
	}
	// At the limit the count passes, and the full checks speak (here: the item repeats).
	at := []byte(head + strings.TrimSuffix(strings.Repeat(`{"id":"sys-1","score":1},`, 2000), ",") + `]}`)
	_, err = evaluator.Parse(at, library(t))
	if err == nil || strings.Contains(err.Error(), "至多 2000 项") {
		t.Errorf("2000 items: %v, want the full checks' errors, not the count", err)
	}
}
