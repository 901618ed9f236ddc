package stdkb

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Identifier is a standard number, document number (文号) or order number (令) found in text,
// normalised so that every way of writing it compares equal.
type Identifier struct {
	Canonical string // e.g. "DB50/T 1234-2019", "渝机管发〔2021〕104号"
	// Base is the number without its year, e.g. "DB50/T 1234", or an order number without its
	// issuer, "令第738号"; equal to Canonical when it has neither.
	Base string
	Year string
}

var (
	// Standard numbers: GB, GB/T, GB/Z, DBnn[/T], T/xxx (group), Q/xxx (enterprise), and
	// industry codes such as JT/T. The separator before T may be missing (DB50T1234).
	standardRE = regexp.MustCompile(`(?i)\b(GB(?:\s*/?\s*[TZ])?|DB\s*\d{2}(?:\s*/?\s*T)?|[TQ]\s*/\s*[A-Z][A-Z0-9]*|[A-Z]{2,4}\s*/\s*T)\s*(\d{1,6}(?:\.\d{1,3})?)(?:\s*-\s*(\d{4}))?\b`)
	// 文号: issuer abbreviation, year in brackets of any kind (〔〕 as written, [] () 【】 ﹝﹞ 〈〉 {}
	// as typed, the two need not match), serial number, perhaps after 第, and 号.
	docNumberRE = regexp.MustCompile(`(\p{Han}{1,12}?)\s*[〔\[［【(（﹝〈<{｛]\s*(\d{4})\s*[〕\]］】)）﹞〉>}｝]\s*第?\s*(\d{1,5})\s*号`)
	// 文号 as people type them, without brackets: 渝机管发2021 104号, 渝机管发2021年第104号,
	// 渝机管发2021-104号. Only issuer abbreviations ending in 发, 函 or 字, so that ordinary dates
	// are left alone.
	bareDocNumberRE = regexp.MustCompile(`(\p{Han}{1,12}?[发函字])\s*(\d{4})\s*(?:年|-)?\s*第?\s*(\d{1,5})\s*号`)
	// Orders: 国务院令第738号, 重庆市人民政府令第296号, and typed without 第 (政府令296号); in
	// Chinese numerals only after 第. Without 第 the issuer must end like an organ's name
	// (organEnds, checked in findAll): 责令3号楼, 指令2号 are a verb and a number.
	orderRE = regexp.MustCompile(`(\p{Han}{2,20}?令)\s*(?:第\s*([0-9一二三四五六七八九十百零〇]+)|(\d{1,5}))\s*号`)
	// Orders written number first: 国务院第738号令, 296号令, 第296号令. An issuer must end like
	// the name of an organ, so that running text before a bare number is no issuer.
	orderAfterRE = regexp.MustCompile(`(\p{Han}{0,19}[` + organEnds + `])?\s*第?\s*(\d{1,5})\s*号令`)
	// Clause numbers: 5.5.17.
	clauseNumberRE = regexp.MustCompile(`^\d{1,3}(?:\.\d{1,3}){1,5}$`)
	spacesRE       = regexp.MustCompile(`\s+`)
	dashes         = strings.NewReplacer("—", "-", "–", "-", "－", "-", "‑", "-", "‐", "-", "−", "-", "／", "/")
)

// NormalizeWidth folds full-width letters, digits and punctuation to their ASCII forms and every
// kind of dash to "-", so that identifiers typed either way compare equal. Byte offsets into
// the result do not correspond to offsets into s.
func NormalizeWidth(s string) string {
	return dashes.Replace(width.Narrow.String(s))
}

// FindIdentifiers returns every identifier in text, in order of appearance, and the text with
// them removed (replaced by spaces) so the rest can be segmented.
func FindIdentifiers(text string) ([]Identifier, string) {
	s := text
	if needsWidthFolding(text) {
		s = NormalizeWidth(text)
	}
	all := findAll(s)
	if len(all) == 0 {
		return nil, s
	}
	ids := make([]Identifier, len(all))
	b := []byte(s)
	for i, f := range all {
		ids[i] = f.id
		for j := f.span[0]; j < f.span[1]; j++ {
			b[j] = ' '
		}
	}
	return ids, string(b)
}

