package server_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"stdkb/kb"
	"stdkb/kb/kbtest"
	"stdkb/server"
)

// undeclaredFields walks a JSON value alongside its schema and returns the path of every object
// member the schema does not declare: a generated client drops such fields. Members of
// composed schemas (allOf, oneOf, anyOf) count as declared when any part declares them; a map
// (additionalProperties with a schema) declares every key, and its values are walked too.
func undeclaredFields(schema *openapi3.SchemaRef, v any, at string) []string {
	if schema == nil || schema.Value == nil {
		return nil
	}
	parts := flatten(schema.Value)
	var out []string
	switch v := v.(type) {
	case map[string]any:
		for key, val := range v {
			var sub []*openapi3.SchemaRef
			for _, p := range parts {
				if ps, ok := p.Properties[key]; ok {
					sub = append(sub, ps)
				} else if ap := p.AdditionalProperties.Schema; ap != nil && len(p.Properties) == 0 {
					sub = append(sub, ap)
				}
			}
			if len(sub) == 0 {
				out = append(out, at+"."+key)
				continue
			}
			out = append(out, bestWalk(sub, val, at+"."+key)...)
		}
	case []any:
		var items []*openapi3.SchemaRef
		for _, p := range parts {
			if p.Items != nil {
				items = append(items, p.Items)
			}
		}
		for i, val := range v {
			out = append(out, bestWalk(items, val, fmt.Sprintf("%s[%d]", at, i))...)
		}
	}
	return dedupe(out)
}

// bestWalk walks val with each candidate schema and keeps the fewest complaints: a value
// matches one branch of a union, not all.
func bestWalk(cands []*openapi3.SchemaRef, val any, at string) []string {
	var best []string
	for i, c := range cands {
		got := undeclaredFields(c, val, at)
		if i == 0 || len(got) < len(best) {
			best = got
		}
	}
	return best
}

// flatten returns the schema with the parts it is composed of.
func flatten(s *openapi3.Schema) []*openapi3.Schema {
	out := []*openapi3.Schema{s}
	for _, group := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
		for _, r := range group {
			if r != nil && r.Value != nil {
				out = append(out, flatten(r.Value)...)
			}
		}
	}
	return out
}

func dedupe(paths []string) []string {
	sort.Strings(paths)
	var out []string
	for i, p := range paths {
		if i == 0 || p != paths[i-1] {
			out = append(out, p)
		}
	}
	return out
}

// responseSchema is the JSON schema of an operation's response with this status.
func responseSchema(op *openapi3.Operation, status int) *openapi3.SchemaRef {
	if op == nil || op.Responses == nil {
		return nil
	}
	r := op.Responses.Status(status)
	if r == nil {
		r = op.Responses.Default()
	}
	if r == nil || r.Value == nil {
		return nil
	}
	for ct, mt := range r.Value.Content {
		if strings.HasPrefix(ct, "application/json") && mt.Schema != nil {
			return mt.Schema
		}
	}
	return nil
}

// undeclaredInBody decodes a JSON body and reports its undeclared members.
func undeclaredInBody(op *openapi3.Operation, status int, body []byte) []string {
	s := responseSchema(op, status)
	if s == nil {
		return nil
	}
	var v any
	if json.Unmarshal(body, &v) != nil {
		return nil
	}
	return undeclaredFields(s, v, "$")
}

// TestOpenAPISecurity holds the document's security declarations to the server: both
// credentials are declared as schemes; every operation says which it takes; an operation
// without the empty requirement (sign-in needed) is exactly one the server refuses to an
// anonymous caller with 401; every /api operation takes a bearer token, which the server
// accepts on each of them. The responses met on the way are walked for undeclared fields too.
func TestOpenAPISecurity(t *testing.T) {
	doc, _ := openAPI(t)
	for _, name := range []string{"session", "bearer"} {
		if doc.Components.SecuritySchemes[name] == nil {
			t.Fatalf("components.securitySchemes lacks %s", name)
		}
	}
	f := kbtest.New(t)
	ts := httptest.NewServer(server.New(server.Config{App: f.App}).Handler())
	defer ts.Close()
	tok, err := f.App.CreateToken(f.Caller(kbtest.Admin), kb.TokenRequest{Name: "test"})
	if err != nil {
		t.Fatal(err)
	}
	clients := map[string]*http.Client{"anonymous": http.DefaultClient, "token": bearerClient(tok.Token)}
	fill := strings.NewReplacer("{id}", "1", "{edition}", "2019")
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			name := method + " " + path
			if op.Security == nil || len(*op.Security) == 0 {
				t.Errorf("%s declares no security", name)
				continue
			}
			optional, schemes := false, map[string]bool{}
			for _, req := range *op.Security {
				if len(req) == 0 {
					optional = true
				}
				for s := range req {
					schemes[s] = true
				}
			}
			if !schemes["session"] || (strings.HasPrefix(path, "/api/") && !schemes["bearer"]) {
				t.Errorf("%s: security %v, want the session and (under /api/) the bearer token", name, *op.Security)
			}
			if strings.HasPrefix(path, "/api/") && op.Responses.Status(http.StatusUnauthorized) == nil {
				t.Errorf("%s documents no 401 (a bad token gets one on every /api route)", name)
			}
			for who, c := range clients {
				if who == "token" && !strings.HasPrefix(path, "/api/") {
					continue
				}
				req, _ := http.NewRequest(method, ts.URL+fill.Replace(path), nil)
				res, err := c.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				switch {
				case who == "anonymous" && optional == (res.StatusCode == http.StatusUnauthorized):
					t.Errorf("%s anonymous: %d, but the document says sign-in is optional=%v", name, res.StatusCode, optional)
				case who == "token" && res.StatusCode == http.StatusUnauthorized:
					t.Errorf("%s with a token: 401 %s", name, body)
				}
				if strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
					if extra := undeclaredInBody(op, res.StatusCode, body); len(extra) > 0 {
						t.Errorf("%s as %s: fields the document does not declare: %s", name, who, strings.Join(extra, ", "))
					}
				}
			}
		}
	}
}
