package detectors

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/portalscan/portalscan/crawler/page"
)

// Tests of the breadth code detectors, each with a page that shows the practice and a near
// miss.

func filePage(u, ct, body string, kind page.Kind) *page.Page {
	return &page.Page{Fetch: page.Fetch{URL: u, FinalURL: u, Status: 200, Kind: kind, ContentType: ct, Size: int64(len(body))}, Body: []byte(body)}
}

// runEnv runs every detector over pages with an index of their fetch records.
func runEnv(t *testing.T, env Env, pages ...*page.Page) map[string]Finding {
	t.Helper()
	idx := testIndex{host: hostOf(env.StartURL), fetch: map[string]*page.Fetch{}}
	if idx.host == "" {
		idx.host = "docs.acme.io"
	}
	for _, p := range pages {
		idx.fetch[stripFragment(p.URL)] = &p.Fetch
	}
	e := NewEngine(env, All())
	for _, p := range pages {
		e.Page(p)
	}
	out := map[string]Finding{}
	for _, f := range e.Finish(idx) {
		out[f.Practice] = f
	}
	return out
}

var docsEnv = Env{StartURL: "https://docs.acme.io/", Host: "docs.acme.io"}

func longText(n int) string {
	return strings.Repeat("The transfers endpoint moves money between accounts. ", n)
}

func TestSSRContent(t *testing.T) {
	static := htmlPage(t, "https://docs.acme.io/guide", `<html lang="en"><title>Guide</title><main><p>`+longText(20)+`</p></main></html>`)
	static.TextLen = static.Doc.TextLen
	if f := runEnv(t, docsEnv, static)[pracSSR]; f.Status != Met {
		t.Errorf("static docs: %s, want met (%q)", f.Status, f.Note)
	}
	// A rendered page whose raw HTML held a tenth of the text: a shell.
	shell := htmlPage(t, "https://docs.acme.io/app", `<html><title>App</title><div id="root">`+longText(20)+`</div></html>`)
	shell.TextLen, shell.RenderedLen, shell.RenderWhy = 40, shell.Doc.TextLen, `empty "root" mount with 40 characters of text and 3 scripts`
	f := runEnv(t, docsEnv, shell)[pracSSR]
	if f.Status != NotMet || len(f.Evidence) == 0 || f.Evidence[0].Error == "" {
		t.Errorf("JavaScript shell: %s %+v, want not_met with the page as failing evidence", f.Status, f.Evidence)
	}
	// Flagged for rendering but no browser: still a shell, from the raw HTML.
	noBrowser := htmlPage(t, "https://docs.acme.io/app2", `<html><title>App</title><div id="app"></div><script src="/main.js"></script></html>`)
	noBrowser.RenderWhy = `empty "app" mount with 0 characters of text and 1 scripts (not rendered: no browser: not found)`
	if f := runEnv(t, docsEnv, noBrowser)[pracSSR]; f.Status != NotMet {
		t.Errorf("unrendered shell: %s, want not_met", f.Status)
	}
	// Never rendered, but the raw page is an application shell.
	raw := htmlPage(t, "https://docs.acme.io/spa", `<html><title>SPA</title><div id="root"></div><script src="/static/js/main.js"></script></html>`)
	if f := runEnv(t, docsEnv, raw, static)[pracSSR]; f.Status != Partial {
		t.Errorf("one shell among static pages: %s, want partial (%q)", f.Status, f.Note)
	}
	// Near miss: a rendered page whose raw HTML already had the text.
	fine := htmlPage(t, "https://docs.acme.io/ok", `<html><title>OK</title><main><p>`+longText(20)+`</p></main></html>`)
	fine.TextLen, fine.RenderedLen, fine.RenderWhy = fine.Doc.TextLen, fine.Doc.TextLen+50, "render always"
	if f := runEnv(t, docsEnv, fine)[pracSSR]; f.Status != Met {
		t.Errorf("server-rendered page: %s, want met", f.Status)
	}
}

