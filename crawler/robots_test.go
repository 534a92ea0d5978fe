package crawler

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

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
