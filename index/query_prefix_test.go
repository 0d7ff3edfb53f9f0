package index

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestPrefixLast: with PrefixLast the last word, still being typed, also
// finds the words beginning with it, after the documents with the word
// itself; a word followed by a space, an earlier word, an excluded word or
// a prefix too short to normalize are searched as before.
func TestPrefixLast(t *testing.T) {
	ix := mustTextIndex(t, map[string]string{
		"algo":   "يشرح المدرس الخوارزميات للطلاب",
		"school": "افتتحت المدرسة الجديدة أبوابها",
		"book":   "قرأ الطالب الكتاب في المكتبة",
		"writer": "الكاتب نشر كتابه الأول",
	})
	tests := []struct {
		name, query string
		want, off   []string // with PrefixLast, without
	}{
		{"unfinished word", "الخوا", []string{"algo"}, []string{}},
		{"after other words", "المدرس الخوا", []string{"algo", "school"}, []string{"algo", "school"}},
		{"word itself first", "الكات", []string{"writer"}, []string{}},
		{"finished word", "الخوا ", []string{}, []string{}},
		{"earlier word not a prefix", "الخوا قرأ", []string{"book"}, []string{"book"}},
		{"excluded word not a prefix", "المدرسة -الخوا", []string{"school", "algo"}, []string{"school", "algo"}},
		{"required", "+الخوا", []string{"algo"}, []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := func(prefix bool) []string {
				res, err := ix.Search(t.Context(), Request{Query: tc.query, PrefixLast: prefix, Related: new(false)})
				if err != nil {
					t.Fatal(err)
				}
				return hitIDs(res)
			}
			if diff := cmp.Diff(tc.want, got(true)); diff != "" {
				t.Errorf("with PrefixLast (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.off, got(false)); diff != "" {
				t.Errorf("without (-want +got):\n%s", diff)
			}
		})
	}
}
