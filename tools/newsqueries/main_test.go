package main

import (
	"strings"
	"testing"
)

func TestPick(t *testing.T) {
	titles := []string{
		"بريطانيا: أربعة محاور لاستراتيجية جديدة تتصدى للتطرف",
		"أمير منطقة الرياض يستقبل وفد الجامعة",
		"iPhone",
	}
	a := Pick(titles, 5, 7)
	b := Pick(titles, 5, 7)
	if strings.Join(a, "|") != strings.Join(b, "|") {
		t.Fatalf("Pick is not deterministic: %q vs %q", a, b)
	}
	if len(a) != 5 {
		t.Fatalf("Pick gave %d queries, want 5: %q", len(a), a)
	}
	for _, q := range a {
		n := len(strings.Fields(q))
		if n < 2 || n > 3 || strings.ContainsAny(q, ":iP") {
			t.Errorf("query %q: want 2-3 Arabic words", q)
		}
	}
}
