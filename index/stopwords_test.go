package index

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestStopWordsSchema indexes the same documents with the built-in stop
// list and with a schema that adds الرياضة and removes بين: the added word
// is no longer found, the removed one is, also after the index is
// reopened (the list is stored with it).
func TestStopWordsSchema(t *testing.T) {
	docs := []Document{
		{"id": "d1", "text": "المسافة بين المدينتين قصيرة"},
		{"id": "d2", "text": "أخبار الرياضة اليوم"},
	}
	custom := &StopWords{Add: []string{"الرياضة"}, Remove: []string{"بَيْنَ"}}
	tests := []struct {
		name  string
		stops *StopWords
		query string
		want  []string
	}{
		{"built-in: a stop word", nil, "بين", nil},
		{"built-in: a word", nil, "الرياضة", []string{"d2"}},
		{"removed stop word is found", custom, "بين", []string{"d1"}},
		{"added stop word is not found", custom, "الرياضة", nil},
		{"added stop word in a phrase", custom, `"أخبار الرياضة"`, []string{"d2"}},
		{"other words as before", custom, "المدينتين", []string{"d1"}},
	}
	ctx := context.Background()
	dirs := map[*StopWords]string{}
	for _, sw := range []*StopWords{nil, custom} {
		dir := filepath.Join(t.TempDir(), "ix")
		ix, err := Create(dir, Schema{Fields: []Field{{Name: "text", Type: Text}}, StopWords: sw})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range docs {
			if _, err := ix.Put(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
		ix.Close()
		dirs[sw] = dir
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix, err := Open(dirs[tt.stops])
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			res, err := ix.Search(ctx, Request{Query: tt.query, Related: new(bool)})
			var got []string
			if err == nil {
				got = hitIDs(res)
			} else if !errors.Is(err, ErrInvalidQuery) {
				t.Fatalf("Search(%q) = %v", tt.query, err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Search(%q) = %q, want %q", tt.query, got, tt.want)
			}
		})
	}
	ix, err := Open(dirs[custom])
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	other := Schema{StopWords: &StopWords{Add: []string{"اليوم"}}}
	if err := ix.Declare(other); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "stop_words differ") {
		t.Errorf("Declare with another stop list = %v, want ErrInvalid", err)
	}
	if err := ix.Declare(Schema{StopWords: custom}); err != nil {
		t.Errorf("Declare with the same stop list = %v", err)
	}
}

func TestStopWordsValidation(t *testing.T) {
	empty := []string{}
	tests := []struct {
		name string
		sw   *StopWords
		err  string
	}{
		{"replace with nothing", &StopWords{Replace: &empty}, ""},
		{"two words in one", &StopWords{Add: []string{"على الطاولة"}}, `stop_words.add[0]: "على الطاولة": want one word`},
		{"empty word", &StopWords{Remove: []string{" "}}, `stop_words.remove[0]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Schema{StopWords: tt.sw}.Validate()
			if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
				t.Errorf("Validate = %v, want %q", err, tt.err)
			}
		})
	}
}
