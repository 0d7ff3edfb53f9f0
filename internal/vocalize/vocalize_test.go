package vocalize

import (
	"os"
	"strings"
	"testing"
	"unicode"
)

func TestWord(t *testing.T) {
	f, err := os.Open("../../testdata/quran/verses.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, err := Learn(f)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, in, want string
	}{
		{"learned from the Quran", "الله", "اللَّهِ"},
		{"by rule, sun letter after article", "الشركة", "ال\u0634\u0651\u064Eر\u064Eك\u064Eة\u064F"},
		{"by rule, moon letter after article", "الحاسوب", "الْحَاسُوبُ"},
		{"by rule, long yeh", "فيديو", "ف\u0650يد\u0650يو\u064F"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := v.Word(tt.in)
			if tt.name == "learned from the Quran" {
				if stripMarks(got) != tt.in || got == tt.in {
					t.Fatalf("Word(%q) = %q, want a vocalized %q", tt.in, got, tt.in)
				}
				return
			}
			if got != tt.want {
				t.Errorf("Word(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTextKeepsLettersAndOtherScripts(t *testing.T) {
	v := &Vocalizer{forms: map[string]string{}}
	in := "ذهب أحمد إلى iPhone 15 في عام ٢٠٢٤."
	got := v.Text(in)
	if stripMarks(got) != in {
		t.Fatalf("Text(%q) = %q: letters changed", in, got)
	}
	marks := strings.IndexFunc(got, func(r rune) bool { return unicode.Is(unicode.Mn, r) })
	if marks < 0 {
		t.Fatalf("Text(%q) = %q: no harakat added", in, got)
	}
}
