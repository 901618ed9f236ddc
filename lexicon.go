package stdkb

// Lexicon is the domain vocabulary that search uses on top of the general Chinese dictionary:
// words the segmenter must keep whole, synonyms users type, and words too common to search.
// It lives in content (dict/*.txt) so users can edit it without recompiling.
type Lexicon struct {
	Words     []LexiconWord `json:"words"`
	Synonyms  []Synonym     `json:"synonyms"`
	Stopwords []string      `json:"stopwords"`
	// Thesaurus maps how staff say things to the content's own terms (dict/thesaurus.txt).
	// Search matches each From as it appears anywhere in a query, or with a few characters
	// inside it (indexer/thesaurus.go), and also looks for the To terms, weighing them below
	// the words typed.
	Thesaurus []Synonym `json:"thesaurus,omitempty"`
	// FigureCues are the words with which staff ask for a figure (多少, 几个, 比例;
	// dict/figure-cues.txt): search then prefers sections that state figures.
	FigureCues []string `json:"figure_cues,omitempty"`
	// FigureKinds are the kinds of figure a question may name (几年, 几辆, 百分之几), with the
	// forms that state each (dict/figure-kinds.txt); search then prefers sections stating a
	// figure of the kind asked, and FigureCues stand for a figure of any kind.
	FigureKinds []FigureKind `json:"figure_kinds,omitempty"`
	// AskVerbs are the words whose A-not-A question (能不能, 可不可以, 有没有) only asks
	// whether, and WhichWords those (哪) that turn a figure cue into a question asking which
	// ones (哪几个): search leaves such questions out of a query (dict/question-forms.txt).
	AskVerbs   []string `json:"ask_verbs,omitempty"`
	WhichWords []string `json:"which_words,omitempty"`
	// Phrasings are, per section, the words and questions staff type when they need it
	// (dict/phrasings.txt); search ranks the section by them too, below its own text.
	Phrasings []Phrasing `json:"phrasings,omitempty"`
	// DocumentCues are the words with which staff name a kind of document rather than its
	// content (国标, 地方标准, 规章, 检查表; dict/document-cues.txt), or the kind of answer they
	// want (哪年发的 a document's own 文件概况, 是什么意思 a 名词解释): search then prefers the
	// sections of documents of that kind, or under headings of that kind.
	DocumentCues []DocumentCue `json:"document_cues,omitempty"`
	// TenseCues tell a question about what was done (以前, 前五年, 砍掉了多少) from one about
	// what is to be done (今后, 这五年, 要达到), and the headings of sections that look back
	// (发展基础; dict/tense-cues.txt): search prefers those sections for the first and ranks
	// them lower for the second.
	TenseCues TenseCues `json:"tense_cues,omitzero"`
}

// TenseCues is dict/tense-cues.txt: the words with which a query asks about the past or the
// future, matched as written anywhere in it (they may span words: 了多少), and the words whose
// presence in a section's heading makes it a look back (发展基础).
type TenseCues struct {
	Past    []string `json:"past,omitempty"`
	Future  []string `json:"future,omitempty"`
	Reviews []string `json:"reviews,omitempty"`
}

// DocumentCue is one line of dict/document-cues.txt: the words staff use for a kind of document,
// or for the kind of answer they want of one (哪年发的, 依据, 是什么意思), and the attributes of
// the sections they name, as the content writes them. A section is named when its document's
// kind is one of Kinds (or Kinds is empty), its level one of Levels (or Levels is empty) and a
// heading on its path holds one of Sections (or Sections is empty).
type DocumentCue struct {
	Words    []string `json:"words"`
	Kinds    []Kind   `json:"kinds,omitempty"`
	Levels   []string `json:"levels,omitempty"`
	Sections []string `json:"sections,omitempty"`
}

// LexiconWord is one dictionary entry: the word, its frequency weight and part of speech.
type LexiconWord struct {
	Text string  `json:"text"`
	Freq float64 `json:"freq"`
	Pos  string  `json:"pos,omitempty"`
}

// Synonym maps what users type to the words the content uses. An equivalence lists the same
// words on both sides.
type Synonym struct {
	From []string `json:"from"`
	To   []string `json:"to"`
}

// Expand returns the words a query word should also match, without the word itself.
func (l *Lexicon) Expand(word string) []string {
	var out []string
	seen := map[string]bool{word: true}
	for _, s := range l.Synonyms {
		for _, f := range s.From {
			if f != word {
				continue
			}
			for _, t := range s.To {
				if !seen[t] {
					seen[t] = true
					out = append(out, t)
				}
			}
		}
	}
	return out
}

// ClauseMarks are the characters that end a clause. Search analyses snippets clause by clause,
// so no word of the lexicon may contain one. (ASCII , ; : are left out: they also occur inside
// numbers and identifiers such as 1,000 and 10:30.)
const ClauseMarks = "。！？；，、：!?\n"
