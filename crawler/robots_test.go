package crawler

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/portalscan/portalscan/crawler/page"
)

const robotsHome = `<html><head><title>Home</title></head><body>
<a href="/public">public</a> <a href="/private/page">private</a> <a href="/early">early</a> <a href="/late">late</a>
</body></html>`

func TestRobots(t *testing.T) {
	t.Parallel()
	padding := strings.Repeat("# padding line to push later rules past the parse cap\n", (maxRobots/52)+200)
	tests := []struct {
		name         string
		status       int
		body         string
		ignore       bool
		startErr     string   // expected Crawl error, "" for success
		fetched      []string // paths that must be requested
		disallowed   []string // paths recorded as disallowed, never requested
		wantRobotTxt bool
	}{
		{name: "404 allows all", status: 404, fetched: []string{"/public", "/private/page"}},
		{name: "403 allows all", status: 403, fetched: []string{"/public", "/private/page"}},
		{name: "500 disallows all", status: 500, startErr: "disallowed by robots.txt"},
		{name: "503 disallows all", status: 503, startErr: "disallowed by robots.txt"},
		{name: "our group wins over *", status: 200,
			body:    "User-agent: *\nDisallow: /\n\nUser-agent: portalscan\nDisallow: /private/\n",
			fetched: []string{"/public"}, disallowed: []string{"/private/page"}, wantRobotTxt: true},
		{name: "star group applies", status: 200,
			body:    "User-agent: *\nDisallow: /private\n",
			fetched: []string{"/public"}, disallowed: []string{"/private/page"}, wantRobotTxt: true},
		{name: "other bot's group does not apply", status: 200,
			body:    "User-agent: otherbot\nDisallow: /\n",
			fetched: []string{"/public", "/private/page"}, wantRobotTxt: true},
		{name: "disallow all for us", status: 200,
			body: "User-agent: PortalScan\nDisallow: /\n", startErr: "disallowed by robots.txt", wantRobotTxt: true},
		{name: "allow overrides longer match", status: 200,
			body:    "User-agent: *\nDisallow: /private/\nAllow: /private/page\n",
			fetched: []string{"/private/page"}, wantRobotTxt: true},
		{name: "only the first 500 KiB is parsed", status: 200,
			body:    "User-agent: *\nDisallow: /early\n" + padding + "Disallow: /late\n",
			fetched: []string{"/late"}, disallowed: []string{"/early"}, wantRobotTxt: true},
		{name: "rules before any user-agent do not void the file", status: 200,
			body:    "Disallow: /public\nUser-agent: *\nDisallow: /private/\nCrawl-delay: soon\n",
			fetched: []string{"/public"}, disallowed: []string{"/private/page"}, wantRobotTxt: true},
		{name: "ignore robots still records the file", status: 200, ignore: true,
			body: "User-agent: *\nDisallow: /\n", fetched: []string{"/", "/private/page"}, wantRobotTxt: true},
		{name: "HTML robots.txt is no robots.txt", status: 200,
			body: "<!doctype html><html><body>app shell</body></html>", fetched: []string{"/private/page"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newSite(t)
			s.html("/", robotsHome)
			for _, p := range []string{"/public", "/private/page", "/early", "/late"} {
				s.html(p, "<title>"+p+"</title>")
			}
			s.handle("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
				if strings.HasPrefix(tc.body, "<!doctype") {
					w.Header().Set("Content-Type", "text/html")
				} else {
					w.Header().Set("Content-Type", "text/plain")
				}
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(tc.body))
			})
			o := testOptions()
			o.IgnoreRobots = tc.ignore
			sc := runScan(t, s.URL("/"), o)
			if tc.startErr != "" {
				if sc.err == nil || !strings.Contains(sc.err.Error(), tc.startErr) {
					t.Fatalf("Crawl error = %v, want %q", sc.err, tc.startErr)
				}
				if s.hit("/") != 0 {
					t.Error("start page requested although robots.txt forbids it")
				}
				st := sc.byURL(s.URL("/"))
				if st == nil || st.Status != 0 || st.Error != errDisallowed {
					t.Errorf("start record = %+v, want a disallowed record", st)
				}
				return
			}
			if sc.err != nil {
				t.Fatal(sc.err)
			}
			for _, p := range tc.fetched {
				if s.hit(p) != 1 {
					t.Errorf("%s requested %d times, want 1", p, s.hit(p))
				}
			}
			for _, p := range tc.disallowed {
				if s.hit(p) != 0 {
					t.Errorf("%s requested although disallowed", p)
				}
				rec := sc.byURL(s.URL(p))
				if rec == nil || rec.Status != 0 || rec.Error != errDisallowed || rec.Kind != page.KindPage {
					t.Errorf("%s record = %+v, want status 0 and %q", p, rec, errDisallowed)
				}
			}
			if sc.res.Stats.Robots != len(tc.disallowed) {
				t.Errorf("Stats.Robots = %d, want %d", sc.res.Stats.Robots, len(tc.disallowed))
			}
			if got := sc.res.RobotsTxt != ""; got != tc.wantRobotTxt {
				t.Errorf("RobotsTxt set = %v, want %v", got, tc.wantRobotTxt)
			}
			robots := sc.kinds(page.KindRobots)
			if len(robots) != 1 || robots[0].Seq != 1 {
				t.Errorf("robots.txt should be the first record, got %d robots records", len(robots))
			}
			s.mu.Lock()
			for _, ua := range s.uas {
				if !strings.HasPrefix(ua, "portalscan/") {
					t.Errorf("request with User-Agent %q", ua)
				}
			}
			s.mu.Unlock()
		})
	}
}

