package analysis

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/keyword"
)

// quranVerses reads up to n verse texts of the Uthmani Qur'an (all when
// n <= 0).
func quranVerses(tb testing.TB, n int) []string {
	tb.Helper()
	f, err := os.Open("../testdata/quran/verses.jsonl")
	if err != nil {
		tb.Fatalf("open Qur'an fixture: %v", err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() && (n <= 0 || len(out) < n) {
		var v struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			tb.Fatalf("Qur'an fixture line %d: %v", len(out)+1, err)
		}
		out = append(out, v.Text)
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("read Qur'an fixture: %v", err)
	}
	if len(out) == 0 {
		tb.Fatal("Qur'an fixture is empty")
	}
	return out
}

var mixedInputs = []string{
	"قرأتُ الكِتَابَ الجَدِيدَ",
	"ذهب محمدٌ إلى المدرسةِ في ٢٠٢٤م، وقرأ ﷺ ثم ﷲ.",
	"الـــكتاب\u200Fالجديد \u202Bوزير\u202C iPhone١٥ COVID-19 ٣٫١٤ ١٢٬٣٤٥ بالـGPS",
	"می\u200Cخواهم کتاب‌ها ﻣﺤﻤﺪ ﻷ ا\u0654حمد \uFEFF\u200Dـــ\u064E\xff\xfe",
	"يَٰٓأَيُّهَا ٱلَّذِينَ ءَامَنُوٓاْ أَوۡفُواْ بِٱلۡعُقُودِۚ",
}

// Every token of every level covers whole runes of the input, positions
// never go back, and alternates share their word's span and position.
func TestOffsets(t *testing.T) {
	inputs := append(append([]string{}, mixedInputs...), quranVerses(t, 300)...)
	for _, l := range Levels {
		for _, in := range inputs {
			toks := Analyze([]byte(in), l)
			checkTokens(t, []byte(in), toks)
			if len(toks) == 0 {
				t.Errorf("%s: %q gave no tokens", l, in)
			}
		}
	}
}

// The term normalizer is idempotent: normalizing a term again gives it back.
func TestIdempotent(t *testing.T) {
	inputs := append(append([]string{}, mixedInputs...), quranVerses(t, 300)...)
	for _, l := range []Level{Exact, Vocal} {
		a := NewAnalyzer(l, noStop)
		for _, in := range inputs {
			for _, tk := range a.Analyze([]byte(in)) {
				if got := NormalizeQueryTerm(tk.Term, l); got != tk.Term {
					t.Errorf("%s: Normalize(%q) = %q, want it unchanged (from %q)", l, tk.Term, got, in[tk.Start:tk.End])
				}
			}
		}
	}
}

// Stop words leave a gap so that phrase queries stay honest.
func TestStopWordGap(t *testing.T) {
	toks := Analyze([]byte("ذهب إلى المدرسة"), Stem)
	var got []int
	for _, tk := range toks {
		got = append(got, tk.Position)
	}
	if len(got) != 2 || got[0] != 1 || got[1] != 3 {
		t.Errorf("positions = %v, want [1 3]", got)
	}
}

// An ambiguous word yields two tokens at one position with one span, in the
// middle of a stream as well as at its ends.
func TestAlternates(t *testing.T) {
	in := "وزير في الوزارة وزير"
	toks := Analyze([]byte(in), Stem)
	checkTokens(t, []byte(in), toks)
	if got, want := render(toks), "{وزير, زير} وزار {وزير, زير}"; got != want {
		t.Fatalf("terms = %q, want %q", got, want)
	}
	if toks[0].Position != toks[1].Position || toks[3].Position != 4 || !toks[4].Alternate {
		t.Errorf("tokens = %+v", toks)
	}
}

// Options replace or disable the stop list, drop question words and
// protect words from stemming.
func TestOptions(t *testing.T) {
	tests := []struct {
		name string
		o    Options
		in   string
		want string
	}{
		{"default", Options{}, "لا إله إلا الله", "اله الله"},
		{"no stop words", Options{StopWords: []string{}}, "لا إله إلا الله", "لا اله الا الله"},
		{"own list", Options{StopWords: []string{"إله"}}, "لا إله إلا الله", "لا الا الله"},
		{"questions kept", Options{}, "كيف يعمل المحرك", "كيف يعمل محرك"},
		{"questions dropped", Options{DropQuestionWords: true}, "كيف يعمل المحرك؟ ومتى", "يعمل محرك"},
		{"protected", Options{Protected: []string{"المحرك"}}, "المحرك", "المحرك"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := render(NewAnalyzer(Stem, tt.o).Analyze([]byte(tt.in))); got != tt.want {
				t.Errorf("Analyze(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	if !IsQuestionWord("متى") || !IsQuestionWord("وكَيْفَ") || IsQuestionWord("كتاب") {
		t.Error("IsQuestionWord is wrong")
	}
	if !IsStopWord("عَلَى") || IsStopWord("علي") || !IsStopWord("هـذا") {
		t.Error("IsStopWord is wrong")
	}
}

// The stem filter honours bleve's KeyWord flag (set here by bleve's own
// keyword marker filter) and leaves marked words unstemmed but folded.
func TestKeyWord(t *testing.T) {
	words := bleveanalysis.NewTokenMap()
	words.AddToken("المعلمون")
	a := &bleveanalysis.DefaultAnalyzer{
		Tokenizer: newTokenizer(false, true),
		TokenFilters: []bleveanalysis.TokenFilter{
			keyword.NewKeyWordMarkerFilter(words),
			&stemFilter{},
		},
	}
	got, want := render(toTokens(a.Analyze([]byte("المعلمون والمعلمون")))), "المعلمون معلم"
	if got != want {
		t.Errorf("terms = %q, want %q", got, want)
	}
}

func TestQueryNormalizers(t *testing.T) {
	tests := []struct {
		name string
		f    func(string, Level) string
		in   string
		l    Level
		want string
	}{
		{"term exact", NormalizeQueryTerm, "أحْمَد", Exact, "احمد"},
		{"term stem", NormalizeQueryTerm, "المعلمون", Stem, "معلم"},
		{"term stem ambiguous", NormalizeQueryTerm, "وزير", Stem, "وزير"},
		{"term stop word kept", NormalizeQueryTerm, "على", Exact, "علي"},
		{"term vocal", NormalizeQueryTerm, "كَتَبَ", Vocal, "كَتَبَ"},
		{"term empty", NormalizeQueryTerm, "ـ", Stem, ""},
		{"prefix hamza", NormalizePrefix, "أحم", Stem, "احم"},
		{"prefix article", NormalizePrefix, "المدرس", Stem, "مدرس"},
		{"prefix compound article", NormalizePrefix, "والمدرس", Stem, "مدرس"},
		{"prefix short", NormalizePrefix, "الم", Stem, "الم"},
		{"prefix hamza article", NormalizePrefix, "ألوا", Stem, "الوا"},
		{"prefix exact keeps article", NormalizePrefix, "المدرس", Exact, "المدرس"},
		{"prefix no suffix stemming", NormalizePrefix, "المدرسين", Stem, "مدرسين"},
		{"wildcard", NormalizeWildcard, "المدرس*", Stem, "مدرس*"},
		{"wildcard inner", NormalizeWildcard, "ك?اب*ة", Stem, "ك?اب*ه"},
		{"wildcard exact", NormalizeWildcard, "أحم?د", Exact, "احم?د"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.f(tt.in, tt.l); got != tt.want {
				t.Errorf("(%q, %s) = %q, want %q", tt.in, tt.l, got, tt.want)
			}
		})
	}
}

// At most three allocations per analyzed field on the bleve path, whatever
// its length.
func TestAllocs(t *testing.T) {
	verses := quranVerses(t, 0)
	short := []byte(verses[0])
	var long []byte
	for _, v := range verses[:2000] {
		long = append(long, v...)
		long = append(long, ' ')
	}
	news := []byte("وقال الوزير في المؤتمر الصحفي إن الحكومة ستواصل دعم المشاريع الوطنية خلال عام ٢٠٢٤م، وأضاف أن وزارته ")
	for _, l := range Levels {
		a := defaults.analyzer(l, false)
		for name, in := range map[string][]byte{"short": short, "long": long, "news": news} {
			a.Analyze(in) // warm the scanner pool
			if got := testing.AllocsPerRun(20, func() { a.Analyze(in) }); got > 3 {
				t.Errorf("%s %s: %.1f allocations per field, want at most 3", l, name, got)
			}
		}
	}
}

// Degenerate inputs of section 9.5: no panic, no empty terms.
func TestDegenerate(t *testing.T) {
	tatweel := []byte(strings.Repeat("ـ", 1<<19)) // 1 MB
	marks := []byte(strings.Repeat("\u064E\u0651\u0670", 1000))
	for name, in := range map[string][]byte{
		"1 MB of tatweel":  tatweel,
		"marks only":       marks,
		"invalid":          {0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82},
		"empty":            nil,
		"article alone":    []byte("ال"),
		"ligature in word": []byte("كتابﷺكتاب"),
	} {
		for _, l := range Levels {
			toks := Analyze(in, l)
			checkTokens(t, in, toks)
			if name != "article alone" && name != "ligature in word" && len(toks) != 0 {
				t.Errorf("%s %s: %d tokens, want none", name, l, len(toks))
			}
		}
	}
}

// The shared analyzers give the same result from many goroutines at once.
func TestConcurrent(t *testing.T) {
	verses := quranVerses(t, 200)
	want := make([]string, len(verses))
	for i, v := range verses {
		want[i] = render(Analyze([]byte(v), Stem))
	}
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		go func() {
			for i, v := range verses {
				if got := render(Analyze([]byte(v), Stem)); got != want[i] {
					errs <- got
					return
				}
			}
			errs <- ""
		}()
	}
	for g := 0; g < 8; g++ {
		if got := <-errs; got != "" {
			t.Errorf("concurrent analysis gave %q", got)
		}
	}
}
