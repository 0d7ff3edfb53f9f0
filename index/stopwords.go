package index

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/fahras/fahras/analysis"
)

// StopWords changes an index's stop list (Schema.StopWords): Replace, when
// not nil, is the list instead of the built-in one (empty: no stop words);
// Remove takes words out of it and Add puts words in. The list is saved
// with the schema and fixed when the index is created: documents and
// queries are analyzed with it.
type StopWords struct {
	Add     []string  `json:"add,omitempty"`
	Remove  []string  `json:"remove,omitempty"`
	Replace *[]string `json:"replace,omitempty"`
}

// maxStopWords bounds the words of a StopWords.
const maxStopWords = 10000

// validate checks every word of sw.
func (sw *StopWords) validate() error {
	if sw == nil {
		return nil
	}
	lists := map[string][]string{"add": sw.Add, "remove": sw.Remove}
	if sw.Replace != nil {
		lists["replace"] = *sw.Replace
	}
	for _, name := range []string{"replace", "add", "remove"} {
		words := lists[name]
		if len(words) > maxStopWords {
			return fmt.Errorf("stop_words.%s: %d words, at most %d", name, len(words), maxStopWords)
		}
		for i, w := range words {
			switch {
			case !utf8.ValidString(w):
				return fmt.Errorf("stop_words.%s[%d]: invalid UTF-8", name, i)
			case strings.TrimSpace(w) == "" || strings.ContainsAny(w, " \t\n\r"):
				return fmt.Errorf("stop_words.%s[%d]: %q: want one word", name, i, w)
			}
		}
	}
	return nil
}

// equal reports whether a and b give the same list (nil: the built-in).
func (sw *StopWords) equal(o *StopWords) bool {
	if sw.isDefault() || o.isDefault() {
		return sw.isDefault() == o.isDefault()
	}
	return slices.Equal(sw.Add, o.Add) && slices.Equal(sw.Remove, o.Remove) &&
		(sw.Replace == nil) == (o.Replace == nil) && (sw.Replace == nil || slices.Equal(*sw.Replace, *o.Replace))
}

func (sw *StopWords) isDefault() bool {
	return sw == nil || sw.Replace == nil && len(sw.Add) == 0 && len(sw.Remove) == 0
}

// list returns the stop list sw gives.
func (sw *StopWords) list() []string {
	var base []string
	if sw.Replace != nil {
		base = append([]string{}, *sw.Replace...)
	}
	return analysis.StopList(base, sw.Add, sw.Remove)
}

// textAnalysis analyzes an index's text with its stop list. The nil
// *textAnalysis is the built-in list (the package functions of analysis).
type textAnalysis struct {
	levels [3]*analysis.Analyzer // by Level
}

// newTextAnalysis returns the analysis of sw; nil for the built-in list.
func newTextAnalysis(sw *StopWords) *textAnalysis {
	if sw.isDefault() {
		return nil
	}
	o := analysis.Options{StopWords: sw.list()}
	ta := &textAnalysis{}
	for _, l := range analysis.Levels {
		ta.levels[l] = analysis.NewAnalyzer(l, o)
	}
	return ta
}

// analyze returns the tokens of text at level l.
func (ta *textAnalysis) analyze(text string, l analysis.Level) []analysis.Token {
	if ta == nil {
		return analysis.Analyze([]byte(text), l)
	}
	return ta.levels[l].Analyze([]byte(text))
}

// isStop reports whether word is a stop word of the list.
func (ta *textAnalysis) isStop(word string) bool {
	if ta == nil {
		return analysis.IsStopWord(word)
	}
	return ta.levels[analysis.Stem].IsStopWord(word)
}

// AnalyzeWith returns the tokens of text at level l as an index with the
// stop list sw analyzes it (nil: the built-in list).
func AnalyzeWith(text string, l analysis.Level, sw *StopWords) []analysis.Token {
	return newTextAnalysis(sw).analyze(text, l)
}