// colly's own robots check looks the group up with FindGroup, which for a 5xx robots.txt
// finds no group and so allows everything. Ours asks TestAgent, which knows "disallow all".
func TestRobotsServerErrorIsDisallowAll(t *testing.T) {
	t.Parallel()
	u, _ := url.Parse("http://127.0.0.1/docs?x=1")
	for _, status := range []int{500, 502, 503, 429} {
		if r := parseRobots(status, "text/plain", nil, false); r.allows(u) {
			t.Errorf("robots.txt %d allows %s", status, u)
		}
	}
	for _, status := range []int{400, 401, 403, 404, 410, 301} {
		if r := parseRobots(status, "text/plain", nil, false); !r.allows(u) {
			t.Errorf("robots.txt %d disallows %s", status, u)
		}
	}
	unreachable := &robotsRules{unreachable: "connection refused"}
	if unreachable.allows(u) {
		t.Error("unreachable robots.txt allows crawling")
	}
	q := parseRobots(200, "text/plain", []byte("User-agent: *\nDisallow: /*?x=\n"), false)
	if q.allows(u) {
		t.Error("query rules not applied")
	}
}

func TestCrawlDelayParsed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want time.Duration
	}{
		{name: "star group", body: "User-agent: *\nCrawl-delay: 2\nDisallow: /x\n", want: 2 * time.Second},
		{name: "fractional", body: "User-agent: *\nCrawl-delay: 0.5\n", want: 500 * time.Millisecond},
		{name: "our group wins", body: "User-agent: *\nCrawl-delay: 9\n\nUser-agent: portalscan\nCrawl-delay: 1\n", want: time.Second},
		{name: "another bot's group", body: "User-agent: slowbot\nCrawl-delay: 9\n", want: 0},
		{name: "malformed value dropped, rules kept", body: "User-agent: *\nCrawl-delay: soon\nCrawl-delay: 4 # seconds\nDisallow: /x\n", want: 4 * time.Second},
		{name: "none", body: "User-agent: *\nDisallow:\n", want: 0},
	}
	for _, tt := range tests {
		r := parseRobots(200, "text/plain", []byte(tt.body), false)
		if r.crawlDelay != tt.want {
			t.Errorf("%s: crawl delay %v, want %v", tt.name, r.crawlDelay, tt.want)
		}
		if strings.Contains(tt.body, "Disallow: /x") && r.allows(&url.URL{Path: "/x"}) {
			t.Errorf("%s: Disallow lost", tt.name)
		}
	}
}

// A Crawl-delay longer than --delay spaces every request start on the host after robots.txt,
// up to MaxCrawlDelay; a scan told to ignore robots.txt or politeness does not honour it.
func TestCrawlDelayHonoured(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		delay    string // the Crawl-delay value
		ignore   bool
		noPolite bool
		timeout  time.Duration
		wantGap  time.Duration // minimum gap between request starts after robots.txt
		wantStat int64
	}{
		{name: "honoured", delay: "0.3", wantGap: 300 * time.Millisecond, wantStat: 300},
		// The deadline ends the scan after the start page: one gap to measure.
		{name: "capped", delay: "3600", timeout: MaxCrawlDelay + 2*time.Second, wantGap: MaxCrawlDelay, wantStat: MaxCrawlDelay.Milliseconds()},
		{name: "ignore robots", delay: "5", ignore: true},
		{name: "no politeness", delay: "5", noPolite: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newSite(t)
			var mu sync.Mutex
			var starts []time.Time
			s.handle("/", func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				if r.URL.Path != "/robots.txt" {
					starts = append(starts, time.Now())
				}
				mu.Unlock()
				switch r.URL.Path {
				case "/robots.txt":
					w.Header().Set("Content-Type", "text/plain")
					fmt.Fprint(w, "User-agent: *\nCrawl-delay: "+tc.delay+"\n")
				case "/":
					w.Header().Set("Content-Type", "text/html")
					fmt.Fprint(w, `<title>home</title><a href="/a">a</a><a href="/b">b</a>`)
				default:
					http.NotFound(w, r)
				}
			})
			o := testOptions()
			o.IgnoreRobots, o.NoPoliteness = tc.ignore, tc.noPolite
			if tc.timeout > 0 {
				o.ScanTimeout = tc.timeout
			}
			began := time.Now()
			sc := runScan(t, s.URL("/"), o)
			if sc.err != nil {
				t.Fatal(sc.err)
			}
			if got := sc.res.Stats.CrawlDelayMS; got != tc.wantStat {
				t.Errorf("CrawlDelayMS %d, want %d", got, tc.wantStat)
			}
			if tc.wantGap == 0 {
				if took := time.Since(began); took > 3*time.Second {
					t.Errorf("scan took %v: the Crawl-delay was honoured", took)
				}
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if len(starts) < 2 {
				t.Fatalf("%d requests after robots.txt", len(starts))
			}
			for i := 1; i < len(starts); i++ {
				// Arrival times jitter by a few milliseconds; the schedule does not.
				if gap := starts[i].Sub(starts[i-1]); gap < tc.wantGap*9/10 {
					t.Errorf("requests %d and %d only %v apart, Crawl-delay %v", i-1, i, gap, tc.wantGap)
				}
			}
		})
	}
}
