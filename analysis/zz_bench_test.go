package analysis

import (
	"compress/gzip"
	"encoding/json"
	"os"
	"testing"
)

func zzNews(b *testing.B) [][]byte {
	f, _ := os.Open("../../shared/corpora/saudinewsnet/docs.jsonl.gz")
	z, _ := gzip.NewReader(f)
	dec := json.NewDecoder(z)
	var docs [][]byte
	tot := 0
	for tot < 2<<20 {
		var d struct{ Text string }
		if dec.Decode(&d) != nil {
			break
		}
		docs = append(docs, []byte(d.Text))
		tot += len(d.Text)
	}
	b.SetBytes(int64(tot))
	return docs
}

func BenchmarkZZScan(b *testing.B) {
	docs := zzNews(b)
	var s scanner
	for b.Loop() {
		for _, d := range docs {
			s.reset(false)
			s.scan(d)
		}
	}
}

func BenchmarkZZTokenize(b *testing.B) {
	docs := zzNews(b)
	tz := newTokenizer(false)
	for b.Loop() {
		for _, d := range docs {
			tz.Tokenize(d)
		}
	}
}

func BenchmarkZZStemOnly(b *testing.B) {
	docs := zzNews(b)
	tz := newTokenizer(false)
	var streams [][]byte
	var s scanner
	for _, d := range docs {
		s.reset(false)
		s.scan(d)
		for _, t := range s.toks {
			streams = append(streams, append([]byte(nil), s.arena[t.term0:t.term1]...))
		}
	}
	_ = tz
	st := &stemmer{}
	buf := make([]byte, 64)
	for b.Loop() {
		for _, t := range streams {
			buf = append(buf[:0], t...)
			if !defaults.stop.set.has(buf, false) {
				st.stem(buf)
			}
		}
	}
}
