package crawler

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/portalscan/portalscan/crawler/page"
)

func urlset(locs ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">`)
	for _, l := range locs {
		fmt.Fprintf(&b, "<url><loc>%s</loc><lastmod>2024-01-01</lastmod></url>\n", l)
	}
	b.WriteString("</urlset>")
	return b.String()
}

func sitemapIndexXML(locs ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for _, l := range locs {
		fmt.Fprintf(&b, "<sitemap><loc>%s</loc></sitemap>\n", l)
	}
	b.WriteString("</sitemapindex>")
	return b.String()
}

func gz(s string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	_, _ = w.Write([]byte(s))
	_ = w.Close()
	return b.Bytes()
}

func TestSitemaps(t *testing.T) {
	t.Parallel()
	type setup func(s *site)
	tests := []struct {
		name    string
		setup   setup
		opts    func(*Options)
		fetched []string // page paths that must be requested once, via the sitemap
		absent  []string // paths that must never be requested
		check   func(t *testing.T, s *site, sc *scan)
	}{
		{
			name: "urlset at /sitemap.xml",
			setup: func(s *site) {
				s.text("/sitemap.xml", "application/xml", urlset(s.URL("/p1"), s.URL("/p2")))
			},
			fetched: []string{"/p1", "/p2"},
			check: func(t *testing.T, s *site, sc *scan) {
				p := sc.byURL(s.URL("/p1"))
				if p.Via != "sitemap" || p.FoundOn != s.URL("/sitemap.xml") || p.Depth != 1 {
					t.Errorf("p1 record via=%q foundOn=%q depth=%d", p.Via, p.FoundOn, p.Depth)
				}
				sm := sc.byURL(s.URL("/sitemap.xml"))
				if sm.Kind != page.KindSitemap || sm.Via != "probe" || sm.Doc != nil || len(sm.Body) == 0 {
					t.Errorf("sitemap record kind=%s via=%s doc=%v body=%d", sm.Kind, sm.Via, sm.Doc != nil, len(sm.Body))
				}
			},
		},
		{
			name: "image locs are not pages",
			setup: func(s *site) {
				s.text("/sitemap.xml", "application/xml", `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
<url><loc>`+s.URL("/p1")+`</loc><image:image><image:loc>`+s.URL("/img-page")+`</image:loc></image:image></url></urlset>`)
			},
			fetched: []string{"/p1"},
			absent:  []string{"/img-page"},
		},
		{
			name: "sitemap index at /sitemap_index.xml",
			setup: func(s *site) {
				s.text("/sitemap_index.xml", "application/xml", sitemapIndexXML(s.URL("/maps/a.xml")))
				s.text("/maps/a.xml", "application/xml", urlset(s.URL("/p1")))
			},
			fetched: []string{"/p1"},
			check: func(t *testing.T, s *site, sc *scan) {
				child := sc.byURL(s.URL("/maps/a.xml"))
				if child == nil || child.Kind != page.KindSitemap || child.Via != "sitemap" || child.Depth != 1 {
					t.Errorf("child sitemap record = %+v", child)
				}
			},
		},
		{
			name: "self-referencing index does not loop",
			setup: func(s *site) {
				s.text("/sitemap.xml", "application/xml", sitemapIndexXML(s.URL("/sitemap.xml"), s.URL("/sitemap.xml#again"), s.URL("/maps/a.xml")))
				s.text("/maps/a.xml", "application/xml", sitemapIndexXML(s.URL("/sitemap.xml"), s.URL("/maps/b.xml")))
				s.text("/maps/b.xml", "application/xml", urlset(s.URL("/p1")))
			},
			fetched: []string{"/p1", "/sitemap.xml", "/maps/a.xml", "/maps/b.xml"},
		},
		{
			name: "nesting stops at depth 3",
			setup: func(s *site) {
				s.text("/sitemap.xml", "application/xml", sitemapIndexXML(s.URL("/n1.xml")))
				s.text("/n1.xml", "application/xml", sitemapIndexXML(s.URL("/n2.xml")))
				s.text("/n2.xml", "application/xml", sitemapIndexXML(s.URL("/n3.xml")))
				s.text("/n3.xml", "application/xml", sitemapIndexXML(s.URL("/n4.xml")))
				s.text("/n4.xml", "application/xml", urlset(s.URL("/too-deep")))
			},
			fetched: []string{"/n3.xml"},
			absent:  []string{"/n4.xml", "/too-deep"},
		},
		{
			name: "gzip detected by magic bytes without a .gz name",
			setup: func(s *site) {
				s.text("/robots.txt", "text/plain", "User-agent: *\nAllow: /\nSitemap: "+s.URL("/maps/pages")+"\n")
				body := gz(urlset(s.URL("/p1"), s.URL("/p2")))
				s.handle("/maps/pages", func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "application/octet-stream")
					_, _ = w.Write(body)
				})
			},
			fetched: []string{"/p1", "/p2"},
			check: func(t *testing.T, s *site, sc *scan) {
				sm := sc.byURL(s.URL("/maps/pages"))
				if sm == nil || sm.Via != "robots" || !strings.Contains(string(sm.Body), "<urlset") {
					t.Errorf("gzip sitemap record should carry the inflated XML, got %+v", sm)
				}
			},
		},
		{
			name: "gzip .xml.gz served as application/x-gzip",
			setup: func(s *site) {
				s.text("/robots.txt", "text/plain", "Sitemap: "+s.URL("/sitemap.xml.gz")+"\n")
				body := gz(urlset(s.URL("/p1")))
				s.handle("/sitemap.xml.gz", func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "application/x-gzip")
					_, _ = w.Write(body)
				})
			},
			fetched: []string{"/p1"},
		},
		{
			name: "text sitemap",
			setup: func(s *site) {
				s.text("/robots.txt", "text/plain", "Sitemap: "+s.URL("/sitemap.txt")+"\n")
				s.text("/sitemap.txt", "text/plain", s.URL("/p1")+"\n\n"+s.URL("/p2")+"\r\n")
			},
			fetched: []string{"/p1", "/p2"},
		},
		{
			name: "HTML at /sitemap.xml queues nothing",
			setup: func(s *site) {
				s.html("/sitemap.xml", `<!doctype html><html><head><title>App</title></head><body><a href="/from-html">x</a>`+s.URL("/from-text")+`</body></html>`)
			},
			absent: []string{"/from-html", "/from-text"},
			check: func(t *testing.T, s *site, sc *scan) {
				sm := sc.byURL(s.URL("/sitemap.xml"))
				if sm == nil || sm.Kind != page.KindSitemap || sm.Status != 200 {
					t.Errorf("HTML sitemap must still be recorded, got %+v", sm)
				}
			},
		},
		{
			name: "out-of-scope locs dropped",
			setup: func(s *site) {
				s.text("/sitemap.xml", "application/xml", urlset("https://example.com/elsewhere", "http://127.0.0.1:1/otherport", s.URL("/p1")))
			},
			fetched: []string{"/p1"},
			check: func(t *testing.T, s *site, sc *scan) {
				if sc.res.Stats.OutOfScope < 2 {
					t.Errorf("OutOfScope = %d, want ≥ 2", sc.res.Stats.OutOfScope)
				}
				if sc.byURL("https://example.com/elsewhere") != nil {
					t.Error("out-of-scope loc was recorded as a fetch")
				}
			},
		},
		{
			name: "out-of-scope Sitemap line dropped",
			setup: func(s *site) {
				s.text("/robots.txt", "text/plain", "User-agent: *\nAllow: /\nSitemap: https://example.com/sitemap.xml\n")
			},
			check: func(t *testing.T, s *site, sc *scan) {
				if sc.byURL("https://example.com/sitemap.xml") != nil {
					t.Error("out-of-scope sitemap fetched")
				}
			},
		},
		{
			name: "alias-rewritten locs kept",
			opts: func(o *Options) { o.Aliases = []string{"www.portal.example"} },
			setup: func(s *site) {
				s.text("/robots.txt", "text/plain", "Sitemap: https://www.portal.example/maps/main.xml\n")
				s.text("/maps/main.xml", "application/xml", urlset("https://www.portal.example/aliased?b=2&a=1"))
			},
			fetched: []string{"/maps/main.xml", "/aliased?a=1&b=2"},
		},
		{
			name: "robots-disallowed sitemap URLs recorded, not fetched",
			setup: func(s *site) {
				s.text("/robots.txt", "text/plain", "User-agent: *\nDisallow: /secret\n")
				s.text("/sitemap.xml", "application/xml", urlset(s.URL("/secret/a"), s.URL("/p1")))
			},
			fetched: []string{"/p1"},
			absent:  []string{"/secret/a"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newSite(t)
			s.html("/", "<title>Home</title>")
			for _, p := range []string{"/p1", "/p2", "/from-html", "/from-text", "/too-deep", "/aliased", "/img-page", "/secret/a"} {
				s.html(p, "<title>"+p+"</title>")
			}
			tc.setup(s)
			o := testOptions()
			if tc.opts != nil {
				tc.opts(&o)
			}
			sc := runScan(t, s.URL("/"), o)
			if sc.err != nil {
				t.Fatal(sc.err)
			}
			for _, p := range tc.fetched {
				if n := s.hit(p); n != 1 {
					t.Errorf("%s requested %d times, want 1", p, n)
				}
			}
			for _, p := range tc.absent {
				if n := s.hit(p); n != 0 {
					t.Errorf("%s requested %d times, want 0", p, n)
				}
			}
			if tc.check != nil {
				tc.check(t, s, sc)
			}
		})
	}
}

