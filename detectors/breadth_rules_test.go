package detectors

import (
	"strings"
	"testing"
)

// Each practice the breadth rules decide: a page that shows it and a near miss that looks
// like it but is not. Auto practices are met by the first, partial practices (candidate
// evidence) are partial, never met; the near miss leaves every practice of the case not_met.

type breadthCase struct {
	practice string
	want     Status
	path     string // page path; "/docs/x" when empty
	lang     string
	show     string // body HTML that shows the practice
	miss     string // body HTML that must not
}

var breadthCases = []breadthCase{
	// ---------------------------------------------------------------- auto
	{practice: "find-api-catalog", want: Met, show: `<nav><a href="/apis/">All APIs</a></nav>`, miss: `<main><a href="/reference/apis/">APIs</a><p>Our APIs are fast.</p></main>`},
	{practice: "find-lifecycle-badges", want: Met, show: `<h2 id="p">Payments API <span class="badge">Beta</span></h2>`, miss: `<p>The beta of our SDK is over.</p><span class="badge">New</span>`},
	{practice: "com-free-tier", want: Met, show: `<p>Start on the free tier: 1,000 calls a month, no credit card required.</p>`, miss: `<p>The note field is free-form text; the queue is lock-free.</p>`},
	{practice: "trust-certifications", want: Met, show: `<p>We are SOC 2 Type II audited and ISO 27001 certified.</p>`, miss: `<p>Dates use ISO 8601. Social login is supported.</p>`},
	{practice: "trust-trust-center", want: Met, show: `<footer><a href="https://trust.acme.io">Trust center</a></footer>`, miss: `<main><a href="/docs/tls">Configure the TLS trust store</a></main>`},
	{practice: "trust-provider-identity", want: Met, lang: "de", show: `<footer><a href="/impressum">Impressum</a></footer>`, miss: `<main><a href="/docs/about-the-api">About the API</a></main>`},
	{practice: "proof-case-studies", want: Met, show: `<footer><a href="/case-studies/">Case studies</a></footer>`, miss: `<nav><a href="/reference/customers/">Customers</a></nav>`},
	{practice: "proof-app-gallery", want: Met, show: `<nav><a href="/showcase/">Showcase</a></nav>`, miss: `<main><a href="https://marketplace.visualstudio.com/items?itemName=acme.tools">VS Code extension</a></main>`},
	{practice: "eco-marketplace", want: Met, show: `<nav><a href="/marketplace/">App Marketplace</a></nav>`, miss: `<main><a href="https://marketplace.visualstudio.com/items?itemName=acme.tools">Marketplace</a></main>`},
	{practice: "fit-public-reference", want: Met, show: `<nav><a href="/reference/">API reference</a></nav>`, miss: `<main><a href="/docs/reference-architecture/">Reference architecture</a></main>`},
	{practice: "fit-environments", want: Met, show: `<h2 id="env">Environments</h2><p>Sandbox and production.</p>`, miss: `<h2 id="vars">Environment variables</h2>`},
	{practice: "onb-prerequisites-time", want: Met, show: `<h2 id="b">Before you begin</h2><p>You need an account.</p>`, miss: `<h2 id="r">Password requirements</h2><p>The token expires in 10 minutes.</p>`},
	{practice: "code-cli", want: Met, show: `<h2 id="cli">Install the CLI</h2><pre><code>brew install acme/tap/acme-cli</code></pre>`, miss: `<h2 id="aws">Using the AWS CLI</h2><pre><code>brew install jq</code></pre>`},
	{practice: "live-checklist", want: Met, show: `<h2 id="g">Go-live checklist</h2>`, miss: `<h2 id="l">Live data</h2><p>Our office is live.</p>`},
	{practice: "lim-usage-guidelines", want: Met, show: `<h1 id="bp">Best practices</h1>`, miss: `<h1 id="s">Style guidelines</h1><a href="/coc/">Code of conduct</a>`},
	{practice: "chg-version-switcher", want: Met, show: `<nav><a href="/docs/v1/">v1</a> <a href="/docs/v2/">v2 (latest)</a></nav>`, miss: `<main><a href="/docs/v1/intro">Introduction</a> <a href="/page/2">2</a></main>`},
	{practice: "chg-public-roadmap", want: Met, show: `<footer><a href="/roadmap/">Roadmap</a></footer>`, miss: `<main><a href="https://roadmap.sh/backend">Backend learning path</a></main>`},
	{practice: "ref-request-id", want: Met, show: `<p>Include the X-Request-Id header value when you contact support.</p>`, miss: `<p>Send a request to the id endpoint.</p>`},
	{practice: "qual-feedback-widget", want: Met, show: `<p>Was this page helpful?</p><button>Yes</button><button>No</button>`, miss: `<p>This helpful page explains feedback loops.</p>`},
	{practice: "devrel-newsletter", want: Met, show: `<footer><a href="https://acme.substack.com">Newsletter</a></footer>`, miss: `<p>Use the newsletter API to send campaigns.</p><a href="/reference/newsletter">Newsletter API</a>`},
	{practice: "devrel-events", want: Met, show: `<main><a href="https://lu.ma/acme">Meetup in Berlin</a></main>`, miss: `<nav><a href="/reference/events/">Events</a></nav>`},
	{practice: "fb-idea-board", want: Met, show: `<footer><a href="https://acme.canny.io/feature-requests">Request a feature</a></footer>`, miss: `<main><a href="/docs/feature-flags">Feature flags</a></main>`},
	{practice: "ai-copy-for-llm", want: Met, show: `<button type="button">Copy page</button>`, miss: `<pre><code>curl</code></pre><button type="button">Copy</button>`},
	{practice: "onb-social-login", want: Met, show: `<header><a href="https://github.com/login/oauth/authorize?client_id=x">Sign in with GitHub</a></header>`, miss: `<main><a href="/docs/google-sign-in">Add Sign in with Google to your app</a></main>`},
	{practice: "val-standards-conformance", want: Met, show: `<p>Our APIs follow the Berlin Group NextGenPSD2 standard.</p>`, miss: `<p>We use ISO 8601 dates and OAuth 2.0.</p>`},

	// ---------------------------------------------------------------- partial: candidates for review
	{practice: "ai-mcp-server", want: Partial, show: `<h2 id="m">MCP server</h2>`, miss: `<p>The MCPS sensor reads the temperature.</p>`},
	{practice: "ai-agent-instructions", want: Partial, show: `<a href="https://github.com/acme/sdk/blob/main/AGENTS.md">AGENTS.md</a>`, miss: `<a href="/docs/agents/">Support agents</a>`},
	{practice: "val-audience-routing", want: Partial, show: `<nav><a href="/business/">For business</a> <a href="/developers/">For developers</a></nav>`, miss: `<main><a href="/pricing/">Pricing for startups</a></main>`},
	{practice: "val-product-overviews", want: Partial, show: `<h2 id="o">Overview</h2>`, miss: `<h2 id="c">Overview of changes in v2</h2>`},
	{practice: "val-geo-availability", want: Partial, show: `<h2 id="s">Supported countries</h2>`, miss: `<p>The country field is a supported string.</p>`},
	{practice: "find-catalog-facets", want: Partial, path: "/apis/", show: `<h1>All APIs</h1><select name="category"><option>Payments</option></select>`, miss: `<select name="category"><option>Payments</option></select>`},
	{practice: "find-federated-search", want: Partial, show: `<script>docsearch({ searchParameters: { facetFilters: ["type:guide"] } })</script>`, miss: `<script>docsearch({ appId: "x" })</script>`},
	{practice: "com-plan-limits", want: Partial, path: "/pricing/", show: `<p>Growth: 20,000 messages per month.</p>`, miss: `<p>Growth: 20,000 messages per month.</p>`},
	{practice: "com-cost-estimator", want: Partial, show: `<a href="/pricing/calculator">Pricing calculator</a>`, miss: `<p>Use a calculator to add the amounts.</p>`},
	{practice: "com-commercial-process", want: Partial, show: `<h2 id="h">How to get commercial access</h2>`, miss: `<h2 id="a">Access tokens</h2>`},
	{practice: "com-billing-docs", want: Partial, show: `<h2 id="b">Billing and invoices</h2>`, miss: `<h2 id="i">Idempotency</h2>`},
	{practice: "trust-licensing-branding", want: Partial, show: `<a href="/brand/">Brand guidelines</a>`, miss: `<a href="https://github.com/acme/sdk/blob/main/LICENSE">License</a>`},
	{practice: "trust-regulatory-identity", want: Partial, show: `<p>Acme Pay Ltd is authorised by the Financial Conduct Authority.</p>`, miss: `<p>The requests are authorised by the token.</p>`},
	{practice: "proof-logos-testimonials", want: Partial, show: `<p>Trusted by thousands of developers.</p>`, miss: `<p>Trusted certificates are used by the client.</p>`},
	{practice: "proof-partner-directory", want: Partial, show: `<a href="/partners/">Find a partner</a>`, miss: `<a href="/partner-program/">Partner program</a>`},
	{practice: "eco-partner-program", want: Partial, show: `<a href="/partner-program/">Become a partner</a>`, miss: `<a href="/reference/partners">Partners API</a>`},
	{practice: "fit-architecture-overview", want: Partial, show: `<h1 id="h">How it works</h1>`, miss: `<p>See how it works below.</p>`},
	{practice: "fit-limitations", want: Partial, show: `<h2 id="k">Known limitations</h2>`, miss: `<h2 id="r">Rate limits</h2>`},
	{practice: "onb-steps-explained", want: Partial, show: `<h2 id="h">How to get API access</h2>`, miss: `<h2 id="a">Access tokens</h2>`},
	{practice: "onb-instant-sandbox-keys", want: Partial, show: `<h2 id="t">Test API keys</h2>`, miss: `<h2 id="k">API keys</h2>`},
	{practice: "onb-app-key-management", want: Partial, show: `<h2 id="r">Rotate your API keys</h2>`, miss: `<h2 id="k">API keys</h2>`},
	{practice: "try-test-data", want: Partial, show: `<h2 id="t">Test cards</h2>`, miss: `<h2 id="t">Testing</h2>`},
	{practice: "try-mock-server", want: Partial, show: `<p>Point your client at our mock server at https://mock.acme.io.</p>`, miss: `<p>In unit tests, mock objects stand in for the client.</p>`},
	{practice: "code-sample-apps", want: Partial, show: `<a href="https://github.com/acme/acme-node-sample">Node sample app</a>`, miss: `<a href="https://github.com/acme/acme-node">Node SDK</a>`},
	{practice: "code-webhook-tooling", want: Partial, show: `<h2 id="t">Test your webhooks locally</h2>`, miss: `<h2 id="w">Webhooks</h2>`},
	{practice: "live-prod-access-process", want: Partial, show: `<h2 id="r">Request production access</h2>`, miss: `<h2 id="p">Production</h2>`},
	{practice: "live-certification", want: Partial, show: `<h2 id="a">App review</h2>`, miss: `<h2 id="r">Reviews API</h2>`},
	{practice: "live-env-differences", want: Partial, show: `<h2 id="s">Sandbox vs production</h2>`, miss: `<h2 id="p">Production</h2>`},
	{practice: "live-legal-onboarding", want: Partial, show: `<p>Complete the KYC checks before you go live.</p>`, miss: `<p>Keys are listed below.</p>`},
	{practice: "ops-sla", want: Partial, show: `<p>We commit to 99.95% uptime under our SLA.</p>`, miss: `<p>The slash character is escaped.</p>`},
	{practice: "ops-data-residency", want: Partial, show: `<p>Customer data is stored in the EU.</p>`, miss: `<p>Data is returned in JSON.</p>`},
	{practice: "sec-credential-hygiene", want: Partial, show: `<h2 id="k">Keep your API keys secure</h2>`, miss: `<h2 id="k">API keys</h2>`},
	{practice: "sec-mtls-ip", want: Partial, show: `<p>Connections use mutual TLS with a client certificate.</p>`, miss: `<p>TLS 1.2 is required.</p>`},
	{practice: "sec-auth-tester", want: Partial, show: `<p>Paste a token into the token debugger to inspect it.</p>`, miss: `<p>Use a debugger to step through code.</p>`},
	{practice: "lim-quotas-by-plan", want: Partial, show: `<p>Quotas per plan are listed on the pricing page; ask for a quota increase.</p>`, miss: `<p>The plan object has a quota field.</p>`},
	{practice: "lim-retry-guidance", want: Partial, show: `<h2 id="r">Retries</h2>`, miss: `<h2 id="r">Responses</h2>`},
	{practice: "chg-deprecation-policy", want: Partial, show: `<h2 id="d">Deprecation policy</h2>`, miss: `<h2 id="c">Changelog</h2>`},
	{practice: "ref-event-catalog", want: Partial, show: `<h2 id="w">Webhook events</h2>`, miss: `<h2 id="e">Events API</h2>`},
	{practice: "sup-support-tiers", want: Partial, show: `<h2 id="s">Support plans</h2>`, miss: `<h2 id="r">Response times</h2>`},
	{practice: "sup-office-hours", want: Partial, show: `<a href="https://calendly.com/acme/office-hours">Office hours</a>`, miss: `<p>Our office is in Berlin.</p>`},
	{practice: "devrel-champions", want: Partial, show: `<a href="/community/champions/">Champions program</a>`, miss: `<p>Champions League scores</p>`},
	{practice: "chg-versioning-policy", want: Partial, show: `<h2 id="v">Versioning</h2>`, miss: `<h2 id="r">Releases of the app</h2>`},
	{practice: "sec-webhook-signing", want: Partial, show: `<h2 id="v">Verifying webhook signatures</h2>`, miss: `<h2 id="w">Webhooks</h2>`},
}

