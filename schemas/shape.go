package schemas

import (
	"errors"
	"fmt"
	"slices"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v4"
)

// Shape bounds how a YAML document may nest. DecodeYAMLWith checks it while the document is
// being read, so a flood of mappings or lists is refused before the rest is parsed.
type Shape struct {
	// MaxDepth bounds collections (mappings and lists) inside collections, the outermost
	// included. The loader reports block and flow nesting apart, so each is held to it.
	MaxDepth int
	// MaxFanOut bounds the collections directly inside any one collection.
	MaxFanOut int
}

// ShapeOf derives from the named schema a shape that every valid document fits, however its
// YAML is written. MaxDepth is the schema's deepest nesting of objects and arrays. MaxFanOut
// adds up every object's field count and the maxItems of every array of objects or arrays: the
// loader can only attribute a collection to an ancestor of its true parent (see shapeCounter),
// and along any path of the document this sum bounds the collections of all ancestors
// together. An array of objects without maxItems leaves the fan-out unbounded: an error.
func ShapeOf(name string) (Shape, error) {
	compileOnce.Do(compileAll)
	if compileErr != nil {
		return Shape{}, compileErr
	}
	sch, ok := compiled[name]
	if !ok {
		return Shape{}, fmt.Errorf("no schema %q", name)
	}
	depth, fanOut, err := schemaShape(sch, name, map[*jsonschema.Schema]bool{})
	if err != nil {
		return Shape{}, err
	}
	return Shape{MaxDepth: depth, MaxFanOut: fanOut}, nil
}

// schemaShape returns the nesting depth and the summed fan-out of s, located at path; open
// holds the schemas being walked, to refuse a recursive one.
func schemaShape(s *jsonschema.Schema, path string, open map[*jsonschema.Schema]bool) (depth, fanOut int, err error) {
	for s.Ref != nil {
		s = s.Ref
	}
	if !isCollection(s) {
		return 0, 0, nil
	}
	if open[s] {
		return 0, 0, fmt.Errorf("schema %s: recursive, so a document's shape is unbounded", path)
	}
	open[s] = true
	defer delete(open, s)
	fanOut = len(s.Properties)
	for _, k := range sortedKeys(s.Properties) {
		d, f, err := schemaShape(s.Properties[k], path+"."+k, open)
		if err != nil {
			return 0, 0, err
		}
		depth, fanOut = max(depth, d), fanOut+f
	}
	if s.Items2020 != nil {
		d, f, err := schemaShape(s.Items2020, path+"[]", open)
		if err != nil {
			return 0, 0, err
		}
		if d > 0 {
			if s.MaxItems == nil {
				return 0, 0, fmt.Errorf("schema %s: a list of objects or lists needs maxItems to bound a document's shape", path)
			}
			fanOut += *s.MaxItems
		}
		depth, fanOut = max(depth, d), fanOut+f
	}
	return depth + 1, fanOut, nil
}

// isCollection reports whether values valid against s may be objects or arrays.
func isCollection(s *jsonschema.Schema) bool {
	if s.Properties != nil || s.Items2020 != nil {
		return true
	}
	return s.Types != nil && slices.ContainsFunc(s.Types.ToStrings(), func(t string) bool { return t == "object" || t == "array" })
}

func sortedKeys(m map[string]*jsonschema.Schema) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// shapeCounter follows the loader's nesting checks. yaml.v4 calls it each time its scanner opens
// a block collection (at block depth d: the number of enclosing block collections, itself
// included) or a flow collection ("[" or "{" at flow level l), before the document tree is
// finished. A block collection at depth d lies directly inside the open one at depth d-1, a flow
// collection at level l>1 inside the open one at level l-1: both are counted exactly. A flow
// collection at level 1 lies inside some enclosing block collection the scanner does not name;
// those are counted together since the last block collection opened, whose ancestors are the
// candidates — hence ShapeOf's fan-out is a sum over a path. Scalars open nothing and are not
// counted; an indentless list ("key:" then "- " at the key's column) opens no block collection
// of its own, so its entries count as the enclosing mapping's.
type shapeCounter struct {
	shape   Shape
	block   []int // block[d]: collections opened inside the open block collection at depth d (0: the document)
	flow    []int // flow[l]: the same at flow level l; flow[0]: level-1 collections since the last block one
	refusal string
}

var errShape = errors.New("document leaves its schema's shape")

// check is the loader-limits depth function.
func (c *shapeCounter) check(depth int, ctx *yaml.DepthContext) error {
	if depth > c.shape.MaxDepth {
		c.refusal = fmt.Sprintf("嵌套过深：至多 %d 层", c.shape.MaxDepth)
		return errShape
	}
	counts := &c.flow
	if ctx.Kind == yaml.DepthKindBlock {
		counts = &c.block
		c.flow = c.flow[:0]
	}
	for len(*counts) < depth {
		*counts = append(*counts, 0)
	}
	if (*counts)[depth-1]++; (*counts)[depth-1] > c.shape.MaxFanOut {
		c.refusal = fmt.Sprintf("至多 %d 项，这里已超过：同一处的列表项与成组字段合计不能超过各列表上限与字段数之和，其余内容未读取", c.shape.MaxFanOut)
		return errShape
	}
	*counts = append((*counts)[:depth], 0)
	return nil
}