// IdentifierSpan is an identifier found in text with where it is written: text[Start:End].
type IdentifierSpan struct {
	Identifier
	Start, End int
}

// IdentifierSpans returns every identifier in text, in order of appearance, with its byte span
// in text itself (not in its width-folded form), so a caller can mark it up where it stands.
func IdentifierSpans(text string) []IdentifierSpan {
	s, offsets := text, []int(nil)
	if needsWidthFolding(text) {
		// Fold rune by rune, remembering where each folded byte came from: folding maps one
		// rune to one rune, so spans map back exactly.
		var b strings.Builder
		for i, r := range text {
			f := NormalizeWidth(string(r))
			for range len(f) {
				offsets = append(offsets, i)
			}
			b.WriteString(f)
		}
		offsets = append(offsets, len(text))
		s = b.String()
	}
	var out []IdentifierSpan
	for _, f := range findAll(s) {
		start, end := f.span[0], f.span[1]
		if offsets != nil {
			start, end = offsets[start], offsets[end]
		}
		out = append(out, IdentifierSpan{Identifier: f.id, Start: start, End: end})
	}
	return out
}

// found is an identifier with its byte span in the (folded) text it was found in.
type found struct {
	span [2]int
	id   Identifier
}

// findAll finds the identifiers in width-folded text s, in order of appearance.
func findAll(s string) []found {
	var all []found
	add := func(start, end int, id Identifier) { all = append(all, found{[2]int{start, end}, id}) }
	// The patterns are slow on long Chinese text; cheap checks skip the ones that cannot match.
	var standards, docNumbers, orders, ordersAfter [][]int
	if mayHoldStandardNumber(s) {
		standards = standardRE.FindAllStringSubmatchIndex(s, -1)
	}
	if strings.Contains(s, "号") {
		docNumbers = findBefore(docNumberRE, s, "号")
		docNumbers = append(docNumbers, findBefore(bareDocNumberRE, s, "号")...)
		if strings.Contains(s, "令") {
			orders = findBefore(orderRE, s, "号")
			ordersAfter = findBefore(orderAfterRE, s, "号令")
		}
	}
	for _, m := range standards {
		prefix := strings.ToUpper(spacesRE.ReplaceAllString(s[m[2]:m[3]], ""))
		if (strings.HasPrefix(prefix, "DB") || strings.HasPrefix(prefix, "GB")) && len(prefix) > 2 && !strings.Contains(prefix, "/") {
			prefix = prefix[:len(prefix)-1] + "/" + prefix[len(prefix)-1:] // DB50T → DB50/T, GBT → GB/T
		}
		id := Identifier{Base: prefix + " " + s[m[4]:m[5]]}
		id.Canonical = id.Base
		if m[6] >= 0 {
			id.Year = s[m[6]:m[7]]
			id.Canonical += "-" + id.Year
		}
		add(m[0], m[1], id)
	}
	for _, m := range docNumbers {
		start := issuerStart(s, m[2], m[3])
		if !isIssuer(s[start:m[3]]) {
			continue
		}
		c := s[start:m[3]] + "〔" + s[m[4]:m[5]] + "〕" + s[m[6]:m[7]] + "号"
		add(start, m[1], Identifier{Canonical: c, Base: c, Year: s[m[4]:m[5]]})
	}
	for _, m := range orders {
		start := issuerStart(s, m[2], m[3])
		number := submatch(s, m, 2)
		if number == "" {
			number = submatch(s, m, 3)
			if !strings.ContainsRune(organEnds, lastRune(strings.TrimSuffix(s[m[2]:m[3]], "令"))) {
				continue // 责令3号楼: no 第, no organ
			}
		}
		end := m[1]
		if strings.HasPrefix(s[end:], "令") { // 令第296号令: 令 said twice
			end += len("令")
		}
		add(start, end, order(strings.TrimSuffix(s[start:m[3]], "令"), number))
	}
	for _, m := range ordersAfter {
		start, issuer := m[0], ""
		if m[2] >= 0 {
			start = issuerStart(s, m[2], m[3])
			issuer = s[start:m[3]]
			if endsInBoundary(issuer) { // 执行296号令, 认真执行296号令: no issuer
				start, issuer = m[3], ""
			}
		}
		for start < len(s) && s[start] == ' ' {
			start++
		}
		if overlaps(all, start, m[1]) { // the same order, read above (令第296号令)
			continue
		}
		add(start, m[1], order(issuer, submatch(s, m, 2)))
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].span[0] < all[j].span[0] })
	return all
}

