package index

import (
	"strings"
	"testing"
)

// TestWordGroups: the documents that hold the typed word come before those
// that hold only a look-alike (a spelling variant, a clitic variant, a typo
// edit or, while typing, a longer word), however rare the look-alike, and
// a document holding the word is marked on the word alone. Without word
// groups (the ranking before them) the look-alikes came first.
func TestWordGroups(t *testing.T) {
	ix := mustTextIndex(t, map[string]string{
		"allah1":   "قل ما عند الله خير من التجارة والله خير الرازقين",
		"allah2":   "وما ذلك على الله بعزيز",
		"lahw":     "وإذا رأوا تجارة أو لهوا انفضوا إليها وتركوك قائما قل ما عند الله خير من اللهو",
		"lahab":    "تبت يدا أبي لهب وتب سيصلى نارا ذات اللهب",
		"kafir1":   "وإنه لحسرة على الكافرين",
		"kafir2":   "إلا إبليس استكبر وكان من الكافرين",
		"kafur":    "إن الأبرار يشربون من كأس كان مزاجها كافورا",
		"mumin1":   "وما أنا بطارد المؤمنين",
		"mumin2":   "إنه من عبادنا المؤمنين",
		"maymana":  "فأصحاب الميمنة ما أصحاب الميمنة",
		"rahman":   "الرحمن علم القرآن",
		"rahma":    "هدى ورحمة للمحسنين",
		"hin":      "فتول عنهم حتى حين",
		"wahn":     "قال رب إني وهن العظم مني",
		"symptoms": "تتطور الأعراض ببطء عند المرضى",
		"men":      "دخل رجلان المسجد",
		"sultan":   "جاء السلطان إلى المدينة",
		"sulta":    "السلطة التنفيذية والسلطة التشريعية",
	})
	tests := []struct {
		name, query string
		prefix      bool
		first       []string // the first hits, in any order
		marks       string   // a word that must not be marked on the first hits
	}{
		{"الله before اللهو", "الله", false, []string{"allah1", "allah2", "lahw"}, "اللهو"},
		{"الله while typing: before اللهب", "الله", true, []string{"allah1", "allah2", "lahw"}, "اللهب"},
		{"الكافرين before كافورا", "الكافرين", false, []string{"kafir1", "kafir2"}, ""},
		{"المومنين typed without hamza", "المومنين", false, []string{"mumin1", "mumin2"}, ""},
		{"a typo near the end: المؤمنبن", "المؤمنبن", false, []string{"mumin1", "mumin2"}, ""},
		{"a typo near the end: الكافربن", "الكافربن", false, []string{"kafir1", "kafir2"}, ""},
		{"الرحمان in plene spelling", "الرحمان", false, []string{"rahman"}, ""},
		{"حين is not a stop word", "حين", false, []string{"hin"}, ""},
		{"وهن is not a stop word", "وهن", false, []string{"wahn"}, ""},
		{"a dual of three letters through its variant", "رجل", false, []string{"men"}, ""},
		{"سلطان is not سلطة", "سلطان", false, []string{"sultan"}, ""},
		{"a run-on word with a question mark", "تتطورالأعراض؟", false, []string{"symptoms"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, grouped := range []bool{true, false} {
				r := defaultRank()
				r.groups = grouped
				res, err := ix.search(t.Context(), Request{Query: tc.query, Size: 10, PrefixLast: tc.prefix, Related: ptr(false)}, r)
				if err != nil {
					t.Fatal(err)
				}
				ok := len(res.Hits) >= len(tc.first)
				for i := 0; ok && i < len(tc.first); i++ {
					ok = contains(tc.first, res.Hits[i].ID) && (tc.marks == "" || !strings.Contains(strings.Join(res.Hits[i].Highlights["text"], " "), "<mark>"+tc.marks+"</mark>"))
				}
				switch {
				case grouped && !ok:
					t.Errorf("%s: hits %v, want %v first, %s unmarked", tc.query, hitIDs(res), tc.first, tc.marks)
				case !grouped && ok && tc.marks == "":
					t.Logf("%s: the ungrouped ranking gets it right too", tc.query)
				}
			}
		})
	}
}

// TestWordGroupTiers: among documents that match a word, those holding one
// of its own readings rank above those holding only a variant, which rank
// above those holding only a typo edit; with search as you type, the typed
// word above the longer words it begins.
func TestWordGroupTiers(t *testing.T) {
	ix := mustTextIndex(t, map[string]string{
		"own":    "جاء الوزير إلى المدينة أمس في زيارة رسمية طويلة جدا للمسؤولين والتجار",
		"clitic": "كوزير",
		"light":  "الله نور السماوات والأرض مثل نوره كمشكاة فيها مصباح المصباح في زجاجة",
		"gull":   "نورس",
		"gulls":  "نورس على الشاطئ",
	})
	tests := []struct {
		name, query string
		prefix      bool
		want        []string
	}{
		{"own reading above a clitic variant", "وزير", false, []string{"own", "clitic"}},
		{"typed word above longer words", "نور", true, []string{"light"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := ix.search(t.Context(), Request{Query: tc.query, Size: 10, PrefixLast: tc.prefix, Related: ptr(false)}, defaultRank())
			if err != nil {
				t.Fatal(err)
			}
			got := hitIDs(res)
			if len(got) < len(tc.want) || !equalPrefix(got, tc.want) {
				t.Errorf("%s: hits %v, want %v first", tc.query, got, tc.want)
			}
			if tc.prefix && len(got) < 2 {
				t.Errorf("%s: hits %v, want the longer words after the word", tc.query, got)
			}
		})
	}
}

func equalPrefix(got, want []string) bool {
	for i, w := range want {
		if got[i] != w {
			return false
		}
	}
	return true
}
