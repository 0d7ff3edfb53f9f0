package highlight

import (
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/fahras/fahras/analysis"
)

// spansOf returns the spans of the words of text whose exact term is one of
// the exact terms of words, as the search's term locations would.
func spansOf(text string, words ...string) []Span {
	want := map[string]bool{}
	for _, w := range words {
		for _, t := range analysis.Analyze([]byte(w), analysis.Exact) {
			want[t.Term] = true
		}
	}
	var out []Span
	for _, t := range analysis.Analyze([]byte(text), analysis.Exact) {
		if want[t.Term] {
			out = append(out, Span{Start: t.Start, End: t.End, Key: t.Term})
		}
	}
	return cleanSpans(text, out)
}

func TestFragments(t *testing.T) {
	long := "في صباح ذلك اليوم خرج الطلاب من المدرسة إلى الحديقة العامة ثم عادوا إلى بيوتهم مساء"
	tests := []struct {
		name  string
		text  string
		words []string
		opts  Options
		want  []string
	}{
		{"whole diacritized word", "وَالْكِتَابُ مُفِيدٌ جِدًّا", []string{"والكتاب"}, Options{},
			[]string{"<mark>وَالْكِتَابُ</mark> مُفِيدٌ جِدًّا"}},
		{"escaping", `<script>alert("كتاب")</script> & كتاب`, []string{"كتاب"}, Options{},
			[]string{`&lt;script&gt;alert(&#34;<mark>كتاب</mark>&#34;)&lt;/script&gt; &amp; <mark>كتاب</mark>`}},
		{"custom tags", "كتاب جميل", []string{"جميل"}, Options{PreTag: "[", PostTag: "]"},
			[]string{"كتاب [جميل]"}},
		{"fragment on word boundaries", long, []string{"الحديقة"}, Options{FragmentSize: 30},
			[]string{"إلى <mark>الحديقة</mark> العامة ثم عادوا"}},
		{"fragment at the end of the text", long, []string{"مساء"}, Options{FragmentSize: 20},
			[]string{"إلى بيوتهم <mark>مساء</mark>"}},
		{"best fragment first", long, []string{"صباح", "الحديقة", "العامة"}, Options{FragmentSize: 25, Fragments: 2},
			[]string{"إلى <mark>الحديقة</mark> <mark>العامة</mark> ثم", "في <mark>صباح</mark> ذلك اليوم خرج"}},
		{"fragment count", "كتاب ثم كتاب ثم كتاب ثم كتاب", []string{"كتاب"}, Options{FragmentSize: 10, Fragments: 2},
			[]string{"<mark>كتاب</mark> ثم", "<mark>كتاب</mark> ثم"}},
		{"mixed scripts", "قرأ الطالب كتاب Go بسرعة", []string{"go"}, Options{},
			[]string{"قرأ الطالب كتاب <mark>Go</mark> بسرعة"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spans := spansOf(tt.text, tt.words...)
			if len(spans) == 0 {
				t.Fatalf("no spans for %q in %q", tt.words, tt.text)
			}
			got := fragments(tt.text, spans, marked(tt.opts))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("fragments (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFragmentsNeverSplitWords(t *testing.T) {
	text := "قال الرئيس إن الحكومة ستعمل على تطوير التعليم والصحة والنقل في جميع المناطق خلال السنوات المقبلة"
	spans := spansOf(text, "التعليم", "المناطق")
	words := map[string]bool{}
	for _, w := range strings.Fields(text) {
		words[w] = true
	}
	for size := 10; size <= 60; size += 7 {
		for _, f := range fragments(text, spans, marked(Options{FragmentSize: size, PreTag: " ", PostTag: " ", Fragments: 5})) {
			for _, w := range strings.Fields(f) {
				if !words[w] {
					t.Errorf("size %d: fragment %q has the split word %q", size, f, w)
				}
			}
		}
	}
}

func TestMatchOffsets(t *testing.T) {
	text := "😀 الكتابُ 𝐀𝐁 و كتاب"
	spans := spansOf(text, "كتاب", "الكتاب")
	got := matchOffsets(text, spans)
	if len(got) != 2 {
		t.Fatalf("matchOffsets = %v, want 2 matches", got)
	}
	runes := []rune(text)
	units := utf16.Encode(runes)
	for i, m := range got {
		surface := text[m.Start:m.End]
		if !utf8.ValidString(surface) || !strings.Contains(surface, "كتاب") {
			t.Errorf("match %d bytes [%d:%d] = %q", i, m.Start, m.End, surface)
		}
		if r := string(runes[m.RuneStart:m.RuneEnd]); r != surface {
			t.Errorf("match %d runes [%d:%d] = %q, want %q", i, m.RuneStart, m.RuneEnd, r, surface)
		}
		if u := string(utf16.Decode(units[m.UTF16Start:m.UTF16End])); u != surface {
			t.Errorf("match %d UTF-16 [%d:%d] = %q, want %q", i, m.UTF16Start, m.UTF16End, u, surface)
		}
	}
	want := []Match{
		{Start: 5, End: 19, RuneStart: 2, RuneEnd: 9, UTF16Start: 3, UTF16End: 10},
		{Start: 32, End: 40, RuneStart: 15, RuneEnd: 19, UTF16Start: 18, UTF16End: 22},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("matchOffsets (-want +got):\n%s", diff)
	}
}

func TestCleanSpans(t *testing.T) {
	text := "كتاب"
	got := cleanSpans(text, []Span{
		{Start: 0, End: 8, Key: "كتاب"},
		{Start: 0, End: 8, Key: "كتب", Stem: true},
		{Start: 1, End: 8, Key: "bad offset"},
		{Start: 0, End: 99, Key: "past the end"},
	})
	want := []Span{{Start: 0, End: 8, Key: "كتب", Stem: true}}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(Span{})); diff != "" {
		t.Errorf("cleanSpans (-want +got):\n%s", diff)
	}
}

// marked is o with the index's default tags when it has none.
func marked(o Options) Options {
	if o.PreTag == "" && o.PostTag == "" {
		o.PreTag, o.PostTag = "<mark>", "</mark>"
	}
	return o.withDefaults()
}

func BenchmarkFragments(b *testing.B) {
	text := strings.Repeat("نهر النيل أطول أنهار العالم، ينبع من بحيرة فيكتوريا ويجري شمالاً عبر أوغندا والسودان ومصر. ", 40)
	spans := spansOf(text, "النيل", "السودان")
	o := marked(Options{})
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		fragments(text, spans, o)
		matchOffsets(text, spans)
	}
}
