package evaluator

import (
	"fmt"
	"slices"
	"strings"

	"stdkb"
)

// YearCount is how many campaigns on in-scope standards a calendar year of the period had.
type YearCount struct {
	Year      int  `json:"year"`
	Campaigns int  `json:"campaigns"`
	Met       bool `json:"met"`
}

// heldCampaign is a campaign with the inventory entries it covered.
type heldCampaign struct {
	date   stdkb.Date
	covers []entry
}

// campaigns lists every campaign of the submission: those it declares and, for each standard
// with a last_publicity date, a 宣传贯彻 campaign on that standard.
func (f *figures) campaigns() []heldCampaign {
	var out []heldCampaign
	for _, c := range f.s.Campaigns {
		h := heldCampaign{date: c.Date}
		for _, ref := range c.Standards {
			if i := f.inv.find(ref); i >= 0 {
				h.covers = append(h.covers, f.inv.entries[i])
			}
		}
		out = append(out, h)
	}
	for _, e := range f.inv.entries {
		if !e.LastPublicity.IsZero() {
			out = append(out, heldCampaign{date: e.LastPublicity, covers: []entry{e}})
		}
	}
	return out
}

// inScope reports whether a campaign covers an applicable standard of a level the rule names.
// A standard left out of the submission earns no credit in any figure, campaigns included.
func (c heldCampaign) inScope(levels []string) bool {
	return slices.ContainsFunc(c.covers, func(e entry) bool {
		return e.Applicable && !e.omitted && (len(levels) == 0 || slices.Contains(levels, e.Level))
	})
}

// publicity counts, per calendar year of the period, the campaigns on standards in the rule's
// scope; a year with fewer than the target's count of campaigns is missed.
func (f *figures) publicity() (RateResult, []YearCount) {
	rule, src := f.rule(targetPublicity)
	def := f.defs[targetPublicity]
	perYear := f.target(targetPublicity)
	years := []YearCount{}
	for y := f.s.Period.From.Year(); y <= f.s.Period.To.Year(); y++ {
		years = append(years, YearCount{Year: y})
	}
	for _, c := range f.campaigns() {
		if f.inPeriod(c.date) && c.inScope(def.Levels) {
			years[c.date.Year()-f.s.Period.From.Year()].Campaigns++
		}
	}
	met := 0
	var parts []string
	for i := range years {
		years[i].Met = perYear != nil && float64(years[i].Campaigns) >= *perYear
		if years[i].Met {
			met++
		}
		parts = append(parts, fmt.Sprintf("%d年 %d 次", years[i].Year, years[i].Campaigns))
	}
	scope := "清单中的适用标准"
	if len(def.Levels) > 0 {
		scope = "清单中层级为" + strings.Join(def.Levels, "、") + "的适用标准"
	}
	inputs := fmt.Sprintf("期间 %s 至 %s 跨 %d 个自然年；计入针对%s的集中宣传贯彻、实施评估活动：%s", f.s.Period.From, f.s.Period.To, len(years), scope, strings.Join(parts, "，"))
	r := rate(met, len(years), nil, rule, inputs, src)
	if perYear != nil {
		ok := met == len(years)
		r.Met = &ok
		r.Explain.Arithmetic = fmt.Sprintf("每年至少 %g 次：%d 个年度中 %d 个达到，%s", *perYear, len(years), met, map[bool]string{true: "达标", false: "未达标"}[ok])
	}
	return r, years
}