func TestParseSitemapCap(t *testing.T) {
	t.Parallel()
	locs := make([]string, maxSitemapURLs+10)
	for i := range locs {
		locs[i] = fmt.Sprintf("https://example.com/p/%d", i)
	}
	res := parseSitemap([]byte(urlset(locs...)), false)
	if res.kind != urlSet || len(res.locs) != maxSitemapURLs || !res.capped {
		t.Errorf("xml: kind=%v locs=%d capped=%v", res.kind, len(res.locs), res.capped)
	}
	res = parseSitemap([]byte(strings.Join(locs, "\n")), false)
	if res.kind != textSitemap || len(res.locs) != maxSitemapURLs || !res.capped {
		t.Errorf("text: kind=%v locs=%d capped=%v", res.kind, len(res.locs), res.capped)
	}
}

func TestParseSitemapKinds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		body   string
		isHTML bool
		kind   sitemapKind
		locs   int
	}{
		{"urlset", urlset("https://a.example/1", "https://a.example/2"), false, urlSet, 2},
		{"index", sitemapIndexXML("https://a.example/s.xml"), false, sitemapIndex, 1},
		{"BOM and blank lines", "\xef\xbb\xbf\n\n" + urlset("https://a.example/1"), false, urlSet, 1},
		{"latin-1 declared", `<?xml version="1.0" encoding="ISO-8859-1"?><urlset><url><loc>https://a.example/caf` + "\xe9" + `</loc></url></urlset>`, false, urlSet, 1},
		{"html", "<!doctype html><html><body>hi</body></html>", true, notSitemap, 0},
		{"rss feed", `<?xml version="1.0"?><rss><channel><item><link>https://a.example/1</link></item></channel></rss>`, false, notSitemap, 0},
		{"text", "https://a.example/1\nhttps://a.example/2\n", false, textSitemap, 2},
		{"robots.txt is not a text sitemap", "User-agent: *\nDisallow: /\n", false, notSitemap, 0},
		{"plain text in HTML clothing", "https://a.example/1\n", true, notSitemap, 0},
		{"truncated urlset keeps what it read", urlset("https://a.example/1", "https://a.example/2")[:200], false, urlSet, 1},
		{"empty", "", false, notSitemap, 0},
		{"garbage", "\x00\x01\x02", false, notSitemap, 0},
	}
	for _, tc := range tests {
		res := parseSitemap([]byte(tc.body), tc.isHTML)
		if res.kind != tc.kind || len(res.locs) != tc.locs {
			t.Errorf("%s: kind=%v locs=%v, want kind=%v %d locs", tc.name, res.kind, res.locs, tc.kind, tc.locs)
		}
	}
}
