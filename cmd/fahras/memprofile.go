package main

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"time"
)

// livePeakProfiler keeps the heap profile taken when the live heap (as
// measured by the last collection) was largest, for -memprofile: a profile
// written at the end of a load shows what is left, not what made the peak.
// Each new peak costs one forced collection.
type livePeakProfiler struct {
	path string
	stop chan struct{}
	done chan struct{}
	peak uint64
	prof []byte
	err  error
}

// heapLive is the runtime metric of the heap marked live by the last
// collection.
const heapLive = "/gc/heap/live:bytes"

// startPeakProfile samples the live heap every interval and keeps the
// profile of its peak; its stop method writes that profile to path.
func startPeakProfile(path string, interval time.Duration) *livePeakProfiler {
	p := &livePeakProfiler{path: path, stop: make(chan struct{}), done: make(chan struct{})}
	go p.loop(interval)
	return p
}

func (p *livePeakProfiler) loop(interval time.Duration) {
	defer close(p.done)
	t := time.NewTicker(interval)
	defer t.Stop()
	for p.err == nil {
		select {
		case <-p.stop:
			return
		case <-t.C:
			p.err = p.sample()
		}
	}
}

// sample keeps the heap profile of now when the live heap is at a new
// peak.
func (p *livePeakProfiler) sample() error {
	s := []metrics.Sample{{Name: heapLive}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return fmt.Errorf("memprofile: runtime metric %s not supported", heapLive)
	}
	live := s[0].Value.Uint64()
	if live <= p.peak && p.prof != nil {
		return nil
	}
	p.peak = live
	// A heap profile is that of a collection or two ago; one collection
	// now makes it the heap of this peak.
	runtime.GC()
	var b bytes.Buffer
	if err := pprof.Lookup("heap").WriteTo(&b, 0); err != nil {
		return fmt.Errorf("memprofile: %w", err)
	}
	p.prof = b.Bytes()
	return nil
}

// finish stops sampling, takes a last sample and writes the peak's
// profile. It returns the peak live heap.
func (p *livePeakProfiler) finish() (uint64, error) {
	close(p.stop)
	<-p.done
	if p.err == nil {
		p.err = p.sample()
	}
	if p.err != nil {
		return 0, p.err
	}
	if err := os.WriteFile(p.path, p.prof, 0o644); err != nil {
		return 0, fmt.Errorf("memprofile: %w", err)
	}
	return p.peak, nil
}

// peakProfile starts the -memprofile sampler when path is set; the
// returned func stops it, writes the profile and says so on stderr.
func peakProfile(e env, path string) (finish func()) {
	if path == "" {
		return func() {}
	}
	p := startPeakProfile(path, 20*time.Millisecond)
	return func() {
		peak, err := p.finish()
		if err != nil {
			fmt.Fprintf(e.stderr, "fahras: %v\n", err)
			return
		}
		fmt.Fprintf(e.stderr, "memprofile: live heap peaked at %.0f MB; its heap profile is in %s (go tool pprof -sample_index=inuse_space)\n", float64(peak)/1e6, path)
	}
}
