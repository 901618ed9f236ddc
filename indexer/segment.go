package indexer

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	_ "embed"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/go-ego/gse"

	"stdkb"
)

// Segmenter cuts Chinese text into words with gse's simplified-Chinese dictionary plus the
// content's lexicon. One Segmenter is safe for concurrent use: gse's cutting only reads.
type Segmenter struct {
	// gs is the *gse.Segmenter. It is held as an unsafe.Pointer so that no type reachable from
	// an interface leads to gse.Segmenter: a program that uses reflection to call methods (every
	// html/template user) otherwise keeps all of its exported methods, LoadDictEmbed among
	// them, and with it gse's embedded Japanese and traditional dictionaries (33 MB) that stdkb
	// never loads.
	gs        unsafe.Pointer
	words     *wordTrie // the dictionary's words, for the shortest path (lattice.go)
	stopwords map[string]bool
	key       string
}

// Token is one word cut from a text, with byte offsets into it.
type Token struct {
	Text       string
	Start, End int
	Position   int  // 1-based position of the precise word this token belongs to
	Sub        bool // a dictionary sub-word of a longer word, at the longer word's position
}

var (
	// constructMu serialises segmenter construction: gse writes package-level state (its HMM
	// model and lowercase tables) while loading.
	constructMu sync.Mutex
	segmenters  = map[string]*Segmenter{}
)

