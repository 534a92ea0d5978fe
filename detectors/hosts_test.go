package detectors

import (
	"strings"
	"testing"
)

// hostPortal wraps header, main and footer fragments in the chrome of a
// plain developer portal that by itself shows none of the practices below.
func hostPortal(lang, header, main, footer string) string {
	if lang == "" {
		lang = "en"
	}
	return `<!doctype html><html lang="` + lang + `"><head><title>Nimbuspay Developers</title></head><body>
<header class="site-header"><a class="logo" href="/"><img src="/img/logo.svg" alt="Nimbuspay Developers"></a>
<nav class="top-nav"><a href="/docs">Docs</a> <a href="/reference">API Reference</a> ` + header + `</nav></header>
<main class="content"><article><h1 id="getting-started">Getting started</h1>
<p>Nimbuspay lets you accept payments and manage payouts through a REST API.</p>` + main + `</article></main>
<footer class="site-footer"><div class="footer-links">` + footer + `</div><p>© 2024 Nimbuspay Inc. All rights reserved.</p></footer>
</body></html>`
}

// Links to third-party hosts (status pages, package registries, GitHub,
// chat, forums, help desks, sign-up dashboards) are the evidence for several
// practices; each case is a small portal page as real portals word it.
func TestThirdPartyHosts(t *testing.T) {
	cases := []struct {
		name                 string
		lang                 string
		header, main, footer string
		met, partial, notMet []string
	}{
		// ops-status-page
		{name: "status subdomain in footer", footer: `<a href="https://status.nimbuspay.com">Status</a> <a href="/terms">Terms</a>`,
			met: []string{"ops-status-page"}},
		{name: "statuspage.io host", footer: `<a href="https://nimbuspay.statuspage.io/">API status</a>`,
			met: []string{"ops-status-page"}},
		{name: "instatus custom domain", footer: `<a href="https://status.nimbuspay.io/">Uptime</a>`,
			met: []string{"ops-status-page"}},
		{name: "instatus host", footer: `<a href="https://nimbuspay.instatus.com/">Uptime</a>`,
			met: []string{"ops-status-page"}},
		{name: "better stack host", footer: `<a href="https://nimbuspay.betteruptime.com/">Uptime</a>`,
			met: []string{"ops-status-page"}},
		{name: "uptimerobot public page", footer: `<a href="https://stats.uptimerobot.com/xyz">Uptime</a>`,
			met: []string{"ops-status-page"}},
		{name: "status.io host", footer: `<a href="https://nimbuspay.status.io/">Platform health</a>`,
			met: []string{"ops-status-page"}},
		{name: "system status footer link", footer: `<a href="/system-status">System status</a> <a href="/privacy">Privacy</a>`,
			met: []string{"ops-status-page"}},
		{name: "payment status endpoint", main: `<ul><li><a href="/reference/payments/get-payment-status">Payment status</a></li>
<li><a href="/reference/payments/create">Create a payment</a></li></ul>`,
			notMet: []string{"ops-status-page"}},
		{name: "status codes reference", main: `<p>Errors are returned with standard HTTP codes; see <a href="/docs/errors#status-codes">Status codes</a>.</p>`,
			notMet: []string{"ops-status-page"}},
		{name: "github build status badge", main: `<p><a href="https://github.com/nimbuspay/nimbuspay-node/actions/workflows/ci.yml"><img src="https://github.com/nimbuspay/nimbuspay-node/actions/workflows/ci.yml/badge.svg" alt="Build status"></a></p>`,
			notMet: []string{"ops-status-page"}},
		{name: "statuspage marketing site", main: `<p>Our incident tooling is built on <a href="https://www.statuspage.io/">Atlassian Statuspage</a>.</p>`,
			notMet: []string{"ops-status-page"}},

		// code-official-sdks
		{name: "npm scoped package", main: `<h2 id="libraries">Libraries</h2><p>Install the <a href="https://www.npmjs.com/package/@nimbuspay/node">Node.js library</a>: <code>npm install @nimbuspay/node</code></p>`,
			met: []string{"code-official-sdks"}},
		{name: "pypi project", main: `<h2 id="libraries">Libraries</h2><p><a href="https://pypi.org/project/nimbuspay/">nimbuspay on PyPI</a></p>`,
			met: []string{"code-official-sdks"}},
		{name: "maven central artifact", main: `<h2 id="java">Java</h2><p>The <a href="https://central.sonatype.com/artifact/com.nimbuspay/nimbuspay-java">Java library</a> is on Maven Central.</p>`,
			met: []string{"code-official-sdks"}},
		{name: "mvnrepository artifact", main: `<h2 id="java">Java</h2><p><a href="https://mvnrepository.com/artifact/com.nimbuspay/nimbuspay-java">com.nimbuspay:nimbuspay-java</a></p>`,
			met: []string{"code-official-sdks"}},
		// Hand-written pages often have headings without ids: the heading is still the link's context.
		{name: "mvnrepository under a heading without an id", main: `<h2>Java</h2><p><a href="https://mvnrepository.com/artifact/com.nimbuspay/nimbuspay-java">com.nimbuspay:nimbuspay-java</a></p>`,
			met: []string{"code-official-sdks"}},
		{name: "go standard library under a heading without an id", main: `<h2>Go</h2><p>The sample uses the standard <a href="https://pkg.go.dev/net/http">net/http</a> package.</p>`,
			notMet: []string{"code-official-sdks"}},
		{name: "nuget package", main: `<h2 id="net">.NET</h2><p><a href="https://www.nuget.org/packages/Nimbuspay.Sdk">Nimbuspay.Sdk on NuGet</a></p>`,
			met: []string{"code-official-sdks"}},
		{name: "rubygems gem", main: `<h2 id="ruby">Ruby</h2><p><a href="https://rubygems.org/gems/nimbuspay">nimbuspay gem</a></p>`,
			met: []string{"code-official-sdks"}},
		{name: "packagist package", main: `<h2 id="php">PHP</h2><p><a href="https://packagist.org/packages/nimbuspay/nimbuspay-php">nimbuspay/nimbuspay-php</a></p>`,
			met: []string{"code-official-sdks"}},
		{name: "go module", main: `<h2 id="go">Go</h2><p><a href="https://pkg.go.dev/github.com/nimbuspay/nimbuspay-go">Go reference</a></p>`,
			met: []string{"code-official-sdks"}},
		{name: "crates.io crate", main: `<h2 id="rust">Rust</h2><p><a href="https://crates.io/crates/nimbuspay">nimbuspay crate</a></p>`,
			met: []string{"code-official-sdks"}},
		{name: "pub.dev package", main: `<h2 id="flutter">Flutter</h2><p><a href="https://pub.dev/packages/nimbuspay">nimbuspay on pub.dev</a></p>`,
			met: []string{"code-official-sdks"}},
		{name: "sdk repository", header: `<a href="https://github.com/nimbuspay/nimbuspay-python">Python SDK</a>`,
			met: []string{"code-official-sdks"}},
		{name: "generic libraries in tutorial", main: `<h2 id="build-a-webhook-receiver">Build a webhook receiver</h2><p>We use <a href="https://www.npmjs.com/package/express">Express</a> for the server and <a href="https://www.npmjs.com/package/axios">axios</a> to call the API.</p>`,
			notMet: []string{"code-official-sdks"}},
		{name: "npm homepage", main: `<p>You need Node.js 18 and <a href="https://www.npmjs.com/">npm</a>.</p>`,
			notMet: []string{"code-official-sdks"}},
		{name: "docs generator package", footer: `<a href="https://www.npmjs.com/package/@docusaurus/core">Built with Docusaurus</a>`,
			notMet: []string{"code-official-sdks"}},

		// code-github-org
		{name: "github org in footer", footer: `<a href="https://github.com/nimbuspay">GitHub</a> <a href="/terms">Terms</a>`,
			met: []string{"code-github-org"}},
		{name: "github icon link", header: `<a href="https://github.com/nimbuspay" aria-label="GitHub" class="header-github-link"><svg viewBox="0 0 24 24"><path d="M12 .3"></path></svg></a>`,
			met: []string{"code-github-org"}},
		// The catalogue counts "Edit on GitHub" links: they point into the
		// provider's own organisation.
		{name: "edit this page on github", main: `<a href="https://github.com/nimbuspay/developer-docs/edit/main/docs/getting-started.md" class="theme-edit-this-page">Edit this page on GitHub</a>`,
			met: []string{"code-github-org"}},
		{name: "docusaurus credit", footer: `<p>Built with <a href="https://github.com/facebook/docusaurus">Docusaurus</a>.</p>`,
			notMet: []string{"code-github-org"}},
		{name: "gist in tutorial", main: `<p>The full script is in <a href="https://gist.github.com/jdoe/4f1c2a9b7e">this gist</a>.</p>`,
			notMet: []string{"code-github-org"}},

		// cmty-chat
		{name: "discord.gg invite", footer: `<a href="https://discord.gg/nimbuspay">Discord</a>`,
			met: []string{"cmty-chat"}},
		{name: "discord.com invite", footer: `<a href="https://discord.com/invite/x7Yq2">Join our Discord</a>`,
			met: []string{"cmty-chat"}},
		{name: "slack invite", footer: `<a href="https://join.slack.com/t/nimbuspay/shared_invite/zt-1abc-DEF">Slack community</a>`,
			met: []string{"cmty-chat"}},
		{name: "slack workspace", footer: `<a href="https://nimbuspay.slack.com/">Slack</a>`,
			met: []string{"cmty-chat"}},
		{name: "telegram chat", lang: "ru", footer: `<a href="https://t.me/nimbuspay_dev">Чат разработчиков в Telegram</a>`,
			met: []string{"cmty-chat"}},
		{name: "gitter room", footer: `<a href="https://gitter.im/nimbuspay/community">Gitter</a>`,
			met: []string{"cmty-chat"}},
		{name: "matrix room", footer: `<a href="https://matrix.to/#/#nimbuspay:matrix.org">Matrix</a>`,
			met: []string{"cmty-chat"}},
		{name: "slack integration guide", main: `<ul><li><a href="/docs/integrations/slack">Send notifications to Slack</a></li>
<li><a href="https://api.slack.com/messaging/webhooks">Slack incoming webhooks</a></li></ul>`,
			notMet: []string{"cmty-chat"}},
		{name: "discord api for bot tutorial", main: `<h2 id="build-a-payment-bot">Build a payment bot</h2><p>Register a bot as described in the <a href="https://discord.com/developers/docs/intro">Discord API reference</a>.</p>`,
			notMet: []string{"cmty-chat"}},

		// cmty-forum
		{name: "community subdomain", header: `<a href="https://community.nimbuspay.com/">Community</a>`,
			met: []string{"cmty-forum"}},
		{name: "forum subdomain", footer: `<a href="https://forum.nimbuspay.com/">Developer forum</a>`,
			met: []string{"cmty-forum"}},
		{name: "stack overflow tag", footer: `<a href="https://stackoverflow.com/questions/tagged/nimbuspay">Stack Overflow</a>`,
			met: []string{"cmty-forum"}},
		{name: "github discussions", footer: `<a href="https://github.com/nimbuspay/sdk/discussions">Discussions</a>`,
			met: []string{"cmty-forum"}},
		{name: "subreddit", footer: `<a href="https://www.reddit.com/r/nimbuspay/">Reddit</a>`,
			met: []string{"cmty-forum"}},
		{name: "stack overflow home", main: `<p>For general programming questions, <a href="https://stackoverflow.com/">Stack Overflow</a> is a good place to start.</p>`,
			notMet: []string{"cmty-forum"}},

		// sup-contact
		{name: "support mailto", footer: `<a href="mailto:support@nimbuspay.com">support@nimbuspay.com</a>`,
			met: []string{"sup-contact"}},
		{name: "support subdomain", header: `<a href="https://support.nimbuspay.com/">Support</a>`,
			met: []string{"sup-contact"}},
		{name: "zendesk help desk", footer: `<a href="https://nimbuspay.zendesk.com/hc/en-us">Help</a>`,
			met: []string{"sup-contact"}},
		{name: "contact us page", footer: `<a href="/contact">Contact us</a>`,
			met: []string{"sup-contact"}},
		{name: "open a ticket", main: `<p>Still stuck? <a href="https://nimbuspay.atlassian.net/servicedesk/customer/portal/3">Open a ticket</a> and we reply within one business day.</p>`,
			met: []string{"sup-contact"}},
		{name: "press mailto and careers", footer: `<a href="mailto:press@nimbuspay.com">Press</a> <a href="https://nimbuspay.com/careers">Careers</a>`,
			notMet: []string{"sup-contact"}},
		{name: "contact sales alone", header: `<a href="https://nimbuspay.com/contact-sales">Contact sales</a>`,
			notMet: []string{"sup-contact"}},

		// onb-self-signup
		{name: "sign up", header: `<a href="https://dashboard.nimbuspay.com/signup" class="button">Sign up</a>`,
			met: []string{"onb-self-signup"}},
		{name: "create account", header: `<a href="https://dashboard.nimbuspay.com/accounts/new" class="button">Create account</a>`,
			met: []string{"onb-self-signup"}},
		{name: "get api keys", main: `<p><a href="https://dashboard.nimbuspay.com/developers/keys" class="btn">Get API keys</a></p>`,
			met: []string{"onb-self-signup"}},
		{name: "start for free", header: `<a href="https://dashboard.nimbuspay.com/start" class="cta">Start for free</a>`,
			met: []string{"onb-self-signup"}},
		{name: "register path", header: `<a href="https://dashboard.nimbuspay.com/register" class="cta">Get started</a>`,
			met: []string{"onb-self-signup"}},
		{name: "request access form", header: `<a href="https://nimbuspay.com/request-access" class="cta">Request access</a>`,
			notMet: []string{"onb-self-signup"}},
		{name: "apply for access", main: `<p>The API is available to partners. <a href="https://nimbuspay.com/partners/apply">Apply for access</a>.</p>`,
			notMet: []string{"onb-self-signup"}},
		{name: "contact sales cta", header: `<a href="https://nimbuspay.com/contact-sales" class="cta">Contact sales</a>`,
			notMet: []string{"onb-self-signup"}},
		{name: "log in alone", header: `<a href="https://dashboard.nimbuspay.com/login">Log in</a>`,
			notMet: []string{"onb-self-signup"}},

		// harder near misses
		{name: "statuspage api in incident guide", main: `<h2 id="post-incidents">Post incidents</h2><p>Mirror incidents with the <a href="https://developer.statuspage.io/">Statuspage API</a>.</p>`,
			notMet: []string{"ops-status-page"}},
		{name: "telegram botfather in bot tutorial", lang: "ru", main: `<h2 id="bot">Создание бота</h2><p>Напишите <a href="https://t.me/BotFather">@BotFather</a> и получите токен бота.</p>`,
			notMet: []string{"cmty-chat"}},
		{name: "github actions in ci guide", main: `<h2 id="ci">Run tests in CI</h2><p>Run the tests with <a href="https://github.com/features/actions">GitHub Actions</a> and store the key as a <a href="https://github.com/settings/tokens">GitHub token</a>.</p>`,
			notMet: []string{"code-github-org"}},
		{name: "go standard library in go sample", main: `<h2 id="go">Go</h2><p>The sample uses the standard <a href="https://pkg.go.dev/net/http">net/http</a> package.</p>`,
			notMet: []string{"code-official-sdks"}},
		{name: "express under node heading", main: `<h2 id="node-js">Node.js</h2><p>Verify signatures in an <a href="https://www.npmjs.com/package/express">Express</a> handler.</p>`,
			notMet: []string{"code-official-sdks"}},
		{name: "newsletter sign up", footer: `<a href="https://nimbuspay.com/newsletter">Sign up for our newsletter</a>`,
			notMet: []string{"onb-self-signup"}},
		{name: "webinar registration", main: `<p><a href="https://events.nimbuspay.com/webinars/payouts">Register for the webinar</a></p>`,
			notMet: []string{"onb-self-signup"}},
		{name: "waitlist", header: `<a href="https://nimbuspay.com/waitlist" class="cta">Join the waitlist</a>`,
			notMet: []string{"onb-self-signup"}},
		{name: "status page without ids in footer", footer: `<a href="https://nimbuspay.statuspage.io/">Status</a>`,
			met: []string{"ops-status-page"}},
		{name: "ticket portal host", footer: `<a href="https://nimbuspay.freshdesk.com/support/tickets/new">Submit a ticket</a>`,
			met: []string{"sup-contact"}},
		// guards for the near-miss exclusions above
		{name: "sign up for a free account", header: `<a href="https://dashboard.nimbuspay.com/accounts/new" class="cta">Sign up for a free account</a>`,
			met: []string{"onb-self-signup"}},
		{name: "github org repositories page", footer: `<a href="https://github.com/orgs/nimbuspay/repositories">GitHub</a>`,
			met: []string{"code-github-org"}},
		{name: "telegram developer chat", footer: `<a href="https://t.me/nimbuspay_devchat">Telegram</a>`,
			met: []string{"cmty-chat"}},
	}
	for _, c := range cases {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			const u = "https://developer.nimbuspay.com/docs/getting-started"
			p := htmlPage(t, u, hostPortal(c.lang, c.header, c.main, c.footer))
			wantStatuses(t, findings(t, testIndex{host: hostOf(u)}, p), c.met, c.partial, c.notMet)
		})
	}
}
