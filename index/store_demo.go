package index

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/fahras/fahras/analysis"
)

// analysisFile records, in every index folder, the fingerprint of the
// analyzer that created the index (see analysisFingerprint).
const analysisFile = "fahras-analysis"

// analysisProbe is text that exercises the analyzer: diacritics, Quranic
// marks, alef wasla, clitics, alef variants, tatweel, Latin and digits.
const analysisProbe = "بِسۡمِ ٱللَّهِ ٱلرَّحۡمَٰنِ ٱلرَّحِيمِ وَبِالْكِتَابِ فَسَيَكْفِيكَهُمُ " +
	"والمدرســة للطلاب أحمد إبراهيم آمنة مكّة كتبوا يكتبون مدرستها الكاتبات Python 2019 ١٢٣"

// analysisFingerprint hashes the tokens of analysisProbe at every level:
// when the analyzer changes what it produces, a cached index is stale.
func analysisFingerprint() string {
	h := sha256.New()
	for _, l := range analysis.Levels {
		for _, t := range analysis.Analyze([]byte(analysisProbe), l) {
			fmt.Fprintf(h, "%d %s %d %d %d %v\n", l, t.Term, t.Start, t.End, t.Position, t.Alternate)
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// sameAnalysis reports whether the index in dir was created by an analyzer
// that analyzes as this one does. Indexes without the record (created
// before it existed) count as different.
func sameAnalysis(dir string) bool {
	b, err := os.ReadFile(filepath.Join(dir, analysisFile))
	return err == nil && string(bytes.TrimSpace(b)) == analysisFingerprint()
}

// saveAnalysis records this analyzer's fingerprint in dir.
func saveAnalysis(dir string) error {
	if err := os.WriteFile(filepath.Join(dir, analysisFile), []byte(analysisFingerprint()+"\n"), 0o644); err != nil {
		return fmt.Errorf("record the analyzer version: %w", err)
	}
	return nil
}

// DemoSchema is the schema of the demo index built from the Qur'an verses
// ({"id": "sura:aya", "title": sura name, "text": verse}). Besides the
// verse text (searched by default) it has the sura name as text (title:…)
// and as a keyword facet (sura_name), and the sura and aya numbers, taken
// from the id, for filters and sorting.
func DemoSchema() Schema {
	return Schema{Fields: []Field{
		{Name: IDName, Type: Keyword, Filter: true, Sort: true},
		{Name: "text", Type: Text, Search: true, Boost: 1},
		{Name: "title", Type: Text, Boost: 1},
		{Name: "sura_name", Type: Keyword, Filter: true, Facet: true},
		{Name: "sura", Type: Number, Filter: true, Facet: true, Sort: true},
		{Name: "aya", Type: Number, Filter: true, Sort: true},
	}}
}

// OpenDemo opens the demo index in folder dir, building it first from
// verses (JSON Lines as above) when dir holds no index, one with another
// schema, or one built by an analyzer that analyzes differently (see
// analysisFingerprint). The index is built in a sibling folder and renamed into place,
// so an interrupted build leaves nothing half done. verses is read only
// when building.
func OpenDemo(ctx context.Context, dir string, verses io.Reader, o Options) (*Index, error) {
	if exists(dir) {
		ix, err := OpenWith(dir, o)
		if err != nil {
			return nil, err
		}
		if schemaEqual(ix.Schema(), DemoSchema().normalized()) && sameAnalysis(dir) {
			return ix, nil
		}
		if err := ix.Close(); err != nil {
			return nil, err
		}
		if err := os.RemoveAll(dir); err != nil {
			return nil, fmt.Errorf("rebuild demo index: %w", err)
		}
	}
	tmp := fmt.Sprintf("%s.tmp%d", dir, os.Getpid())
	os.RemoveAll(tmp)
	if err := buildDemo(ctx, tmp, verses); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.RemoveAll(tmp)
		if !exists(dir) { // else another process built it first
			return nil, fmt.Errorf("build demo index: %w", err)
		}
	}
	return OpenWith(dir, o)
}

func schemaEqual(a, b Schema) bool {
	if a.IDField != b.IDField || len(a.Fields) != len(b.Fields) {
		return false
	}
	for i := range a.Fields {
		if a.Fields[i] != b.Fields[i] {
			return false
		}
	}
	return true
}

// buildDemo indexes verses into a new index at dir.
func buildDemo(ctx context.Context, dir string, verses io.Reader) error {
	ix, err := CreateWith(dir, DemoSchema(), Options{Mode: "index (demo)"})
	if err != nil {
		return fmt.Errorf("build demo index: %w", err)
	}
	src := Source{Name: "demo", Format: FormatJSONL, Size: -1,
		open: func() (io.ReadCloser, error) { return io.NopCloser(verses), nil }}
	var first error
	opts := BulkOptions{OnReject: func(r *Reject) {
		if first == nil {
			first = r
		}
	}}
	st, err := ix.bulkWith(ctx, []Source{src}, opts, demoFields)
	if cerr := ix.Close(); err == nil {
		err = cerr
	}
	if err == nil && first != nil {
		err = first
	}
	if err == nil && st.Documents == 0 {
		err = fmt.Errorf("no verses")
	}
	if err != nil {
		return fmt.Errorf("build demo index: %w", err)
	}
	return nil
}

// demoFields adds sura_name, sura and aya to a verse.
func demoFields(d Document) error {
	id, _ := d[IDName].(string)
	s, a, ok := strings.Cut(id, ":")
	sura, err1 := strconv.Atoi(s)
	aya, err2 := strconv.Atoi(a)
	if !ok || err1 != nil || err2 != nil {
		return fmt.Errorf("%w: field %q: %q is not sura:aya", ErrInvalid, IDName, id)
	}
	d["sura_name"] = d["title"]
	d["sura"] = sura
	d["aya"] = aya
	return nil
}