// overlaps reports whether text[start:end] overlaps an identifier found already.
func overlaps(all []found, start, end int) bool {
	return slices.ContainsFunc(all, func(f found) bool { return f.span[0] < end && start < f.span[1] })
}

// submatch returns the text of the i-th group of match m in s, or "" when it did not take part.
func submatch(s string, m []int, i int) string {
	if m[2*i] < 0 {
		return ""
	}
	return s[m[2*i]:m[2*i+1]]
}

// order is the identifier of order number n of issuer (国务院, without 令; "" when the number
// was written without one). Its Base is the number alone, 令第738号: people type an order with
// a short issuer or none (政府令296号, 296号令), so search looks orders up by it as well.
func order(issuer, n string) Identifier {
	if i := strings.Index(issuer, "中华人民共和国"); i >= 0 {
		issuer = issuer[i+len("中华人民共和国"):]
	}
	base := "令第" + n + "号"
	return Identifier{Canonical: issuer + base, Base: base}
}

// IsOrder reports whether id is an order number (国务院令第738号).
func (id Identifier) IsOrder() bool { return strings.HasPrefix(id.Base, "令第") }

// SearchKeys returns the index terms a search for id looks up: its full form and, for an order
// number, the number without its issuer, which may have been shortened (政府令296号 for
// 重庆市人民政府令第296号) or left out. A standard's or a 文号's number without its year is not
// looked up: the edition asked for is the one with that year.
func (id Identifier) SearchKeys() []string {
	if id.IsOrder() && id.Base != id.Canonical {
		return []string{id.Canonical, id.Base}
	}
	return []string{id.Canonical}
}

// organEnds are the last characters of the names of organs that issue orders (国务院, 财政部,
// 重庆市人民政府, 市政府办公厅 …).
const organEnds = "院部府委局厅办会署行"

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// identifierWindow is how far before its closing 号 a 文号 or order number can start.
const identifierWindow = 120

// findBefore returns the matches of re that end with anchor, running re only over the text
// just before each anchor: scanning a whole section with these patterns cost more than
// segmenting it.
func findBefore(re *regexp.Regexp, s, anchor string) [][]int {
	var out [][]int
	end := 0 // where the previous match ended
	for off := 0; ; {
		i := strings.Index(s[off:], anchor)
		if i < 0 {
			return out
		}
		stop := off + i + len(anchor)
		lo := max(end, stop-identifierWindow)
		for lo < stop && !utf8.RuneStart(s[lo]) {
			lo++
		}
		if m := re.FindStringSubmatchIndex(s[lo:stop]); m != nil && m[1] == stop-lo {
			for j := range m {
				if m[j] >= 0 {
					m[j] += lo
				}
			}
			out = append(out, m)
			end = stop
		}
		off = stop
	}
}

// issuerBoundaries are words that end the running text before a 文号 written without a break,
// as in 印发渝机管发〔2021〕104号: the issuer starts after the last of them. (Not 和 or 与:
// they occur in issuers' names, 住房和城乡建设部.)
var issuerBoundaries = []string{"印发", "下发", "转发", "根据", "按照", "依据", "参照", "执行", "落实", "了", "的", "及", "见", "即", "是", "为", "对", "号"}

// endsInBoundary reports whether s ends in one of issuerBoundaries: what precedes a number
// there is running text, not its issuer (issuerStart cuts only at a boundary inside s).
func endsInBoundary(s string) bool {
	return slices.ContainsFunc(issuerBoundaries, func(b string) bool { return strings.HasSuffix(s, b) })
}

