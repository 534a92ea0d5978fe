package render

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/portalscan/portalscan/crawler/page"
)

// Thresholds of "a page a reader would see as empty". A rendered documentation page has
// thousands of characters; a shell has its <noscript> line and a title at most.
const (
	shellText     = 500  // visible characters below which a page may be a shell
	rendererText  = 1500 // a known renderer tag with less text than this has not been pre-rendered
	redirectText  = 200  // a client-side redirect page says at most "Redirecting…"
	bigInline     = 20 << 10
	manyScripts   = 3
	maxScanMarker = 512 << 10 // markers sit in the head or the first element of the body
)

// rendererMarkers are the elements and calls of client-side API renderers. Their pages
// ship the spec URL and let JavaScript build everything a reader sees.
var rendererMarkers = []struct{ needle, name string }{
	{"<redoc", "Redoc"},
	{"redoc.init(", "Redoc"},
	{"redoc.standalone", "Redoc"},
	{"<elements-api", "Stoplight Elements"},
	{"@stoplight/elements", "Stoplight Elements"},
	{"<rapi-doc", "RapiDoc"},
	{"swaggeruibundle(", "Swagger UI"},
	{"swagger-ui-bundle", "Swagger UI"},
	{`id="swagger-ui"`, "Swagger UI"},
	{"<openapi-explorer", "OpenAPI Explorer"},
	{"@scalar/api-reference", "Scalar"},
	{"graphiql", "GraphiQL"},
}

// mountRE finds an SPA mount point: React's root, Vue's app, Next.js, Gatsby, Nuxt, Angular.
var mountRE = regexp.MustCompile(`(?i)<(?:div|main|section|body)\b[^>]*\bid\s*=\s*["']?(root|app|__next|___gatsby|__nuxt|__docusaurus|q-app|svelte)["'\s>]|<(app-root)\b`)

// bundleRE recognises the file names bundlers give to application code.
var bundleRE = regexp.MustCompile(`(?i)(/_next/static/|/static/js/|/assets/index[-.]|/_nuxt/|/build/|runtime[-.~]|main[-.~][0-9a-f]{6,}|app[-.~][0-9a-f]{6,}|chunk|bundle|vendor|polyfills|\.mjs$)`)

// redirectRE finds a script that moves the page: location.replace/assign or an assignment
// to location or location.href.
var redirectRE = regexp.MustCompile(`(?i)\blocation\s*\.\s*(?:replace|assign)\s*\(|\blocation(?:\s*\.\s*href)?\s*=[^=]`)

var jsNeededRE = regexp.MustCompile(`(?i)(enable|turn on|requires?|need to enable)\s+javascript|javascript\s+(is\s+)?(required|disabled)`)

// NeedsRender decides, from a raw fetch, whether a page is a JavaScript shell worth
// rendering, and why. Normal content pages get (false, ""): rendering costs a browser tab
// and seconds per page, so only pages whose raw text hides the content qualify.
func NeedsRender(d *page.Doc, body []byte) (bool, string) {
	if d == nil {
		return false, ""
	}
	text := d.TextLen
	low := bytes.ToLower(body[:min(len(body), maxScanMarker)])

	for _, m := range rendererMarkers {
		if text < rendererText && bytes.Contains(low, []byte(m.needle)) {
			return true, fmt.Sprintf("%s renderer with %d characters of text", m.name, text)
		}
	}

	// A meta refresh is left to the crawler, which follows it without a browser.
	if text < redirectText && d.Refresh == "" && redirectRE.MatchString(d.Inline) {
		return true, fmt.Sprintf("client-side redirect in an inline script, %d characters of text", text)
	}

	if text >= shellText {
		return false, ""
	}
	bundles := 0
	for _, s := range d.Scripts {
		if bundleRE.MatchString(s) {
			bundles++
		}
	}
	scripts := len(d.Scripts)
	hasCode := scripts > 0 || len(d.Inline) > 2<<10
	if m := mountRE.FindSubmatch(low); m != nil && hasCode {
		id := string(m[1])
		if id == "" {
			id = string(m[2])
		}
		return true, fmt.Sprintf("empty %q mount with %d characters of text and %d scripts", id, text, scripts)
	}
	switch {
	case bundles > 0 || scripts >= manyScripts:
		return true, fmt.Sprintf("%d characters of text and %d scripts (%d bundles)", text, scripts, bundles)
	case len(d.Inline) >= bigInline:
		return true, fmt.Sprintf("%d characters of text and %d KiB of inline script", text, len(d.Inline)>>10)
	case hasCode && jsNeededRE.Match(noscriptText(low)):
		return true, fmt.Sprintf("page asks for JavaScript, %d characters of text", text)
	}
	return false, ""
}

// noscriptText returns the contents of <noscript> elements, which the page parser leaves
// out of the visible text.
func noscriptText(low []byte) []byte {
	var out []byte
	for {
		i := bytes.Index(low, []byte("<noscript"))
		if i < 0 {
			return out
		}
		low = low[i:]
		j := bytes.Index(low, []byte("</noscript"))
		if j < 0 {
			j = len(low)
		}
		out = append(out, low[:j]...)
		out = append(out, ' ')
		low = low[j:]
		if strings.HasPrefix(string(low), "</noscript") {
			low = low[len("</noscript"):]
		}
	}
}
