package schemas_test

import (
	"slices"
	"testing"

	"stdkb/schemas"
)

// TestEnumKeepsSchemaOrder: the values come in the schema's order, which ranks levels.
func TestEnumKeepsSchemaOrder(t *testing.T) {
	for _, tt := range []struct {
		schema, property string
		want             []string
	}{
		{"standard", "level", []string{"国家", "行业", "地方", "团体"}},
		{"regulation", "level", []string{"法律", "行政法规", "地方性法规", "规章"}},
	} {
		got, err := schemas.Enum(tt.schema, tt.property)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) < len(tt.want) || !slices.Equal(got[:len(tt.want)], tt.want) {
			t.Errorf("Enum(%s, %s) = %v, want it to begin %v", tt.schema, tt.property, got, tt.want)
		}
	}
	if _, err := schemas.Enum("standard", "title"); err == nil {
		t.Error("Enum of a property without an enum: no error")
	}
}