func TestHomepageEntry(t *testing.T) {
	env := Env{StartURL: "https://developers.acme.com/", Host: "developers.acme.com"}
	home := htmlPage(t, "https://www.acme.com/", `<html><title>Acme</title><header><a href="https://developers.acme.com/">Developers</a></header></html>`)
	if f := runEnv(t, env, home)[pracHomepage]; f.Status != Met || f.Evidence[0].URL != "https://developers.acme.com/" {
		t.Errorf("homepage links the portal: %s %+v", f.Status, f.Evidence)
	}
	bare := htmlPage(t, "https://www.acme.com/", `<html><title>Acme</title><header><a href="/shop/">Shop</a><a href="https://blog.acme.com/">Developers blog</a></header></html>`)
	if f := runEnv(t, env, bare)[pracHomepage]; f.Status != NotMet {
		t.Errorf("homepage without a portal link: %s, want not_met", f.Status)
	}
	other := htmlPage(t, "https://developers.acme.com/docs/", `<html><title>Docs</title><a href="https://www.acme.com/">Acme</a></html>`)
	if f := runEnv(t, env, other)[pracHomepage]; f.Status != NotObservable || !strings.Contains(f.Note, "acme.com") {
		t.Errorf("homepage not fetched: %s %q, want not_observable", f.Status, f.Note)
	}
	// A portal under a path of the corporate site: the site's root links to it.
	env2 := Env{StartURL: "https://www.acme.com/developers/", Host: "www.acme.com"}
	root := htmlPage(t, "https://www.acme.com/", `<html><title>Acme</title><footer><a href="/developers/">API</a></footer></html>`)
	if f := runEnv(t, env2, root)[pracHomepage]; f.Status != Met {
		t.Errorf("root links /developers/: %s", f.Status)
	}
}

func TestSitemapCoverage(t *testing.T) {
	sm := filePage("https://docs.acme.io/sitemap.xml", "application/xml", `<urlset><url><loc>https://docs.acme.io/</loc></url><url><loc>https://docs.acme.io/a</loc></url></urlset>`, page.KindSitemap)
	a := htmlPage(t, "https://docs.acme.io/a", `<html><title>A</title></html>`)
	a.Via, a.ContentType = "link", "text/html"
	b := htmlPage(t, "https://docs.acme.io/b", `<html><title>B</title></html>`)
	b.Via, b.ContentType = "link", "text/html"
	f := runEnv(t, docsEnv, sm, a, b)["disc-sitemap"]
	if f.Status != Met || !strings.Contains(f.Note, "1 of the 2") || !strings.Contains(f.Note, "https://docs.acme.io/b") {
		t.Errorf("coverage: %s %q", f.Status, f.Note)
	}
	html := filePage("https://docs.acme.io/sitemap.xml", "text/html", `<!doctype html><html><body>Home</body></html>`, page.KindSitemap)
	if f := runEnv(t, docsEnv, html)["disc-sitemap"]; f.Status != NotMet {
		t.Errorf("HTML sitemap: %s", f.Status)
	}
}

func TestMarkdownTwins(t *testing.T) {
	pg := htmlPage(t, "https://docs.acme.io/guide", `<html><head><title>Guide</title><link rel="alternate" type="text/markdown" href="/guide.md"></head><body>x</body></html>`)
	md := filePage("https://docs.acme.io/guide.md", "text/markdown", "# Guide\n\nSee [the API](https://docs.acme.io/api).\n", page.KindPage)
	if f := runEnv(t, docsEnv, pg, md)[pracMarkdownTwins]; f.Status != Met {
		t.Errorf("declared and fetched twin: %s %q", f.Status, f.Note)
	}
	if f := runEnv(t, docsEnv, pg)[pracMarkdownTwins]; f.Status != Partial || !strings.Contains(f.Note, "unverified") {
		t.Errorf("declared, not fetched: %s %q", f.Status, f.Note)
	}
	htmlTwin := filePage("https://docs.acme.io/guide.md", "text/html", "<!doctype html><html><body># not markdown</body></html>", page.KindPage)
	if f := runEnv(t, docsEnv, htmlTwin)[pracMarkdownTwins]; f.Status != NotMet {
		t.Errorf("HTML at .md: %s", f.Status)
	}
}

