package index

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	bleveindex "github.com/blevesearch/bleve_index_api"
	"github.com/google/go-cmp/cmp"

	"github.com/fahras/fahras/analysis"
)

// fieldView is everything bleve reads from a field it indexes.
type fieldView struct {
	Name       string
	Pos        []uint64
	Value      string
	Text       string
	Options    bleveindex.FieldIndexingOptions
	Type       byte
	PlainBytes uint64
	Length     int
	Freqs      map[string]freqView
}

type freqView struct {
	Term      string
	Frequency int
	Locations []bleveindex.TokenLocation
}

type bleveField interface {
	document.Field
	bleveindex.TextField
}

func viewOf(f bleveField) fieldView {
	f.Analyze()
	v := fieldView{Name: f.Name(), Pos: f.ArrayPositions(), Value: string(f.Value()), Text: f.Text(),
		Options: f.Options(), Type: f.EncodedFieldType(), PlainBytes: f.NumPlainTextBytes(),
		Length: f.AnalyzedLength(), Freqs: map[string]freqView{}}
	for k, tf := range f.AnalyzedTokenFrequencies() {
		fv := freqView{Term: string(tf.Term), Frequency: tf.Frequency()}
		for _, l := range tf.Locations {
			fv.Locations = append(fv.Locations, *l)
		}
		v.Freqs[k] = fv
	}
	return v
}

// TestTextFieldAsBleve checks that the fields fahras builds give bleve what
// its own TextField gives: same stored value, options, analyzed length,
// terms, frequencies and locations, so the index is the same.
func TestTextFieldAsBleve(t *testing.T) {
	ix := mustCreate(t, Schema{})
	texts := map[string]string{
		"empty":      "",
		"latin":      "Hello hello WORLD 2015",
		"repeats":    "الكتاب في المدرسة والكتاب على الطاولة، الكتاب الكتاب",
		"harakat":    "ذَهَبَ الوَلَدُ إِلَى المَدْرَسَةِ وذهب الولد",
		"stop words": "في من على إلى عن",
		"numbers":    "عام ٢٠١٥ وعام 2016 و2017",
		"mixed":      "قال: «إنّ الأمرَ جديدٌ» — said (2015) الأمر الأمر",
	}
	analyzers := []struct {
		name string
		opts bleveindex.FieldIndexingOptions
		an   bleveanalysis.Analyzer
	}{
		{"stem", stemOptions, ix.analyzers[analysis.Stem]},
		{"exact", exactOptions, ix.analyzers[analysis.Exact]},
		{"vocal", vocalOptions, ix.analyzers[analysis.Vocal]},
		{"keyword", keywordOptions, ix.keyword},
		{"stem/skip-freq-norm", stemOptions | bleveindex.SkipFreqNorm, ix.analyzers[analysis.Stem]},
		{"no analyzer", keywordOptions | bleveindex.IncludeTermVectors, nil},
	}
	for tname, text := range texts {
		for _, a := range analyzers {
			for _, pos := range [][]uint64{nil, {3}} {
				t.Run(fmt.Sprintf("%s/%s/%v", tname, a.name, pos), func(t *testing.T) {
					want := viewOf(document.NewTextFieldCustom("f", pos, []byte(text), a.opts, a.an))
					value := []byte(text)
					got := viewOf(newTextField("f", pos, value, a.opts, a.an))
					if diff := cmp.Diff(want, got); diff != "" {
						t.Errorf("(-bleve +fahras):\n%s", diff)
					}
					if string(value) != text {
						t.Errorf("analysis changed the value: %q", value)
					}
					f := newTextField("f", pos, []byte(text), a.opts, a.an)
					f.Analyze()
					if got, want := f.size, f.freqs.Size(); got != want {
						t.Errorf("size of the frequencies = %d, bleve counts %d", got, want)
					}
				})
			}
		}
	}
}

