package index

import (
	"fmt"
	"slices"
)

// Field selection: Request.Fields names the stored fields a hit carries
// (nil: all of them; empty: none, the id and score alone). The search
// loads only those, and the text fields it highlights, whose fragments
// need the stored text; a hit then keeps only the requested ones.

// checkFields refuses unknown field names in req.Fields.
func checkFields(v schemaView, req Request) error {
	if req.Fields == nil {
		return nil
	}
	for _, name := range *req.Fields {
		if _, ok := v.fields[name]; !ok && name != IDName {
			return fmt.Errorf("fields: %w: unknown field %q", ErrInvalid, name)
		}
	}
	return nil
}

// storedFields returns the fields bleve loads for the hits of req.
func storedFields(v schemaView, req Request, hl HighlightOptions) []string {
	if req.Fields == nil {
		return []string{"*"}
	}
	out := slices.Clone(*req.Fields)
	if hl.Disabled {
		return out
	}
	for name, f := range v.fields {
		if f.Type == Text && (len(hl.Fields) == 0 || slices.Contains(hl.Fields, name)) && !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// selectFields keeps in every hit only the fields req asks for.
func selectFields(hits []Hit, req Request) {
	if req.Fields == nil {
		return
	}
	for i := range hits {
		kept := make(map[string]any, len(*req.Fields))
		for _, name := range *req.Fields {
			if val, ok := hits[i].Fields[name]; ok {
				kept[name] = val
			}
		}
		hits[i].Fields = kept
	}
}
