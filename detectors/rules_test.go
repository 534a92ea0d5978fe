package detectors

import (
	"strings"
	"testing"

	"github.com/portalscan/portalscan/crawler/page"
	"gopkg.in/yaml.v3"
)

func TestEmbeddedRulesCompile(t *testing.T) {
	if len(rules.rules) < 50 {
		t.Fatalf("only %d rules compiled", len(rules.rules))
	}
	for id, p := range rules.practices {
		if len(rules.byPrac[id]) == 0 {
			t.Errorf("practice %s declares no rule", id)
		}
		if p.Looks == "" {
			t.Errorf("practice %s: no looks_for", id)
		}
	}
	for _, r := range rules.rules {
		if r.doc.Looks == "" {
			t.Errorf("rule %s: no doc", r.name)
		}
	}
}

const rulesHead = `
practices:
  com-pricing-page: {looks_for: x, why: y, fix: z}
rules:
`

// A rule that does not compile stops the program at init, naming the rule.
func TestBadRulesPanicWithName(t *testing.T) {
	cases := map[string]string{
		"bad regexp": `
  - name: broken-regexp
    practice: com-pricing-page
    evidence: link
    doc: {looks_for: a}
    any: [{link_path: ['(unclosed']}]`,
		"unknown matcher": `
  - name: unknown-matcher
    practice: com-pricing-page
    evidence: link
    doc: {looks_for: a}
    any: [{link_colour: red}]`,
		"wrong scope": `
  - name: heading-link-mix
    practice: com-pricing-page
    evidence: section
    doc: {looks_for: a}
    any: [{link_text: [pricing]}]`,
		"unknown practice": `
  - name: no-such-practice
    practice: com-prices
    evidence: link
    doc: {looks_for: a}
    any: [{link_text: [pricing]}]`,
		"no doc": `
  - name: undocumented
    practice: com-pricing-page
    evidence: link
    any: [{link_text: [pricing]}]`,
		"unknown language": `
  - name: klingon
    practice: com-pricing-page
    evidence: link
    doc: {looks_for: a}
    any: [{link_text: {tlh: [Huch]}}]`,
		"artifact without probe": `
  - name: probeless
    practice: com-pricing-page
    evidence: artifact
    doc: {looks_for: a}`,
		"bad selector": `
  - name: bad-css
    practice: com-pricing-page
    evidence: page
    doc: {looks_for: a}
    any: [{selector: 'div[[['}]`,
		"bad host glob": `
  - name: bad-host
    practice: com-pricing-page
    evidence: link
    doc: {looks_for: a}
    any: [{link_host: ['status.*/path']}]`,
	}
	for what, rule := range cases {
		t.Run(what, func(t *testing.T) {
			name := strings.TrimSpace(strings.SplitN(strings.SplitN(rule, "name:", 2)[1], "\n", 2)[0])
			defer func() {
				v := recover()
				if v == nil {
					t.Fatal("no panic")
				}
				if msg, _ := v.(string); !strings.Contains(msg, name) {
					t.Errorf("panic %q does not name rule %s", v, name)
				}
			}()
			mustLoadRules([]byte(rulesHead + rule))
		})
	}
}

func compileTextFor(t *testing.T, src string) *textPatterns {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(src), &n); err != nil {
		t.Fatal(err)
	}
	tp, err := compileText(n.Content[0])
	if err != nil {
		t.Fatal(err)
	}
	return tp
}

