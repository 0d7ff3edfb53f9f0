package index

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Format is the format of a bulk source.
type Format int

const (
	// FormatJSONL is JSON Lines: one JSON object per line (.jsonl, .ndjson, .json).
	FormatJSONL Format = iota
	// FormatCSV has a header row naming the fields (.csv).
	FormatCSV
	// FormatText is one document per file (.txt): the id is the file's path
	// relative to the argument that named it, the content is field "text".
	FormatText
)

func (f Format) String() string {
	switch f {
	case FormatCSV:
		return "csv"
	case FormatText:
		return "txt"
	}
	return "jsonl"
}

// Source is one input of a bulk load: a file or a stream. Build it with
// Sources, FileSource or ReaderSource.
type Source struct {
	Name   string // in messages: the file's path, or "-"
	Format Format
	ID     string // Text only: the document's id
	Size   int64  // bytes on disk, or -1 when unknown (stdin)
	gzip   bool
	open   func() (io.ReadCloser, error)
}

// formatOf maps a file name to its format; gz reports a .gz suffix.
func formatOf(name string) (f Format, gz, ok bool) {
	lower := strings.ToLower(name)
	if strings.HasSuffix(lower, ".gz") {
		gz = true
		lower = strings.TrimSuffix(lower, ".gz")
	}
	switch filepath.Ext(lower) {
	case ".jsonl", ".ndjson", ".json":
		return FormatJSONL, gz, true
	case ".csv":
		return FormatCSV, gz, true
	case ".txt":
		return FormatText, gz, true
	}
	return 0, gz, false
}

// Sources expands command-line arguments: "-" is stdin (JSON Lines,
// gzipped or not), a directory is walked recursively for files of the
// known extensions (others are skipped, and so are hidden files), a file
// must have a known extension (.jsonl, .ndjson, .json, .csv, .txt,
// optionally followed by .gz). It returns the files and folders it
// skipped, and why: in directories, files of other extensions, hidden
// folders and hidden files of a known extension, folders that cannot be
// read, broken symbolic links; everywhere, .txt files that are empty or
// hold only white space (nothing to index).
func Sources(args []string, stdin io.Reader) (srcs []Source, skipped []Skipped, err error) {
	for _, arg := range args {
		if arg == "-" {
			srcs = append(srcs, ReaderSource("-", stdin))
			continue
		}
		info, err := os.Stat(arg)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: %v", ErrInvalid, err)
		}
		if !info.IsDir() {
			s, err := FileSource(arg, filepath.Base(arg), info.Size())
			if err != nil {
				return nil, nil, err
			}
			if why := s.blank(); why != "" {
				skipped = append(skipped, Skipped{arg, why})
				continue
			}
			srcs = append(srcs, s)
			continue
		}
		more, skip, err := walk(arg)
		if err != nil {
			return nil, nil, err
		}
		srcs = append(srcs, more...)
		skipped = append(skipped, skip...)
	}
	return srcs, skipped, nil
}

// Skipped is a file or folder that was not read, and why.
type Skipped struct {
	Path, Reason string
}

// walk lists the sources under directory root in lexical order. A folder
// or file below root that cannot be read is skipped, not fatal.
func walk(root string) (srcs []Source, skipped []Skipped, err error) {
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root {
				return err
			}
			skipped = append(skipped, Skipped{p, fmt.Sprintf("cannot be read: %v", unwrapPath(err))})
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if p != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				skipped = append(skipped, Skipped{p, "hidden folder (its name starts with a dot): not read; name it to read it"})
				return filepath.SkipDir
			}
			if _, _, ok := formatOf(p); ok { // others (.DS_Store) are not documents
				skipped = append(skipped, Skipped{p, "hidden file (its name starts with a dot): not read; name it to read it"})
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		s, why := walkSource(root, p, d)
		if why != "" {
			skipped = append(skipped, Skipped{p, why})
		} else {
			srcs = append(srcs, s)
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", root, err)
	}
	sort.Slice(srcs, func(i, j int) bool { return srcs[i].Name < srcs[j].Name })
	return srcs, skipped, nil
}

