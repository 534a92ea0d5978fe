package detectors

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

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

// FuzzLiteralAutomaton checks the Aho-Corasick automaton against strings.Contains: for
// the rules' own literals (which share prefixes and suffixes in eight languages) and a text,
// it must report exactly the literals the text contains.
func FuzzLiteralAutomaton(f *testing.F) {
	f.Add("see our pricing and the changelog", "pric\nchangelog\nlog\nang")
	f.Add("статус системы и песочница", "статус\nпесочниц\nтус")
	f.Add("aaab", "aab\nab\nb\naaa")
	f.Fuzz(func(t *testing.T, text, extra string) {
		lits := append([]string(nil), litNames...)
		for _, l := range strings.Split(extra, "\n") {
			if l != "" {
				lits = append(lits, l)
			}
		}
		lits = dedupe(lits)
		m := buildAC(lits)
		seen := m.present(text, len(lits))
		sc := m.scan(text, len(lits))
		for id, l := range lits {
			if want := strings.Contains(text, l); seen[id] != want {
				t.Fatalf("literal %q in %q: automaton says %v", l, text, seen[id])
			}
			var want []int
			for off := 0; off < len(text); {
				i := strings.Index(text[off:], l)
				if i < 0 {
					break
				}
				want = append(want, off+i)
				off += i + len(l)
			}
			if got := sc.positions(id); len(want) < maxLitPos && fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("literal %q in %q: positions %v, want %v", l, text, got, want)
			}
		}
	})
}

// FuzzPhraseWindows checks the windowed phrase search (each phrase's regexp run only within
// its span of its literals) against running every phrase over the whole text: for every
// body-text pattern of the rules, both find a match or neither does, at the same offset.
func FuzzPhraseWindows(f *testing.F) {
	f.Add("Rate limits: you can send 100 requests per minute. See the changelog and release notes.")
	f.Add("Our sandbox environment (test mode) mirrors production; service level agreement 99.9% uptime.")
	f.Add("Ограничения запросов: не более 100 запросов в минуту. Песочница доступна.")
	f.Add("Kelvin: 5 K; ſandbox; ÉTAT DU SERVICE; Änderungsprotokoll")
	var pats []*textPatterns
	for _, ru := range rules.rules {
		for _, cs := range [][]clause{ru.all, ru.any, ru.not} {
			for _, c := range cs {
				for _, p := range c {
					if p.kind == "body_text" && p.tp != nil {
						pats = append(pats, p.tp)
					}
				}
			}
		}
	}
	if len(pats) == 0 {
		f.Fatal("no body_text patterns found in the rules")
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		s := normText(text)
		lower := lowerSameLen(s)
		lc := newLitCache(lower)
		for _, tp := range pats {
			for _, lang := range tp.langs {
				a, b, ok := tp.matchIndexCached(s, lower, lang, lc)
				wa, wb, wok := fullPhraseIndex(tp, s, lang)
				if ok != wok || ok && (a != wa || b != wb) {
					t.Fatalf("lang %s, %q: windowed (%d,%d,%v), full (%d,%d,%v)", lang, s, a, b, ok, wa, wb, wok)
				}
			}
		}
	})
}

// fullPhraseIndex is matchIndexCached without literals or windows, the reference it must equal.
func fullPhraseIndex(tp *textPatterns, s, lang string) (int, int, bool) {
	order := []string{lang, "en"}
	if lang == "en" {
		order = []string{"en"}
	}
	for _, l := range order {
		bestA, bestB, found := 0, 0, false
		for _, ph := range tp.single[l] {
			if a, b, ok := phraseIndex(ph.re, s); ok && (!found || a < bestA) {
				bestA, bestB, found = a, b, true
			}
		}
		if found {
			return bestA, bestB, true
		}
	}
	return 0, 0, false
}
