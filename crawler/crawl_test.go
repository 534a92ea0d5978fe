package crawler

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/portalscan/portalscan/crawler/page"
)

func TestDefaultOptions(t *testing.T) {
	t.Parallel()
	o := DefaultOptions()
	if o.MaxPages != 300 || o.MaxDepth != 5 || o.PerHost != 2 || o.Delay != 250*time.Millisecond ||
		o.RequestTimeout != 30*time.Second || o.ScanTimeout != 15*time.Minute || o.MaxRetries != 1 ||
		o.MaxRetryAfter != 30*time.Second || o.MaxPerURL != 60*time.Second || o.MaxBody != 10<<20 ||
		o.PathScope || o.NoPoliteness || o.AllowPrivate || o.IgnoreRobots || o.Resolver != nil {
		t.Errorf("defaults: %+v", o)
	}
	if !strings.HasPrefix(o.UserAgent, "portalscan/") || !strings.Contains(o.UserAgent, "(+https://github.com/portalscan/portalscan)") {
		t.Errorf("user agent %q", o.UserAgent)
	}
	z := Options{}.withDefaults()
	if z.MaxPages != 300 || z.PerHost != 2 || z.MaxBody != 10<<20 || z.UserAgent == "" || z.Resolver == nil || z.MaxDepth != 0 || z.Delay != 0 {
		t.Errorf("zero options: %+v", z)
	}
	np := Options{NoPoliteness: true, Delay: time.Second}.withDefaults()
	if np.Delay != 0 || np.PerHost != 16 {
		t.Errorf("NoPoliteness: delay %v perHost %d", np.Delay, np.PerHost)
	}
}

