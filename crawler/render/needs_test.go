package render

import (
	"strings"
	"testing"

	"github.com/portalscan/portalscan/crawler/page"
)

func prose(n int) string {
	const s = "The Payments API lets you create charges, refund them and list settlements. "
	return strings.Repeat(s, n/len(s)+1)
}

func TestNeedsRender(t *testing.T) {
	cases := []struct {
		name string
		html string
		want bool
		why  string // substring of the reason when want is true
	}{
		{"redoc shell", `<!doctype html><html><head><title>API</title></head><body>
<redoc spec-url="/openapi.yaml"></redoc>
<script src="https://cdn.redoc.ly/redoc/latest/bundles/redoc.standalone.js"></script></body></html>`, true, "Redoc"},
		{"redoc shell, local script", `<html><body><redoc spec-url='openapi.json'></redoc><script src="/redoc.js"></script></body></html>`, true, "Redoc"},
		{"swagger ui", `<html><head><link rel="stylesheet" href="swagger-ui.css"></head><body><div id="swagger-ui"></div>
<script src="./swagger-ui-bundle.js"></script><script>window.onload=()=>{window.ui=SwaggerUIBundle({url:"/v3/api-docs",dom_id:"#swagger-ui"})}</script></body></html>`, true, "Swagger UI"},
		{"stoplight elements", `<html><head><script src="https://unpkg.com/@stoplight/elements/web-components.min.js"></script></head>
<body><elements-api apiDescriptionUrl="/openapi.yaml" router="hash"></elements-api></body></html>`, true, "Stoplight"},
		{"rapidoc", `<html><body><rapi-doc spec-url="/spec.json"></rapi-doc><script type="module" src="rapidoc-min.js"></script></body></html>`, true, "RapiDoc"},
		{"react root with bundle", `<!doctype html><html><head><title>Developer Portal</title>
<script defer src="/static/js/main.3f2a9c1b.js"></script></head><body><noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div></body></html>`, true, `"root" mount`},
		{"vue app", `<html><body><div id=app></div><script src="/js/chunk-vendors.1a2b3c4d.js"></script><script src="/js/app.9f8e7d6c.js"></script></body></html>`, true, `"app" mount`},
		{"next shell", `<html><body><div id="__next"></div><script src="/_next/static/chunks/main-abc.js"></script></body></html>`, true, "__next"},
		{"gatsby shell", `<html><body><div id="___gatsby"><div id="gatsby-focus-wrapper"></div></div><script src="/app-0123456789ab.js"></script></body></html>`, true, "___gatsby"},
		{"angular", `<html><body><app-root></app-root><script src="runtime.abc.js" type="module"></script><script src="main.0123abcd.js"></script></body></html>`, true, "app-root"},
		{"empty body, bundles only", `<html><head><script src="/assets/index-4f3a2b1c.js" type="module"></script></head><body></body></html>`, true, "bundles"},
		{"client-side redirect", `<html><head><script>window.location.replace("/docs/intro/")</script></head><body>Redirecting…</body></html>`, true, "redirect"},
		{"location.href assignment", `<html><body><script>location.href = "/v2/" + location.hash;</script></body></html>`, true, "redirect"},

		{"docusaurus with text", `<!doctype html><html><head><title>Intro | Docs</title><script src="/assets/js/runtime~main.1a2b3c4d.js" defer></script><script src="/assets/js/main.5e6f7a8b.js" defer></script></head>
<body><div id="__docusaurus"><nav><a href="/docs">Docs</a></nav><main><h1>Introduction</h1><p>` + prose(2000) + `</p></main></div></body></html>`, false, ""},
		{"next with SSR content", `<html><body><div id="__next"><h1>Authentication</h1><p>` + prose(1200) + `</p></div><script src="/_next/static/chunks/main-abc.js"></script></body></html>`, false, ""},
		{"redoc pre-rendered (redoc-cli bundle)", `<html><body><redoc spec-url="x"></redoc><div class="api-content"><h1>Pets API</h1><p>` + prose(5000) + `</p></div></body></html>`, false, ""},
		{"plain content page", `<html><head><title>Changelog</title></head><body><h1>Changelog</h1><p>` + prose(800) + `</p><script src="/js/analytics.js"></script></body></html>`, false, ""},
		{"short page without scripts", `<html><body><h1>Status</h1><p>All systems operational.</p></body></html>`, false, ""},
		{"meta refresh left to the crawler", `<html><head><meta http-equiv="refresh" content="0; url=/docs/"><script>location.replace("/docs/")</script></head><body>Moved</body></html>`, false, ""},
		{"short page with one tracker", `<html><body><h1>Contact</h1><p>Write to api@example.test.</p><script src="https://www.googletagmanager.com/gtag/js?id=G-1"></script></body></html>`, false, ""},
		{"root div with content", `<html><body><div id="root"><h1>Pricing</h1><p>` + prose(900) + `</p></div><script src="/static/js/main.3f2a9c1b.js"></script></body></html>`, false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, _, err := page.Parse("http://127.0.0.1/docs/", []byte(c.html), "text/html")
			if err != nil {
				t.Fatal(err)
			}
			got, why := NeedsRender(d, []byte(c.html))
			if got != c.want {
				t.Fatalf("NeedsRender = %v (%q), want %v; TextLen=%d scripts=%v", got, why, c.want, d.TextLen, d.Scripts)
			}
			if got && !strings.Contains(why, c.why) {
				t.Errorf("reason %q does not mention %q", why, c.why)
			}
			if !got && why != "" {
				t.Errorf("reason %q for a page that needs no rendering", why)
			}
		})
	}
	if got, why := NeedsRender(nil, nil); got || why != "" {
		t.Errorf("nil doc: %v %q", got, why)
	}
}