// TestPairFieldsAsBleve: a text value's stem and exact fields, analyzed in
// one pass (analysis.Pair), and its vocal field, analyzed from the marked
// words of the exact stream, give bleve what its own TextFields give, in
// either order of analysis.
func TestPairFieldsAsBleve(t *testing.T) {
	ix := mustCreate(t, Schema{})
	if ix.pair == nil {
		t.Fatal("the index analyzes its stem and exact fields in two passes")
	}
	f := Field{Name: "f", Type: Text, Search: true}
	for _, text := range []string{"", "الكتاب في المدرسة والكتاب على الطاولة، الكتاب الكتاب", "ذَهَبَ الوَلَدُ إِلَى المَدْرَسَةِ وذهب الولد",
		"عام ٢٠١٥ وعام 2016 و2017 Google", "قال الرئيسُ إنّ الاتفاقية ستوقع في موعدها مع شركة كبرى وغيرها من الشركات"} {
		for _, exactFirst := range []bool{false, true} {
			t.Run(fmt.Sprintf("%.20s/exact first=%v", text, exactFirst), func(t *testing.T) {
				doc := document.NewDocument("d")
				ix.addString(doc, f, []uint64{2}, []byte(text))
				fields := map[string]bleveField{}
				for _, fl := range doc.Fields {
					fields[fl.Name()] = fl.(bleveField)
				}
				order := []analysis.Level{analysis.Stem, analysis.Exact}
				if exactFirst {
					order = []analysis.Level{analysis.Exact, analysis.Stem}
				}
				order = append(order, analysis.Vocal)
				if exactFirst {
					order = []analysis.Level{analysis.Vocal, analysis.Exact, analysis.Stem}
				}
				opts := map[analysis.Level]bleveindex.FieldIndexingOptions{analysis.Stem: stemOptions, analysis.Exact: exactOptions, analysis.Vocal: vocalOptions}
				for _, l := range order {
					name := fieldName("f", l)
					want := viewOf(document.NewTextFieldCustom(name, []uint64{2}, []byte(text), opts[l], ix.analyzers[l]))
					if diff := cmp.Diff(want, viewOf(fields[name])); diff != "" {
						t.Errorf("%s (-bleve +fahras):\n%s", name, diff)
					}
				}
			})
		}
	}
}

// TestVocalFromSpans: the vocal stream built from the marked words of the
// exact stream equals the vocal analyzer's on the whole Qur'an (vocalized:
// analyzed whole) and on text with a few vocalized words.
func TestVocalFromSpans(t *testing.T) {
	ix := mustCreate(t, Schema{})
	h := ix.analyzers[analysis.Vocal].(harakatOnly)
	var texts []string
	for _, line := range strings.Split(string(quranLines(t, 1<<20)), "\n") {
		var v struct{ Text string }
		if json.Unmarshal([]byte(line), &v) == nil {
			texts = append(texts, v.Text)
		}
	}
	texts = append(texts, "قال الرئيسُ إنّ الاتفاقية ستوقع في ٢٠١٥ مع شركة Google وغيرها من الشركات الكبرى في العالم اليوم",
		"ذهب الولد إلى المدرسة صباحاً ثم عاد إلى بيته مساءً وقرأ كتابه", "", "بدون أي علامة على الإطلاق هنا")
	for _, v := range texts[:len(texts):len(texts)] { // each Qur'an verse with its marks removed but on one word
		if len(v) > 0 && len(texts) < 20000 {
			texts = append(texts, string(plainButFirst(v)))
		}
	}
	spansUsed := 0
	for i, text := range texts {
		in := []byte(text)
		want := h.Analyze(in)
		spans, wordByWord := markedSpans(in, ix.analyzers[analysis.Exact].Analyze(in))
		if !wordByWord {
			continue
		}
		got, ok := h.fromSpans(in, spans)
		if !ok {
			continue
		}
		spansUsed++
		if len(got) != len(want) {
			t.Fatalf("text %d %q: %d vocal tokens, want %d", i, text, len(got), len(want))
		}
		for k := range got {
			g, w := got[k], want[k]
			if string(g.Term) != string(w.Term) || g.Start != w.Start || g.End != w.End || g.Position != w.Position {
				t.Fatalf("text %d %q, token %d: %+v %s, want %+v %s", i, text, k, *g, g.Term, *w, w.Term)
			}
		}
	}
	if spansUsed < len(texts)/3 {
		t.Errorf("only %d of %d texts were analyzed word by word", spansUsed, len(texts))
	}
}

// plainButFirst removes the marks of every word of a vocalized text but
// its second one.
func plainButFirst(v string) []byte {
	words := strings.Fields(v)
	for i, w := range words {
		if i != 1 {
			words[i] = strings.Map(func(r rune) rune {
				if r >= 0x064B && r <= 0x065F || r == 0x0670 || r >= 0x06D6 && r <= 0x06ED {
					return -1
				}
				return r
			}, w)
		}
	}
	return []byte(strings.Join(words, " "))
}
