package stdkb

// Region classes: how a document stands to the units of the framework's own region. They are
// the values of the search facet "region".
const (
	RegionLocal     = "本市"   // issued in the framework's region: binds its units
	RegionNational  = "国家"   // national, industry or group scope: applies everywhere
	RegionReference = "外省参考" // another province's or city's local document: a reference only
)

// RegionClasses lists the region classes in the order facets show them.
var RegionClasses = []string{RegionLocal, RegionNational, RegionReference}

// RegionClass classifies an edition against the framework's region. A document that names no
// region is national unless it is an internal standard, which belongs to a unit of the region.
// Without a framework region every regional document counts as local.
func (l *Library) RegionClass(e *Edition) string {
	home := ""
	if l.Framework != nil {
		home = l.Framework.Region
	}
	switch {
	case e.Region == "" && e.Level == "内部":
		return RegionLocal
	case e.Region == "":
		return RegionNational
	case home == "" || e.Region == home:
		return RegionLocal
	}
	return RegionReference
}

// Applies reports whether a document can belong to a unit's standard system: other regions'
// local documents are references, never part of a unit's system.
func (l *Library) Applies(d *Document) bool {
	return l.RegionClass(d.Latest()) != RegionReference
}