// isIssuer reports whether an abbreviation can issue a 文号: two characters at least, and not
// a verb such as 印发 (关于印发2021年第1号… is no document number).
func isIssuer(s string) bool {
	if utf8.RuneCountInString(s) < 2 {
		return false
	}
	for _, verb := range []string{"印发", "下发", "转发", "颁发"} {
		if strings.HasSuffix(s, verb) {
			return false
		}
	}
	return true
}

// issuerStart returns where the issuer abbreviation in s[start:end] begins.
func issuerStart(s string, start, end int) int {
	issuer := s[start:end]
	cut := 0
	for _, b := range issuerBoundaries {
		if i := strings.LastIndex(issuer, b); i >= 0 && i+len(b) > cut && i+len(b) < len(issuer) {
			cut = i + len(b)
		}
	}
	// After a boundary or another number, 和, 与 and 、 join two numbers (…104号和渝府办发…),
	// they do not begin a name.
	if cut > 0 || strings.HasSuffix(strings.TrimRight(s[:start], " "), "号") {
		for _, conj := range []string{"和", "与", "、"} {
			if rest := issuer[cut:]; strings.HasPrefix(rest, conj) && len(rest) > len(conj) {
				cut += len(conj)
			}
		}
	}
	return start + cut
}

func isASCIILetter(r rune) bool { return r < 0x80 && (r|0x20 >= 'a' && r|0x20 <= 'z') }

// mayHoldStandardNumber reports whether standardRE could match in s, in one pass over its
// bytes: s holds an ASCII letter, and somewhere a letter followed by a digit with nothing
// between them but letters, digits, slashes and white space (\s), as in every standard number
// from its prefix to its serial. The letters include ſ and K (Kelvin), which (?i) folds to S
// and K. The pattern itself is slow on long Chinese text, most of which fails this test.
func mayHoldStandardNumber(s string) bool {
	ascii, run := false, false // an ASCII letter seen; a letter starts the run being read
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c|0x20 && c|0x20 <= 'z':
			ascii, run = true, true
		case '0' <= c && c <= '9':
			if run {
				if ascii {
					return true
				}
				return strings.IndexFunc(s[i:], isASCIILetter) >= 0
			}
		case c == '/' || c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r':
		case c == 0xc5 && strings.HasPrefix(s[i:], "ſ"), c == 0xe2 && strings.HasPrefix(s[i:], "\u212a"):
			run = true
			_, n := utf8.DecodeRuneInString(s[i:])
			i += n - 1
		default:
			run = false
		}
	}
	return false
}

// needsWidthFolding reports whether NormalizeWidth could change an identifier in s: it holds
// full-width letters, digits or the punctuation inside numbers (／－．), or an ideographic space
// or a dash beside ASCII letters or a 号 (DB50/T 1234—2019, 国务院令第　738号). Most Chinese text
// has none of these, and folding a whole section costs more than finding its identifiers.
// Search queries are always folded.
func needsWidthFolding(s string) bool {
	var letters, number, dashOrSpace bool
	for _, r := range s {
		switch {
		case r >= 0xFF10 && r <= 0xFF19, r >= 0xFF21 && r <= 0xFF3A, r >= 0xFF41 && r <= 0xFF5A,
			r == 0xFF0F, r == 0xFF0D, r == 0xFF0E:
			return true
		case r == 0x3000 || r == '—' || r == '–' || r == '‑' || r == '‐' || r == '−':
			dashOrSpace = true
		case r == '号':
			number = true
		case isASCIILetter(r):
			letters = true
		}
	}
	return dashOrSpace && (letters || number)
}

// Keys returns the index terms of an identifier: the full form and, when it has a year or is
// an order, the form without the year or the issuer (Base), so a number typed without its year
// finds every edition and an order typed with a short issuer or none finds the order.
func (id Identifier) Keys() []string {
	if id.Base != id.Canonical {
		return []string{id.Canonical, id.Base}
	}
	return []string{id.Canonical}
}

// IsClauseNumber reports whether s is a clause number such as 5.5.17.
func IsClauseNumber(s string) bool { return clauseNumberRE.MatchString(s) }
