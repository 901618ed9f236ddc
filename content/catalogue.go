package content

import (
	"fmt"
	"regexp"

	"stdkb"
)

// Standard numbers tell a standard's nature: "/T" (GB/T, DB51/T, JS/T) marks a recommended
// standard, a group standard starts with "T/", and a code without "/T" (GB 40879) is mandatory.
var (
	recommendedNumberRE = regexp.MustCompile(`^(?:[A-Z]+[0-9]*/T|T/[A-Z]+)\s`)
	mandatoryNumberRE   = regexp.MustCompile(`^[A-Z]+[0-9]*\s`)
)

// natureOfNumber returns the nature a standard number implies, and false when the number's form
// says nothing (an internal code, say).
func natureOfNumber(number string) (string, bool) {
	switch {
	case recommendedNumberRE.MatchString(number):
		return "推荐", true
	case mandatoryNumberRE.MatchString(number):
		return "强制", true
	}
	return "", false
}

// checkCatalogue applies the rules of catalogue metadata: the nature a standard number implies,
// no region on national standards, and unconfirmed fields left out or marked.
func (l *loader) checkCatalogue(p string, fm *frontMatter, e *stdkb.Edition) {
	if e.Kind == stdkb.KindStandard {
		if want, ok := natureOfNumber(e.Number); ok && e.Nature != want {
			l.add(p, fm.lineOf("nature"), "nature", "nature %s contradicts the number %s, which marks a %s standard", e.Nature, e.Number, want)
		}
		if (e.Level == "国家" || e.Level == "行业") && e.Region != "" {
			l.add(p, fm.lineOf("region"), "region", "a %s standard applies nationwide and names no region", e.Level)
		}
	}
	seen := map[string]bool{}
	for i, f := range e.Unconfirmed {
		if seen[f] {
			l.add(p, fm.lineOf("unconfirmed", fmt.Sprint(i)), "unconfirmed", "%s is listed twice", f)
		}
		seen[f] = true
	}
	if len(e.Unconfirmed) > 0 && e.Note == "" {
		l.add(p, fm.lineOf("unconfirmed"), "note", "an entry with unconfirmed fields needs a note saying what is unconfirmed")
	}
	if !e.Period.IsZero() && e.Period.To < e.Period.From {
		l.add(p, fm.lineOf("period"), "period", "period ends (%d) before it begins (%d)", e.Period.To, e.Period.From)
	}
}

// regions requires a region on every local standard once the framework names its own region:
// without it a standard could not be told apart from another province's.
func (l *loader) regions(lib *stdkb.Library) {
	if l.framework == nil || l.framework.Region == "" {
		return
	}
	for _, d := range lib.Documents {
		for _, e := range d.Editions {
			if e.Kind == stdkb.KindStandard && e.Level == "地方" && e.Region == "" {
				l.add(e.Path, l.files[e].lineOf(), "region", "required field is missing (a local standard names the province or city that issued it, e.g. %s)", l.framework.Region)
			}
		}
	}
}
