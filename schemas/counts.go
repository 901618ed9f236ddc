package schemas

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"go.yaml.in/yaml/v4"
)

// ListLimits returns the maxItems of each top-level list field of the named schema
// ("submission": items 2000, standards 5000 …), read from the schema itself.
func ListLimits(name string) (map[string]int, error) {
	b, err := files.ReadFile(name + ".json")
	if err != nil {
		return nil, err
	}
	var s struct {
		Properties map[string]struct {
			MaxItems *int `json:"maxItems"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("schema %s: %w", name, err)
	}
	out := map[string]int{}
	for k, p := range s.Properties {
		if p.MaxItems != nil {
			out[k] = *p.MaxItems
		}
	}
	return out, nil
}

// CheckJSONCounts reads a JSON object token by token and stops at the first top-level list
// longer than its limit, before the rest of the document is read or any of it is kept: the
// cost of a refusal is bounded by the limit, not by the document. It reports nil when src is
// not a JSON object or has a syntax error (the full decoder then says what is wrong), and when
// every list is within its limit.
func CheckJSONCounts(src []byte, limits map[string]int) *LineError {
	dec := json.NewDecoder(bytes.NewReader(src))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return nil
		}
		name, _ := key.(string)
		limit, counted := limits[name]
		t, err := dec.Token()
		if err != nil {
			return nil
		}
		if t != json.Delim('[') && t != json.Delim('{') {
			continue // a scalar: already read
		}
		n := 0
		for depth := 1; depth > 0; {
			if depth == 1 && t == json.Delim('[') && counted && dec.More() {
				if n++; n > limit {
					line := 1 + bytes.Count(src[:dec.InputOffset()], []byte("\n"))
					return &LineError{Line: line, Field: name, Message: tooMany(limit)}
				}
			}
			tok, err := dec.Token()
			if err == io.EOF || err != nil {
				return nil
			}
			switch tok {
			case json.Delim('['), json.Delim('{'):
				depth++
			case json.Delim(']'), json.Delim('}'):
				depth--
			}
		}
	}
	return nil
}

// tooMany is the refusal of a list past its limit.
func tooMany(limit int) string { return fmt.Sprintf("至多 %d 项，这里已超过", limit) }

// checkListCounts refuses the first top-level list of d longer than its limit, at the line of
// the first entry past it.
func (d *Document) checkListCounts(limits map[string]int) *LineError {
	for i := 0; i+1 < len(d.root.Content); i += 2 {
		k, v := d.root.Content[i], d.root.Content[i+1]
		if limit, ok := limits[k.Value]; ok && v.Kind == yaml.SequenceNode && len(v.Content) > limit {
			return &LineError{Line: v.Content[limit].Line + d.firstLine - 1, Field: k.Value, Message: tooMany(limit)}
		}
	}
	return nil
}