// lexiconKey identifies a lexicon's words and stop words; segmenters are shared per key.
func lexiconKey(lex *stdkb.Lexicon) string {
	h := sha256.New()
	for _, w := range lex.Words {
		fmt.Fprintf(h, "%s\x00%g\x00%s\n", w.Text, w.Freq, w.Pos)
	}
	h.Write([]byte{0})
	for _, w := range lex.Stopwords {
		fmt.Fprintf(h, "%s\n", w)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// SegmenterFor returns the segmenter for the lexicon, loading the dictionary the first time a
// lexicon is seen (about a second and 200 MB for the simplified-Chinese dictionary).
func SegmenterFor(lex *stdkb.Lexicon) (*Segmenter, error) {
	key := lexiconKey(lex)
	constructMu.Lock()
	defer constructMu.Unlock()
	if s, ok := segmenters[key]; ok {
		return s, nil
	}
	s, err := buildSegmenter(lex, key)
	if err != nil {
		return nil, err
	}
	segmenters[key] = s
	return s, nil
}

// newSegmenter builds a segmenter without sharing it, for measurements.
func newSegmenter(lex *stdkb.Lexicon) (*Segmenter, error) {
	constructMu.Lock()
	defer constructMu.Unlock()
	return buildSegmenter(lex, lexiconKey(lex))
}

// buildSegmenter loads the dictionaries; the caller holds constructMu.
func buildSegmenter(lex *stdkb.Lexicon, key string) (*Segmenter, error) {
	s := &Segmenter{key: key, stopwords: map[string]bool{}, gs: unsafe.Pointer(new(gse.Segmenter))}
	g := gseOf(s)
	g.SkipLog = true
	g.NotLoadHMM = true
	var words strings.Builder
	var single []stdkb.LexiconWord
	for _, w := range lex.Words {
		if utf8.RuneCountInString(w.Text) < 2 {
			single = append(single, w) // gse's loader forces single characters to frequency 2
			continue
		}
		// gse's dictionary line format: word freq [pos], separated by spaces.
		fmt.Fprintf(&words, "\n%s %s", w.Text, strconv.FormatFloat(w.Freq, 'f', -1, 64))
		if w.Pos != "" {
			words.WriteString(" " + w.Pos)
		}
	}
	dict, err := baseDictionary()
	if err != nil {
		return nil, err
	}
	// gse appends every word to one array of tokens; sized up front, it is not copied (and
	// collected) a dozen times while it grows. Lines are an upper bound on the words.
	g.Dict = gse.NewDict()
	g.Init()
	g.Dict.Tokens = make([]gse.Token, 0, strings.Count(dict, "\n")+len(lex.Words)+1)
	// The lexicon goes in first: gse keeps the first entry of a word, so a domain word's
	// frequency overrides the general dictionary's. Loading zh_s afterwards recomputes every
	// word's sub-words against the full dictionary.
	if err := g.LoadDictStr(words.String()); err != nil {
		return nil, fmt.Errorf("load lexicon: %w", err)
	}
	for _, w := range single {
		if err := g.AddToken(w.Text, w.Freq, w.Pos); err != nil {
			return nil, fmt.Errorf("load lexicon word %q: %w", w.Text, err)
		}
	}
	// Words seen once or twice in gse's corpus are mostly fragments of names (贾珍酒, 翁大怒)
	// that cut real words apart; leaving them out also makes loading faster. Measured on the
	// relevance set: no loss.
	g.MinTokenFreq = minWordFreq
	if err := g.LoadDictStr(dict); err != nil {
		return nil, fmt.Errorf("load dictionary: %w", err)
	}
	for _, w := range lex.Stopwords {
		s.stopwords[strings.ToLower(w)] = true
	}
	s.words = newWordTrie(g.Dict, s.stopwords)
	return s, nil
}

// minWordFreq is the lowest frequency of a base dictionary word that is loaded.
const minWordFreq = 3

//go:embed dict/zh_s.txt.gz
var zhS []byte

// baseDictionary returns gse's simplified-Chinese dictionary (see dict/NOTICE.md). stdkb
// carries its own compressed copy rather than calling gse's LoadDictEmbed, which would link
// all of gse's embedded dictionaries into the binary.
func baseDictionary() (string, error) {
	r, err := gzip.NewReader(bytes.NewReader(zhS))
	if err != nil {
		return "", fmt.Errorf("read base dictionary: %w", err)
	}
	// gzip's trailer holds the uncompressed size: one allocation, no copy into a string.
	var b strings.Builder
	b.Grow(int(binary.LittleEndian.Uint32(zhS[len(zhS)-4:])))
	if _, err := io.Copy(&b, r); err != nil {
		return "", fmt.Errorf("read base dictionary: %w", err)
	}
	return b.String(), nil
}

// gseOf returns the gse segmenter of s.
func gseOf(s *Segmenter) *gse.Segmenter { return (*gse.Segmenter)(s.gs) }

// segmenterByKey finds a segmenter built earlier, for the bleve tokenizer constructor.
func segmenterByKey(key string) (*Segmenter, bool) {
	constructMu.Lock()
	defer constructMu.Unlock()
	s, ok := segmenters[key]
	return s, ok
}

// Key identifies the segmenter's dictionary.
func (s *Segmenter) Key() string { return s.key }

// Precise cuts text into its most likely words (like IK's ik_smart), dropping punctuation,
// white space and stop words. It is the query-time analysis.
func (s *Segmenter) Precise(text string) []Token {
	return s.cut([]byte(text), false)
}

// Expanded cuts text like Precise and adds, at each word's position, the dictionary words
// inside it (like IK's ik_max_word), so 公务用车 is found by 公务用车, 公务 and 用车.
// It is the index-time analysis.
func (s *Segmenter) Expanded(text string) []Token {
	return s.cut([]byte(text), true)
}

func (s *Segmenter) cut(text []byte, expand bool) []Token {
	var out []Token
	s.segment(text, expand, func(term []byte, start, end, pos int, sub bool) {
		out = append(out, Token{Text: string(term), Start: start, End: end, Position: pos, Sub: sub})
	})
	return out
}

// segment cuts text and calls emit for every word kept, in order, with its lowercased term
// (which may share memory with text and is valid only during the call), byte offsets,
// 1-based position and whether it is a sub-word. It allocates little: indexing runs it over
// every byte of the content.
func (s *Segmenter) segment(text []byte, expand bool, emit func(term []byte, start, end, pos int, sub bool)) {
	s.withCuts(text, func(cuts []cut) {
		pos := 0
		var lower []byte
		for _, c := range cuts {
			term := text[c.start:c.end]
			if w := c.word; w != nil {
				// A dictionary word: whether it is a term, and its sub-words, were worked
				// out once (wordTrie): following gse's tree of tokens for every word cost
				// more than anything else in expanding.
				if !w.isTerm() {
					continue
				}
				term, lower = lowerASCII(term, lower)
				pos++
				emit(term, c.start, c.end, pos, false)
				if expand {
					for _, sub := range s.words.subs[w.lo:w.hi] {
						start, end := c.start+int(sub.start), c.start+int(sub.end)
						term, lower = lowerASCII(text[start:end], lower)
						emit(term, start, end, pos, true)
					}
				}
				continue
			}
			if !isWord(term) {
				continue
			}
			term, lower = lowerASCII(term, lower)
			if s.stopwords[string(term)] {
				continue
			}
			pos++
			emit(term, c.start, c.end, pos, false)
			if expand && c.tok != nil && hasSubWords(term) { // gse segmented the text (withCuts)
				s.subWords(text, c.tok, c.start, pos, emit)
			}
		}
	})
}

// subWords emits the dictionary words nested inside tok, recursively, at position pos.
func (s *Segmenter) subWords(text []byte, tok *gse.Token, base, pos int, emit func(term []byte, start, end, pos int, sub bool)) {
	var lower []byte
	for _, sub := range tok.Segments() {
		start, end := base+sub.Start(), base+sub.End()
		if end > len(text) {
			break
		}
		term := text[start:end]
		if utf8.RuneCount(term) > 1 && isWord(term) {
			term, lower = lowerASCII(term, lower)
			if !s.stopwords[string(term)] {
				emit(term, start, end, pos, true)
			}
		}
		if hasSubWords(text[start:end]) {
			s.subWords(text, sub.Token(), start, pos, emit)
		}
	}
}

// hasSubWords reports whether a word is long enough to hold sub-words: those are shorter and
// at least two characters long, so a word of two characters has none. Skipping those saves
// following the dictionary's pointers, which cost more than anything else in expanding.
func hasSubWords(word []byte) bool {
	n := 0
	for range string(word) {
		if n++; n > 2 {
			return true
		}
	}
	return false
}

// lowerASCII returns term with ASCII letters lowercased, copying into buf only when needed.
func lowerASCII(term, buf []byte) ([]byte, []byte) {
	if !hasUpperASCII(term) {
		return term, buf
	}
	buf = appendLowerASCII(buf[:0], term)
	return buf, buf
}

// appendLowerASCII appends b to dst with ASCII letters lowercased.
func appendLowerASCII(dst, b []byte) []byte {
	for _, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

func hasUpperASCII(b []byte) bool {
	for _, c := range b {
		if 'A' <= c && c <= 'Z' {
			return true
		}
	}
	return false
}

// isWord reports whether a segment holds a letter or digit, i.e. is not punctuation or space.
func isWord(b []byte) bool {
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
		b = b[n:]
	}
	return false
}

// Words cuts text into words keeping every character, punctuation and spaces included, so that
// joining the words gives text back. Comparisons of Chinese text diff these words.
func (s *Segmenter) Words(text string) []string {
	var out []string
	end := 0
	s.withCuts([]byte(text), func(cuts []cut) {
		for _, c := range cuts {
			if c.start > end { // never lose bytes gse skipped
				out = append(out, text[end:c.start])
			}
			out = append(out, text[c.start:c.end])
			end = c.end
		}
	})
	if end < len(text) {
		out = append(out, text[end:])
	}
	return out
}
