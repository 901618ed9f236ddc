package server_test

import (
	"regexp"
	"strings"
	"testing"
)

// repeatedBracket finds a bracketed qualifier said twice in a row: （PUE）（PUE）, （力争）（力争）.
var repeatedBracket = regexp.MustCompile(`（([^（）<>]+)）(（[^（）<>]+）)*（([^（）<>]+)）`)

// An indicator whose name ends with its unit is offered without the unit again, and the name
// does not carry 力争, which the indicator's aspirational flag shows.
func TestIndicatorNamesSayEachQualifierOnce(t *testing.T) {
	ts, _ := authServer(t)
	pilot := login(t, ts, "pilot")
	_, form := getWith(t, pilot, ts.URL+"/assess/new?checklist=pilot-midterm")
	_, indicators := get(t, "/indicators")
	if !strings.Contains(form, `>绿色数据中心改造后电源使用效率（PUE）</option>`) {
		t.Error("/assess/new does not offer 绿色数据中心改造后电源使用效率（PUE） as it is named")
	}
	for page, body := range map[string]string{"/assess/new": form, "/indicators": indicators} {
		for _, m := range repeatedBracket.FindAllStringSubmatch(body, -1) {
			if m[1] == m[3] {
				t.Errorf("%s says （%s） twice: %s", page, m[1], m[0])
			}
		}
		if strings.Contains(body, "（力争）</option>") || strings.Contains(body, "（力争） <span") {
			t.Errorf("%s: an indicator's name carries （力争） beside its aspirational mark", page)
		}
	}
}
