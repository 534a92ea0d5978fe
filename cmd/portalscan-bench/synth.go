package main

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand"
	"net/http"
	"strconv"
	"strings"
)

// synthPortal is a deterministic synthetic developer portal of n pages, generated per
// request from the path (so a 50k-page portal costs no memory to serve): nav and footer on
// every page, body text to a realistic size (5-60 KB, log-normal around 18 KB), links to
// other pages, a sitemap and robots.txt.
type synthPortal struct {
	n int
}

var sections = []string{"guides", "reference", "tutorials", "concepts", "sdks", "changelog", "errors", "webhooks"}

// Documentation prose is mostly ordinary English with API terms sprinkled in; a text made only
// of API vocabulary would trigger every phrase detector on every line, which no real page does.
var common = strings.Fields(`the a to of and in is for that you with on this it be as are your can by
	an or from when use will if not all at which more each must have has one new only any see also
	then than these other into after before how what where should may using used set value returns`)

var words = strings.Fields(`api request response token account payment customer webhook event
	endpoint parameter header status error limit version sandbox production key client server
	retry idempotent pagination cursor object field string integer boolean array schema example
	create update delete list retrieve authorize refund balance transfer report invoice`)

func seedOf(s string) int64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return int64(h.Sum64())
}

// pageSize draws from a log-normal distribution clamped to 5-60 KB: most documentation pages
// are 10-25 KB of HTML, a few reference pages are much larger.
func pageSize(r *rand.Rand) int {
	v := math.Exp(r.NormFloat64()*0.6 + math.Log(18000))
	return int(math.Max(5000, math.Min(60000, v)))
}

func (s *synthPortal) pagePath(i int) string {
	if i == 0 {
		return "/"
	}
	return fmt.Sprintf("/%s/p%d", sections[i%len(sections)], i)
}

func (s *synthPortal) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/robots.txt":
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprintf(w, "User-agent: *\nAllow: /\nSitemap: http://%s/sitemap.xml\n", r.Host)
		return
	case "/sitemap.xml":
		w.Header().Set("Content-Type", "application/xml")
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for i := 0; i < s.n; i++ {
			fmt.Fprintf(&b, "<url><loc>http://%s%s</loc></url>", r.Host, s.pagePath(i))
		}
		b.WriteString("</urlset>")
		w.Write([]byte(b.String()))
		return
	}
	i := -1
	if r.URL.Path == "/" {
		i = 0
	} else if k := strings.LastIndex(r.URL.Path, "/p"); k >= 0 {
		if v, err := strconv.Atoi(r.URL.Path[k+2:]); err == nil && v > 0 && v < s.n && s.pagePath(v) == r.URL.Path {
			i = v
		}
	}
	if i < 0 {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(s.render(i))
}

func (s *synthPortal) render(i int) []byte {
	r := rand.New(rand.NewSource(seedOf(strconv.Itoa(i))))
	size := pageSize(r)
	var b strings.Builder
	b.Grow(size + 4096)
	fmt.Fprintf(&b, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Page %d | Synth Developers</title>
<meta name="description" content="Synthetic documentation page %d"><meta name="viewport" content="width=device-width">
<link rel="stylesheet" href="/assets/site.css"></head><body><header><nav>`, i, i)
	b.WriteString(`<a href="/">Home</a> <a href="/guides/p8">Guides</a> <a href="/reference/p1">API reference</a> <a href="/changelog/p5">Changelog</a>
<a href="/pricing">Pricing</a> <a href="https://status.synth.example">Status</a> <form role="search" action="/search"><input type="search" name="q"></form></nav></header><main>`)
	fmt.Fprintf(&b, "<h1 id=\"top\">%s page %d</h1>", sections[i%len(sections)], i)
	links := 0
	for b.Len() < size {
		fmt.Fprintf(&b, "<h2 id=\"s%d\">Section %d</h2><p>", b.Len(), b.Len()%97)
		for k := 0; k < 60; k++ {
			if r.Intn(7) == 0 {
				b.WriteString(words[r.Intn(len(words))])
			} else {
				b.WriteString(common[r.Intn(len(common))])
			}
			b.WriteByte(' ')
		}
		b.WriteString("</p>")
		if links < 12 && s.n > 1 {
			t := 1 + r.Intn(s.n-1)
			fmt.Fprintf(&b, `<p>See <a href="%s">page %d</a>.</p>`, s.pagePath(t), t)
			links++
		}
		if r.Intn(4) == 0 {
			b.WriteString("<pre><code class=\"language-bash\">curl -H 'Authorization: Bearer $TOKEN' https://api.synth.example/v1/objects</code></pre>")
		}
	}
	b.WriteString(`</main><footer><a href="/terms">Terms of use</a> <a href="/privacy">Privacy policy</a> <a href="mailto:support@synth.example">Support</a> <a href="https://github.com/synth-example">GitHub</a></footer></body></html>`)
	return []byte(b.String())
}
