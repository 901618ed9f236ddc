package schemas

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Label names the field at loc (object keys and list indices) of a document of the named schema
// for a person, from the schema's titles: keys by their title, list positions as 第 N 项, a
// position's field after 的 — items[3].score is 检查项评价第 4 项的得分. A key the schema does
// not title (an unknown field, say) is quoted as written. Programs keep using FieldPath.
func Label(name string, loc []string) string {
	sch, err := schemaNamed(name)
	if err != nil {
		return FieldPath(loc)
	}
	var b strings.Builder
	afterIndex := false
	for _, seg := range loc {
		if n, err := strconv.Atoi(seg); err == nil && seg != "" && strings.Trim(seg, "0123456789") == "" {
			fmt.Fprintf(&b, "第 %d 项", n+1)
			sch, afterIndex = itemsOf(sch), true
			continue
		}
		if afterIndex {
			b.WriteString("的")
		}
		afterIndex = false
		sch = propertyOf(sch, seg)
		if sch == nil || sch.Title == "" {
			b.WriteString("“" + seg + "”")
			continue
		}
		b.WriteString(sch.Title)
	}
	return b.String()
}

// resolved follows s's $ref while s declares nothing of its own but annotations.
func resolved(s *jsonschema.Schema) *jsonschema.Schema {
	for s != nil && s.Ref != nil && s.Properties == nil && s.Items2020 == nil {
		s = s.Ref
	}
	return s
}

// propertyOf is the schema of s's property key, or nil.
func propertyOf(s *jsonschema.Schema, key string) *jsonschema.Schema {
	if s = resolved(s); s == nil {
		return nil
	}
	return s.Properties[key]
}

// itemsOf is the schema of s's list items, or nil.
func itemsOf(s *jsonschema.Schema) *jsonschema.Schema {
	if s = resolved(s); s == nil {
		return nil
	}
	return s.Items2020
}
