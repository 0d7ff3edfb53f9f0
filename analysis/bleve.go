package analysis

import (
	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// bleveAnalyzer adapts Analyze to bleve's Analyzer interface.
type bleveAnalyzer struct{ level Level }

func (a bleveAnalyzer) Analyze(input []byte) bleveanalysis.TokenStream {
	toks := Analyze(input, a.level)
	out := make(bleveanalysis.TokenStream, len(toks))
	for i, t := range toks {
		out[i] = &bleveanalysis.Token{
			Term: []byte(t.Term), Start: t.Start, End: t.End,
			Position: t.Position, Type: bleveanalysis.AlphaNumeric,
		}
	}
	return out
}

func init() {
	for _, l := range Levels {
		l := l
		registry.RegisterAnalyzer(AnalyzerName(l), func(map[string]interface{}, *registry.Cache) (bleveanalysis.Analyzer, error) {
			return bleveAnalyzer{level: l}, nil
		})
	}
}
