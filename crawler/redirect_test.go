package crawler

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestRedirects(t *testing.T) {
	t.Parallel()
	redirect := func(s *site, from, to string, code int) {
		s.handle(from, func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != from {
				http.NotFound(w, r)
				return
			}
			http.Redirect(w, r, to, code)
		})
	}
	chain := func(s *site, n int) {
		for i := 0; i < n; i++ {
			redirect(s, fmt.Sprintf("/c%d", i), fmt.Sprintf("/c%d", i+1), http.StatusFound)
		}
		s.html(fmt.Sprintf("/c%d", n), "<title>end of chain</title>")
	}
	tests := []struct {
		name      string
		setup     func(s *site)
		opts      func(o *Options)
		link      string // linked from the start page
		status    int
		final     string // path on the site, or an absolute URL
		hops      int
		errSubstr string
		title     string
		check     func(t *testing.T, s *site, sc *scan)
	}{
		{
			name:  "chain of 10 is followed",
			setup: func(s *site) { chain(s, 10) },
			link:  "/c0", status: 200, final: "/c10", hops: 10, title: "end of chain",
		},
		{
			name:  "chain longer than 10 stops",
			setup: func(s *site) { chain(s, 12) },
			link:  "/c0", status: 302, final: "/c11", hops: 11, errSubstr: "too many redirects",
			check: func(t *testing.T, s *site, sc *scan) {
				if s.hit("/c11") != 0 {
					t.Error("the 11th hop was requested")
				}
			},
		},
		{
			name: "loop is detected",
			setup: func(s *site) {
				redirect(s, "/a", "/b", http.StatusMovedPermanently)
				redirect(s, "/b", "/a", http.StatusMovedPermanently)
			},
			link: "/a", status: 301, errSubstr: "redirect loop",
			check: func(t *testing.T, s *site, sc *scan) {
				if s.hit("/a") > 3 {
					t.Errorf("/a requested %d times", s.hit("/a"))
				}
			},
		},
		{
			name:  "out of scope is recorded, not followed",
			setup: func(s *site) { redirect(s, "/out", "http://example.com/x", http.StatusFound) },
			link:  "/out", status: 302, final: "http://example.com/x", hops: 1, errSubstr: "redirect out of scope: http://example.com/x",
		},
		{
			name:  "other port is out of scope",
			setup: func(s *site) { redirect(s, "/port", "http://127.0.0.1:1/x", http.StatusFound) },
			link:  "/port", status: 302, final: "http://127.0.0.1:1/x", hops: 1, errSubstr: "redirect out of scope",
		},
		{
			name: "alias Location is rewritten to the scanned host",
			opts: func(o *Options) { o.Aliases = []string{"www.portal.example"} },
			setup: func(s *site) {
				redirect(s, "/moved", "https://www.portal.example/target", http.StatusMovedPermanently)
				s.html("/target", "<title>target</title>")
			},
			link: "/moved", status: 200, final: "/target", hops: 1, title: "target",
		},
		{
			name: "redirect to a disallowed path stops",
			setup: func(s *site) {
				s.text("/robots.txt", "text/plain", "User-agent: *\nDisallow: /private\n")
				redirect(s, "/go-private", "/private/x", http.StatusFound)
			},
			link: "/go-private", status: 302, final: "/private/x", hops: 1, errSubstr: "disallowed by robots.txt",
			check: func(t *testing.T, s *site, sc *scan) {
				if s.hit("/private/x") != 0 {
					t.Error("disallowed redirect target requested")
				}
			},
		},
		{
			name: "redirect to an already fetched page still succeeds",
			setup: func(s *site) {
				s.html("/x", `<title>x</title><a href="/y">y</a>`)
				redirect(s, "/y", "/x", http.StatusFound)
			},
			link: "/x", status: 200, final: "/x", title: "x",
			check: func(t *testing.T, s *site, sc *scan) {
				y := sc.byURL(s.URL("/y"))
				if y == nil || y.Status != 200 || y.Error != "" || y.FinalURL != s.URL("/x") {
					t.Errorf("redirect to a visited URL: %+v", y)
				}
			},
		},
		{
			name: "meta refresh is a redirect hop",
			setup: func(s *site) {
				s.html("/old", `<html><head><meta http-equiv="refresh" content="0; url=/new"><title>old</title></head></html>`)
				s.html("/new", `<title>new</title>`)
			},
			link: "/old", status: 200, final: "/new", hops: 1, title: "new",
			check: func(t *testing.T, s *site, sc *scan) {
				if s.hit("/new") != 1 {
					t.Errorf("/new requested %d times, want once (as the hop)", s.hit("/new"))
				}
			},
		},
		{
			name: "meta refresh after HTTP redirect",
			setup: func(s *site) {
				redirect(s, "/r", "/old", http.StatusFound)
				s.html("/old", `<meta http-equiv="refresh" content="3;URL='/new'">`)
				s.html("/new", `<title>new</title>`)
			},
			link: "/r", status: 200, final: "/new", hops: 2, title: "new",
		},
		{
			name: "slow meta refresh is a link, not a hop",
			setup: func(s *site) {
				s.html("/slow", `<meta http-equiv="refresh" content="10; url=/later"><title>slow</title>`)
				s.html("/later", `<title>later</title>`)
			},
			link: "/slow", status: 200, final: "/slow", title: "slow",
			check: func(t *testing.T, s *site, sc *scan) {
				if l := sc.byURL(s.URL("/later")); l == nil || l.Via != "link" {
					t.Errorf("slow refresh target should be crawled as a link: %+v", l)
				}
			},
		},
		{
			name: "meta refresh out of scope is not followed",
			setup: func(s *site) {
				s.html("/leave", `<meta http-equiv="refresh" content="0; url=https://status.example.org/">`)
			},
			link: "/leave", status: 200, final: "/leave",
		},
		{
			name: "meta refresh loop ends",
			setup: func(s *site) {
				s.html("/m1", `<meta http-equiv="refresh" content="0; url=/m2">`)
				s.html("/m2", `<meta http-equiv="refresh" content="0; url=/m1">`)
			},
			link: "/m1", errSubstr: "too many redirects", status: 200,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newSite(t)
			s.html("/", fmt.Sprintf(`<title>home</title><a href="%s">go</a>`, tc.link))
			tc.setup(s)
			o := testOptions()
			if tc.opts != nil {
				tc.opts(&o)
			}
			sc := runScan(t, s.URL("/"), o)
			if sc.err != nil {
				t.Fatal(sc.err)
			}
			p := sc.byURL(s.URL(tc.link))
			if p == nil {
				t.Fatalf("no record for %s", tc.link)
			}
			if p.Status != tc.status {
				t.Errorf("status %d, want %d (error %q)", p.Status, tc.status, p.Error)
			}
			if tc.final != "" {
				want := tc.final
				if strings.HasPrefix(want, "/") {
					want = s.URL(want)
				}
				if p.FinalURL != want {
					t.Errorf("final URL %q, want %q", p.FinalURL, want)
				}
			}
			if tc.hops > 0 && len(p.Redirects) != tc.hops {
				t.Errorf("%d hops recorded, want %d: %v", len(p.Redirects), tc.hops, p.Redirects)
			}
			if tc.errSubstr == "" && p.Error != "" {
				t.Errorf("unexpected error %q", p.Error)
			}
			if tc.errSubstr != "" && !strings.Contains(p.Error, tc.errSubstr) {
				t.Errorf("error %q, want it to contain %q", p.Error, tc.errSubstr)
			}
			if tc.title != "" && (p.Doc == nil || p.Title != tc.title) {
				t.Errorf("title %q, want %q", p.Title, tc.title)
			}
			if tc.check != nil {
				tc.check(t, s, sc)
			}
		})
	}
}

// A redirect hop is a request to the server like any other: it waits for the host's delay.
func TestRedirectHopsArePaced(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	var mu sync.Mutex
	var starts []time.Time
	s.handle("/", func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/hop") {
			mu.Lock()
			starts = append(starts, time.Now())
			mu.Unlock()
			n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/hop"))
			if n < 3 {
				http.Redirect(w, r, fmt.Sprintf("/hop%d", n+1), http.StatusFound)
				return
			}
		}
		if r.URL.Path == "/" {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<title>home</title><a href="/hop0">chain</a>`)
			return
		}
		ok(w, r)
	})
	o := testOptions()
	o.PerHost = 1
	o.Delay = 80 * time.Millisecond
	o.MaxPages = 2
	sc := runScan(t, s.URL("/"), o)
	if sc.err != nil {
		t.Fatal(sc.err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(starts) != 4 {
		t.Fatalf("%d hops requested", len(starts))
	}
	if span := starts[3].Sub(starts[0]); span < 3*o.Delay*9/10 {
		t.Errorf("4 hops in %v, want at least %v", span, 3*o.Delay)
	}
}
