package detectors

import (
	"strings"
	"testing"

	"github.com/portalscan/portalscan/crawler/page"
)

// Portals built by generators and conventions outside the labelled corpus: each case is a
// small crawl (a start page plus the files the crawler would fetch from its links) and the
// status a careful reviewer gives one practice from it. Near misses sit beside the cases
// they resemble.

const artHost = "https://docs.acme.io"

// artDoc wraps navigation and main content in a portal page.
func artDoc(nav, main string) string {
	return `<html lang="en"><head><title>Acme Developers</title></head><body>
<header><nav class="top-nav"><a href="/">Acme</a>` + nav + `</nav></header>
<main>` + main + `</main>
<footer><p>© 2025 Acme Inc.</p></footer></body></html>`
}

type artCase struct {
	name  string
	pages func(t *testing.T) []*page.Page
	want  Status
}

// artStart is the portal page at artHost+path with html, plus any fetched files.
func artStart(path, html string, files ...*page.Page) func(t *testing.T) []*page.Page {
	return func(t *testing.T) []*page.Page {
		return append([]*page.Page{htmlPage(t, artHost+path, html)}, files...)
	}
}

func runArtCases(t *testing.T, practice string, cases []artCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := runEnv(t, docsEnv, c.pages(t)...)[practice]
			if f.Status != c.want {
				t.Errorf("%s: %s, want %s\nnote: %s\nevidence: %+v", practice, f.Status, c.want, f.Note, f.Evidence)
			}
		})
	}
}

const (
	artOpenAPIJSON = `{"openapi": "3.0.3", "info": {"title": "Acme API", "version": "2.1.0"}, "paths": {"/payments": {"get": {"responses": {"200": {"description": "OK"}}}}}}`
	artOpenAPIYAML = "openapi: 3.1.0\ninfo:\n  title: Acme API\n  version: 2.1.0\npaths:\n  /payments:\n    get:\n      responses:\n        '200':\n          description: OK\n"
	artAsyncAPI    = "asyncapi: 2.6.0\ninfo:\n  title: Acme events\n  version: '1.0'\nchannels:\n  payment.created:\n    subscribe:\n      message:\n        payload:\n          type: object\n"
	artPostman     = `{"info": {"_postman_id": "4d1b6c2e-0000-4000-8000-000000000001", "name": "Acme API", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "item": [{"name": "List payments", "request": {"method": "GET", "url": "https://api.acme.io/v2/payments"}}]}`
	artGraphQL     = "schema {\n  query: Query\n  mutation: Mutation\n}\n\ntype Query {\n  payment(id: ID!): Payment\n}\n\ntype Mutation {\n  createPayment(amount: Int!): Payment\n}\n\ntype Payment {\n  id: ID!\n  amount: Int!\n}\n"
	artJSONSchema  = `{"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://docs.acme.io/schemas/payment.created.json", "title": "payment.created", "type": "object", "properties": {"id": {"type": "string"}, "amount": {"type": "integer"}}}`
)

