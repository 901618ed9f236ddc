package kb

import (
	"strings"
	"testing"
)

// Only exact numbers link: a number that merely starts like a library standard's, a dated
// reference to an edition the library does not hold, and a number inside a link stay text.
func TestLinkReferencesExactNumbers(t *testing.T) {
	refs := &references{
		numbers: map[string]string{"GB/T 41568-2022": "/docs/gb-t-41568/2022", "渝机管发〔2021〕104号": "/docs/plan/2021"},
		undated: map[string]string{"GB/T 41568": "/docs/gb-t-41568"},
		titles:  strings.NewReplacer("《规划》", `<a class="ref" href="/docs/plan">《规划》</a>`),
	}
	for _, tt := range []struct{ in, want string }{
		{"<p>GB/T 41568 术语</p>", `<p><a class="ref" href="/docs/gb-t-41568">GB/T 41568</a> 术语</p>`},
		{"<p>GB/T 41568-2022、GB/T 41568—2022</p>", `<p><a class="ref" href="/docs/gb-t-41568/2022">GB/T 41568-2022</a>、<a class="ref" href="/docs/gb-t-41568/2022">GB/T 41568—2022</a></p>`},
		{"<p>GB/T 415680 与 GB/T 4156</p>", "<p>GB/T 415680 与 GB/T 4156</p>"},
		{"<p>GB/T 41568-2020</p>", "<p>GB/T 41568-2020</p>"},
		{`<p><a href="/x">GB/T 41568</a></p>`, `<p><a href="/x">GB/T 41568</a></p>`},
		{"<p>《规划》（渝机管发〔2021〕104号）</p>", `<p><a class="ref" href="/docs/plan">《规划》</a>（<a class="ref" href="/docs/plan/2021">渝机管发〔2021〕104号</a>）</p>`},
	} {
		if got := linkReferences(tt.in, refs); got != tt.want {
			t.Errorf("linkReferences(%q)\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}