func TestStructuredData(t *testing.T) {
	ok := htmlPage(t, "https://docs.acme.io/", `<html><head><title>A</title><script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebAPI","name":"Acme"},{"@type":"Organization"}]}</script></head></html>`)
	f := runEnv(t, docsEnv, ok)[pracStructured]
	if f.Status != Met || !strings.Contains(f.Evidence[0].Matched, "WebAPI") {
		t.Errorf("valid JSON-LD: %s %+v", f.Status, f.Evidence)
	}
	bad := htmlPage(t, "https://docs.acme.io/", `<html><head><title>A</title><script type="application/ld+json">{"@type": "WebAPI",, }</script></head></html>`)
	if f := runEnv(t, docsEnv, bad)[pracStructured]; f.Status != NotMet || !strings.Contains(f.Note, "does not parse") {
		t.Errorf("broken JSON-LD: %s %q", f.Status, f.Note)
	}
}

func TestPerformanceAndAccessibility(t *testing.T) {
	fast := htmlPage(t, "https://docs.acme.io/", `<html lang="en"><title>A</title><main><img src="a.png" alt="Diagram"></main></html>`)
	fast.DurationMS = 120
	fs := runEnv(t, docsEnv, fast)
	if fs[pracPerformance].Status != Met || fs[pracA11y].Status != Met {
		t.Errorf("fast accessible page: %s / %s", fs[pracPerformance].Status, fs[pracA11y].Status)
	}
	slow := htmlPage(t, "https://docs.acme.io/", `<html><title>A</title><div><img src="a.png"><img src="b.png"></div></html>`)
	slow.DurationMS = 4000
	fs = runEnv(t, docsEnv, slow)
	if fs[pracPerformance].Status != NotMet || fs[pracA11y].Status != NotMet {
		t.Errorf("slow page without lang, landmark or alt text: %s / %s", fs[pracPerformance].Status, fs[pracA11y].Status)
	}
	if imgs, alts := imageAlts([]byte(`<img src=a alt=""><IMG SRC=b><img src=c aria-hidden="true"><imgx>`)); imgs != 3 || alts != 2 {
		t.Errorf("imageAlts = %d, %d", imgs, alts)
	}
}

const testSpec = `openapi: 3.0.3
info: {title: Acme, version: "1"}
servers:
  - url: https://api.acme.io
    description: Production
  - url: https://sandbox.api.acme.io
    description: Sandbox
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: https://auth.acme.io/token
          scopes: {"payments:read": read payments, "payments:write": create payments}
paths:
  /payments:
    get:
      parameters:
        - {name: limit, in: query, description: Page size, schema: {type: integer}}
        - {name: cursor, in: query, description: Where to start, schema: {type: string}}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {type: object}
              example: {data: []}
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                amount: {type: integer, description: Amount in cents}
            example: {amount: 100}
      responses:
        "201": {description: Created}
`