// colly's Async mode starts a goroutine per queued URL and can exceed MaxRequests; the
// crawler must stay at a fixed pool and never fetch more than MaxPages pages.
func TestBudgetAndGoroutines(t *testing.T) {
	s := newSite(t)
	const n = 20000
	locs := make([]string, n)
	for i := range locs {
		locs[i] = s.URL(fmt.Sprintf("/p/%d", i))
	}
	sm := urlset(locs...)
	s.text("/sitemap.xml", "application/xml", sm)
	s.html("/", `<title>home</title><a href="/p/1">one</a>`)
	var pageHits atomic.Int32
	s.handle("/p/", func(w http.ResponseWriter, r *http.Request) {
		pageHits.Add(1)
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<title>%s</title><a href="/p/x%s">next</a>`, r.URL.Path, r.URL.Path)
	})
	runtime.GC()
	before := runtime.NumGoroutine()
	var peak atomic.Int64
	o := testOptions()
	o.NoPoliteness = true
	o.MaxPages = 50
	o.Resolver = failResolver{t}
	var pages []*page.Page
	res, err := Crawl(context.Background(), s.URL("/"), o, func(p *page.Page) error {
		if g := int64(runtime.NumGoroutine()); g > peak.Load() {
			peak.Store(g)
		}
		pages = append(pages, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	fetchedPages := 0
	for _, p := range pages {
		if p.Kind == page.KindPage && p.Status != 0 {
			fetchedPages++
		}
	}
	if fetchedPages > 50 || int(pageHits.Load()) > 49 || res.Stats.Pages > 50 {
		t.Errorf("budget exceeded: %d page records, %d /p/ requests, Stats.Pages %d", fetchedPages, pageHits.Load(), res.Stats.Pages)
	}
	if res.Stats.Pages != 50 {
		t.Errorf("Stats.Pages = %d, want the full budget of 50", res.Stats.Pages)
	}
	if !res.Stats.Truncated || res.Stats.StopReason != StopMaxPages || res.Stats.Skipped < n-100 {
		t.Errorf("stats: %+v", res.Stats)
	}
	// 32 workers, up to 16 connections a side (two goroutines each on the client) and the
	// server's handlers: about 120, where a goroutine per queued URL would be 20,000.
	t.Logf("goroutines: %d before, peak %d", before, peak.Load())
	if grew := peak.Load() - int64(before); grew > 200 {
		t.Errorf("goroutines grew by %d during the crawl", grew)
	}
	deadline := time.Now().Add(3 * time.Second)
	for runtime.NumGoroutine() > before+5 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if after := runtime.NumGoroutine(); after > before+5 {
		t.Errorf("goroutines leaked: %d before, %d after", before, after)
	}
}

// A loopback portal that links and redirects to outside hosts dials nothing but loopback
// and resolves nothing.
func TestConfinementLoopback(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.text("/robots.txt", "text/plain", "User-agent: *\nAllow: /\nSitemap: http://example.com/sitemap.xml\nSitemap: /sitemap.xml\n")
	s.text("/sitemap.xml", "application/xml", urlset("https://example.com/y", "http://localhost:"+s.port()+"/z", s.URL("/a")))
	s.html("/", `<html><head><title>home</title><link rel="canonical" href="https://www.example.com/">
<script src="https://cdn.example.net/app.js"></script></head><body>
<a href="http://example.com/x">x</a> <a href="https://status.example.org">status</a>
<a href="https://example.com/openapi.json">spec</a> <a href="http://[::1]:`+s.port()+`/v6">v6</a>
<a href="http://169.254.169.254/latest/meta-data/">meta</a>
<a href="/go">go</a> <a href="/refresh">refresh</a> <a href="/a">a</a>
<iframe src="https://widget.example.com/"></iframe></body></html>`)
	s.handle("/go", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://status.example.org/", http.StatusFound)
	})
	s.html("/refresh", `<meta http-equiv="refresh" content="0; url=http://example.net/">`)
	s.html("/a", `<title>a</title>`)
	o := testOptions()
	o.Resolver = failResolver{t}
	sc := runScan(t, s.URL("/"), o)
	if sc.err != nil {
		t.Fatal(sc.err)
	}
	for _, d := range sc.dials {
		if d != s.host() {
			t.Errorf("dialled %s; only %s is allowed", d, s.host())
		}
	}
	if len(sc.dials) == 0 {
		t.Error("hook saw no dials at all")
	}
	goRec := sc.byURL(s.URL("/go"))
	if goRec == nil || !strings.Contains(goRec.Error, "redirect out of scope: https://status.example.org/") {
		t.Errorf("/go: %+v", goRec)
	}
	for _, p := range sc.pages {
		if !strings.HasPrefix(p.URL, s.URL("/")) {
			t.Errorf("recorded a fetch outside the portal: %s", p.URL)
		}
	}
	if sc.res.Stats.OutOfScope < 6 {
		t.Errorf("OutOfScope = %d", sc.res.Stats.OutOfScope)
	}
}

// The dialer refuses other hosts itself, before anything resolves them, whatever scope
// let through.
func TestDialerConfinement(t *testing.T) {
	t.Parallel()
	type call struct{ addr string }
	tests := []struct {
		name     string
		start    string
		allowPvt bool
		addrs    map[string]string
		dial     string
		wantDial string // "" = refused before dialling
		resolves bool
	}{
		{name: "loopback scan dials itself", start: "127.0.0.1", dial: "127.0.0.1:8080", wantDial: "127.0.0.1:8080"},
		{name: "loopback scan refuses a name", start: "127.0.0.1", dial: "example.com:80"},
		{name: "loopback scan refuses a neighbour", start: "127.0.0.1", dial: "127.0.0.2:80"},
		{name: "loopback scan refuses localhost", start: "127.0.0.1", dial: "localhost:8080"},
		{name: "loopback scan refuses public IP", start: "127.0.0.1", dial: "93.184.216.34:443"},
		{name: "loopback scan ignores AllowPrivate", start: "127.0.0.1", allowPvt: true, dial: "example.com:80"},
		{name: "localhost scan dials loopback without resolving", start: "localhost", dial: "localhost:3000", wantDial: "127.0.0.1:3000"},
		{name: "private scan refuses others", start: "10.1.2.3", dial: "10.1.2.4:80"},
		{name: "IPv6 loopback scan", start: "::1", dial: "[::1]:8080", wantDial: "[::1]:8080"},
		{name: "public start host resolves and dials", start: "portal.test", addrs: map[string]string{"portal.test": "127.0.0.1"},
			dial: "portal.test:443", wantDial: "127.0.0.1:443", resolves: true},
		{name: "public sibling on loopback refused", start: "portal.test", addrs: map[string]string{"api.portal.test": "127.0.0.1"},
			dial: "api.portal.test:443", resolves: true},
		{name: "public sibling on metadata refused", start: "portal.test", addrs: map[string]string{"meta.portal.test": "169.254.169.254"},
			dial: "meta.portal.test:80", resolves: true},
		{name: "public sibling on IPv6 metadata refused", start: "portal.test", addrs: map[string]string{"meta6.portal.test": "fd00:ec2::254"},
			dial: "meta6.portal.test:80", resolves: true},
		{name: "public sibling on private IP allowed by AllowPrivate", start: "portal.test", allowPvt: true,
			addrs: map[string]string{"api.portal.test": "10.0.0.7"}, dial: "api.portal.test:443", wantDial: "10.0.0.7:443", resolves: true},
		{name: "public sibling on public IP", start: "portal.test", addrs: map[string]string{"docs.portal.test": "93.184.216.34"},
			dial: "docs.portal.test:443", wantDial: "93.184.216.34:443", resolves: true},
		{name: "public scan refuses private IP literal", start: "portal.test", dial: "192.168.1.1:80"},
		{name: "public scan refuses localhost without resolving", start: "portal.test", dial: "localhost:80"},
		{name: "public scan: mapped IPv6 private literal", start: "portal.test", dial: "[::ffff:10.0.0.1]:80"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res := &mapResolver{addrs: tc.addrs}
			o := Options{AllowPrivate: tc.allowPvt, Resolver: res}
			d := newDialer(tc.start, o, nil)
			var dialled []string
			d.raw = func(_ context.Context, _, addr string) (net.Conn, error) {
				dialled = append(dialled, addr)
				return nil, fmt.Errorf("test: not really dialling %s", addr)
			}
			_, err := d.DialContext(context.Background(), "tcp", tc.dial)
			if tc.wantDial == "" {
				var re *refusedError
				if !errors.As(err, &re) {
					t.Errorf("error %v, want a refusal", err)
				}
				if len(dialled) != 0 {
					t.Errorf("dialled %v", dialled)
				}
			} else if len(dialled) == 0 || dialled[0] != tc.wantDial {
				t.Errorf("dialled %v, want %s (err %v)", dialled, tc.wantDial, err)
			}
			if got := len(res.asked) > 0; got != tc.resolves {
				t.Errorf("resolved %v, want resolution %v", res.asked, tc.resolves)
			}
		})
	}
}

// A portal on a public name (served here on loopback through a fake resolver): siblings of
// the registrable domain are in scope but refused at the dialer when they resolve to a
// private address, unless AllowPrivate. colly's AllowedDomains would refuse the www
// redirect outright (exact host, no port).
func TestPublicHostScope(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		allowPrivate bool
		wantSibling  bool
	}{
		{"siblings on private addresses refused", false, false},
		{"AllowPrivate lets siblings through", true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newSite(t)
			port := s.port()
			s.handle("/{$}", func(w http.ResponseWriter, r *http.Request) {
				if strings.HasPrefix(r.Host, "www.") {
					w.Header().Set("Content-Type", "text/html")
					fmt.Fprintf(w, `<title>www home</title><a href="http://docs.portal.test:%s/guide">guide</a>`, port)
					return
				}
				http.Redirect(w, r, "http://www.portal.test:"+port+"/", http.StatusMovedPermanently)
			})
			s.html("/guide", "<title>guide</title>")
			res := &mapResolver{addrs: map[string]string{"portal.test": "127.0.0.1", "www.portal.test": "127.0.0.1", "docs.portal.test": "127.0.0.1"}}
			o := testOptions()
			o.Resolver = res
			o.AllowPrivate = tc.allowPrivate
			sc := runScan(t, "http://portal.test:"+port+"/", o)
			if !tc.allowPrivate {
				if sc.err == nil || !strings.Contains(sc.err.Error(), "refused to dial www.portal.test") {
					t.Fatalf("error %v, want the www redirect refused at the dialer", sc.err)
				}
				return
			}
			if sc.err != nil {
				t.Fatal(sc.err)
			}
			start := sc.byURL("http://portal.test:" + port + "/")
			if start.FinalURL != "http://www.portal.test:"+port+"/" || start.Title != "www home" {
				t.Errorf("www redirect not followed: %+v", start.Fetch)
			}
			g := sc.byURL("http://docs.portal.test:" + port + "/guide")
			if got := g != nil && g.Status == 200; got != tc.wantSibling {
				t.Errorf("sibling fetched %v, want %v: %+v", got, tc.wantSibling, g)
			}
			if r := sc.byURL("http://docs.portal.test:" + port + "/robots.txt"); r == nil || r.Kind != page.KindRobots {
				t.Error("sibling origin's robots.txt not fetched first")
			}
			for _, h := range res.asked {
				if !strings.HasSuffix(h, "portal.test") {
					t.Errorf("resolved %s", h)
				}
			}
		})
	}
}

func TestPublicSiblingRefusedIsRecorded(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	port := s.port()
	s.html("/", fmt.Sprintf(`<title>home</title><a href="http://api.portal.test:%s/ref">api</a>`, port))
	res := &mapResolver{addrs: map[string]string{"portal.test": "127.0.0.1", "api.portal.test": "169.254.169.254"}}
	o := testOptions()
	o.Resolver = res
	sc := runScan(t, "http://portal.test:"+port+"/", o)
	if sc.err != nil {
		t.Fatal(sc.err)
	}
	robots := sc.byURL("http://api.portal.test:" + port + "/robots.txt")
	if robots == nil || !strings.Contains(robots.Error, "refused to dial") || !strings.Contains(robots.Error, "169.254.169.254") {
		t.Errorf("robots record: %+v", robots)
	}
	ref := sc.byURL("http://api.portal.test:" + port + "/ref")
	if ref == nil || ref.Status != 0 || !strings.Contains(ref.Error, "refused to dial") {
		t.Errorf("page record: %+v", ref)
	}
}

func TestProbes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		start    string
		catchAll bool
		soft404  bool
	}{
		{"root portal", "/", false, false},
		{"portal under a path", "/developer-portal/", false, false},
		{"SPA answering every path", "/", true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newSite(t)
			if tc.catchAll {
				s.handle("/", func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "text/html")
					fmt.Fprint(w, `<!doctype html><html><head><title>app</title></head><body><div id="root"></div></body></html>`)
				})
			} else {
				s.html(tc.start, `<title>portal</title>`)
				s.text("/llms.txt", "text/plain", "# llms\n")
			}
			sc := runScan(t, s.URL(tc.start), testOptions())
			if sc.err != nil {
				t.Fatal(sc.err)
			}
			bases := []string{"/"}
			if tc.start != "/" {
				bases = append(bases, tc.start)
			}
			want := map[string]page.Kind{"robots.txt": page.KindRobots}
			for _, n := range sitemapProbes {
				want[n] = page.KindSitemap
			}
			for _, f := range fileProbes {
				want[f.path] = f.kind
			}
			for name, kind := range want {
				for _, b := range bases {
					if name == "robots.txt" && b != "/" {
						continue
					}
					p := sc.byURL(s.URL(b + name))
					if p == nil {
						t.Errorf("%s%s not probed", b, name)
						continue
					}
					if p.Kind != kind || p.Via != "probe" {
						t.Errorf("%s%s: kind %s via %s", b, name, p.Kind, p.Via)
					}
				}
			}
			soft := sc.kinds(page.KindSoft404)
			if len(soft) != 1 || !strings.HasPrefix(soft[0].URL, s.URL(bases[len(bases)-1]+"portalscan-404-")) {
				t.Fatalf("soft-404 probe: %v", soft)
			}
			if sc.res.Soft404 != tc.soft404 {
				t.Errorf("Soft404 = %v, want %v", sc.res.Soft404, tc.soft404)
			}
			// Probes are not pages: they do not eat the page budget.
			if sc.res.Stats.Pages != 1 {
				t.Errorf("Stats.Pages = %d, want 1", sc.res.Stats.Pages)
			}
			if tc.catchAll {
				sm := sc.byURL(s.URL("/sitemap.xml"))
				if sm.Doc == nil || sm.Status != 200 {
					t.Errorf("HTML at /sitemap.xml should be recorded as served")
				}
			}
		})
	}
}

func TestSpecLinks(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	var links strings.Builder
	for i := 0; i < 25; i++ {
		fmt.Fprintf(&links, `<a href="/specs/api-%d.json">spec %d</a>`, i, i)
	}
	links.WriteString(`<a href="/specs/events.yaml">yaml</a>`)
	s.html("/", "<title>home</title>"+links.String())
	var specHits atomic.Int32
	s.handle("/specs/", func(w http.ResponseWriter, r *http.Request) {
		specHits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"openapi":"3.1.0"}`)
	})
	o := testOptions()
	o.MaxPages = 1
	sc := runScan(t, s.URL("/"), o)
	if sc.err != nil {
		t.Fatal(sc.err)
	}
	var linked []*page.Page
	for _, p := range sc.kinds(page.KindSpec) {
		if p.Via == "link" {
			linked = append(linked, p)
			if p.Doc != nil || string(p.Body) != `{"openapi":"3.1.0"}` || p.FoundOn != s.URL("/") {
				t.Errorf("spec record %+v", p.Fetch)
			}
		}
	}
	if len(linked) != maxSpecLinks || int(specHits.Load()) != maxSpecLinks {
		t.Errorf("%d linked specs recorded, %d requested; want %d", len(linked), specHits.Load(), maxSpecLinks)
	}
	if sc.res.Stats.Pages != 1 {
		t.Errorf("specs counted as pages: %d", sc.res.Stats.Pages)
	}
}

