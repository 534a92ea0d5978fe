package crawler

import (
	"net/url"
	"strings"
	"testing"
)

// Fuzz targets for everything the crawler parses from an untrusted server. CI runs each
// briefly (make fuzz); the seeds run in every `go test`.

func FuzzNormalizeURL(f *testing.F) {
	for _, s := range []string{"http://Example.COM:80/a/./b/../c?b=2&a=1#x", "https://[::1]:443/", "http://h/%zz", "HTTP://h?", "http://ü.example/ä", "//x", "http://a:b@h:99999/", "http://0.."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		n, err := NormalizeURL(raw)
		if err != nil {
			return
		}
		// Normalising is idempotent, and what it returns is an absolute http(s) URL.
		again, err := NormalizeURL(n)
		if err != nil || again != n {
			t.Fatalf("NormalizeURL(%q) = %q, then %q (%v)", raw, n, again, err)
		}
		u, err := url.Parse(n)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Fragment != "" {
			t.Fatalf("NormalizeURL(%q) = %q is not an absolute http(s) URL without fragment", raw, n)
		}
	})
}

func FuzzParseRobots(f *testing.F) {
	f.Add(200, "User-agent: *\nDisallow: /private\nSitemap: http://h/sitemap.xml\n")
	f.Add(200, "User-agent: portalscan\nAllow: /\nDisallow: /*?q=\nCrawl-delay: 5\n")
	f.Add(503, "")
	f.Add(200, "\xef\xbb\xbfUser-agent: *\r\nDisallow: /\x00\n")
	f.Fuzz(func(t *testing.T, status int, body string) {
		r := parseRobots(status, "text/plain", []byte(body), false)
		if r == nil {
			t.Fatal("nil rules")
		}
		u, _ := url.Parse("http://h/docs/a?b=1")
		r.allows(u)
		for _, s := range sitemapLines([]byte(body)) {
			if strings.ContainsAny(s, "\r\n") {
				t.Fatalf("sitemap line %q", s)
			}
		}
	})
}

func FuzzParseSitemap(f *testing.F) {
	f.Add([]byte(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://h/a</loc></url></urlset>`))
	f.Add([]byte(`<sitemapindex><sitemap><loc>http://h/s.xml</loc></sitemap></sitemapindex>`))
	f.Add([]byte("http://h/a\nhttp://h/b\n"))
	f.Add([]byte{0x1f, 0x8b, 0x08, 0x00})
	f.Fuzz(func(t *testing.T, body []byte) {
		res := parseSitemap(body, false)
		if len(res.locs) > maxSitemapURLs {
			t.Fatalf("%d URLs past the cap", len(res.locs))
		}
	})
}