func TestTextPatterns(t *testing.T) {
	tp := compileTextFor(t, `{en: ['sign ?up', '=pricing', '^https?://'], ru: ['токен[а-яё]*', '=тарифы'], de: ['=preise']}`)
	cases := []struct {
		text, lang string
		ok         bool
	}{
		{"Sign up", "en", true},
		{"Signup now", "en", true},
		{"signups", "en", false}, // word boundary after a letter
		{"designup", "en", false},
		{"Pricing", "en", true},
		{"» Pricing «", "en", true},
		{"Pricing API object", "en", false}, // '=' means the whole text
		{"https://example.org/x", "en", true},
		{"Получение токена", "ru", true},
		{"Тарифы", "ru", true},
		{"Получение токена", "", true},     // no lang: every dictionary
		{"Preise", "fr", false},            // a French page tries French, then English only
		{"Preise", "de", true},             // a German page tries German
		{"Sign up", "ru", true},            // English is always tried
		{"тарифыы", "ru", false},           // exact
		{"мультитокенизация", "ru", false}, // boundary inside a Cyrillic word
	}
	for _, c := range cases {
		if _, ok := tp.match(normText(c.text), c.lang); ok != c.ok {
			t.Errorf("match(%q, %q) = %v, want %v", c.text, c.lang, ok, c.ok)
		}
	}
}

// A phrase whose match fails the word boundaries must not hide a longer phrase that starts
// at the same place: the alternation's leftmost-first rule would stop at the stem.
func TestTextPatternsStemBeforeCompound(t *testing.T) {
	tp := compileTextFor(t, `{nl: ['privacy', 'privacyverklaring'], de: ['datenschutz', 'datenschutzerklärung']}`)
	cases := []struct {
		text, lang, want string
	}{
		{"Privacyverklaring", "nl", "Privacyverklaring"},
		{"Onze privacyverklaring lezen", "nl", "privacyverklaring"},
		{"Privacy", "nl", "Privacy"},
		{"Datenschutzerklärung", "de", "Datenschutzerklärung"},
		{"Datenschutzerklärungen", "de", ""}, // neither phrase stands on word boundaries
	}
	for _, c := range cases {
		got, _ := tp.match(normText(c.text), c.lang)
		if got != c.want {
			t.Errorf("match(%q, %q) = %q, want %q", c.text, c.lang, got, c.want)
		}
	}
}

func TestHostGlobs(t *testing.T) {
	var n yaml.Node
	_ = yaml.Unmarshal([]byte(`['status.*', '*.statuspage.io', 'discord.gg']`), &n)
	re, err := compileHosts(n.Content[0])
	if err != nil {
		t.Fatal(err)
	}
	for host, want := range map[string]bool{
		"status.acme.io": true, "status.eu.acme.io": true, "acme.statuspage.io": true, "statuspage.io": false,
		"discord.gg": true, "www.discord.gg": false, "mystatus.acme.io": false, "status": false,
	} {
		if got := re.MatchString(host); got != want {
			t.Errorf("%s: %v, want %v", host, got, want)
		}
	}
}

// testIndex is an Index over a few fetch records.
type testIndex struct {
	host  string
	fetch map[string]*page.Fetch
}

func (ix testIndex) Lookup(u string) (*page.Fetch, bool) {
	f, ok := ix.fetch[stripFragment(u)]
	return f, ok
}
func (ix testIndex) InScope(u string) bool { return hostOf(u) == ix.host }
func (ix testIndex) Pages() []*page.Fetch {
	var out []*page.Fetch
	for _, f := range ix.fetch {
		out = append(out, f)
	}
	return out
}

func htmlPage(t *testing.T, u, body string) *page.Page {
	t.Helper()
	d, _, err := page.Parse(u, []byte(body), "text/html")
	if err != nil {
		t.Fatal(err)
	}
	return &page.Page{Fetch: page.Fetch{URL: u, FinalURL: u, Status: 200, Kind: page.KindPage}, Body: []byte(body), Doc: d}
}

func findings(t *testing.T, idx Index, pages ...*page.Page) map[string]Finding {
	t.Helper()
	e := NewEngine(Env{}, All())
	for _, p := range pages {
		e.Page(p)
	}
	out := map[string]Finding{}
	for _, f := range e.Finish(idx) {
		out[f.Practice] = f
	}
	return out
}

