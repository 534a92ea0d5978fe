package detectors

import (
	"testing"

	"github.com/portalscan/portalscan/crawler/page"
)

// FuzzArtifactChecks feeds arbitrary bodies to the checks that decide whether a fetched
// llms.txt, sitemap or spec is real: they must never panic, and HTML is never an artifact.
func FuzzArtifactChecks(f *testing.F) {
	f.Add([]byte("# Title\n> summary\n- [Docs](https://h/docs)\n"), "text/plain")
	f.Add([]byte("<!doctype html><html><title>llms</title></html>"), "text/html")
	f.Add([]byte(`<urlset><url><loc>https://h/a</loc></url></urlset>`), "application/xml")
	f.Add([]byte("openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths: {}\n"), "application/yaml")
	f.Fuzz(func(t *testing.T, body []byte, ct string) {
		for _, k := range []page.Kind{page.KindLLMS, page.KindLLMSFull, page.KindSitemap, page.KindSpec} {
			p := &page.Page{Fetch: page.Fetch{URL: "http://h/x", Status: 200, ContentType: ct, Kind: k, Size: int64(len(body))}, Body: body}
			ok := false
			switch k {
			case page.KindLLMS:
				ok, _, _ = checkLLMS(p)
			case page.KindLLMSFull:
				ok, _, _ = checkLLMSFull(p)
			case page.KindSitemap:
				ok, _, _ = checkSitemap(p)
			case page.KindSpec:
				ok, _, _ = checkSpec(p)
			}
			if ok && page.IsHTML(ct, body) && ct == "text/html" && k != page.KindSitemap {
				t.Fatalf("an HTML page passed as %s", k)
			}
		}
	})
}

// FuzzRuleEngine runs every rule over arbitrary HTML: no rule may panic on any page.
func FuzzRuleEngine(f *testing.F) {
	f.Add([]byte(`<html lang=de><a href="/preise">Preise</a><h2 id=x>Fehlercodes</h2><input type=search></html>`))
	f.Add([]byte(`<html lang=ru><h1>Песочница</h1><a href="https://discord.gg/x">Discord</a></html>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		d, _, err := page.Parse("http://h/docs/", body, "text/html")
		if err != nil {
			return
		}
		p := &page.Page{Fetch: page.Fetch{URL: "http://h/docs/", FinalURL: "http://h/docs/", Status: 200, Kind: page.KindPage, ContentType: "text/html"}, Body: body, Doc: d}
		e := NewEngine(Env{StartURL: "http://h/", Host: "h"}, All())
		e.Page(p)
		e.Finish(fuzzIndex{p: &p.Fetch})
	})
}

type fuzzIndex struct{ p *page.Fetch }

func (f fuzzIndex) Lookup(u string) (*page.Fetch, bool) { return f.p, u == f.p.URL }
func (f fuzzIndex) InScope(u string) bool               { return len(u) > 8 && u[:8] == "http://h" }
func (f fuzzIndex) Pages() []*page.Fetch                { return []*page.Fetch{f.p} }
