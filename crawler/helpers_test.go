package crawler

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/portalscan/portalscan/crawler/page"
)

// site is a portal served on 127.0.0.1 that counts the requests it receives per path.
type site struct {
	t    *testing.T
	mux  *http.ServeMux
	srv  *httptest.Server
	mu   sync.Mutex
	hits map[string]int
	uas  []string
}

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{t: t, mux: http.NewServeMux(), hits: map[string]int{}}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.RequestURI()]++
		s.uas = append(s.uas, r.UserAgent())
		s.mu.Unlock()
		s.mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *site) URL(p string) string { return s.srv.URL + p }

func (s *site) host() string { return strings.TrimPrefix(s.srv.URL, "http://") }

func (s *site) port() string {
	_, p, _ := net.SplitHostPort(s.host())
	return p
}

func (s *site) html(p, body string) {
	s.mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != p {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, body)
	})
}

func (s *site) text(p, ct, body string) {
	s.mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != p {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", ct)
		fmt.Fprint(w, body)
	})
}

func (s *site) handle(p string, f http.HandlerFunc) { s.mux.HandleFunc(p, f) }

func (s *site) hit(uri string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[uri]
}

// testOptions are fast: no delay, short timeouts.
func testOptions() Options {
	o := DefaultOptions()
	o.Delay = 0
	o.PerHost = 4
	o.RequestTimeout = 5 * time.Second
	o.MaxPerURL = 10 * time.Second
	o.ScanTimeout = 30 * time.Second
	o.MaxRetryAfter = 2 * time.Second
	return o
}

// failResolver fails the test if the crawler resolves any name.
type failResolver struct{ t *testing.T }

func (f failResolver) LookupIPAddr(_ context.Context, host string) ([]net.IPAddr, error) {
	f.t.Errorf("unexpected name resolution of %q", host)
	return nil, fmt.Errorf("resolution forbidden in tests: %s", host)
}

// mapResolver answers from a fixed table and records what it was asked.
type mapResolver struct {
	mu    sync.Mutex
	addrs map[string]string
	asked []string
}

func (m *mapResolver) LookupIPAddr(_ context.Context, host string) ([]net.IPAddr, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.asked = append(m.asked, host)
	a, ok := m.addrs[host]
	if !ok {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	return []net.IPAddr{{IP: net.ParseIP(a)}}, nil
}

type scan struct {
	res   *Result
	err   error
	pages []*page.Page
	dials []string
}

func (s *scan) byURL(u string) *page.Page {
	for _, p := range s.pages {
		if p.URL == u {
			return p
		}
	}
	return nil
}

func (s *scan) kinds(k page.Kind) []*page.Page {
	var out []*page.Page
	for _, p := range s.pages {
		if p.Kind == k {
			out = append(out, p)
		}
	}
	return out
}

// runScan crawls with a safety net: every socket dial must go to loopback, and, unless the
// options carry their own resolver, nothing may be resolved.
func runScan(t *testing.T, start string, opts Options) *scan {
	t.Helper()
	return runScanCtx(t, context.Background(), start, opts)
}

func runScanCtx(t *testing.T, ctx context.Context, start string, opts Options) *scan {
	t.Helper()
	return runScanWith(t, ctx, start, opts, nil)
}

// runScanWith is runScanCtx with a fake browser (nil: the real one, when opts ask for it).
func runScanWith(t *testing.T, ctx context.Context, start string, opts Options, fakeRender renderFunc) *scan {
	t.Helper()
	if opts.Resolver == nil {
		opts.Resolver = failResolver{t}
	}
	sc := &scan{}
	var mu sync.Mutex
	inSink := false
	hooks := &testHooks{dial: func(network, addr string) {
		mu.Lock()
		sc.dials = append(sc.dials, addr)
		mu.Unlock()
		host, _, _ := net.SplitHostPort(addr)
		if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
			t.Errorf("dialled non-loopback address %s", addr)
		}
	}, render: fakeRender}
	sc.res, sc.err = crawl(ctx, start, opts, func(p *page.Page) error {
		if inSink {
			t.Error("sink called concurrently")
		}
		inSink = true
		defer func() { inSink = false }()
		if p.Seq != len(sc.pages)+1 {
			t.Errorf("Seq %d, want %d", p.Seq, len(sc.pages)+1)
		}
		sc.pages = append(sc.pages, p)
		return nil
	}, hooks)
	return sc
}