// Hidden links count inside navigation (closed dropdown menus) and not elsewhere.
func TestHiddenLinks(t *testing.T) {
	idx := testIndex{host: "docs.acme.io", fetch: map[string]*page.Fetch{}}
	nav := htmlPage(t, "https://docs.acme.io/", `<html><body><nav><ul class="dropdown" hidden>
		<li><a href="https://status.acme.io">Status</a></li></ul></nav><main><p>Docs</p></main></body></html>`)
	fs := findings(t, idx, nav)
	if fs["ops-status-page"].Status != Met {
		t.Errorf("hidden nav link: %s, want met", fs["ops-status-page"].Status)
	}
	body := htmlPage(t, "https://docs.acme.io/", `<html><body><main><div class="modal" aria-hidden="true">
		<a href="https://status.acme.io">Status</a></div><p>Docs</p></main></body></html>`)
	fs = findings(t, idx, body)
	if fs["ops-status-page"].Status != NotMet {
		t.Errorf("hidden body link: %s, want not_met", fs["ops-status-page"].Status)
	}
	menu := htmlPage(t, "https://docs.acme.io/", `<html><body><div class="mobile-menu" style="display:none">
		<a class="menu-item" href="https://status.acme.io">Status</a></div></body></html>`)
	fs = findings(t, idx, menu)
	if fs["ops-status-page"].Status != Met {
		t.Errorf("hidden menu link: %s, want met", fs["ops-status-page"].Status)
	}
}

// A link-declared practice: met by a clear link off-site or not fetched; partial when the
// in-scope target failed; not_met with gated evidence when it sits behind a login.
func TestLinkTargets(t *testing.T) {
	doc := `<html><body><header><a href="/pricing/">Pricing</a></header><main><p>Docs</p></main></body></html>`
	start := htmlPage(t, "https://docs.acme.io/", doc)
	cases := []struct {
		name   string
		fetch  *page.Fetch
		status Status
		gated  bool
		err    string
	}{
		{"not fetched", nil, Met, false, ""},
		{"fetched", &page.Fetch{URL: "https://docs.acme.io/pricing/", FinalURL: "https://docs.acme.io/pricing/", Status: 200, Kind: page.KindPage}, Met, false, ""},
		{"failed", &page.Fetch{URL: "https://docs.acme.io/pricing/", FinalURL: "https://docs.acme.io/pricing/", Status: 500, Kind: page.KindPage}, Partial, false, "HTTP 500"},
		{"login redirect", &page.Fetch{URL: "https://docs.acme.io/pricing/", FinalURL: "https://docs.acme.io/signin?next=%2Fpricing%2F",
			Redirects: []string{"https://docs.acme.io/signin?next=%2Fpricing%2F"}, Status: 200, Kind: page.KindPage}, NotMet, true, "redirected to sign-in"},
		{"identity provider", &page.Fetch{URL: "https://docs.acme.io/pricing/", FinalURL: "https://docs.acme.io/pricing/", Status: 302,
			Redirects: []string{"https://acme.okta.com/oauth2/v1/authorize?client_id=x"}, Error: "redirect out of scope: https://acme.okta.com/oauth2/v1/authorize?client_id=x", Kind: page.KindPage}, NotMet, true, "okta"},
		{"401", &page.Fetch{URL: "https://docs.acme.io/pricing/", FinalURL: "https://docs.acme.io/pricing/", Status: 401, Kind: page.KindPage}, NotMet, true, "HTTP 401"},
		{"bot wall 403", &page.Fetch{URL: "https://docs.acme.io/pricing/", FinalURL: "https://docs.acme.io/pricing/", Status: 403, Kind: page.KindPage,
			Headers: page.Headers{"Server": "cloudflare"}, Title: "Just a moment..."}, Partial, false, "HTTP 403"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			idx := testIndex{host: "docs.acme.io", fetch: map[string]*page.Fetch{}}
			if c.fetch != nil {
				idx.fetch[c.fetch.URL] = c.fetch
			}
			f := findings(t, idx, start)["com-pricing-page"]
			if f.Status != c.status {
				t.Fatalf("status %s, want %s (%+v)", f.Status, c.status, f.Evidence)
			}
			if len(f.Evidence) == 0 {
				if c.status != NotMet {
					t.Fatal("no evidence")
				}
				return
			}
			e := f.Evidence[0]
			if e.Gated != c.gated || !strings.Contains(e.Error, c.err) {
				t.Errorf("evidence %+v, want gated=%v error~%q", e, c.gated, c.err)
			}
			if e.URL != "https://docs.acme.io/pricing/" || e.FoundOn != "https://docs.acme.io/" {
				t.Errorf("evidence URL/FoundOn: %+v", e)
			}
		})
	}
}

