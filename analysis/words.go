package analysis

import "strings"

// setOf builds a set from whitespace-separated words.
func setOf(words string) map[string]struct{} {
	m := make(map[string]struct{})
	for _, w := range strings.Fields(words) {
		m[w] = struct{}{}
	}
	return m
}
