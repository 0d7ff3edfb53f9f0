package fahras

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func TestDemoVerses(t *testing.T) {
	want, err := os.ReadFile(versesPath)
	if err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	sc := bufio.NewScanner(DemoVerses())
	n := 0
	ids := map[string]bool{}
	for sc.Scan() {
		n++
		var v struct{ ID, Title, Text string }
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("line %d: %v", n, err)
		}
		if v.ID == "" || v.Title == "" || v.Text == "" || ids[v.ID] {
			t.Fatalf("line %d: bad or repeated verse %+v", n, v)
		}
		ids[v.ID] = true
		got.Write(sc.Bytes())
		got.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n != 6236 {
		t.Errorf("DemoVerses has %d verses, want 6236", n)
	}
	if got.String() != string(want) {
		t.Error("DemoVerses differs from testdata/quran/verses.jsonl: it must be shipped verbatim")
	}
}

func TestDemoLicenseAndHash(t *testing.T) {
	if !strings.Contains(DemoLicense(), "Attribution-ShareAlike 4.0") {
		t.Errorf("DemoLicense does not look like CC BY-SA 4.0: %.80q", DemoLicense())
	}
	h := DemoHash()
	if len(h) != 16 || h != DemoHash() {
		t.Errorf("DemoHash = %q, want 16 stable hex digits", h)
	}
}