// A spec link whose in-scope target is an HTML page is no API description.
func TestSpecLinkVerified(t *testing.T) {
	start := htmlPage(t, "https://docs.acme.io/", `<html><body><main><a href="/openapi.json">Download OpenAPI</a></main></body></html>`)
	html := htmlPage(t, "https://docs.acme.io/openapi.json", `<html><head><title>Not found</title></head><body>Sorry</body></html>`)
	html.Kind = page.KindSpec
	idx := testIndex{host: "docs.acme.io", fetch: map[string]*page.Fetch{"https://docs.acme.io/openapi.json": &html.Fetch}}
	if f := findings(t, idx, start, html)["fit-spec-download"]; f.Status != NotMet {
		t.Errorf("HTML at a spec link: %s, want not_met (%+v)", f.Status, f.Evidence)
	}
	spec := &page.Page{Fetch: page.Fetch{URL: "https://docs.acme.io/openapi.json", FinalURL: "https://docs.acme.io/openapi.json", Status: 200, Kind: page.KindSpec,
		ContentType: "application/json"}, Body: []byte(`{"openapi": "3.1.0", "info": {"title": "x", "version": "1"}}`)}
	idx.fetch["https://docs.acme.io/openapi.json"] = &spec.Fetch
	if f := findings(t, idx, start, spec)["fit-spec-download"]; f.Status != Met {
		t.Errorf("OpenAPI at a spec link: %s, want met", f.Status)
	}
	off := htmlPage(t, "https://docs.acme.io/", `<html><body><main><a href="https://raw.githubusercontent.com/acme/api/main/openapi.yaml">OpenAPI file</a></main></body></html>`)
	if f := findings(t, testIndex{host: "docs.acme.io"}, off)["fit-spec-download"]; f.Status != Met {
		t.Errorf("off-site raw spec link: %s, want met", f.Status)
	}
}

func TestLoginWall(t *testing.T) {
	long := strings.Repeat("The transfers endpoint moves money between accounts. ", 80)
	cases := map[string]struct {
		html string
		wall bool
	}{
		"sign-in page":           {`<title>Sign in</title><h1>Sign in</h1><form><input type="email"><input type="password"></form>`, true},
		"docs with login box":    {`<title>Transfers</title><header><form><input type="password"></form></header><h1>Transfers</h1><p>` + long + `</p>`, false},
		"console token field":    {`<title>Get order</title><h1>Get order</h1><div class="rm-Credentials"><input type="password" placeholder="token" aria-label="Bearer token"></div><button>Try It!</button>`, false},
		"short sign-in form":     {`<title>Portal</title><h1>Welcome back</h1><form><input type="text" name="user"><input type="password" name="password" placeholder="Password"></form>`, true},
		"notice":                 {`<title>Reference</title><h1>Please sign in to view the API reference</h1>`, true},
		"error table":            {`<title>Errors</title><h1>Errors</h1><table><tr><td>401</td><td>Authentication required</td></tr></table>`, false},
		"prose about signing in": {`<title>Home</title><h1>APIs</h1><p>Read the guide, then sign in to see the API reference and the commercial terms of the programme.</p>` + `<p>` + long[:400] + `</p>`, false},
	}
	for name, c := range cases {
		d, _, _ := page.Parse("https://docs.acme.io/x", []byte("<html><body>"+c.html+"</body></html>"), "text/html")
		if got := loginWall(d) != ""; got != c.wall {
			t.Errorf("%s: wall=%v (%q), want %v", name, got, loginWall(d), c.wall)
		}
	}
}

