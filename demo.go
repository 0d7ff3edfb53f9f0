package fahras

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io"
	"strings"
)

//go:embed testdata/quran/verses.jsonl testdata/quran/LICENSE
var demo embed.FS

const (
	versesPath  = "testdata/quran/verses.jsonl"
	licensePath = "testdata/quran/LICENSE"
)

// DemoVerses returns the demo collection as JSON Lines: one verse per
// line, {"id": "sura:aya", "title": sura name, "text": verse}.
func DemoVerses() io.Reader { return strings.NewReader(mustRead(versesPath)) }

// DemoLicense returns the license of the demo collection (CC BY-SA 4.0).
func DemoLicense() string { return mustRead(licensePath) }

// DemoHash identifies the embedded collection: the first 16 hex digits of
// the SHA-256 of its verses, for naming a cache of the demo index.
func DemoHash() string {
	sum := sha256.Sum256([]byte(mustRead(versesPath)))
	return hex.EncodeToString(sum[:8])
}

// mustRead reads an embedded file; the names are constants checked by the
// tests, so a failure is a build defect.
func mustRead(name string) string {
	b, err := demo.ReadFile(name)
	if err != nil {
		panic("fahras: embedded " + name + ": " + err.Error())
	}
	return string(b)
}
