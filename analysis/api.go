package analysis

import (
	"fmt"
	"strings"
)

// Level selects a representation of the text.
type Level uint8

const (
	// Stem is normalized and lightly stemmed text: the default for search.
	Stem Level = iota
	// Exact is normalized but unstemmed text.
	Exact
	// Vocal keeps diacritics (harakat) for diacritic-sensitive search of
	// vocalized text; everything else is normalized as for Exact.
	Vocal
)

// Levels lists every level in a stable order.
var Levels = []Level{Stem, Exact, Vocal}

var levelNames = [...]string{Stem: "stem", Exact: "exact", Vocal: "vocal"}

func (l Level) String() string {
	if int(l) < len(levelNames) {
		return levelNames[l]
	}
	return fmt.Sprintf("Level(%d)", l)
}

// ParseLevel parses a level name such as "stem" or "exact".
func ParseLevel(s string) (Level, error) {
	for i, n := range levelNames {
		if strings.EqualFold(s, n) {
			return Level(i), nil
		}
	}
	return 0, fmt.Errorf("unknown analysis level %q (want stem, exact or vocal)", s)
}

// AnalyzerName is the name under which the bleve analyzer for l is registered.
func AnalyzerName(l Level) string { return "fahras_" + l.String() }

// Token is one term of analyzed text.
type Token struct {
	Term     string `json:"term"`
	Start    int    `json:"start"`    // byte offset of the word in the input
	End      int    `json:"end"`      // byte offset just past the word
	Position int    `json:"position"` // 1-based; stop words leave gaps
	// Alternate is true when this token is a second reading of the word
	// before it (same Position, Start and End).
	Alternate bool `json:"alternate,omitempty"`
}

// QueryAnalyzerName is the name of the bleve analyzer for l that also drops
// the interrogatives of QuestionWords: use it to analyze natural-language
// questions at query time.
func QueryAnalyzerName(l Level) string { return AnalyzerName(l) + "_query" }

// Options configure an Analyzer built with NewAnalyzer. The zero value is
// the configuration of the registered bleve analyzers.
type Options struct {
	// StopWords replaces the built-in stop list (StopWords()) when non-nil;
	// a non-nil empty slice disables stop-word removal (for texts where
	// لا إله إلا الله must stay searchable). Words are matched on their form
	// without marks or tatweel, letters not folded.
	StopWords []string
	// DropQuestionWords also removes the interrogatives listed by
	// QuestionWords (كم من ما ماذا متى أين لماذا كيف هل), for queries.
	DropQuestionWords bool
	// Protected lists words the stemmer must leave unstemmed.
	Protected []string
}