func TestSpecDownloadUnseenGenerators(t *testing.T) {
	spec := func(path, ct, body string) *page.Page { return filePage(artHost+path, ct, body, page.KindSpec) }
	cases := []artCase{
		{"redoc download button", artStart("/reference", `<html><head><title>Acme API</title></head><body><div id="redoc"><div class="redoc-wrap">
<div class="menu-content"><ul role="menu"><li><label role="menuitem"><span title="List payments">List payments</span></label></li></ul>
<div class="sc-kpDqfm"><a target="_blank" href="https://redocly.com/redoc/" rel="noopener noreferrer">API docs by Redocly</a></div></div>
<div class="api-content"><div class="sc-eDvSVe"><div class="sc-iBkjds"><h1 class="sc-jSUZER">Acme API <span>(2.1.0)</span></h1>
<p>Download OpenAPI specification<!-- -->:<a download="openapi.yaml" target="_blank" class="sc-fEXmlR" href="/openapi.yaml">Download</a></p>
<div class="sc-iJnaPW"><p>The Acme API moves money.</p></div></div></div></div></div></div></body></html>`,
			spec("/openapi.yaml", "application/yaml", artOpenAPIYAML)), Met},
		{"redoc download of an off-site raw file", artStart("/reference", `<html><body><div id="redoc"><div class="api-content"><h1>Acme API <span>(2.1.0)</span></h1>
<p>Download OpenAPI specification<!-- -->:<a download="openapi.json" target="_blank" href="https://raw.githubusercontent.com/acme/openapi/main/openapi.json">Download</a></p></div></div></body></html>`), Met},
		{"stoplight elements config", artStart("/reference", `<html><head><title>Acme API</title>
<script src="https://unpkg.com/@stoplight/elements/web-components.min.js"></script>
<link rel="stylesheet" href="https://unpkg.com/@stoplight/elements/styles.min.css"></head><body>
<elements-api apiDescriptionUrl="/openapi.yaml" router="hash" layout="sidebar"></elements-api></body></html>`), Met},
		{"stoplight export menu", artStart("/reference", `<html><body><div class="sl-elements sl-elements-api"><div class="sl-flex">
<h1 class="sl-text-5xl">Acme API</h1><div class="sl-inline-flex"><button aria-label="Export" aria-haspopup="true" class="sl-button">Export</button>
<div role="menu" class="sl-menu"><a role="menuitem" href="https://acme.stoplight.io/api/v1/projects/acme/payments/nodes/reference/acme.yaml?fromExportButton=true&amp;snapshotType=http_service">Original</a>
<a role="menuitem" href="https://acme.stoplight.io/api/v1/projects/acme/payments/nodes/reference/acme.yaml?fromExportButton=true&amp;snapshotType=http_service&amp;deref=optimizedBundle">Bundled References</a></div></div></div></div></body></html>`), Met},
		{"swagger ui url config", artStart("/api/", `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><title>Swagger UI</title>
<link rel="stylesheet" type="text/css" href="./swagger-ui.css" /></head><body><div id="swagger-ui"></div>
<script src="./swagger-ui-bundle.js" charset="UTF-8"> </script><script src="./swagger-ui-standalone-preset.js" charset="UTF-8"> </script>
<script>
window.onload = function() {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: "StandaloneLayout"
  });
};
</script></body></html>`), Met},
		{"swagger ui url config, file fetched", artStart("/api/", `<!DOCTYPE html><html><head><title>Swagger UI</title></head><body><div id="swagger-ui"></div>
<script src="https://unpkg.com/swagger-ui-dist@5/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });</script></body></html>`,
			spec("/openapi.json", "application/json", artOpenAPIJSON)), Met},
		{"scalar data-url", artStart("/reference", `<!doctype html><html><head><title>Acme API Reference</title><meta charset="utf-8" /></head><body>
<script id="api-reference" data-url="/openapi.json"></script>
<script src="https://cdn.jsdelivr.net/npm/@scalar/api-reference"></script></body></html>`), Met},
		{"scalar createApiReference", artStart("/reference", `<!doctype html><html><head><title>Acme API Reference</title></head><body><div id="app"></div>
<script src="https://cdn.jsdelivr.net/npm/@scalar/api-reference"></script>
<script>
  Scalar.createApiReference('#app', {
    url: '/openapi.json',
    proxyUrl: 'https://proxy.scalar.com',
  })
</script></body></html>`), Met},
		{"scalar data-configuration", artStart("/reference", `<!doctype html><html><head><title>Acme API Reference</title></head><body>
<script id="api-reference" data-configuration='{"spec":{"url":"/openapi.yaml"},"theme":"purple"}'></script>
<script src="https://cdn.jsdelivr.net/npm/@scalar/api-reference"></script></body></html>`), Met},
		{"springdoc swagger ui", artStart("/swagger-ui/index.html", `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><title>Swagger UI</title></head><body><div id="swagger-ui"></div>
<script src="./swagger-ui-bundle.js" charset="UTF-8"> </script>
<script>
window.onload = function() {
  window.ui = SwaggerUIBundle({
    url: "/v3/api-docs",
    dom_id: '#swagger-ui',
    deepLinking: true
  });
};
</script></body></html>`), Met},
		{"scalar download link", artStart("/reference", `<html><body><div class="scalar-app"><div class="references-layout"><section class="introduction-section">
<div class="section-header"><h1>Acme API</h1><span class="badge">v2.1.0</span></div>
<div class="download"><a class="download-link" href="/openapi.json" download="openapi.json"><span>Download OpenAPI Document</span></a></div>
<div class="markdown"><p>The Acme API moves money.</p></div></section></div></div></body></html>`,
			spec("/openapi.json", "application/json", artOpenAPIJSON)), Met},
		{"readme download oas", artStart("/reference/list-payments", artDoc(`<a href="/docs">Guides</a><a href="/reference">API Reference</a>`,
			`<h1>List payments</h1><p>Returns your payments.</p><p><a href="https://dash.readme.com/api/v1/api-registry/2f3a9b1clk8xy2qz">Download OAS</a></p>`)), Met},
		{"plain openapi yaml link", artStart("/", artDoc(`<a href="/reference">API Reference</a>`,
			`<h1>API reference</h1><ul><li><a href="/specs/acme-openapi.yaml">OpenAPI specification (YAML)</a></li></ul>`),
			spec("/specs/acme-openapi.yaml", "text/yaml", artOpenAPIYAML)), Met},
		{"asyncapi file link", artStart("/events", artDoc(``,
			`<h1>Events</h1><p>Our event API is described in <a href="/asyncapi.yaml">asyncapi.yaml</a>.</p>`),
			spec("/asyncapi.yaml", "application/x-yaml", artAsyncAPI)), Met},
		{"postman collection json link", artStart("/", artDoc(``,
			`<h1>Tools</h1><p><a href="/downloads/Acme.postman_collection.json">Postman collection (JSON)</a></p>`),
			spec("/downloads/Acme.postman_collection.json", "application/json", artPostman)), Met},
		{"graphql sdl link", artStart("/graphql", artDoc(``,
			`<h1>GraphQL API</h1><p>Download the <a href="/schema.graphql">GraphQL schema</a> to generate a typed client.</p>`),
			spec("/schema.graphql", "text/plain", artGraphQL)), Met},

		// Near misses.
		{"stoplight export leading to a sign-in page", func(t *testing.T) []*page.Page {
			login := htmlPage(t, artHost+"/api/v1/projects/acme/nodes/reference/acme.yaml?fromExportButton=true&snapshotType=http_service", `<html><head><title>Sign in</title></head><body><h1>Sign in</h1><form><input type="email"><input type="password"></form></body></html>`)
			login.Kind = page.KindSpec
			return []*page.Page{htmlPage(t, artHost+"/reference", `<html><body><div class="sl-elements"><button aria-label="Export">Export</button><div role="menu">
<a role="menuitem" href="/api/v1/projects/acme/nodes/reference/acme.yaml?fromExportButton=true&amp;snapshotType=http_service">Original</a></div></div></body></html>`), login}
		}, NotMet},
		{"scalar configuration with an inline spec", artStart("/reference", `<!doctype html><html><head><title>Acme API Reference</title></head><body>
<script id="api-reference" data-configuration='{"theme":"purple","proxyUrl":"https://proxy.scalar.com"}'></script>
<script src="https://cdn.jsdelivr.net/npm/@scalar/api-reference"></script></body></html>`), NotMet},
		{"openapi initiative website", artStart("/", artDoc(``,
			`<h1>API reference</h1><p>Our API follows the <a href="https://www.openapis.org/">OpenAPI Initiative</a> standards.</p>`)), NotMet},
		{"swagger.io specification docs", artStart("/", artDoc(``,
			`<h1>About our API</h1><p>Read about the <a href="https://swagger.io/specification/">OpenAPI Specification</a> and
<a href="https://swagger.io/docs/specification/about/">what Swagger is</a>.</p>`)), NotMet},
		{"blog post what is openapi", artStart("/blog/", artDoc(`<a href="/blog/">Blog</a>`,
			`<h1>Blog</h1><article><h2><a href="/blog/what-is-openapi">What is OpenAPI?</a></h2><p>An introduction to API descriptions.</p></article>`),
			htmlPage(t, artHost+"/blog/what-is-openapi", artDoc(``, `<h1>What is OpenAPI?</h1><p>OpenAPI is a standard way to describe HTTP APIs.</p>`))), NotMet},
		{"webhook json schema link", artStart("/webhooks", artDoc(``,
			`<h1>Webhooks</h1><p>The payload is described by a <a href="/schemas/payment.created.json">JSON Schema of the payment.created webhook</a>.</p>`)), NotMet},
		{"webhook json schema fetched", artStart("/webhooks", artDoc(``,
			`<h1>Webhooks</h1><p>The payload is described by a <a href="/schemas/payment.created.json">JSON Schema of the payment.created webhook</a>.</p>`),
			spec("/schemas/payment.created.json", "application/json", artJSONSchema)), NotMet},
	}
	runArtCases(t, "fit-spec-download", cases)
}