// TestQueueOrder checks dispatch order through the page budget, which is applied at dispatch:
// the order in which requests reach the server is not a contract, because a worker holding a
// popped task may be scheduled after another worker that took the next one.
func TestQueueOrder(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		maxPages int
		want     []string // pages fetched besides the start page
	}{
		{name: "navigation chrome first", maxPages: 3, want: []string{"/foot1", "/nav1"}},
		{name: "unlimited", maxPages: 100, want: []string{"/body1", "/body2", "/foot1", "/nav1", "/sm1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newSite(t)
			s.html("/", `<html><body><main><a href="/body1">b1</a><a href="/body2">b2</a></main>
<nav><a href="/nav1">n1</a></nav><footer><a href="/foot1">f1</a></footer></body></html>`)
			s.text("/sitemap.xml", "application/xml", urlset(s.URL("/sm1")))
			var mu sync.Mutex
			var got []string
			for _, p := range []string{"/body1", "/body2", "/nav1", "/foot1", "/sm1"} {
				p := p
				s.handle(p, func(w http.ResponseWriter, r *http.Request) {
					mu.Lock()
					got = append(got, p)
					mu.Unlock()
					ok(w, r)
				})
			}
			o := testOptions()
			o.PerHost = 1
			o.MaxPages = tt.maxPages
			sc := runScan(t, s.URL("/"), o)
			if sc.err != nil {
				t.Fatal(sc.err)
			}
			sort.Strings(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("fetched %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPoliteness(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		perHost     int
		delay       time.Duration
		noPolite    bool
		wantMaxIn   int  // exact peak of concurrent requests
		checkDelays bool // request starts at least delay apart
	}{
		{name: "one at a time with a delay", perHost: 1, delay: 60 * time.Millisecond, wantMaxIn: 1, checkDelays: true},
		{name: "two in flight", perHost: 2, wantMaxIn: 2},
		{name: "NoPoliteness raises parallelism", perHost: 1, delay: time.Second, noPolite: true, wantMaxIn: 16},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newSite(t)
			var links strings.Builder
			for i := 0; i < 20; i++ {
				fmt.Fprintf(&links, `<a href="/slow/%d">%d</a>`, i, i)
			}
			links.WriteString(`<a href="/private/x">no</a>`)
			var in, peak atomic.Int32
			var mu sync.Mutex
			var starts []time.Time
			s.handle("/", func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				starts = append(starts, time.Now())
				mu.Unlock()
				cur := in.Add(1)
				for {
					p := peak.Load()
					if cur <= p || peak.CompareAndSwap(p, cur) {
						break
					}
				}
				time.Sleep(40 * time.Millisecond)
				in.Add(-1)
				if r.URL.Path == "/robots.txt" {
					w.Header().Set("Content-Type", "text/plain")
					fmt.Fprint(w, "User-agent: *\nDisallow: /private\n")
					return
				}
				w.Header().Set("Content-Type", "text/html")
				if r.URL.Path == "/" {
					fmt.Fprint(w, "<title>home</title>"+links.String())
					return
				}
				fmt.Fprint(w, "<title>slow</title>")
			})
			o := testOptions()
			o.PerHost, o.Delay, o.NoPoliteness = tc.perHost, tc.delay, tc.noPolite
			o.MaxPages = 12
			sc := runScan(t, s.URL("/"), o)
			if sc.err != nil {
				t.Fatal(sc.err)
			}
			if int(peak.Load()) != tc.wantMaxIn {
				t.Errorf("peak concurrency %d, want %d", peak.Load(), tc.wantMaxIn)
			}
			if s.hit("/private/x") != 0 {
				t.Error("robots.txt not obeyed")
			}
			if tc.checkDelays {
				mu.Lock()
				defer mu.Unlock()
				// Arrival times jitter by a few milliseconds; the schedule does not.
				for i := 1; i < len(starts); i++ {
					if gap := starts[i].Sub(starts[i-1]); gap < tc.delay/2 {
						t.Errorf("requests %d and %d only %v apart", i-1, i, gap)
					}
				}
				if span, min := starts[len(starts)-1].Sub(starts[0]), time.Duration(len(starts)-1)*tc.delay*9/10; span < min {
					t.Errorf("%d requests in %v, want at least %v", len(starts), span, min)
				}
			}
		})
	}
}

