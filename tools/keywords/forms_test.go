package main

import (
	"slices"
	"testing"
)

// TestForms: the forms of a typed word are its inflections by closed lists
// of clitics and suffixes, never a look-alike.
func TestForms(t *testing.T) {
	tests := []struct {
		name, word string
		in, out    []string
	}{
		{"article and plural", "الكافرين", []string{"الكافرين", "كافر", "والكافرون", "للكافرين", "كافرهم"}, []string{"كافور", "كفر", "كافورا"}},
		{"allah with the article only", "الله", []string{"الله", "والله", "لله", "بالله", "فالله"}, []string{"له", "اللهو", "اللهب", "لهم"}},
		{"teh marbuta before a suffix", "صلاه", []string{"صلاه", "صلاتهم", "وصلاتك", "الصلاه"}, []string{"صلوات", "صله"}},
		{"verb plural", "قالوا", []string{"قالوا", "قال", "وقال", "فقالوا"}, []string{"قول", "قيل"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := forms(tc.word)
			for _, w := range tc.in {
				if !slices.Contains(fs, w) {
					t.Errorf("forms(%s) lacks %s", tc.word, w)
				}
			}
			for _, w := range tc.out {
				if slices.Contains(fs, w) {
					t.Errorf("forms(%s) holds %s", tc.word, w)
				}
			}
		})
	}
}