func TestTutorialsUnseenConventions(t *testing.T) {
	nav := func(text, href string) func(t *testing.T) []*page.Page {
		return artStart("/", artDoc(`<a href="/docs">Docs</a><a href="/reference">API Reference</a><a href="`+href+`">`+text+`</a>`,
			`<h1>Acme developers</h1><p>Build on Acme.</p>`))
	}
	cases := []artCase{
		{"nav guides", nav("Guides", "/guides"), Met},
		{"nav tutorials", nav("Tutorials", "/tutorials/"), Met},
		{"nav how-to guides", nav("How-to guides", "/how-to/"), Met},
		{"readme recipes", nav("Recipes", "/recipes"), Met},
		{"nav cookbook", nav("Cookbook", "/cookbook"), Met},
		{"guides page", artStart("/guides/accept-payments", artDoc(``,
			`<h1>Accept payments</h1><p>This guide walks you through taking a card payment.</p><h2>1. Create a payment intent</h2><p>Call the API.</p>`)), Met},
		{"tutorials page", artStart("/tutorials/build-a-checkout", artDoc(``,
			`<h1>Build a checkout</h1><p>In this tutorial you build a hosted checkout page.</p>`)), Met},
		{"how-to heading", artStart("/docs/payments", artDoc(``,
			`<h1>Payments</h1><h2 id="first">How to accept your first payment</h2><ol><li>Create a key.</li><li>Create a payment.</li></ol>`)), Met},

		// Near misses: "Use cases" is a solutions / marketing page; a migration guide is
		// change management, not a task guide for integrating.
		{"use cases", nav("Use cases", "/use-cases"), NotMet},
		{"guidelines", nav("Guidelines", "/guidelines"), NotMet},
		{"brand guidelines", nav("Brand guidelines", "/brand-guidelines/"), NotMet},
		{"design guide", nav("Design guide", "/design-guide/"), NotMet},
		{"style guide", nav("Style guide", "/style-guide"), NotMet},
		{"migration guide", nav("Migration guide", "/migrate-to-v2"), NotMet},
		{"guidelines page", artStart("/guidelines/logo-usage", artDoc(``,
			`<h1>Logo usage</h1><p>Keep clear space around the logo.</p>`)), NotMet},
	}
	runArtCases(t, "onb-tutorials", cases)
}

