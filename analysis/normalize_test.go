package analysis

import "testing"

// Table 9.1 of the design doc: the normalized (Exact) terms of each input,
// stop words kept. Rows where we differ from the doc say why.
func TestNormalizeTable(t *testing.T) {
	a := NewAnalyzer(Exact, noStop)
	tests := []struct{ name, in, want string }{
		{"harakat shadda tanwin", "مُحَمَّدٌ", "محمد"},
		{"harakat", "كِتَابٌ", "كتاب"},
		{"tatweel", "كتـــاب", "كتاب"},
		{"tatweel after article", "الـكتاب", "الكتاب"},
		{"alef hamza above", "أحمد", "احمد"},
		{"alef hamza below", "إسلام", "اسلام"},
		{"alef madda", "آمن", "امن"},
		{"alef wasla", "ٱلْحَمْدُ", "الحمد"},
		{"dagger alef in الرحمن", "الرَّحْمَٰنِ", "الرحمن"},
		{"dagger alef in هذا", "هٰذا", "هذا"},
		{"Uthmani hamza alef", "ءَامَنُوا۟", "امنوا"},
		// The doc keeps ءا by default; the wasla and sukun mark this word as
		// Uthmani, where medial ءا is the standard آ, so it matches القرآن.
		{"Uthmani medial hamza alef", "ٱلْقُرْءَانَ", "القران"},
		// The doc gives يايها; the Uthmani vocative يٰٓ is the separate word
		// يا in standard spelling, so we emit يا and ايها as two words and a
		// keyboard query أيها matches.
		{"vocative", "يَٰٓأَيُّهَا", "يا ايها"},
		{"NFD hamza above", "ا\u0654حمد", "احمد"},
		{"NFD madda", "ا\u0653من", "امن"},
		{"teh marbuta", "مدرسة", "مدرسه"},
		{"heh variant", "مدرسه", "مدرسه"},
		{"alef maksura", "مستشفى", "مستشفي"},
		{"yeh variant", "مستشفي", "مستشفي"},
		{"alef maksura stop word", "على", "علي"},
		{"waw hamza", "مسؤول", "مسوول"},
		{"yeh hamza", "مسئول", "مسيول"},
		{"waw hamza سؤال", "سؤال", "سوال"},
		{"final hamza", "شيء", "شيء"},
		{"misspelt شيء", "شئ", "شي"},
		{"keheh", "کتاب", "كتاب"},
		{"farsi yeh", "علی", "علي"},
		{"presentation forms", "ﻣﺤﻤﺪ", "محمد"},
		{"lam alef ligature", "ﻻ", "لا"},
		{"lam alef hamza ligature", "ﻷ", "لا"},
		{"allah ligature", "ﷲ", "الله"},
		{"salla ligature", "ﷺ", "صلي الله عليه وسلم"},
		{"arabic indic digits", "٢٠٢٤", "2024"},
		{"persian digits", "۱۴۰۲", "1402"},
		{"decimal separator", "٣٫١٤", "3.14"},
		{"thousands separator", "١٢٬٣٤٥", "12,345"},
		// The doc's column shows 2024م; its notes ask for the split we do.
		{"digits glued to letter", "٢٠٢٤م", "2024 م"},
		{"hijri year", "١٤٤٥هـ", "1445 ه"},
		{"trailing RLM", "كتاب\u200F", "كتاب"},
		{"embedding controls", "\u202Bالكتاب\u202C", "الكتاب"},
		{"isolates", "\u2067الكتاب\u2069", "الكتاب"},
		{"ZWJ", "كتا\u200Dب", "كتاب"},
		{"soft hyphen", "كتا\u00ADب", "كتاب"},
		{"ZWNJ", "می\u200Cخواهم", "ميخواهم"},
		{"BOM", "\uFEFFالكتاب", "الكتاب"},
		// The doc's column shows one token د.احمد; its notes ask for the split.
		{"dot abbreviation", "د.أحمد", "د احمد"},
		{"compound name", "عبدالله", "عبدالله"},
		{"latin and arabic digits", "iPhone١٥", "iphone15"},
		{"latin hyphenated", "COVID-19", "covid 19"},
		// Section 9.5 cases.
		{"mixed script", "iPhone ١٥ برو", "iphone 15 برو"},
		{"clitic before latin", "بالـGPS", "gps"},
		{"ALM between words", "كتاب\u061Cالجديد", "كتابالجديد"},
		{"persian plural", "کتاب\u200Cها", "كتابها"},
		{"empty article", "ال", "ال"},
		{"lone waw", "و", "و"},
		{"only tatweel", "ـــ", ""},
		{"lone marks", "\u064E\u0651", ""},
		{"lone RLM", "\u200F", ""},
		{"invalid UTF-8", "\xff\xfeكتاب\xc3", "كتاب"},
		{"Uthmani dagger as alef", "ٱلۡكِتَٰبُ", "الكتاب"},
		{"Uthmani salat", "ٱلصَّلَوٰةَ", "الصلاه"},
		{"Uthmani alef maksura dagger", "عَلَىٰٓ", "علي"},
		{"Uthmani ذلك", "ذَٰلِكَ", "ذلك"},
		{"Uthmani ولكن", "وَلَٰكِنَّ", "ولكن"},
		{"Uthmani إله with suffix", "إِلَٰهُكُمۡ", "الهكم"},
		{"Uthmani أولئك", "أُوْلَـٰٓئِكَ", "اوليك"},
		{"Uthmani الملائكة keeps alef", "ٱلۡمَلَـٰٓئِكَةِ", "الملايكه"},
		{"Uthmani small high yeh", "ٱلنَّبِيِّـۧنَ", "النبيين"},
		{"Uthmani hamza on tatweel", "بِـَٔايَٰتِنَا", "باياتنا"},
		{"Uthmani small waw", "إِنَّهُۥ", "انه"},
		{"Uthmani pause mark alone", "ۚ", ""},
		{"bismillah ligature", "﷽", "بسم الله الرحمن الرحيم"},
		{"fullwidth latin", "ＡＢＣ", "abc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks := a.Analyze([]byte(tt.in))
			checkTokens(t, []byte(tt.in), toks)
			if got := render(toks); got != tt.want {
				t.Errorf("Analyze(%q, Exact) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// Vocal keeps harakat in canonical order and folds letters like Exact.
func TestVocal(t *testing.T) {
	a := NewAnalyzer(Vocal, noStop)
	tests := []struct{ name, in, want string }{
		{"keeps harakat", "كَتَبَ", "كَتَبَ"},
		{"distinguishes vocalization", "كُتُب", "كُتُب"},
		{"shadda order", "مُحَمَّد", "مُحَمَّد"},
		{"shadda order swapped", "مُحَمَّد", "مُحَمَّد"},
		{"sukun dropped", "مِنْ", "مِن"},
		{"Uthmani sukun dropped", "مِنۡ", "مِن"},
		{"letters folded", "إِلَى", "اِلَي"},
		{"Uthmani dagger alef", "ٱلۡكِتَٰبُ", "الكِتَابُ"},
		{"keyboard vocalized", "الكِتَابُ", "الكِتَابُ"},
		{"Uthmani open tanwin", "جَنَّـٰتٖ", "جَنَّاتٍ"},
		{"tatweel", "كَتَـــبَ", "كَتَبَ"},
		{"unvocalized", "كتب", "كتب"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks := a.Analyze([]byte(tt.in))
			checkTokens(t, []byte(tt.in), toks)
			if got := render(toks); got != tt.want {
				t.Errorf("Analyze(%q, Vocal) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestStopList(t *testing.T) {
	got := StopList(nil, []string{"الرياضة"}, []string{"عَلَى", "بين"})
	a := NewAnalyzer(Stem, Options{StopWords: got})
	tests := []struct {
		word string
		stop bool
	}{
		{"على", false}, {"بين", false}, {"الرياضة", true}, {"والرياضة", true}, {"في", true}, {"علي", false},
	}
	for _, tt := range tests {
		if a.IsStopWord(tt.word) != tt.stop {
			t.Errorf("IsStopWord(%q) = %v, want %v (list of %d words)", tt.word, !tt.stop, tt.stop, len(got))
		}
	}
	if n := len(StopList([]string{"أ", "ب"}, nil, nil)); n != 2 {
		t.Errorf("StopList of a base of 2: %d words", n)
	}
}
