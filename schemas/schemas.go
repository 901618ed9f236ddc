// Package schemas holds the JSON Schemas that content front matter and API input must satisfy,
// and validates decoded values against them.
package schemas

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

//go:embed *.json
var files embed.FS

const baseURL = "https://stdkb.invalid/schemas/"

var (
	compileOnce sync.Once
	compiled    map[string]*jsonschema.Schema
	compileErr  error
	printer     = message.NewPrinter(language.English)
)

// Violation is one way a value fails its schema.
type Violation struct {
	Location []string // path of the offending value: object keys and array indices
	Message  string
}

// Field formats the location as a field path such as reviews[0].date.
func (v Violation) Field() string { return FieldPath(v.Location) }

// FieldPath formats a location as a field path: keys joined by dots, indices in brackets.
func FieldPath(loc []string) string {
	var b strings.Builder
	for _, p := range loc {
		if p != "" && strings.Trim(p, "0123456789") == "" {
			b.WriteString("[" + p + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p)
	}
	return b.String()
}

// Names lists the schemas by name (the file name without .json).
func Names() []string {
	entries, _ := fs.ReadDir(files, ".")
	var names []string
	for _, e := range entries {
		if e.Name() == "openapi.json" { // the API description, not a JSON Schema
			continue
		}
		names = append(names, strings.TrimSuffix(e.Name(), ".json"))
	}
	return names
}

// schemaNamed returns the compiled schema called name.
func schemaNamed(name string) (*jsonschema.Schema, error) {
	compileOnce.Do(compileAll)
	if compileErr != nil {
		return nil, compileErr
	}
	sch, ok := compiled[name]
	if !ok {
		return nil, fmt.Errorf("no schema %q", name)
	}
	return sch, nil
}

// Enum returns the values the named schema allows for one of its top-level properties, in the
// schema's order (levels run from the highest authority down, as the schemas list them).
func Enum(name, property string) ([]string, error) {
	sch, err := schemaNamed(name)
	if err != nil {
		return nil, err
	}
	prop, ok := sch.Properties[property]
	if !ok || prop.Enum == nil {
		return nil, fmt.Errorf("schema %s: property %q has no enum", name, property)
	}
	var out []string
	for _, v := range prop.Enum.Values {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out, nil
}

// Validate checks v, a value decoded from JSON or YAML (maps, slices, strings, float64 or
// int64 numbers, bools, nil), against the schema called name. It returns every violation,
// sorted by location; none means v is valid.
func Validate(name string, v any) ([]Violation, error) {
	sch, err := schemaNamed(name)
	if err != nil {
		return nil, err
	}
	err = sch.Validate(v)
	if err == nil {
		return nil, nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return nil, fmt.Errorf("validate against %s: %w", name, err)
	}
	var out []Violation
	collect(ve, &out)
	sort.SliceStable(out, func(i, j int) bool { return FieldPath(out[i].Location) < FieldPath(out[j].Location) })
	return out, nil
}

// collect flattens the error tree into its leaves, which carry the precise causes. Missing and
// unknown properties are reported at the property itself rather than at its parent object.
func collect(e *jsonschema.ValidationError, out *[]Violation) {
	if len(e.Causes) > 0 {
		for _, c := range e.Causes {
			collect(c, out)
		}
		return
	}
	loc := e.InstanceLocation
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		for _, p := range k.Missing {
			*out = append(*out, Violation{Location: appendLoc(loc, p), Message: MissingField})
		}
	case *kind.AdditionalProperties:
		for _, p := range k.Properties {
			*out = append(*out, Violation{Location: appendLoc(loc, p), Message: "没有这个字段（请检查拼写）"})
		}
	case *kind.Format:
		msg := e.ErrorKind.LocalizedString(printer)
		if k.Want == "date" {
			msg = fmt.Sprintf("日期 %q 无效：应为 YYYY-MM-DD 格式的真实日期", fmt.Sprint(k.Got))
		}
		*out = append(*out, Violation{Location: loc, Message: msg})
	case *kind.Enum:
		want := make([]string, len(k.Want))
		for i, w := range k.Want {
			want[i] = fmt.Sprint(w)
		}
		*out = append(*out, Violation{Location: loc, Message: fmt.Sprintf(notAllowed, fmt.Sprint(k.Got), strings.Join(want, "、"))})
	default:
		msg := chineseMessage(e.ErrorKind)
		if msg == "" {
			msg = ungroup(e.ErrorKind.LocalizedString(printer))
		}
		*out = append(*out, Violation{Location: loc, Message: msg})
	}
}

// digitGroupRE finds the thousands separators the English printer puts into numbers.
var digitGroupRE = regexp.MustCompile(`(\d),(\d{3})\b`)

// ungroup removes thousands separators from a message, so a year reads 2100, never 2,100.
func ungroup(msg string) string {
	for {
		next := digitGroupRE.ReplaceAllString(msg, "$1$2")
		if next == msg {
			return msg
		}
		msg = next
	}
}

func appendLoc(loc []string, p string) []string {
	return append(append([]string(nil), loc...), p)
}

func compileAll() {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	names := Names()
	for _, n := range names {
		b, err := files.ReadFile(n + ".json")
		if err != nil {
			compileErr = err
			return
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			compileErr = fmt.Errorf("schema %s: %w", n, err)
			return
		}
		if err := c.AddResource(baseURL+n+".json", doc); err != nil {
			compileErr = fmt.Errorf("schema %s: %w", n, err)
			return
		}
	}
	compiled = map[string]*jsonschema.Schema{}
	for _, n := range names {
		s, err := c.Compile(baseURL + n + ".json")
		if err != nil {
			compileErr = fmt.Errorf("compile schema %s: %w", n, err)
			return
		}
		compiled[n] = s
	}
}