func TestStopping(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		cancelAt   time.Duration // cancel the caller's context after this
		scanTO     time.Duration
		reason     string
		wantErr    bool
		beforeHome bool
	}{
		{name: "caller cancels", cancelAt: 400 * time.Millisecond, reason: StopCancelled},
		{name: "scan deadline", scanTO: 400 * time.Millisecond, reason: StopDeadline},
		{name: "cancelled before the start page", cancelAt: 50 * time.Millisecond, reason: StopCancelled, wantErr: true, beforeHome: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newSite(t)
			var links strings.Builder
			for i := 0; i < 200; i++ {
				fmt.Fprintf(&links, `<a href="/slow/%d">%d</a>`, i, i)
			}
			s.handle("/", func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/" {
					if tc.beforeHome {
						select {
						case <-time.After(2 * time.Second):
						case <-r.Context().Done():
						}
					}
					w.Header().Set("Content-Type", "text/html")
					fmt.Fprint(w, "<title>home</title>"+links.String())
					return
				}
				if strings.HasPrefix(r.URL.Path, "/slow/") {
					select {
					case <-time.After(300 * time.Millisecond):
					case <-r.Context().Done():
					}
					ok(w, r)
					return
				}
				http.NotFound(w, r)
			})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tc.cancelAt > 0 {
				time.AfterFunc(tc.cancelAt, cancel)
			}
			o := testOptions()
			if tc.scanTO > 0 {
				o.ScanTimeout = tc.scanTO
			}
			began := time.Now()
			sc := runScanCtx(t, ctx, s.URL("/"), o)
			took := time.Since(began)
			if took > 1500*time.Millisecond {
				t.Errorf("took %v to stop", took)
			}
			if (sc.err != nil) != tc.wantErr {
				t.Fatalf("error %v, want error %v", sc.err, tc.wantErr)
			}
			if sc.res.Stats.StopReason != tc.reason || !sc.res.Stats.Truncated {
				t.Errorf("stats %+v", sc.res.Stats)
			}
			for _, p := range sc.pages {
				if strings.Contains(p.Error, "context canceled") || strings.Contains(p.Error, "deadline exceeded") {
					t.Errorf("a cut-short fetch was recorded as a finding: %s %q", p.URL, p.Error)
				}
			}
		})
	}
}

