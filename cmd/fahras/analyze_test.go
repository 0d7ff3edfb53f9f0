package main

import (
	"bytes"
	"context"
	"encoding/json"
	"sort"
	"strings"
	"testing"
)

// runAnalyzeCmd runs "fahras analyze args..." with stdin and returns the
// exit status, stdout and stderr.
func runAnalyzeCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append([]string{"analyze"}, args...), strings.NewReader(stdin), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestAnalyzeJSON(t *testing.T) {
	in := "قرأتُ الكِ\u200Fتَابَ ووزير إلى"
	code, out, errOut := runAnalyzeCmd(t, "", "-json", in)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	type tok struct {
		Term      string
		Start     int
		End       int
		Position  int
		Surface   string
		Alternate bool
	}
	var got []tok
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		var keys []string
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if k := strings.Join(keys, ","); k != "end,position,start,surface,term" && k != "alternate,end,position,start,surface,term" {
			t.Errorf("line %q has keys %s", line, k)
		}
		var tk tok
		if err := json.Unmarshal([]byte(line), &tk); err != nil {
			t.Fatal(err)
		}
		if in[tk.Start:tk.End] != tk.Surface {
			t.Errorf("token %+v: input[start:end] = %q", tk, in[tk.Start:tk.End])
		}
		got = append(got, tk)
	}
	want := []tok{
		{"قرات", 0, 10, 1, "قرأتُ", false},
		{"كتاب", 11, 32, 2, "الكِ\u200Fتَابَ", false},
		{"ووزير", 33, 43, 3, "ووزير", false},
		{"وزير", 33, 43, 3, "ووزير", true},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d tokens %+v, want %+v", len(got), got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("token %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestAnalyzeText(t *testing.T) {
	code, out, errOut := runAnalyzeCmd(t, "الكِتَابَ الجديد\n", "-level", "exact")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("output %q: want a header and 2 lines", out)
	}
	if f := strings.Fields(lines[0]); strings.Join(f, " ") != "TERM START END POS SURFACE" {
		t.Errorf("header %q", lines[0])
	}
	if f := strings.Fields(lines[1]); strings.Join(f, " ") != `الكتاب 0 18 1 "الكِتَابَ"` {
		t.Errorf("line 1 = %q", lines[1])
	}
	if f := strings.Fields(lines[2]); strings.Join(f, " ") != `الجديد 19 31 2 "الجديد"` {
		t.Errorf("line 2 = %q", lines[2])
	}
	// Columns are aligned: the START column begins at the same offset.
	if strings.Index(lines[1], " 0 ") < 0 || strings.Index(lines[1], " 0 ")+1 != strings.Index(lines[2], "19") {
		t.Errorf("columns not aligned:\n%s", out)
	}
}

func TestAnalyzeLevels(t *testing.T) {
	tests := []struct{ level, want string }{
		{"stem", "معلم"}, {"exact", "المعلمون"}, {"vocal", "المُعَلِّمُونَ"}, {"STEM", "معلم"},
	}
	for _, tt := range tests {
		code, out, errOut := runAnalyzeCmd(t, "", "-json", "-level", tt.level, "المُعَلِّمُونَ")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tt.level, code, errOut)
		}
		if !strings.Contains(out, `"term":"`+tt.want+`"`) {
			t.Errorf("-level %s: %s, want term %s", tt.level, out, tt.want)
		}
	}
}

func TestAnalyzeErrors(t *testing.T) {
	code, _, errOut := runAnalyzeCmd(t, "", "-level", "root", "كتاب")
	if code != 2 || !strings.Contains(errOut, `unknown analysis level "root"`) {
		t.Errorf("bad level: exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = runAnalyzeCmd(t, "", "-nope")
	if code != 2 || !strings.Contains(errOut, "-nope") {
		t.Errorf("bad flag: exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = runAnalyzeCmd(t, "", "-h")
	if code != 0 || !strings.Contains(errOut, "Usage: fahras analyze") {
		t.Errorf("-h: exit %d, stderr %q", code, errOut)
	}
	code, out, _ := runAnalyzeCmd(t, "", "-json")
	if code != 0 || out != "" {
		t.Errorf("empty input: exit %d, output %q", code, out)
	}
}