func breadthPage(t *testing.T, c breadthCase, body string) map[string]Finding {
	t.Helper()
	path := c.path
	if path == "" {
		path = "/docs/x"
	}
	lang := c.lang
	if lang == "" {
		lang = "en"
	}
	html := `<!doctype html><html lang="` + lang + `"><head><title>Docs</title></head><body>` + body + `</body></html>`
	return findings(t, testIndex{host: "docs.acme.io"}, htmlPage(t, "https://docs.acme.io"+path, html))
}

func TestBreadthRules(t *testing.T) {
	for _, c := range breadthCases {
		t.Run(c.practice, func(t *testing.T) {
			f := breadthPage(t, c, c.show)[c.practice]
			if f.Status != c.want {
				t.Errorf("shows it: %s, want %s (%+v)", f.Status, c.want, f.Evidence)
			}
			if f.Status != NotMet && len(f.Evidence) == 0 {
				t.Errorf("%s without evidence", f.Status)
			}
			missPath := c.path
			if c.practice == "find-catalog-facets" || c.practice == "com-plan-limits" {
				missPath = "/docs/x" // the same markup outside the catalogue or the pricing page
			}
			mc := c
			mc.path = missPath
			if g := breadthPage(t, mc, c.miss)[c.practice]; g.Status != NotMet {
				t.Errorf("near miss: %s, want not_met (%+v)", g.Status, g.Evidence)
			}
		})
	}
}