func TestAPICheck(t *testing.T) {
	spec := filePage("https://docs.acme.io/openapi.yaml", "application/yaml", testSpec, page.KindSpec)
	fs := runEnv(t, docsEnv, spec)
	for _, p := range []string{pracSpecDownload, pracParams, pracExamples, pracScopes, pracEnvironments} {
		if fs[p].Status != Met {
			t.Errorf("%s: %s %+v %q", p, fs[p].Status, fs[p].Evidence, fs[p].Note)
		}
	}
	if f := fs[pracSpecDownload]; !strings.Contains(strings.Join(evMatched(f), " "), "loads and validates") {
		t.Errorf("validation evidence: %+v", f.Evidence)
	}
	// Swagger 2.0, converted.
	sw := filePage("https://docs.acme.io/swagger.json", "application/json", `{"swagger":"2.0","info":{"title":"A","version":"1"},"host":"api.acme.io","paths":{"/a":{"get":{"parameters":[{"name":"q","in":"query","type":"string"}],"responses":{"200":{"description":"OK"}}}}}}`, page.KindSpec)
	fs = runEnv(t, docsEnv, sw)
	if fs[pracSpecDownload].Status != Met {
		t.Errorf("swagger: %s", fs[pracSpecDownload].Status)
	}
	if fs[pracParams].Status != NotMet || !strings.Contains(fs[pracParams].Note, "0 of 1") {
		t.Errorf("swagger parameter without description: %s %q", fs[pracParams].Status, fs[pracParams].Note)
	}
	// A spec that does not parse is no download.
	broken := filePage("https://docs.acme.io/openapi.yaml", "application/yaml", "openapi: 3.0.0\ninfo: [unclosed\n  paths: {", page.KindSpec)
	if f := runEnv(t, docsEnv, broken)[pracSpecDownload]; f.Status != NotMet {
		t.Errorf("broken spec: %s %+v", f.Status, f.Evidence)
	}
	// An invalid but parseable spec counts, with the validation error noted.
	invalid := filePage("https://docs.acme.io/openapi.json", "application/json", `{"openapi":"3.0.0","info":{"title":"A"},"paths":{"/a":{"get":{"responses":{"200":{"description":"OK"}}}}}}`, page.KindSpec)
	if f := runEnv(t, docsEnv, invalid)[pracSpecDownload]; f.Status != Met || !strings.Contains(f.Note, "validation") {
		t.Errorf("invalid spec: %s %q", f.Status, f.Note)
	}
	// AsyncAPI channels: an event catalogue to review.
	async := filePage("https://docs.acme.io/asyncapi.yaml", "application/yaml", "asyncapi: 2.6.0\ninfo: {title: A, version: '1'}\nchannels:\n  payment.created: {}\n  payment.failed: {}\n", page.KindSpec)
	if f := runEnv(t, docsEnv, async)[pracEventCatalog]; f.Status != Partial {
		t.Errorf("asyncapi channels: %s", f.Status)
	}
	// HTML reference: a parameter table and an example section.
	ref := htmlPage(t, "https://docs.acme.io/reference/payments", `<html><title>Payments</title><h2 id="params">Parameters</h2>
		<table id="p"><tr><th>Name</th><th>Type</th><th>Required</th><th>Description</th></tr><tr><td>limit</td><td>integer</td><td>no</td><td>Page size</td></tr></table>
		<h3 id="ex">Example response</h3><pre><code class="language-json">{"data": []}</code></pre></html>`)
	fs = runEnv(t, docsEnv, ref)
	if fs[pracParams].Status != Met || fs[pracExamples].Status != Met {
		t.Errorf("HTML reference: params %s, examples %s", fs[pracParams].Status, fs[pracExamples].Status)
	}
	miss := htmlPage(t, "https://docs.acme.io/pricing", `<html><title>Pricing</title><table><tr><th>Plan</th><th>Price</th></tr></table><h2>Examples of customers</h2></html>`)
	fs = runEnv(t, docsEnv, miss)
	if fs[pracParams].Status != NotMet || fs[pracExamples].Status != NotMet {
		t.Errorf("near miss: params %s, examples %s", fs[pracParams].Status, fs[pracExamples].Status)
	}
}

func evMatched(f Finding) []string {
	var out []string
	for _, e := range f.Evidence {
		out = append(out, e.Matched)
	}
	return out
}

func TestStatusExtras(t *testing.T) {
	pg := htmlPage(t, "https://docs.acme.io/", `<html><title>Docs</title><footer><a href="https://status.acme.io">Status</a>
		<a href="https://status.acme.io/history">Incident history</a><a href="https://status.acme.io/subscribe">Subscribe to updates</a></footer></html>`)
	fs := runEnv(t, docsEnv, pg)
	if fs[pracStatusHistory].Status != Met || fs[pracStatusSubscribe].Status != Met {
		t.Errorf("history and subscribe links: %s / %s", fs[pracStatusHistory].Status, fs[pracStatusSubscribe].Status)
	}
	off := htmlPage(t, "https://docs.acme.io/", `<html><title>Docs</title><footer><a href="https://status.acme.io">Status</a></footer></html>`)
	if f := runEnv(t, docsEnv, off)[pracStatusHistory]; f.Status != NotObservable || f.Reason != ReasonManual {
		t.Errorf("off-site status page: %s %s", f.Status, f.Reason)
	}
	none := htmlPage(t, "https://docs.acme.io/", `<html><title>Docs</title><p>Order status history is kept for 30 days.</p></html>`)
	if f := runEnv(t, docsEnv, none)[pracStatusHistory]; f.Status != NotMet {
		t.Errorf("no status page: %s", f.Status)
	}
}

