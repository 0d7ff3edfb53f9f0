package index

import (
	"encoding/json"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/fahras/fahras/analysis"
)

// The bleve mapping is derived from the schema and describes what
// fieldOptions and document.go index: documents are built field by field
// (bleve's Batch.IndexAdvanced), so the mapping is not used to index. It
// serves query time: bleve's analyzer and date-parser lookups by field
// name (AnalyzerNameForPath("title.exact") is the exact analyzer), and it
// is saved inside the index, so reopening gives the same analysis.
//
// A text field f is a property f whose first field mapping is the stem
// representation, with sub-properties "exact" and "vocal" for the other
// representations, so that bleve resolves "f.exact" to its own analyzer.
// Unknown fields fall back to the stem analyzer.

// Indexing options per bleve field kind. Only the stem field and the vocal
// field carry term vectors (positions and offsets): phrases and highlights
// come from the stem field, whose match every word query requires
// (rank.go), and from f.vocal for vocalized words in diacritic-sensitive
// search. f.exact is matched word by word only: its term vectors were a
// third of the index and 17 % of the bulk CPU (docs/performance.md).
const (
	stemOptions    = bleveindex.IndexField | bleveindex.StoreField | bleveindex.IncludeTermVectors
	exactOptions   = bleveindex.IndexField
	vocalOptions   = bleveindex.IndexField | bleveindex.IncludeTermVectors
	keywordOptions = bleveindex.IndexField | bleveindex.StoreField | bleveindex.DocValues
	typedOptions   = bleveindex.IndexField | bleveindex.StoreField | bleveindex.DocValues
)

// newMapping builds the bleve mapping for schema s.
func newMapping(s Schema) *mapping.IndexMappingImpl {
	im := bleve.NewIndexMapping()
	im.DefaultAnalyzer = analysis.AnalyzerName(analysis.Stem)
	im.ScoringModel = bleveindex.BM25Scoring // with true mean lengths: bm25.go
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	im.DefaultMapping.Dynamic = false
	for _, f := range s.Fields {
		im.DefaultMapping.AddSubDocumentMapping(f.Name, fieldMapping(f))
	}
	return im
}

// fieldMapping describes one schema field to bleve.
func fieldMapping(f Field) *mapping.DocumentMapping {
	dm := mapping.NewDocumentStaticMapping()
	switch f.Type {
	case Text:
		dm.AddFieldMapping(textFieldMapping(analysis.Stem, true, true))
		for _, l := range []analysis.Level{analysis.Exact, analysis.Vocal} {
			sub := mapping.NewDocumentStaticMapping()
			sub.DefaultAnalyzer = analysis.AnalyzerName(l)
			sub.AddFieldMapping(textFieldMapping(l, false, l == analysis.Vocal))
			dm.AddSubDocumentMapping(l.String(), sub)
		}
	case Keyword:
		fm := mapping.NewKeywordFieldMapping()
		fm.Analyzer = keyword.Name
		fm.IncludeInAll = false
		fm.DocValues = true
		dm.AddFieldMapping(fm)
	case Number:
		dm.AddFieldMapping(typed(mapping.NewNumericFieldMapping()))
	case Bool:
		dm.AddFieldMapping(typed(mapping.NewBooleanFieldMapping()))
	case Date:
		dm.AddFieldMapping(typed(mapping.NewDateTimeFieldMapping()))
	}
	return dm
}

func textFieldMapping(l analysis.Level, store, vectors bool) *mapping.FieldMapping {
	fm := mapping.NewTextFieldMapping()
	fm.Analyzer = analysis.AnalyzerName(l)
	fm.Store = store
	fm.IncludeTermVectors = vectors
	fm.IncludeInAll = false
	fm.DocValues = false
	return fm
}

func typed(fm *mapping.FieldMapping) *mapping.FieldMapping {
	fm.Store = true
	fm.DocValues = true
	fm.IncludeInAll = false
	return fm
}

// mappingJSON is the mapping of s as bleve saves it.
func mappingJSON(s Schema) ([]byte, error) {
	b, err := json.Marshal(newMapping(s))
	if err != nil {
		return nil, fmt.Errorf("encode mapping: %w", err)
	}
	return b, nil
}