// Link texts and headings in the eight languages the rules speak; the page's lang picks
// the dictionary.
func TestBreadthLanguages(t *testing.T) {
	type lc struct{ practice, lang, html string }
	cases := []lc{
		{"find-api-catalog", "de", `<nav><a href="/x/">Alle APIs</a></nav>`},
		{"find-api-catalog", "fr", `<nav><a href="/x/">Toutes les APIs</a></nav>`},
		{"find-api-catalog", "es", `<nav><a href="/x/">Todas las APIs</a></nav>`},
		{"find-api-catalog", "pt", `<nav><a href="/x/">Todas as APIs</a></nav>`},
		{"find-api-catalog", "nl", `<nav><a href="/x/">Alle API's</a></nav>`},
		{"find-api-catalog", "it", `<nav><a href="/x/">Tutte le API</a></nav>`},
		{"find-api-catalog", "ru", `<nav><a href="/x/">Все API</a></nav>`},
		{"live-checklist", "de", `<h2 id="a">Checkliste für den Go-Live</h2>`},
		{"live-checklist", "fr", `<h2 id="a">Mise en production</h2>`},
		{"live-checklist", "es", `<h2 id="a">Paso a producción</h2>`},
		{"live-checklist", "pt", `<h2 id="a">Entrada em produção</h2>`},
		{"live-checklist", "nl", `<h2 id="a">Live gaan</h2>`},
		{"live-checklist", "it", `<h2 id="a">Messa in produzione</h2>`},
		{"live-checklist", "ru", `<h2 id="a">Переход в промышленную эксплуатацию</h2>`},
		{"qual-feedback-widget", "de", `<p>War diese Seite hilfreich?</p>`},
		{"qual-feedback-widget", "fr", `<p>Cette page vous a-t-elle été utile ?</p>`},
		{"qual-feedback-widget", "es", `<p>¿Esta página te fue útil?</p>`},
		{"qual-feedback-widget", "pt", `<p>Esta página foi útil?</p>`},
		{"qual-feedback-widget", "nl", `<p>Was deze pagina nuttig?</p>`},
		{"qual-feedback-widget", "it", `<p>Questa pagina è stata utile?</p>`},
		{"qual-feedback-widget", "ru", `<p>Была ли эта страница полезной?</p>`},
		{"proof-case-studies", "de", `<footer><a href="/x/">Fallstudien</a></footer>`},
		{"proof-case-studies", "fr", `<footer><a href="/x/">Études de cas</a></footer>`},
		{"proof-case-studies", "es", `<footer><a href="/x/">Casos de éxito</a></footer>`},
		{"proof-case-studies", "pt", `<footer><a href="/x/">Casos de sucesso</a></footer>`},
		{"proof-case-studies", "nl", `<footer><a href="/x/">Klantverhalen</a></footer>`},
		{"proof-case-studies", "it", `<footer><a href="/x/">Casi di successo</a></footer>`},
		{"proof-case-studies", "ru", `<footer><a href="/x/">Истории успеха</a></footer>`},
		{"try-test-data", "de", `<h2 id="t">Testdaten</h2>`},
		{"try-test-data", "fr", `<h2 id="t">Données de test</h2>`},
		{"try-test-data", "es", `<h2 id="t">Datos de prueba</h2>`},
		{"try-test-data", "pt", `<h2 id="t">Dados de teste</h2>`},
		{"try-test-data", "nl", `<h2 id="t">Testgegevens</h2>`},
		{"try-test-data", "it", `<h2 id="t">Dati di test</h2>`},
		{"try-test-data", "ru", `<h2 id="t">Тестовые данные</h2>`},
		{"trust-provider-identity", "fr", `<footer><a href="/x/">Mentions légales</a></footer>`},
		{"trust-provider-identity", "es", `<footer><a href="/x/">Aviso legal</a></footer>`},
		{"trust-provider-identity", "it", `<footer><a href="/x/">Chi siamo</a></footer>`},
		{"trust-provider-identity", "ru", `<footer><a href="/x/">О компании</a></footer>`},
		{"onb-prerequisites-time", "de", `<h2 id="v">Voraussetzungen</h2>`},
		{"onb-prerequisites-time", "ru", `<p>Это займёт около 10 минут.</p>`},
	}
	for _, c := range cases {
		t.Run(c.practice+"/"+c.lang, func(t *testing.T) {
			f := breadthPage(t, breadthCase{lang: c.lang}, c.html)[c.practice]
			if f.Status != Met && f.Status != Partial {
				t.Errorf("%s", f.Status)
			}
		})
	}
}

// Rules of partial practices report partial, never met, and every practice the rules
// declare partial says so in its note.
func TestPartialModeNeverMet(t *testing.T) {
	n := 0
	for id, p := range rules.practices {
		if p.Mode != "partial" {
			continue
		}
		n++
		for _, c := range breadthCases {
			if c.practice == id && c.want != Partial {
				t.Errorf("%s is a partial practice; its case wants %s", id, c.want)
			}
		}
	}
	if n < 40 {
		t.Errorf("only %d partial practices declared", n)
	}
	f := breadthPage(t, breadthCase{}, `<h2 id="m">MCP server</h2><h2 id="d">Deprecation policy</h2>`)
	for _, id := range []string{"ai-mcp-server", "chg-deprecation-policy"} {
		if f[id].Status != Partial || !strings.Contains(f[id].Note, "review") {
			t.Errorf("%s: %s %q, want partial for review", id, f[id].Status, f[id].Note)
		}
	}
}