func TestVersioningPolicyUnseenConventions(t *testing.T) {
	heading := func(h string) func(t *testing.T) []*page.Page {
		return artStart("/docs/overview", artDoc(``, `<h1>Overview</h1><p>Welcome.</p><h2 id="s">`+h+`</h2><p>We add fields without notice and announce removals 12 months ahead.</p>`))
	}
	cases := []artCase{
		{"versioning", heading("Versioning"), Partial},
		{"api versioning", heading("API versioning"), Partial},
		{"versioning and deprecation policy", heading("Versioning and deprecation policy"), Partial},
		{"breaking changes", heading("Breaking changes"), Partial},
		{"version lifecycle", heading("Version lifecycle"), Partial},
		{"backwards compatibility", heading("Backwards compatibility"), Partial},
		{"api change policy", heading("API change policy"), Partial},
		{"deprecation schedule", heading("Deprecation schedule"), Partial},
		{"versioning nav link", artStart("/", artDoc(`<a href="/docs/versioning">Versioning</a>`, `<h1>Acme developers</h1>`)), Partial},
		{"versioning page", artStart("/docs/api-versioning", artDoc(``, `<h1>API versioning</h1><p>Each version is supported for 24 months.</p>`)), Partial},

		// Near misses.
		{"booking change policy", heading("Change policy"), NotMet},
		{"version dropdown", artStart("/reference", artDoc(`<div class="version-select"><button aria-haspopup="listbox">v2.1 ▾</button>
<ul role="listbox" hidden><li><a href="/v2.1/reference">v2.1</a></li><li><a href="/v2.0/reference">v2.0</a></li><li><a href="/v1/reference">v1</a></li></ul></div>`,
			`<h1>API reference</h1><p>All endpoints.</p>`)), NotMet},
		{"release notes for a version", artStart("/changelog", artDoc(``,
			`<h1>Changelog</h1><h2 id="v23">Release notes for version 2.3</h2><ul><li>Added refunds.</li></ul>`)), NotMet},
		{"breaking changes of one release", artStart("/changelog", artDoc(``,
			`<h1>Changelog</h1><h2 id="v3">3.0.0</h2><h3 id="breaking">Breaking changes</h3><p>This release is not backwards compatible: amounts are now integers.</p>`)), NotMet},
		{"breaking changes in a migration guide", artStart("/docs/migrate-to-v3", artDoc(``,
			`<h1>Moving to v3</h1><h2 id="breaking">Breaking changes</h2><p>Plan the switch in advance: the <code>amount</code> field is now an integer.</p>`)), NotMet},
		{"breaking changes in a migration guide by title", artStart("/docs/moving-on", `<html><head><title>Migration guide: API 2024-01</title></head><body><main>
<h1>Moving to the 2024-01 API</h1><h2 id="breaking">Breaking changes</h2><p>Plan the switch in advance: the <code>amount</code> field is now an integer.</p></main></body></html>`), NotMet},
		{"breaking changes listed without a policy", artStart("/docs/overview", artDoc(``,
			`<h1>What changed in the new API</h1><h2 id="breaking">Breaking changes</h2><ul><li>The <code>amount</code> field is now an integer.</li><li>Cards moved to /v3/cards.</li></ul>`)), NotMet},
		{"version field in a schema", artStart("/reference/event", artDoc(``,
			`<h1>The event object</h1><h3 id="attr-version">version</h3><p><code>string</code> The schema version of this event.</p>
<table><tr><th>Field</th><th>Type</th></tr><tr><td>version</td><td>string</td></tr></table>`)), NotMet},
	}
	runArtCases(t, "chg-versioning-policy", cases)
}

