package server

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/fahras/fahras/index"
)

// Snapshots are written into Options.SnapshotDir, one .tar.gz file per
// snapshot named after the index and the time (UTC), and restored from
// there as a new index of the catalog.

// snapshotIndex is an index that can write a snapshot of itself
// (*index.Index is one).
type snapshotIndex interface {
	SnapshotFile(ctx context.Context, path string) (index.SnapshotInfo, error)
}

// restoreCatalog is a catalog that can restore a snapshot as a new index
// (FromCatalog's catalog is one).
type restoreCatalog interface {
	RestoreIndex(ctx context.Context, name string, r io.Reader) (Index, error)
}

// Snapshot describes one snapshot file.
type Snapshot struct {
	Name      string    `json:"name"` // the file name in the snapshot folder
	Index     string    `json:"index,omitempty"`
	Documents uint64    `json:"documents,omitempty"`
	SizeBytes int64     `json:"size_bytes"`
	Created   time.Time `json:"created"`
}

// SnapshotList is the answer of GET /v1/snapshots.
type SnapshotList struct {
	Snapshots []Snapshot `json:"snapshots"`
}

// RestoreRequest is the body of POST /v1/snapshots/{snapshot}/restore.
type RestoreRequest struct {
	Index string `json:"index"` // the new index's name
}

// snapshotName matches the file names of snapshots: no path, no hidden
// (temporary) file.
var snapshotName = regexp.MustCompile(`^[a-z0-9][A-Za-z0-9_.-]{0,200}\.tar\.gz$`)

// snapshotDir returns the snapshot folder, or 501 without one.
func (s *Server) snapshotDir() (string, error) {
	if s.opts.SnapshotDir == "" {
		return "", errorf(http.StatusNotImplemented, "not_implemented", "this server has no snapshot folder (fahras serve -snapshots DIR, or -data DIR)")
	}
	return s.opts.SnapshotDir, os.MkdirAll(s.opts.SnapshotDir, 0o755)
}

// handleSnapshot writes a snapshot of the index into the snapshot folder
// while writes go on. Like compaction it is bound by the request, not by
// the time limit of one index call.
func (s *Server) handleSnapshot(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength != 0 { // no options yet: at most an empty object
		var none struct{}
		if err := decodeJSON(r, &none); err != nil && !isEmptyBody(err) {
			s.writeError(w, r, err)
			return
		}
	}
	dir, err := s.snapshotDir()
	var ix Index
	if err == nil {
		ix, err = s.cat.Get(r.PathValue("name"))
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	si, ok := ix.(snapshotIndex)
	if !ok {
		s.writeError(w, r, errorf(http.StatusNotImplemented, "not_implemented", "index %s cannot be snapshotted here", ix.Name()))
		return
	}
	name := ix.Name() + "-" + s.opts.Now().UTC().Format("20060102T150405.000Z") + ".tar.gz"
	info, err := si.SnapshotFile(r.Context(), filepath.Join(dir, name))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, Snapshot{Name: name, Index: info.Index, Documents: info.Documents, SizeBytes: info.Bytes, Created: info.Created})
}

func (s *Server) handleListSnapshots(w http.ResponseWriter, r *http.Request) {
	dir, err := s.snapshotDir()
	var entries []os.DirEntry
	if err == nil {
		entries, err = os.ReadDir(dir)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := SnapshotList{Snapshots: []Snapshot{}}
	for _, e := range entries {
		fi, err := e.Info()
		if err != nil || !fi.Mode().IsRegular() || !snapshotName.MatchString(e.Name()) {
			continue
		}
		out.Snapshots = append(out.Snapshots, Snapshot{Name: e.Name(), SizeBytes: fi.Size(), Created: fi.ModTime().UTC()})
	}
	slices.SortFunc(out.Snapshots, func(a, b Snapshot) int { return strings.Compare(a.Name, b.Name) })
	writeJSON(w, http.StatusOK, out)
}

// handleRestore restores a snapshot of the folder as a new index.
func (s *Server) handleRestore(w http.ResponseWriter, r *http.Request) {
	var body RestoreRequest
	if err := decodeJSON(r, &body); err != nil {
		s.writeError(w, r, err)
		return
	}
	dir, err := s.snapshotDir()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	file := r.PathValue("snapshot")
	rc, ok := s.cat.(restoreCatalog)
	switch {
	case !snapshotName.MatchString(file):
		err = badRequest("snapshot %q: want the name of a .tar.gz file of the snapshot folder", file)
	case body.Index == "":
		err = badRequest("the body needs \"index\": the name of the new index")
	case !ok:
		err = errorf(http.StatusNotImplemented, "not_implemented", "this server cannot create indexes")
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	f, err := os.Open(filepath.Join(dir, file))
	if os.IsNotExist(err) {
		err = errorf(http.StatusNotFound, "not_found", "no snapshot %q", file)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	defer f.Close()
	ix, err := rc.RestoreIndex(r.Context(), body.Index, f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeIndexInfo(w, r, ix, http.StatusCreated)
}
