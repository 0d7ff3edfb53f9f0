package analysis_test

import (
	"strings"
	"testing"

	_ "github.com/blevesearch/bleve/v2/analysis/analyzer/custom" // the "custom" analyzer type
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/fahras/fahras/analysis"
)

// The registered components compose into custom analyzers configured the
// way a bleve index mapping configures them.
func TestCustomAnalyzerFromRegistry(t *testing.T) {
	cache := registry.NewCache()
	if _, err := cache.DefineTokenFilter("my_stop", map[string]interface{}{
		"type": analysis.StopFilterName, "stop_words": []interface{}{"كتاب"},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := cache.DefineTokenFilter("my_stem", map[string]interface{}{
		"type": analysis.StemFilterName, "protected": []interface{}{"المعلمون"},
	}); err != nil {
		t.Fatal(err)
	}
	a, err := cache.DefineAnalyzer("my_arabic", map[string]interface{}{
		"type":          "custom",
		"tokenizer":     analysis.TokenizerName,
		"token_filters": []interface{}{"my_stop", "my_stem"},
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tk := range a.Analyze([]byte("كتاب على المعلمون والمعلمات")) {
		got = append(got, string(tk.Term))
	}
	if strings.Join(got, " ") != "علي المعلمون معلم" {
		t.Errorf("custom analyzer terms = %q, want [علي المعلمون معلم]", got)
	}
	if _, err := cache.DefineTokenFilter("bad", map[string]interface{}{
		"type": analysis.StopFilterName, "stop_words": "كتاب",
	}); err == nil || !strings.Contains(err.Error(), "stop_words") {
		t.Errorf("bad config: err = %v, want one naming stop_words", err)
	}
	for _, l := range analysis.Levels {
		for _, name := range []string{analysis.AnalyzerName(l), analysis.QueryAnalyzerName(l)} {
			if _, err := cache.AnalyzerNamed(name); err != nil {
				t.Errorf("analyzer %s: %v", name, err)
			}
		}
	}
}