func TestDedupAndDepth(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.html("/", `<title>home</title>
<a href="/a">a</a><a href="/a#x">a#x</a><a href="./a">./a</a><a href="/x/../a">dots</a>
<a href="/q?b=2&a=1">q1</a><a href="/q?a=1&b=2#f">q2</a><a href="/d1">deep</a><a href="/logo.png">img</a>`)
	s.html("/a", "<title>a</title>")
	s.html("/q", "<title>q</title>")
	for i := 1; i <= 5; i++ {
		s.html(fmt.Sprintf("/d%d", i), fmt.Sprintf(`<title>d%d</title><a href="/d%d">next</a>`, i, i+1))
	}
	o := testOptions()
	o.MaxDepth = 3
	sc := runScan(t, s.URL("/"), o)
	if sc.err != nil {
		t.Fatal(sc.err)
	}
	if s.hit("/a") != 1 || s.hit("/q?b=2&a=1")+s.hit("/q?a=1&b=2") != 1 {
		t.Errorf("duplicates fetched: /a %d, /q %d+%d", s.hit("/a"), s.hit("/q?b=2&a=1"), s.hit("/q?a=1&b=2"))
	}
	if s.hit("/d3") != 1 || s.hit("/d4") != 0 {
		t.Errorf("depth: /d3 %d, /d4 %d", s.hit("/d3"), s.hit("/d4"))
	}
	if d3 := sc.byURL(s.URL("/d3")); d3 == nil || d3.Depth != 3 {
		t.Errorf("/d3 record %+v", d3)
	}
	if s.hit("/logo.png") != 0 {
		t.Error("asset fetched as a page")
	}
	if sc.res.Stats.Skipped < 2 {
		t.Errorf("Skipped = %d", sc.res.Stats.Skipped)
	}
}

