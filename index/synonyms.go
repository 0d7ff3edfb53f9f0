package index

// Synonyms. An index holds sets of words that mean the same (سيارة، عربية،
// موتر: standard and dialect words, spelling families, names), set and
// changed at any time without reindexing: they are applied at query time.
// Every word of a query that belongs to a set is also searched as the
// other words of the set, inside its word group (rank_group.go): a
// document holding a synonym but not the word ranks as one holding the
// word's stem (tierSynonym), after those holding the word as typed, and a
// document holding the word is scored and marked by the word alone. A set
// is matched on the words' stems, so سيارة also brings in سيارتي and
// السيارات. The sets are saved in the index folder (synonymsFile), written
// whole and atomically.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/fahras/fahras/analysis"
)

const (
	synonymsFile   = "synonyms.json"
	maxSynonymSets = 10000 // sets in one index
	maxSynonymSet  = 32    // words in one set
)

// synonymsDoc is the file's content and the API's body.
type synonymsDoc struct {
	Synonyms [][]string `json:"synonyms"`
}

// synonymMap maps a stem to the stems of the other words of its sets.
type synonymMap map[string][]string

// Synonyms returns the index's synonym sets, as they were set.
func (ix *Index) Synonyms() [][]string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return slices.Clone(ix.synonymSets)
}

// SetSynonyms replaces the index's synonym sets; nil or empty removes
// them. Each set holds 2 to 32 words, each a single word that is not a
// stop word. It fails with ErrInvalid, naming the set and the word, and
// then changes nothing.
func (ix *Index) SetSynonyms(sets [][]string) error {
	if err := ix.writable(); err != nil { // a reindex copied them already
		return err
	}
	m, err := buildSynonyms(sets)
	if err != nil {
		return err
	}
	data, err := json.MarshalIndent(synonymsDoc{Synonyms: sets}, "", "  ")
	if err != nil {
		return fmt.Errorf("save synonyms: %w", err)
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if err := writeFileAtomic(ix.path, synonymsFile, append(data, '\n')); err != nil {
		return fmt.Errorf("save synonyms: %w", err)
	}
	ix.synonymSets, ix.synonyms = slices.Clone(sets), m
	return nil
}

// loadSynonyms reads the saved sets, if any.
func (ix *Index) loadSynonyms() error {
	data, err := os.ReadFile(filepath.Join(ix.path, synonymsFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read synonyms: %w", err)
	}
	var doc synonymsDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("read synonyms %s: %w", filepath.Join(ix.path, synonymsFile), err)
	}
	m, err := buildSynonyms(doc.Synonyms)
	if err != nil {
		return fmt.Errorf("read synonyms %s: %w", filepath.Join(ix.path, synonymsFile), err)
	}
	ix.synonymSets, ix.synonyms = doc.Synonyms, m
	return nil
}

// buildSynonyms checks sets and maps every stem of their words to the
// stems of the other words of its sets.
func buildSynonyms(sets [][]string) (synonymMap, error) {
	if len(sets) > maxSynonymSets {
		return nil, fmt.Errorf("synonyms: %w: %d sets, at most %d", ErrInvalid, len(sets), maxSynonymSets)
	}
	m := synonymMap{}
	for i, set := range sets {
		if len(set) < 2 || len(set) > maxSynonymSet {
			return nil, fmt.Errorf("synonyms: set %d: %w: %d words, want 2 to %d", i+1, ErrInvalid, len(set), maxSynonymSet)
		}
		stems := make([][]string, len(set))
		for j, w := range set {
			s, err := synonymStems(w)
			if err != nil {
				return nil, fmt.Errorf("synonyms: set %d, word %d %q: %w", i+1, j+1, w, err)
			}
			stems[j] = s
		}
		for j, own := range stems {
			for k, other := range stems {
				if j == k {
					continue
				}
				for _, s := range own {
					for _, o := range other {
						if o != s && !slices.Contains(m[s], o) {
							m[s] = append(m[s], o)
						}
					}
				}
			}
		}
	}
	return m, nil
}

// synonymStems returns the stems of one synonym word.
func synonymStems(w string) ([]string, error) {
	if strings.TrimSpace(w) == "" {
		return nil, fmt.Errorf("%w: empty", ErrInvalid)
	}
	toks := analysis.Analyze([]byte(w), analysis.Stem)
	if len(toks) == 0 {
		return nil, fmt.Errorf("%w: a stop word or no word at all", ErrInvalid)
	}
	var out []string
	for _, t := range toks {
		if t.Position != toks[0].Position {
			return nil, fmt.Errorf("%w: more than one word (a synonym is one word)", ErrInvalid)
		}
		out = append(out, t.Term)
	}
	return out, nil
}

// writeFileAtomic writes data to dir/name through a synced temporary file
// renamed over it, so that a crash leaves the old file or the new one.
func writeFileAtomic(dir, name string, data []byte) error {
	tmp, err := os.CreateTemp(dir, name+".tmp*")
	if err != nil {
		return err
	}
	err = tmp.Chmod(0o644)
	if err == nil {
		_, err = tmp.Write(data)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(dir, name))
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