func TestLLMSTxtUnseenGenerators(t *testing.T) {
	llms := func(ct, body string) func(t *testing.T) []*page.Page {
		return artStart("/", artDoc(``, `<h1>Acme developers</h1>`), filePage(artHost+"/llms.txt", ct, body, page.KindLLMS))
	}
	const mintlify = "# Acme\n\n## Docs\n\n- [Introduction](https://docs.acme.io/introduction.md): Start here\n- [Create a payment](https://docs.acme.io/api-reference/payments/create.md): Creates a payment\n\n## OpenAPI Specs\n\n- [openapi](https://docs.acme.io/openapi.json)\n"
	const gitbook = "# Acme Docs\n\n## Acme Docs\n\n- [Welcome](/readme.md)\n- [Quickstart](/getting-started/quickstart.md)\n- [Authentication](/getting-started/authentication.md)\n"
	const fern = "# Acme\n\n> The Acme API lets you accept payments.\n\n## Docs\n\n- [Welcome](https://docs.acme.io/welcome.mdx): Overview of Acme\n\n## API Docs\n\n- API Reference > Payments [Create payment](https://docs.acme.io/api-reference/payments/create.mdx)\n"
	const hand = "# Acme Payments API\n\n> Acme moves money between bank accounts.\n\nImportant notes:\n\n- All amounts are in minor units\n\n## Docs\n\n- [Quickstart](https://docs.acme.io/quickstart): first payment in five minutes\n- [Webhooks](https://docs.acme.io/webhooks): event delivery\n\n## Optional\n\n- [Changelog](https://docs.acme.io/changelog)\n"
	cases := []artCase{
		{"mintlify", llms("text/plain; charset=utf-8", mintlify), Met},
		{"gitbook", llms("text/markdown; charset=utf-8", gitbook), Met},
		{"fern", llms("text/plain", fern), Met},
		{"hand-written", llms("text/plain", hand), Met},
		{"utf-8 bom", llms("text/plain; charset=utf-8", "\xef\xbb\xbf"+hand), Met},
		{"crlf line endings", llms("text/plain", "# Acme\r\n\r\n> Payments API\r\n\r\n## Docs\r\n\r\n- [Quickstart](https://docs.acme.io/quickstart): start here\r\n"), Met},
		{"bom and crlf", llms("text/markdown", "\xef\xbb\xbf# Acme\r\n\r\n- [Docs](https://docs.acme.io/)\r\n"), Met},
		{"leading blank line", llms("text/plain", "\n# Acme\n\n> Payments API\n\n- [Docs](https://docs.acme.io/)\n"), Met},

		// Near misses.
		{"spa fallback html", llms("text/html; charset=utf-8", `<!DOCTYPE html><html><head><title>Acme</title><script src="/assets/index-4f2a.js"></script></head><body><div id="root"></div></body></html>`), NotMet},
		{"spa fallback html as text/plain", llms("text/plain", "<!doctype html>\n<html><head><title>Acme</title></head><body><div id=\"app\"></div></body></html>\n"), NotMet},
		{"spa fallback html with a bom", llms("text/plain", "\xef\xbb\xbf<!DOCTYPE html>\n<html><head><title>Acme</title></head><body><div id=\"root\"></div></body></html>\n"), NotMet},
		{"empty file", llms("text/plain", ""), NotMet},
		{"bare url list", llms("text/plain", "https://docs.acme.io/\nhttps://docs.acme.io/quickstart\nhttps://docs.acme.io/reference\n"), NotMet},
		{"links without h1", llms("text/plain", "- [Quickstart](https://docs.acme.io/quickstart)\n- [Reference](https://docs.acme.io/reference)\n"), NotMet},
		{"robots-like text", llms("text/plain", "User-agent: *\nAllow: /\n\nSitemap: https://docs.acme.io/sitemap.xml\n"), NotMet},
		{"h1 without links", llms("text/plain", "# Acme\n\nComing soon.\n"), NotMet},
	}
	runArtCases(t, "ai-llms-txt", cases)
}

// attr_match belongs with a selector's attr; a bad pattern stops the load naming the rule.
func TestAttrMatchOption(t *testing.T) {
	for what, rule := range map[string]string{
		"attr_match without attr": `
  - name: attr-match-alone
    practice: com-pricing-page
    evidence: page
    doc: {looks_for: a}
    any: [{selector: 'script[data-configuration]', attr_match: '"url":"([^"]+)"'}]`,
		"bad attr_match": `
  - name: attr-match-broken
    practice: com-pricing-page
    evidence: page
    target: true
    doc: {looks_for: a}
    any: [{selector: 'script[data-configuration]', attr: data-configuration, attr_match: '(unclosed'}]`,
	} {
		t.Run(what, func(t *testing.T) {
			name := strings.TrimSpace(strings.SplitN(strings.SplitN(rule, "name:", 2)[1], "\n", 2)[0])
			defer func() {
				if msg, _ := recover().(string); !strings.Contains(msg, name) {
					t.Errorf("panic %q does not name rule %s", msg, name)
				}
			}()
			mustLoadRules([]byte(rulesHead + rule))
		})
	}
}
