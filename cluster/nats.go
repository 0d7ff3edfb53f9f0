package cluster

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"strconv"
	"time"

	natsserver "github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
)

// maxPayload is the largest NATS message: a document or a page of hits.
const maxPayload = 8 << 20

// startNATS starts the node's embedded NATS server with JetStream, synced
// to disk on every write, routed to the servers of cfg.Join.
func startNATS(cfg Config) (*natsserver.Server, error) {
	host, port, err := splitHostPort(cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("-cluster-listen %q: %w", cfg.Listen, err)
	}
	var routes []*url.URL
	for _, j := range cfg.Join {
		routes = append(routes, &url.URL{Scheme: "nats-route", Host: j})
	}
	opts := &natsserver.Options{
		ServerName: cfg.Name,
		Host:       host,
		Port:       natsserver.RANDOM_PORT,
		JetStream:  true,
		StoreDir:   filepath.Join(cfg.Data, "nats"),
		SyncAlways: true,
		MaxPayload: maxPayload,
		NoSigs:     true,
		Cluster:    natsserver.ClusterOpts{Name: "fahras", Host: host, Port: port},
		Routes:     routes,
	}
	ns, err := natsserver.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("nats server: %w", err)
	}
	if cfg.NATSLog {
		ns.ConfigureLogger()
	}
	ns.Start()
	if !ns.ReadyForConnections(30 * time.Second) {
		ns.Shutdown()
		return nil, errors.New("nats server: not ready after 30s")
	}
	return ns, nil
}

func splitHostPort(hp string) (string, int, error) {
	h, p, err := net.SplitHostPort(hp)
	if err != nil {
		return "", 0, err
	}
	n, err := strconv.Atoi(p)
	if err != nil || n <= 0 || n > 65535 {
		return "", 0, fmt.Errorf("port %q: want 1 to 65535", p)
	}
	return h, n, nil
}

// connect opens the node's connection: in process to its embedded server,
// or to cfg.NATSURL.
func connect(cfg Config, ns *natsserver.Server) (*nats.Conn, error) {
	opts := []nats.Option{nats.Name("fahras " + cfg.Name), nats.MaxReconnects(-1), nats.ReconnectWait(250 * time.Millisecond)}
	if ns != nil {
		opts = append(opts, nats.InProcessServer(ns))
	}
	nc, err := nats.Connect(cfg.NATSURL, opts...)
	if err != nil {
		return nil, fmt.Errorf("connect to nats: %w", err)
	}
	return nc, nil
}

// retry calls fn until it succeeds or ctx ends: JetStream answers only
// once its servers have elected a meta leader.
func retry(ctx context.Context, what string, fn func(context.Context) error) error {
	var last error
	for {
		cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		last = fn(cctx)
		cancel()
		if last == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s: %w (last error: %v)", what, ctx.Err(), last)
		case <-time.After(250 * time.Millisecond):
		}
	}
}