func TestArtifactChecks(t *testing.T) {
	mk := func(ct, body string) *page.Page {
		return &page.Page{Fetch: page.Fetch{Status: 200, ContentType: ct}, Body: []byte(body)}
	}
	cases := []struct {
		check string
		p     *page.Page
		ok    bool
	}{
		{"sitemap", mk("application/xml", `<?xml version="1.0"?><urlset><url><loc>https://a.io/</loc></url></urlset>`), true},
		{"sitemap", mk("application/xml", `<sitemapindex><sitemap><loc>https://a.io/s1.xml</loc></sitemap></sitemapindex>`), true},
		{"sitemap", mk("application/xml", `<urlset><url><loc>None</loc></url></urlset>`), false},
		{"sitemap", mk("text/html", `<!doctype html><html><body>Home</body></html>`), false},
		{"sitemap", mk("text/plain", "https://a.io/\nhttps://a.io/docs/\n"), true},
		{"llms", mk("text/plain", "# Acme\n\n> API\n\n- [Docs](https://a.io/docs/)\n"), true},
		{"llms", mk("text/plain", "Acme\n- [Docs](https://a.io/docs/)\n"), false},
		{"llms", mk("text/html", "<!doctype html><p># Acme [x](y)</p>"), false},
		{"spec", mk("application/yaml", "openapi: 3.0.0\ninfo:\n  title: x\n"), true},
		{"spec", mk("application/json", `{"swagger": "2.0", "info": {}}`), true},
		{"spec", mk("application/json", `{"info": {"_postman_id": "1", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "item": []}`), true},
		{"spec", mk("application/json", `{"name": "my-package", "version": "1.0.0"}`), false},
		{"security_txt", mk("text/plain", "Contact: mailto:security@a.io\nExpires: 2030-01-01T00:00:00Z\n"), true},
	}
	for i, c := range cases {
		if ok, detail, _ := checks[c.check](c.p); ok != c.ok {
			t.Errorf("case %d (%s): ok=%v (%s), want %v", i, c.check, ok, detail, c.ok)
		}
	}
}

func TestRobots(t *testing.T) {
	rf := parseRobots([]byte("User-agent: *\nDisallow: /private/\nAllow: /private/public/\n\nUser-agent: GPTBot\nUser-agent: CCBot\nDisallow: /\n\nSitemap: https://a.io/sitemap.xml\n"))
	for _, c := range []struct {
		agent, path string
		ok          bool
	}{
		{"googlebot", "/docs/", true}, {"googlebot", "/private/x", false}, {"googlebot", "/private/public/x", true},
		{"GPTBot", "/docs/", false}, {"ccbot", "/", false}, {"ChatGPT-User", "/docs/", true},
	} {
		if got := rf.allowed(c.agent, c.path); got != c.ok {
			t.Errorf("%s %s: %v, want %v", c.agent, c.path, got, c.ok)
		}
	}
	if !rf.named("GPTBot") || rf.named("ClaudeBot") || len(rf.sitemaps) != 1 {
		t.Errorf("groups or sitemaps misread: %+v", rf)
	}
}

