package server

import (
	_ "embed"
	"net/http"
)

// openAPI is the OpenAPI 3 description of the API. TestOpenAPIRoutes keeps
// it and the router in step.
//
//go:embed openapi.json
var openAPI []byte

func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(openAPI)
}
