package server

import (
	"net/http"

	"github.com/fahras/fahras/index"
)

// schemaCatalog is a catalog whose indexes' schemas can change, in place
// or through a reindex task (FromCatalog's catalog is one).
type schemaCatalog interface {
	ChangeSchema(name string, ch index.SchemaChange) (*index.TaskInfo, error)
	Task(id string) (index.TaskInfo, error)
	Tasks() []index.TaskInfo
}

// SchemaChangeResult is the answer of PATCH /v1/indexes/{name}: the index
// as changed in place (200), or the reindex task that applies the change
// (202, and Location: /v1/tasks/ID).
type SchemaChangeResult struct {
	Applied bool            `json:"applied"` // in place, now
	Index   *IndexInfo      `json:"index,omitempty"`
	Task    *index.TaskInfo `json:"task,omitempty"`
}

// TaskList is the answer of GET /v1/tasks.
type TaskList struct {
	Tasks []index.TaskInfo `json:"tasks"`
}

func (s *Server) schemaCatalog() (schemaCatalog, error) {
	sc, ok := s.cat.(schemaCatalog)
	if !ok {
		return nil, errorf(http.StatusNotImplemented, "not_implemented", "this server cannot change schemas")
	}
	return sc, nil
}

// handleChangeSchema applies a schema change: {"fields": [...]}.
func (s *Server) handleChangeSchema(w http.ResponseWriter, r *http.Request) {
	var ch index.SchemaChange
	if err := decodeJSON(r, &ch); err != nil {
		s.writeError(w, r, err)
		return
	}
	sc, err := s.schemaCatalog()
	var task *index.TaskInfo
	if err == nil {
		task, err = sc.ChangeSchema(r.PathValue("name"), ch)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if task != nil {
		w.Header().Set("Location", "/v1/tasks/"+task.ID)
		writeJSON(w, http.StatusAccepted, SchemaChangeResult{Task: task})
		return
	}
	ix, err := s.cat.Get(r.PathValue("name"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ctx, cancel := s.withTimeout(r)
	defer cancel()
	info, err := indexInfo(ctx, ix)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, SchemaChangeResult{Applied: true, Index: &info})
}

func (s *Server) handleGetTask(w http.ResponseWriter, r *http.Request) {
	sc, err := s.schemaCatalog()
	var t index.TaskInfo
	if err == nil {
		t, err = sc.Task(r.PathValue("task"))
	}
	if err == nil {
		err = callerOf(r).indexAllowed(t.Index) // a key for some indexes sees their tasks only
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, t)
}

func (s *Server) handleListTasks(w http.ResponseWriter, r *http.Request) {
	sc, err := s.schemaCatalog()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := TaskList{Tasks: []index.TaskInfo{}}
	c := callerOf(r)
	for _, t := range sc.Tasks() {
		if c.covers(t.Index) {
			out.Tasks = append(out.Tasks, t)
		}
	}
	writeJSON(w, http.StatusOK, out)
}