func TestChangelogEntries(t *testing.T) {
	cl := htmlPage(t, "https://docs.acme.io/changelog/", `<html lang="en"><title>Changelog</title><h1>Changelog</h1>
		<h2 id="may">May 4, 2026</h2><p>New: bulk sends. Fixed: retries.</p><h2 id="mar">2026-03-12</h2><h3 id="b">Breaking changes</h3><p>x</p></html>`)
	env := docsEnv
	env.Now = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	fs := runEnv(t, env, cl)
	if f := fs[pracChangelogFresh]; f.Status != Met || f.Evidence[0].URL != "https://docs.acme.io/changelog/#may" {
		t.Errorf("fresh changelog: %s %+v", f.Status, f.Evidence)
	}
	if f := fs[pracChangeLabels]; f.Status != Met || !strings.Contains(f.Note, "breaking") || !strings.Contains(f.Note, "fixed") {
		t.Errorf("labels: %s %q", f.Status, f.Note)
	}
	env.Now = time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC)
	if f := runEnv(t, env, cl)[pracChangelogFresh]; f.Status != NotMet {
		t.Errorf("a year later: %s", f.Status)
	}
	if f := runEnv(t, docsEnv, cl)[pracChangelogFresh]; f.Status != NotObservable {
		t.Errorf("no scan date: %s", f.Status)
	}
	// Near miss: a guide that mentions dates is no changelog.
	guide := htmlPage(t, "https://docs.acme.io/guide", `<html><title>Guide</title><h2>Since 2026-05-01</h2><p>New: something.</p></html>`)
	fs = runEnv(t, env, guide)
	if fs[pracChangelogFresh].Status != NotMet || fs[pracChangeLabels].Status != NotMet {
		t.Errorf("guide: %s / %s", fs[pracChangelogFresh].Status, fs[pracChangeLabels].Status)
	}
	for s, want := range map[string]string{"1 mai 2026": "2026-05-01", "12.03.2026": "2026-03-12", "3 мая 2026": "2026-05-03", "März 2026": "2026-03-01", "Section 20481": ""} {
		got := ""
		if d := parseDates(s); len(d) > 0 {
			got = d[0].Format("2006-01-02")
		}
		if got != want {
			t.Errorf("parseDates(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestLanguageCoverageAndLegalEntity(t *testing.T) {
	pg := htmlPage(t, "https://docs.acme.io/sdks", `<html><title>SDKs</title><h2 id="s">SDKs</h2>
		<a href="https://pypi.org/project/acme/">acme on PyPI</a><footer><p>© 2026 Acme Payments GmbH. All rights reserved.</p></footer></html>`)
	fs := runEnv(t, docsEnv, pg)
	if f := fs[pracLanguageCoverage]; f.Status != Met || !strings.Contains(f.Note, "Python") {
		t.Errorf("language coverage: %s %q", f.Status, f.Note)
	}
	if f := fs["trust-provider-identity"]; f.Status != Met || !strings.Contains(f.Evidence[0].Matched, "GmbH") {
		t.Errorf("legal entity: %s %+v", f.Status, f.Evidence)
	}
	miss := htmlPage(t, "https://docs.acme.io/x", `<html><title>X</title><pre><code class="language-python">x</code></pre><footer><p>© 2026 The Acme team</p></footer></html>`)
	fs = runEnv(t, docsEnv, miss)
	if fs[pracLanguageCoverage].Status != NotMet || fs["trust-provider-identity"].Status != NotMet {
		t.Errorf("near miss: %s / %s", fs[pracLanguageCoverage].Status, fs["trust-provider-identity"].Status)
	}
}

func TestRobotsNoindex(t *testing.T) {
	robots := filePage("https://docs.acme.io/robots.txt", "text/plain", "User-agent: *\nAllow: /\n", page.KindRobots)
	a := htmlPage(t, "https://docs.acme.io/a", `<html><head><title>A</title><meta name="robots" content="noindex, nofollow"></head></html>`)
	b := htmlPage(t, "https://docs.acme.io/b", `<html><head><title>B</title></head></html>`)
	b.Headers = page.Headers{"X-Robots-Tag": "noindex"}
	c := htmlPage(t, "https://docs.acme.io/c", `<html><head><title>C</title></head></html>`)
	f := runEnv(t, docsEnv, robots, a, b, c)[pracRobotsOpen]
	if f.Status != NotMet || !strings.Contains(f.Note, "2 of 3") {
		t.Errorf("most pages noindex: %s %q", f.Status, f.Note)
	}
	// One page of three: still open to search, with a note.
	f = runEnv(t, docsEnv, robots, a, c)[pracRobotsOpen]
	if f.Status != Met || !strings.Contains(f.Note, "1 of 2") {
		t.Errorf("one noindex page: %s %q", f.Status, f.Note)
	}
	// Near miss: a header scoped to another crawler, and an unrelated meta.
	d := htmlPage(t, "https://docs.acme.io/d", `<html><head><title>D</title><meta name="robots" content="index, follow, max-image-preview:large"></head></html>`)
	d.Headers = page.Headers{"X-Robots-Tag": "otherbot: noindex"}
	if f := runEnv(t, docsEnv, robots, d)[pracRobotsOpen]; f.Status != Met || f.Note != "" {
		t.Errorf("near miss: %s %q", f.Status, f.Note)
	}
}

func TestReviewDetectors(t *testing.T) {
	landing := htmlPage(t, "https://docs.acme.io/", `<html><head><title>Acme</title><meta name="description" content="Build payment flows in minutes."><link rel="stylesheet" href="/site.css"></head><h1 id="h">Payments for platforms</h1></html>`)
	qs := htmlPage(t, "https://docs.acme.io/quickstart", `<html><title>Quickstart</title><link rel="stylesheet" href="/site.css"><h2>Step 1: Get your API key</h2><ol><li>Sign up</li></ol>
		<pre><code class="language-bash">curl https://api.acme.io/v1/payments</code></pre><pre><code class="language-json">{"id": "pay_1"}</code></pre></html>`)
	signup := htmlPage(t, "https://docs.acme.io/signup", `<html><title>Sign up</title><link rel="stylesheet" href="/site.css"><form><input type="email" name="email"><input type="password" name="password"><button>Create account</button></form></html>`)
	nav := `<nav><a href="/docs/">Overview</a><a href="/quickstart">Getting started</a><a href="/guides/">Guides</a><a href="/reference/">API reference</a><a href="/changelog/">Changelog</a></nav>`
	prose := strings.Repeat("Send a request. Check the response. Retry on errors. ", 20)
	a := htmlPage(t, "https://docs.acme.io/a", `<html><head><title>A</title><link rel="stylesheet" href="/site.css"></head>`+nav+`<h2>One</h2><p>`+prose+`</p><h2>Two</h2></html>`)
	b := htmlPage(t, "https://docs.acme.io/b/x", `<html><head><title>B</title><link rel="stylesheet" href="/site.css?v=2"></head>`+nav+`<h2>One</h2><p>`+prose+`</p></html>`)
	c := htmlPage(t, "https://docs.acme.io/c", `<html><head><title>C</title><link rel="stylesheet" href="/site.css"></head><h2>One</h2><p>`+prose+`</p></html>`)
	fs := runEnv(t, docsEnv, landing, qs, signup, a, b, c)
	for _, p := range []string{pracLandingValue, pracE2EQuickstart, pracSignupForm, pracConsistentIA, pracVisual, pracReadability, pracConsentWall} {
		if fs[p].Status != Partial || len(fs[p].Evidence) == 0 {
			t.Errorf("%s: %s %+v %q, want partial with evidence", p, fs[p].Status, fs[p].Evidence, fs[p].Note)
		}
	}
	// Near misses: no headline, a quickstart without code, no form, a one-item navigation,
	// different stylesheets, and a wall.
	empty := htmlPage(t, "https://docs.acme.io/", `<html><title></title><div id="root"></div></html>`)
	qs2 := htmlPage(t, "https://docs.acme.io/quickstart", `<html><title>Quickstart</title><p>Contact sales.</p></html>`)
	w1 := htmlPage(t, "https://docs.acme.io/w", `<html><head><title>W</title><link rel="stylesheet" href="/a.css"></head><p>Please accept cookies to continue.</p></html>`)
	w2 := htmlPage(t, "https://docs.acme.io/v", `<html><head><title>V</title><link rel="stylesheet" href="/b.css"></head><a href="/docs/">Overview</a></html>`)
	w3 := htmlPage(t, "https://docs.acme.io/u", `<html><head><title>U</title><link rel="stylesheet" href="/c.css"></head></html>`)
	fs = runEnv(t, docsEnv, empty, qs2, w1, w2, w3)
	for _, p := range []string{pracLandingValue, pracE2EQuickstart, pracSignupForm, pracConsistentIA, pracVisual, pracReadability, pracConsentWall} {
		if fs[p].Status == Partial || fs[p].Status == Met {
			t.Errorf("near miss %s: %s %+v", p, fs[p].Status, fs[p].Evidence)
		}
	}
	if f := fs[pracConsentWall]; f.Status != NotMet || len(f.Evidence) == 0 || f.Evidence[0].Error == "" {
		t.Errorf("consent wall: %s %+v", f.Status, f.Evidence)
	}
}

// The page-level prefilter changes no finding: compare with it switched off on synthetic
// pages made of the rules' own vocabulary.
func TestPagePrefilterExact(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	var words []string
	for _, c := range breadthCases {
		words = append(words, strings.Fields(stripTags(c.show))...)
	}
	var pages []*page.Page
	for i := 0; i < 30; i++ {
		var b strings.Builder
		b.WriteString(`<html lang="en"><head><title>P</title></head><body><nav>`)
		for k := 0; k < 8; k++ {
			fmt.Fprintf(&b, `<a href="/%s/%d">%s %s</a>`, words[r.Intn(len(words))], k, words[r.Intn(len(words))], words[r.Intn(len(words))])
		}
		b.WriteString(`</nav><main>`)
		for k := 0; k < 6; k++ {
			fmt.Fprintf(&b, `<h2 id="h%d">%s %s</h2><p>%s</p>`, k, words[r.Intn(len(words))], words[r.Intn(len(words))], words[r.Intn(len(words))])
		}
		b.WriteString(`</main></body></html>`)
		pages = append(pages, htmlPage(t, fmt.Sprintf("https://docs.acme.io/p%d", i), b.String()))
	}
	for _, c := range breadthCases {
		pages = append(pages, htmlPage(t, "https://docs.acme.io/case/"+c.practice, "<html><title>c</title><body>"+c.show+"</body></html>"))
	}
	run := func() string {
		fs := findings(t, testIndex{host: "docs.acme.io"}, pages...)
		var out []string
		for p, f := range fs {
			out = append(out, fmt.Sprintf("%s %s %d", p, f.Status, len(f.Evidence)))
		}
		return strings.Join(sortStrings(out), "\n")
	}
	with := run()
	pagePrefilter = false
	without := run()
	pagePrefilter = true
	if with != without {
		t.Errorf("prefilter changed findings:\n%s\n---\n%s", with, without)
	}
}

func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
			b.WriteByte(' ')
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func sortStrings(s []string) []string {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s
}

// The trigram indexes never answer "absent" for a literal that is there.
func TestTrigramIndexes(t *testing.T) {
	r := rand.New(rand.NewSource(9))
	alphabet := "abcdefghijklmnopqrstuvwxyz 0123456789-_/.:é"
	for round := 0; round < 20; round++ {
		b := make([]byte, 6000)
		for i := range b {
			b[i] = alphabet[r.Intn(len(alphabet))]
		}
		s := string(b)
		big := pageIndex(s)
		var small smallIndex
		small.build(s)
		for k := 0; k < 200; k++ {
			i := r.Intn(len(s) - 12)
			lit := s[i : i+3+r.Intn(9)]
			if !big.mayContain(lit) || !small.mayContain(lit) {
				t.Fatalf("index says %q is absent", lit)
			}
		}
	}
}
