package indexer

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"stdkb"
)

// parsedQuery is a query string taken apart: free text, quoted phrases, exclusions, field
// filters and the identifiers found in it.
type parsedQuery struct {
	text     []string // free text chunks
	phrases  []string
	excludes []string
	filters  map[string][]string // field → values, in the order given
	ids      []stdkb.Identifier
	clauses  []string // clause numbers such as 5.5.17
}

// filterFields are the field:value filters a query may carry.
var filterFields = map[string]string{
	"type":   "“standard”标准、“regulation”规章制度、“checklist”检查表或“indicator”指标",
	"domain": "3+7N 体系代码，如 B3",
	"level":  "国家、行业、地方、团体、内部、法律、规章……",
	"status": "现行、废止、被代替……",
	"issuer": "发布机关",
	"year":   "2021、2019..2023、..2020 或 2019..",
	"asof":   "日期，格式 YYYY-MM-DD",
	"sample": "“true”或“false”",
	"unit":   "单位名称：该单位自有和采用的文件",
	"doc":    "文件编号：只检索该文件的章节",
	"region": "本市、国家或外省参考",
}

// MaxQueryLength bounds a query string, in bytes.
const MaxQueryLength = 1000

// foldOutsideQuotes folds full-width forms typed with a Chinese input method (－, ：, the
// ideographic space, letters and digits) to their ASCII forms, except inside quotes: a quoted
// phrase is matched as typed, full-width punctuation and all, since the text has it so.
func foldOutsideQuotes(q string) string {
	parts := strings.Split(q, `"`)
	for i := 0; i < len(parts); i += 2 {
		parts[i] = stdkb.NormalizeWidth(parts[i])
	}
	return strings.Join(parts, `"`)
}

// parseQuery splits a query string. Errors are stdkb EINVALID errors that say what is wrong.
func parseQuery(q string) (*parsedQuery, error) {
	if len(q) > MaxQueryLength {
		return nil, stdkb.Errorf(stdkb.EINVALID, "检索词长 %d 字节，超过上限 %d 字节", len(q), MaxQueryLength)
	}
	p := &parsedQuery{filters: map[string][]string{}}
	q = strings.NewReplacer("“", `"`, "”", `"`, "＂", `"`).Replace(q)
	if strings.Count(q, `"`)%2 == 1 {
		return nil, stdkb.Errorf(stdkb.EINVALID, "引号不成对：每个 \" 都需要一个对应的 \"")
	}
	q = foldOutsideQuotes(q)
	// Identifiers may contain spaces (DB50/T 1234-2019), so they are taken out first.
	ids, rest := stdkb.FindIdentifiers(q)
	p.ids = ids
	q = rest
	var text []string
	for i := 0; i < len(q); {
		r := rune(q[i])
		switch {
		case r == ' ' || r == '\t' || r == '\n':
			i++
			continue
		}
		negate := false
		if q[i] == '-' && i+1 < len(q) && q[i+1] != ' ' {
			negate = true
			i++
		}
		var word string
		if q[i] == '"' {
			end := strings.IndexByte(q[i+1:], '"')
			if end < 0 {
				return nil, stdkb.Errorf(stdkb.EINVALID, "引号不成对：每个 \" 都需要一个对应的 \"")
			}
			word = strings.TrimSpace(q[i+1 : i+1+end])
			i += end + 2
			if word == "" {
				continue
			}
			if negate {
				p.excludes = append(p.excludes, word)
			} else {
				p.phrases = append(p.phrases, word)
			}
			continue
		}
		end := strings.IndexAny(q[i:], " \t\n\"")
		if end < 0 {
			end = len(q) - i
		}
		word = q[i : i+end]
		i += end
		if name, value, ok := fieldValue(word); ok {
			if _, known := filterFields[name]; !known {
				return nil, stdkb.Errorf(stdkb.EINVALID, "没有筛选条件 %q（可用：“%s:”）", name, strings.Join(sortedKeys(filterFields), ":”、“"))
			}
			if value == "" {
				return nil, stdkb.Errorf(stdkb.EINVALID, "“%s:” 后须填写筛选值（%s）", name, filterFields[name])
			}
			if negate {
				return nil, stdkb.Errorf(stdkb.EINVALID, "“-%s:”：筛选条件不能排除", name)
			}
			p.filters[name] = append(p.filters[name], value)
			continue
		}
		if negate {
			p.excludes = append(p.excludes, word)
			continue
		}
		if stdkb.IsClauseNumber(word) {
			p.clauses = append(p.clauses, word)
		}
		text = append(text, word)
	}
	p.text = text
	return p, nil
}

// fieldValue splits name:value where name is ASCII letters.
func fieldValue(word string) (name, value string, ok bool) {
	name, value, ok = strings.Cut(word, ":")
	if !ok || name == "" {
		return "", "", false
	}
	for _, r := range name {
		if r > unicode.MaxASCII || !unicode.IsLetter(r) {
			return "", "", false
		}
	}
	return strings.ToLower(name), value, true
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// parseYears parses year:2021, year:2019..2023, year:..2020 and year:2019.. into an inclusive
// range; zero means open.
func parseYears(v string) (from, to int, err error) {
	bad := stdkb.Errorf(stdkb.EINVALID, "“year:%s”：年份应写作 2021、2019..2023、..2020 或 2019..", v)
	lo, hi, isRange := strings.Cut(v, "..")
	if !isRange {
		hi = lo
	}
	year := func(s string) (int, bool) {
		if s == "" {
			return 0, isRange
		}
		n, err := strconv.Atoi(s)
		return n, err == nil && n >= 1900 && n <= 2200
	}
	var ok1, ok2 bool
	from, ok1 = year(lo)
	to, ok2 = year(hi)
	if !ok1 || !ok2 || (from == 0 && to == 0) {
		return 0, 0, bad
	}
	if from != 0 && to != 0 && from > to {
		return 0, 0, stdkb.Errorf(stdkb.EINVALID, "“year:%s”：起始年份晚于截止年份", v)
	}
	return from, to, nil
}

// String renders the parsed query for debugging and tests.
func (p *parsedQuery) String() string {
	var ids []string
	for _, id := range p.ids {
		ids = append(ids, id.Canonical)
	}
	return fmt.Sprintf("text=%q phrases=%q excludes=%q filters=%v ids=%q clauses=%q",
		p.text, p.phrases, p.excludes, p.filters, ids, p.clauses)
}