func TestPathScopeAndAliases(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.html("/portal/", `<title>portal</title><a href="/portal/a">in</a><a href="/blog/x">out</a>
<a href="https://www.portal.example/portal/b">alias in</a><a href="https://www.portal.example/blog/y">alias out</a>
<a href="https://api.portal.example/portal/c">not an alias</a>`)
	for _, p := range []string{"/portal/a", "/portal/b", "/blog/x", "/blog/y"} {
		s.html(p, "<title>"+p+"</title>")
	}
	s.text("/llms.txt", "text/plain", "# root llms\n")
	o := testOptions()
	o.PathScope = true
	o.Aliases = []string{"www.portal.example"}
	sc := runScan(t, s.URL("/portal/"), o)
	if sc.err != nil {
		t.Fatal(sc.err)
	}
	for p, want := range map[string]int{"/portal/a": 1, "/portal/b": 1, "/blog/x": 0, "/blog/y": 0, "/llms.txt": 1, "/portal/llms.txt": 1} {
		if got := s.hit(p); got != want {
			t.Errorf("%s requested %d times, want %d", p, got, want)
		}
	}
	b := sc.byURL(s.URL("/portal/b"))
	if b == nil || b.Via != "link" {
		t.Errorf("alias link not recorded on the scanned host: %+v", b)
	}
	home := sc.byURL(s.URL("/portal/"))
	found := false
	for _, l := range home.Doc.Links {
		if l.URL == "https://www.portal.example/portal/b" {
			found = true
		}
	}
	if !found {
		t.Error("Doc.Links should keep links as written")
	}
}

func TestProgress(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.html("/", `<title>home</title><a href="/a">a</a><a href="/b">b</a>`)
	s.html("/a", "a")
	s.html("/b", "b")
	var calls [][2]int
	o := testOptions()
	o.Progress = func(done, queued int) { calls = append(calls, [2]int{done, queued}) }
	sc := runScan(t, s.URL("/"), o)
	if sc.err != nil {
		t.Fatal(sc.err)
	}
	if len(calls) != 3 || calls[0][0] != 1 || calls[2][0] != 3 || calls[2][1] != 0 {
		t.Errorf("progress calls %v", calls)
	}
}
