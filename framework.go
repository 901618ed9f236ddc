package stdkb

// Framework is the "3+7N" standard system: three parts, seven operational domains under
// 运行保障, and room for extension domains.
type Framework struct {
	ID    string           `json:"id"`
	Title string           `json:"title"`
	Path  string           `json:"path"`
	Roots []*FrameworkNode `json:"nodes"`
	// Region is the province or city whose standard system this is (重庆市): its local
	// documents bind the units, other regions' local documents are references.
	Region string `json:"region,omitempty"`

	byCode map[string]*FrameworkNode
}

// FrameworkNode is one branch of the framework.
type FrameworkNode struct {
	Code        string           `json:"code"`
	Name        string           `json:"name"`
	Description string           `json:"description,omitempty"`
	Extension   bool             `json:"extension,omitempty"` // one of the N domains
	Parent      *FrameworkNode   `json:"-"`
	Children    []*FrameworkNode `json:"children,omitempty"`
}

// NewFramework links the given roots into a framework and indexes their codes. It reports the
// first duplicate code it meets.
func NewFramework(id, title string, roots []*FrameworkNode) (*Framework, error) {
	f := &Framework{ID: id, Title: title, Roots: roots, byCode: map[string]*FrameworkNode{}}
	var err error
	var index func(parent *FrameworkNode, nodes []*FrameworkNode)
	index = func(parent *FrameworkNode, nodes []*FrameworkNode) {
		for _, n := range nodes {
			n.Parent = parent
			if _, dup := f.byCode[n.Code]; dup && err == nil {
				err = Errorf(EINVALID, "体系代码 %q 重复", n.Code)
			}
			f.byCode[n.Code] = n
			index(n, n.Children)
		}
	}
	index(nil, roots)
	return f, err
}

// Node returns the branch with the given code.
func (f *Framework) Node(code string) (*FrameworkNode, bool) {
	n, ok := f.byCode[code]
	return n, ok
}

// Walk calls fn for every branch, parents before children, with depth 0 for the roots.
func (f *Framework) Walk(fn func(n *FrameworkNode, depth int)) {
	var walk func(nodes []*FrameworkNode, depth int)
	walk = func(nodes []*FrameworkNode, depth int) {
		for _, n := range nodes {
			fn(n, depth)
			walk(n.Children, depth+1)
		}
	}
	walk(f.Roots, 0)
}

// Subtree returns code and the codes of all its descendants; nil if code is unknown.
func (f *Framework) Subtree(code string) []string {
	n, ok := f.byCode[code]
	if !ok {
		return nil
	}
	var codes []string
	var walk func(n *FrameworkNode)
	walk = func(n *FrameworkNode) {
		codes = append(codes, n.Code)
		for _, c := range n.Children {
			walk(c)
		}
	}
	walk(n)
	return codes
}

// Covers reports whether any of codes lies in the subtree of branch.
func (f *Framework) Covers(branch string, codes []string) bool {
	for _, c := range codes {
		for n, ok := f.byCode[c]; ok && n != nil; n = n.Parent {
			if n.Code == branch {
				return true
			}
		}
	}
	return false
}

// WithAncestors returns the codes with all their ancestors, each once, so a count or filter on a
// branch includes what is filed under its sub-branches. Unknown codes are dropped.
func (f *Framework) WithAncestors(codes []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range codes {
		for n, ok := f.byCode[c]; ok && n != nil; n = n.Parent {
			if !seen[n.Code] {
				seen[n.Code] = true
				out = append(out, n.Code)
			}
		}
	}
	return out
}
