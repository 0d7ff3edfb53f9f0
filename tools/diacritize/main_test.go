package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestRunJSONLAndTSV(t *testing.T) {
	quran := "../../testdata/quran/verses.jsonl"
	var out bytes.Buffer
	in := `{"id":"a","text":"ذهب الطالب إلى المدرسة","n":3}` + "\n"
	if err := run([]string{"-quran", quran}, strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `"id":"a"`) || !strings.Contains(out.String(), `"n":3`) ||
		!strings.ContainsRune(out.String(), '\u064E') {
		t.Errorf("JSONL output %q: want the record with vocalized text", out.String())
	}
	out.Reset()
	if err := run([]string{"-quran", quran, "-queries"}, strings.NewReader("q1\tالمدرسة الجديدة\n"), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "q1\t") || !strings.ContainsRune(out.String(), '\u064E') {
		t.Errorf("TSV output %q: want q1 with vocalized text", out.String())
	}
	if err := run([]string{"-quran", quran}, strings.NewReader("{bad\n"), &out); err == nil {
		t.Error("bad JSON: want an error")
	}
}
