package main

import (
	"context"
	"errors"
)

// PROVISIONAL: replaced by the real command.
func runServe(ctx context.Context, e env, args []string) error {
	return errors.New("not implemented yet")
}
