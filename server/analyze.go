package server

import (
	"fmt"
	"net/http"
	"unicode/utf8"

	"github.com/fahras/fahras/index"
)

// AnalyzeFunc analyzes text and returns its stages: the tokens of every
// representation when level is "", of that one level otherwise. An unknown
// level must give an error wrapping index.ErrInvalid. Only Term, Start, End,
// Position and Alternate of the tokens need to be set; the server fills the
// rest. stops is the stop list of the index named in the request (nil: the
// built-in list).
type AnalyzeFunc func(text, level string, stops *index.StopWords) ([]Stage, error)

// AnalyzeRequest is the body of POST /v1/analyze. With Index, the text is
// analyzed with that index's stop list, as its documents and queries are.
type AnalyzeRequest struct {
	Text  string `json:"text"`
	Level string `json:"level,omitempty"`
	Index string `json:"index,omitempty"`
}

// AnalyzeResult is the answer of POST /v1/analyze.
type AnalyzeResult struct {
	Text   string  `json:"text"`
	Stages []Stage `json:"stages"`
}

// Stage is one representation of the analyzed text.
type Stage struct {
	Name   string  `json:"name"`
	Tokens []Token `json:"tokens"`
}

// Token is one term with the word it comes from.
type Token struct {
	Term      string `json:"term"`
	Start     int    `json:"start"` // byte offsets into the text
	End       int    `json:"end"`
	RuneStart int    `json:"rune_start"` // character offsets into the text
	RuneEnd   int    `json:"rune_end"`
	Position  int    `json:"position"`
	Alternate bool   `json:"alternate,omitempty"`
	Surface   string `json:"surface"` // text[start:end]
}

func (s *Server) handleAnalyze(w http.ResponseWriter, r *http.Request) {
	if s.opts.Analyze == nil {
		s.writeError(w, r, errorf(http.StatusNotImplemented, "not_implemented", "this server has no analyzer"))
		return
	}
	var req AnalyzeRequest
	if err := decodeJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	if len(req.Text) > s.opts.MaxAnalyzeBytes {
		s.writeError(w, r, badRequest("text: %d bytes, at most %d", len(req.Text), s.opts.MaxAnalyzeBytes))
		return
	}
	stops, err := s.indexStopWords(r, req.Index)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	stages, err := s.opts.Analyze(req.Text, req.Level, stops)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	for i := range stages {
		if err := fillTokens(req.Text, stages[i].Tokens); err != nil {
			s.writeError(w, r, fmt.Errorf("stage %s: %w", stages[i].Name, err))
			return
		}
		if stages[i].Tokens == nil {
			stages[i].Tokens = []Token{}
		}
	}
	writeJSON(w, http.StatusOK, AnalyzeResult{Text: req.Text, Stages: stages})
}

// indexStopWords returns the stop list of the index name (none: nil, the
// built-in list), if the caller may use the index.
func (s *Server) indexStopWords(r *http.Request, name string) (*index.StopWords, error) {
	if name == "" {
		return nil, nil
	}
	if err := callerOf(r).indexAllowed(name); err != nil {
		return nil, err
	}
	ix, err := s.cat.Get(name)
	if err != nil {
		return nil, err
	}
	return ix.Schema().StopWords, nil
}

// fillTokens sets the surface and character offsets of every token and
// checks the analyzer's byte offsets.
func fillTokens(text string, toks []Token) error {
	for i := range toks {
		t := &toks[i]
		if t.Start < 0 || t.End < t.Start || t.End > len(text) {
			return fmt.Errorf("token %q: offsets [%d,%d) outside the text", t.Term, t.Start, t.End)
		}
		t.Surface = text[t.Start:t.End]
		t.RuneStart = utf8.RuneCountInString(text[:t.Start])
		t.RuneEnd = t.RuneStart + utf8.RuneCountInString(t.Surface)
	}
	return nil
}
