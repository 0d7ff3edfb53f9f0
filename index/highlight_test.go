package index

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestHighlightOptionsDefaults(t *testing.T) {
	got := highlightOptions(nil)
	want := HighlightOptions{PreTag: "<mark>", PostTag: "</mark>", FragmentSize: defaultFragmentSize, Fragments: defaultFragments}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("highlightOptions(nil) (-want +got):\n%s", diff)
	}
}
