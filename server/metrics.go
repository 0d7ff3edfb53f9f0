package server

import (
	"context"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/fahras/fahras/index"
)

// metrics are the Prometheus metrics of one Server, in its own registry
// (nothing is registered globally).
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	inFlight *prometheus.GaugeVec
	indexed  *prometheus.CounterVec
	searches *prometheus.CounterVec
	// The admission of searches (admission.go).
	searchQueue, searchRunning  prometheus.Gauge
	searchSlots, searchQueueMax prometheus.Gauge
	searchWait                  prometheus.Histogram
	searchRejected              prometheus.Counter
	handler                     http.Handler
}

func newMetrics(cat Catalog) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "fahras_http_requests_total",
			Help: "HTTP requests by route, method and status code.",
		}, []string{"route", "method", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "fahras_http_request_duration_seconds",
			Help:    "HTTP request latency by route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"route"}),
		inFlight: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "fahras_http_requests_in_flight",
			Help: "HTTP requests being served, by route.",
		}, []string{"route"}),
		indexed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "fahras_documents_indexed_total",
			Help: "Documents written through the API by index; rate() gives the indexing rate.",
		}, []string{"index"}),
		searches: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "fahras_searches_total",
			Help: "Searches by index and what they found: outcome is hits or no_hits (the rate of searches without hits is a measure of search quality); " +
				"related, typo and split count the searches a page got related hits for, searched a word through its typo edits, or split a run-on word.",
		}, []string{"index", "outcome"}),
	}
	m.addAdmission()
	m.reg.MustRegister(m.requests, m.latency, m.inFlight, m.indexed, m.searches, newIndexCollector(cat),
		m.searchQueue, m.searchRunning, m.searchWait, m.searchRejected, m.searchSlots, m.searchQueueMax,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.handler = promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return m
}

// addAdmission creates the metrics of the search admission.
func (m *metrics) addAdmission() {
	m.searchQueue = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "fahras_search_queue_length",
		Help: "Searches waiting for a search slot (serve -max-searches), in arrival order.",
	})
	m.searchRunning = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "fahras_searches_running",
		Help: "Searches holding a search slot.",
	})
	m.searchWait = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "fahras_search_wait_seconds",
		Help:    "Time a search waited for a search slot (0 when one was free).",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	})
	m.searchSlots = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "fahras_search_slots",
		Help: "Searches allowed to run at once (serve -max-searches); 0: no limit.",
	})
	m.searchQueueMax = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "fahras_search_queue_limit",
		Help: "Searches allowed to wait for a slot (serve -search-queue).",
	})
	m.searchRejected = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "fahras_searches_rejected_total",
		Help: "Searches refused with 503 overloaded because the search queue (serve -search-queue) was full.",
	})
}

// begin counts a request of route in flight; the returned func ends it.
func (m *metrics) begin(route string) func() {
	g := m.inFlight.WithLabelValues(route)
	g.Inc()
	return g.Dec
}

func (m *metrics) observe(route, method string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, method, itoa(status)).Inc()
	m.latency.WithLabelValues(route).Observe(d.Seconds())
}

func (m *metrics) addIndexed(name string, n int) {
	if n > 0 {
		m.indexed.WithLabelValues(name).Add(float64(n))
	}
}

// observeSearch counts a search of index name and what it found.
func (m *metrics) observeSearch(name string, res *index.Result) {
	outcome := "hits"
	if res.Total == 0 && res.Related == 0 {
		outcome = "no_hits"
	}
	m.searches.WithLabelValues(name, outcome).Inc()
	if res.Related > 0 {
		m.searches.WithLabelValues(name, "related").Inc()
	}
	typo, split := false, false
	for _, rw := range res.Rewrites {
		typo = typo || rw.Typo
		split = split || len(rw.Split) > 0
	}
	if typo {
		m.searches.WithLabelValues(name, "typo").Inc()
	}
	if split {
		m.searches.WithLabelValues(name, "split").Inc()
	}
}

// indexCollector reads the document count and size of every index at
// scrape time.
type indexCollector struct {
	cat        Catalog
	docs, size *prometheus.Desc
}

func newIndexCollector(cat Catalog) indexCollector {
	return indexCollector{
		cat:  cat,
		docs: prometheus.NewDesc("fahras_index_documents", "Documents in each index.", []string{"index"}, nil),
		size: prometheus.NewDesc("fahras_index_size_bytes", "Size on disk of each index.", []string{"index"}, nil),
	}
}

func (c indexCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.docs
	ch <- c.size
}

func (c indexCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, ix := range c.cat.List() {
		st, err := ix.Stats(ctx)
		if err != nil {
			ch <- prometheus.NewInvalidMetric(c.docs, err)
			continue
		}
		ch <- prometheus.MustNewConstMetric(c.docs, prometheus.GaugeValue, float64(st.Documents), ix.Name())
		ch <- prometheus.MustNewConstMetric(c.size, prometheus.GaugeValue, float64(st.SizeBytes), ix.Name())
	}
}

func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) {
	s.metrics.handler.ServeHTTP(w, r)
}
