package main

import (
	"testing"

	"github.com/portalscan/portalscan/crawler/page"
	"github.com/portalscan/portalscan/detectors"
	"github.com/portalscan/portalscan/scoring"
)

func synthPages(b *testing.B, n int) []*page.Page {
	b.Helper()
	sp := &synthPortal{n: n}
	var out []*page.Page
	for i := 0; i < n; i++ {
		body := sp.render(i)
		u := "http://127.0.0.1:1" + sp.pagePath(i)
		d, _, err := page.Parse(u, body, "text/html")
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, &page.Page{Fetch: page.Fetch{Seq: i + 1, URL: u, FinalURL: u, Status: 200, Kind: page.KindPage, ContentType: "text/html"}, Body: body, Doc: d})
	}
	return out
}

// BenchmarkDetectorsPerPage is the cost of every detector on one parsed page.
func BenchmarkDetectorsPerPage(b *testing.B) {
	pages := synthPages(b, 50)
	eng := detectors.NewEngine(detectors.Env{StartURL: "http://127.0.0.1:1/", Host: "127.0.0.1:1"}, detectors.All())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		eng.Page(pages[i%len(pages)])
	}
}

// BenchmarkScore is the cost of scoring one crawl's findings.
func BenchmarkScore(b *testing.B) {
	pages := synthPages(b, 50)
	cat, err := scoring.Load()
	if err != nil {
		b.Fatal(err)
	}
	eng := detectors.NewEngine(detectors.Env{StartURL: "http://127.0.0.1:1/", Host: "127.0.0.1:1"}, detectors.All())
	idx := &memIndex{byURL: map[string]*page.Fetch{}}
	for _, p := range pages {
		eng.Page(p)
		idx.add(&p.Fetch)
	}
	findings := eng.Finish(idx)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		scoring.Assess(cat, findings, scoring.Options{Kind: "interface"})
	}
}

// TestSynthPortalIsRealistic keeps the generator honest: sizes within 5-60 KB, links and
// chrome on every page.
func TestSynthPortalIsRealistic(t *testing.T) {
	sp := &synthPortal{n: 500}
	var total int
	for i := 0; i < 500; i++ {
		b := sp.render(i)
		if len(b) < 5000 || len(b) > 64000 {
			t.Fatalf("page %d is %d bytes", i, len(b))
		}
		total += len(b)
	}
	if avg := total / 500; avg < 12000 || avg > 30000 {
		t.Fatalf("average page %d bytes", avg)
	}
}
