package server

import (
	"net/url"
	"strings"

	"github.com/fahras/fahras/index"
)

// parseDisplayParams reads the URL parameters of GET search that choose
// what a hit shows: fields (comma-separated stored fields; empty: none),
// highlight (false: no fragments nor matches), fragments and
// fragment_size.
func parseDisplayParams(v url.Values, req *index.Request) error {
	if v.Has("fields") {
		fields := []string{}
		for _, f := range strings.Split(v.Get("fields"), ",") {
			if f = strings.TrimSpace(f); f != "" {
				fields = append(fields, f)
			}
		}
		req.Fields = &fields
	}
	if !v.Has("highlight") && !v.Has("fragments") && !v.Has("fragment_size") {
		return nil
	}
	h := &index.HighlightOptions{}
	if v.Has("highlight") {
		on, err := boolParam(v, "highlight")
		if err != nil {
			return err
		}
		h.Disabled = !on
	}
	var err error
	if h.Fragments, err = intParam(v, "fragments"); err != nil {
		return err
	}
	if h.FragmentSize, err = intParam(v, "fragment_size"); err != nil {
		return err
	}
	req.Highlight = h
	return nil
}