// walkSource is the source of file p found under root, or why it is
// skipped.
func walkSource(root, p string, d fs.DirEntry) (Source, string) {
	if _, _, ok := formatOf(p); !ok {
		return Source{}, "not .jsonl, .ndjson, .json, .csv or .txt"
	}
	info, err := os.Stat(p) // follows a symbolic link
	switch {
	case err != nil && d.Type()&fs.ModeSymlink != 0:
		return Source{}, fmt.Sprintf("a symbolic link to nothing that can be read: %v", unwrapPath(err))
	case err != nil:
		return Source{}, fmt.Sprintf("cannot be read: %v", unwrapPath(err))
	case info.IsDir():
		return Source{}, "a symbolic link to a folder: not followed (name the folder itself)"
	case !info.Mode().IsRegular():
		return Source{}, "not a regular file"
	}
	rel, err := filepath.Rel(root, p)
	if err != nil {
		return Source{}, err.Error()
	}
	s, err := FileSource(p, filepath.ToSlash(rel), info.Size())
	if err != nil {
		return Source{}, err.Error()
	}
	return s, s.blank()
}

// unwrapPath drops the path of a *fs.PathError, which the message names
// already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// blank returns why a .txt source holds nothing to index (an empty file,
// or only white space), or "" when it has text or is not .txt. A file
// that cannot be opened is not blank: reading it reports the error.
func (s Source) blank() string {
	if s.Format != FormatText {
		return ""
	}
	if s.Size == 0 && !s.gzip {
		return "empty file (0 bytes)"
	}
	r, c, err := s.reader(nil)
	if err != nil {
		return ""
	}
	defer c.Close()
	buf := make([]byte, 4096)
	for first := true; ; first = false {
		n, err := io.ReadFull(r, buf)
		b := buf[:n]
		if first {
			b = bytes.TrimPrefix(b, bom)
		}
		if len(bytes.TrimSpace(b)) > 0 {
			return ""
		}
		if err != nil {
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				if first && n == 0 {
					return "empty file (0 bytes)"
				}
				return "only white space: no text to index"
			}
			return ""
		}
	}
}

// FileSource is the file at path. id is the document id for a .txt file
// (its path relative to the directory it was found in, or its name).
func FileSource(path, id string, size int64) (Source, error) {
	f, gz, ok := formatOf(path)
	if !ok {
		return Source{}, fmt.Errorf("%w: %s: unknown format (want .jsonl, .ndjson, .json, .csv or .txt, optionally .gz)", ErrInvalid, path)
	}
	return Source{
		Name: path, Format: f, ID: textID(path, id, gz), Size: size, gzip: gz,
		open: func() (io.ReadCloser, error) { return os.Open(path) },
	}, nil
}

// textID is the id of a .txt document: rel as given, without ".gz".
func textID(path, rel string, gz bool) string {
	if rel == "" {
		rel = filepath.Base(path)
	}
	rel = filepath.ToSlash(rel)
	if gz && strings.HasSuffix(strings.ToLower(rel), ".gz") {
		rel = rel[:len(rel)-3]
	}
	return rel
}

// ReaderSource is a JSON Lines stream (gzip is detected) called name.
func ReaderSource(name string, r io.Reader) Source {
	return Source{
		Name: name, Format: FormatJSONL, Size: -1, gzip: false,
		open: func() (io.ReadCloser, error) { return io.NopCloser(r), nil },
	}
}

// reader opens the source and returns its decompressed content; counted
// receives the number of raw bytes read.
func (s Source) reader(counted func(int)) (io.Reader, io.Closer, error) {
	rc, err := s.open()
	if err != nil {
		return nil, nil, err
	}
	br := bufio.NewReaderSize(countingReader{rc, counted}, 64<<10)
	gz := s.gzip
	if !gz && s.Size < 0 { // a stream: sniff the gzip magic number
		if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
			gz = true
		}
	}
	if !gz {
		return br, rc, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		rc.Close()
		return nil, nil, fmt.Errorf("not gzip data: %w", err)
	}
	return zr, rc, nil
}

type countingReader struct {
	r io.Reader
	n func(int)
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if c.n != nil && n > 0 {
		c.n(n)
	}
	return n, err
}
