package main

import (
	"os"
	"testing"
)

// envRunAsMain makes the test binary behave as the fahras binary, so that
// tests can start real fahras processes (and kill them) without building.
const envRunAsMain = "FAHRAS_TEST_RUN_AS_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(envRunAsMain) == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}
