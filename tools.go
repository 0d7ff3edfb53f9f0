//go:build tools

// This file pins modules that later packages import, so that go mod tidy
// keeps them while those packages are being written. Remove when unused.
package main

import (
	_ "github.com/chromedp/chromedp"
	_ "github.com/google/go-cmp/cmp"
	_ "github.com/gorilla/mux"
	_ "github.com/prometheus/client_golang/prometheus"
	_ "github.com/schollz/progressbar/v3"
	_ "golang.org/x/term"
)