// Search controls as docs generators render them, and the near misses beside them.
func TestSearchMarkup(t *testing.T) {
	cases := map[string]struct {
		html string
		met  bool
	}{
		"mkdocs material": {`<div class="md-search" data-md-component="search" role="dialog"><form class="md-search__form" name="search">
			<input type="text" class="md-search__input" name="query" aria-label="Search" placeholder="Search"></form></div>`, true},
		"docsearch button": {`<div class="navbarSearchContainer"><button type="button" class="DocSearch DocSearch-Button" aria-label="Search (Command+K)">
			<span class="DocSearch-Button-Placeholder">Search</span></button></div>`, true},
		"vuepress":        {`<div class="search-box"><input aria-label="Search" autocomplete="off" spellcheck="false" value=""></div>`, true},
		"slate":           {`<div class="search"><input type="text" class="search" id="input-search" placeholder="Search"></div>`, true},
		"pagefind":        {`<div id="search"></div><script src="/pagefind/pagefind-ui.js"></script>`, true},
		"russian":         {`<html lang="ru"><form><input type="text" placeholder="Поиск по документации"></form></html>`, true},
		"empty slot":      {`<head><meta name="docsearch:language" content="en"></head><div class="navbarSearchContainer_bzqh"></div>`, false},
		"shortcut":        {`<header><span class="hint">Search <kbd>⌘K</kbd></span></header>`, false},
		"dialog button":   {`<header><button type="button" id="search-bar-entry" class="flex w-full"><svg></svg><span>Search...</span><kbd>⌘K</kbd></button></header>`, true},
		"icon button":     {`<header><button class="rm-SearchToggle" aria-label="Search"><i class="icon-search"></i></button></header>`, true},
		"ask or search":   {`<header><button><span>Ask or search...</span><span>Ctrl K</span></button></header>`, true},
		"german button":   {`<html lang="de"><header><button type="button"><span>Suchen</span> <kbd>Strg K</kbd></button></header></html>`, true},
		"endpoint button": {`<main><h2>Search customers</h2><button class="try">Search customers</button><button>Send request</button></main>`, false},
		"newsletter":      {`<form><input type="email" placeholder="Your e-mail"><button>Subscribe</button></form>`, false},
		"toggle only":     {`<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search">`, false},
	}
	for name, c := range cases {
		p := htmlPage(t, "https://docs.acme.io/", "<!doctype html>"+c.html)
		f := findings(t, testIndex{host: "docs.acme.io"}, p)["find-site-search"]
		if (f.Status == Met) != c.met {
			t.Errorf("%s: %s, want met=%v (%+v)", name, f.Status, c.met, f.Evidence)
		}
	}
}

// Try-it consoles as reference renderers produce them; a plain Redoc rendering is not one.
func TestConsoleMarkup(t *testing.T) {
	cases := map[string]struct {
		html string
		met  bool
	}{
		"swagger ui": {`<div id="swagger-ui"></div><script src="swagger-ui-bundle.js"></script><script>SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui"})</script>`, true},
		"stoplight":  {`<elements-api apiDescriptionUrl="/openapi.yaml" router="hash"></elements-api>`, true},
		"scalar":     {`<script id="api-reference" data-url="/openapi.json"></script><script src="https://cdn.jsdelivr.net/npm/@scalar/api-reference"></script>`, true},
		"no submit":  {`<div id="swagger-ui"></div><script>SwaggerUIBundle({url: "/o.json", supportedSubmitMethods: []})</script>`, false},
		"redoc":      {`<redoc spec-url="/openapi.json"></redoc><script src="https://cdn.redoc.ly/redoc/latest/bundles/redoc.standalone.js"></script>`, false},
		"heading id": {`<h2 id="swagger-ui">What is Swagger UI?</h2><p>Swagger UI renders OpenAPI files.</p>`, false},
	}
	for name, c := range cases {
		p := htmlPage(t, "https://docs.acme.io/ref/", "<!doctype html>"+c.html)
		f := findings(t, testIndex{host: "docs.acme.io"}, p)["try-api-console"]
		if (f.Status == Met) != c.met {
			t.Errorf("%s: %s, want met=%v (%+v)", name, f.Status, c.met, f.Evidence)
		}
	}
}
