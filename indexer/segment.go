package indexer

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/go-ego/gse"

	"stdkb"
)

// Segmenter cuts Chinese text into words with gse's simplified-Chinese dictionary plus the
// content's lexicon. One Segmenter is safe for concurrent use: gse's cutting only reads.
type Segmenter struct {
	seg       gse.Segmenter
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
	s := &Segmenter{key: key, stopwords: map[string]bool{}}
	s.seg.SkipLog = true
	s.seg.NotLoadHMM = true
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
	// The lexicon goes in first: gse keeps the first entry of a word, so a domain word's
	// frequency overrides the general dictionary's. Loading zh_s afterwards recomputes every
	// word's sub-words against the full dictionary.
	if err := s.seg.LoadDictStr(words.String()); err != nil {
		return nil, fmt.Errorf("load lexicon: %w", err)
	}
	for _, w := range single {
		if err := s.seg.AddToken(w.Text, w.Freq, w.Pos); err != nil {
			return nil, fmt.Errorf("load lexicon word %q: %w", w.Text, err)
		}
	}
	if err := s.seg.LoadDictEmbed("zh_s"); err != nil {
		return nil, fmt.Errorf("load dictionary: %w", err)
	}
	for _, w := range lex.Stopwords {
		s.stopwords[strings.ToLower(w)] = true
	}
	return s, nil
}

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
	pos := 0
	for _, seg := range s.seg.Segment(text) {
		start, end := seg.Start(), seg.End()
		word := strings.ToLower(string(text[start:end]))
		if !isWord(word) {
			continue
		}
		stop := s.stopwords[word]
		if !stop {
			pos++
			out = append(out, Token{Text: word, Start: start, End: end, Position: pos})
		}
		if expand {
			if stop {
				continue
			}
			out = s.subWords(out, text, seg.Token(), start, pos)
		}
	}
	return out
}

// subWords appends the dictionary words nested inside tok, recursively, at position pos.
func (s *Segmenter) subWords(out []Token, text []byte, tok *gse.Token, base, pos int) []Token {
	for _, sub := range tok.Segments() {
		start, end := base+sub.Start(), base+sub.End()
		if end > len(text) {
			break
		}
		word := strings.ToLower(string(text[start:end]))
		if utf8.RuneCountInString(word) > 1 && isWord(word) && !s.stopwords[word] {
			out = append(out, Token{Text: word, Start: start, End: end, Position: pos, Sub: true})
		}
		out = s.subWords(out, text, sub.Token(), start, pos)
	}
	return out
}

// isWord reports whether a segment holds a letter or digit, i.e. is not punctuation or space.
func isWord(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}
