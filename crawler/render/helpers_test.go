package render

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// needBrowser skips when no browser is installed, except under CI, where a missing
// browser means the install step is broken and must fail loudly.
func needBrowser(t testing.TB) string {
	t.Helper()
	p, err := FindBrowser("")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set and no browser was found: %v", err)
		}
		t.Skipf("no browser: %v", err)
	}
	return p
}

// startRenderer starts a browser for one test; cleanup closes it and checks nothing is
// left behind.
func startRenderer(t testing.TB, opts Options) *Renderer {
	t.Helper()
	opts.Browser = needBrowser(t)
	// Every test browser is confined: tests serve everything on loopback, and nothing a
	// test runs may resolve or reach another address.
	opts.ConfineToLoopback = true
	if opts.PageTimeout == 0 {
		opts.PageTimeout = 10 * time.Second
	}
	if opts.Settle == 0 {
		opts.Settle = 200 * time.Millisecond
	}
	r, err := Start(context.Background(), opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := r.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		assertClean(t, r.dir, r.pid, r.exe)
	})
	return r
}

// assertClean checks that no process mentions dir on its command line, none of the
// browser's process group is alive, and dir is gone.
func assertClean(t testing.TB, dir string, pgid int, exe string) {
	t.Helper()
	if pgid == 0 || exe == "" {
		t.Fatalf("browser pid/exe unknown (%d, %q): the check would prove nothing", pgid, exe)
	}
	deadline := time.Now().Add(3 * time.Second)
	for {
		pids := processesUsing(dir)
		for _, p := range liveGroup(pgid) {
			if exePath(p) == exe {
				pids = append(pids, p)
			}
		}
		_, statErr := os.Stat(dir)
		if len(pids) == 0 && os.IsNotExist(statErr) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("left behind: processes %v using %s; stat: %v", pids, dir, statErr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// site is a loopback test server with per-path handlers and hit counters.
type site struct {
	*httptest.Server
	hits map[string]*atomic.Int64 // fixed at creation, so reads need no lock
}

func newSite(t testing.TB, routes map[string]http.HandlerFunc) *site {
	t.Helper()
	s := &site{hits: map[string]*atomic.Int64{}}
	for p := range routes {
		s.hits[p] = new(atomic.Int64)
	}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, ok := routes[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		s.hits[r.URL.Path].Add(1)
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *site) hit(path string) int64 {
	if c, ok := s.hits[path]; ok {
		return c.Load()
	}
	return 0
}

func (s *site) host() string { return strings.TrimPrefix(s.URL, "http://") }

func html(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(body))
	}
}

func onlyHost(h string) func(string) bool {
	return func(x string) bool { return x == h }
}
