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
