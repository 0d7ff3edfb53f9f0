package analysis

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"unicode"
)

// readPairs reads testdata/uthmani_pairs.tsv: Uthmani form → ordinary
// (imla'i) spelling.
func readPairs(t *testing.T) map[string]string {
	t.Helper()
	data, err := os.ReadFile("testdata/uthmani_pairs.tsv")
	if err != nil {
		t.Fatal(err)
	}
	pairs := make(map[string]string)
	for i, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		u, plain, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("uthmani_pairs.tsv:%d: no tab in %q", i+1, line)
		}
		pairs[u] = plain
	}
	if len(pairs) < 100 {
		t.Fatalf("only %d pairs", len(pairs))
	}
	return pairs
}

// withoutPauseMarks removes the Qur'anic pause marks U+06D6–U+06DC, which
// sit on words but do not change their spelling.
func withoutPauseMarks(w string) string {
	return strings.Map(func(r rune) rune {
		if r >= 0x06D6 && r <= 0x06DC {
			return -1
		}
		return r
	}, w)
}

// Uthmani words analyze like their ordinary spelling, at Exact and Stem
// level, both where a dagger alef is a written alef (الكتاب, العالمين,
// السماوات) and where ordinary spelling has no alef either (هذا, ذلك, لكن,
// الرحمن, إله). Over the whole Qur'an, it measures the share of tokens the
// pair list covers and how many of them agree.
func TestUthmaniPairs(t *testing.T) {
	pairs := readPairs(t)
	for _, l := range []Level{Exact, Stem} {
		a := NewAnalyzer(l, noStop)
		for u, plain := range pairs {
			if got, want := render(a.Analyze([]byte(u))), render(a.Analyze([]byte(plain))); got != want {
				t.Errorf("%s: Uthmani %q → %q, ordinary %q → %q", l, u, got, plain, want)
			}
		}
	}
	a := NewAnalyzer(Exact, noStop)
	total, covered, agree, baseAgree := 0, 0, 0, 0
	for _, v := range quranVerses(t, 0) {
		for _, w := range strings.Fields(v) {
			w = withoutPauseMarks(w)
			if w == "" || strings.IndexFunc(w, unicode.IsLetter) < 0 {
				continue
			}
			total++
			plain, ok := pairs[w]
			if !ok {
				continue
			}
			covered++
			if render(a.Analyze([]byte(w))) == render(a.Analyze([]byte(plain))) {
				agree++
			}
			if luceneLike(w) == luceneLike(plain) {
				baseAgree++
			}
		}
	}
	t.Logf("Qur'an: %d word tokens; the pair list covers %d (%.1f%%); Exact terms equal the ordinary spelling's for %d of them (%.1f%%; Lucene-style normalization: %.1f%%)",
		total, covered, 100*float64(covered)/float64(total), agree, 100*float64(agree)/float64(covered),
		100*float64(baseAgree)/float64(covered))
	if agree != covered {
		t.Errorf("%d covered tokens differ from their ordinary spelling", covered-agree)
	}
}

// Keyboard spellings of frequent Qur'anic words are Stem terms of the
// Uthmani text, and Uthmani stop words are stop words.
func TestUthmaniKeyboardWords(t *testing.T) {
	terms := make(map[string]bool)
	for _, v := range quranVerses(t, 0) {
		for _, tk := range Analyze([]byte(v), Stem) {
			terms[tk.Term] = true
		}
	}
	keyboard := strings.Fields(`الكتاب الرحمن الرحيم الحمد العالمين يوم الدين الصلاة الزكاة السماوات الأرض
		آمنوا القرآن الحياة الملائكة النبيين إبراهيم موسى الجنة النار الناس المؤمنين الكافرين الآخرة الدنيا
		الشيطان إسرائيل الليل شيئا الله إله الإنسان سبحان الصالحات الظالمين أيها قوم بآياتنا يؤمنون السماء
		الأنهار الحق جهنم سليمان مريم الربا`)
	for _, w := range keyboard {
		if term := NormalizeQueryTerm(w, Stem); !terms[term] {
			t.Errorf("keyboard %q (term %q) is not a Stem term of the Uthmani text", w, term)
		}
	}
	for _, w := range strings.Fields("هَٰذَا هَٰذَآ ذَٰلِكَ وَلَٰكِنَّ أُوْلَـٰٓئِكَ هَـٰٓؤُلَآءِ عَلَىٰ إِلَىٰٓ إِلَّآ وَمَآ ٱلَّذِينَ") {
		if !IsStopWord(w) {
			t.Errorf("Uthmani %q is not a stop word", w)
		}
	}
}

// Measures how many Uthmani tokens have an Exact term attested in modern
// news text, against a Lucene-style normalizer (harakat and tatweel removed,
// أ إ آ → ا, ى → ي, ة → ه). Skipped without ../shared/corpora.
func TestUthmaniModernVocabulary(t *testing.T) {
	f, err := os.Open("../../shared/corpora/saudinewsnet/docs.jsonl.gz")
	if err != nil {
		t.Skipf("news corpus not available: %v", err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	a := NewAnalyzer(Exact, noStop)
	ours, base := make(map[string]bool), make(map[string]bool)
	dec := json.NewDecoder(bufio.NewReader(z))
	for n := 0; n < 8<<20; {
		var d struct{ Text string }
		if err := dec.Decode(&d); err != nil {
			break
		}
		n += len(d.Text)
		for _, tk := range a.Analyze([]byte(d.Text)) {
			ours[tk.Term] = true
		}
		for _, w := range strings.FieldsFunc(d.Text, notWordRune) {
			base[luceneLike(w)] = true
		}
	}
	total, hitOurs, hitBase := 0, 0, 0
	for _, v := range quranVerses(t, 0) {
		for _, w := range strings.Fields(v) {
			toks := a.Analyze([]byte(w))
			if len(toks) == 0 {
				continue
			}
			total++
			if ours[toks[len(toks)-1].Term] {
				hitOurs++
			}
			if base[luceneLike(w)] {
				hitBase++
			}
		}
	}
	pOurs, pBase := float64(hitOurs)/float64(total), float64(hitBase)/float64(total)
	t.Logf("Qur'an tokens whose term occurs in 8 MB of news: fahras Exact %.1f%%, Lucene-style normalization %.1f%% (%d tokens)",
		100*pOurs, 100*pBase, total)
	if pOurs < pBase+0.2 {
		t.Errorf("fahras %.3f is not clearly above the baseline %.3f", pOurs, pBase)
	}
}

func notWordRune(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsMark(r) && !unicode.IsDigit(r) && r != 'ـ'
}

// luceneLike is the baseline normalizer of the measurement.
func luceneLike(w string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0x064B && r <= 0x0652, r == 'ـ':
			return -1
		case r == 'أ' || r == 'إ' || r == 'آ':
			return 'ا'
		case r == 'ى':
			return 'ي'
		case r == 'ة':
			return 'ه'
		}
		return r
	}, w)
}
