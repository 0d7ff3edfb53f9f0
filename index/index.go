package index

import (
	"sync"

	"github.com/blevesearch/bleve/v2"
)

// Index is one fahras index: a folder on disk holding a bleve scorch index
// and its schema. It is safe for concurrent use.
type Index struct {
	name string
	path string
	bi   bleve.Index

	mu     sync.RWMutex // guards schema
	schema Schema
}
