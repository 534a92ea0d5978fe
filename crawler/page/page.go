// Package page holds the data model shared by the crawler, the store and the detectors:
// one fetch record per URL the scan touched, and the parsed view of an HTML page.
//
// It is deliberately free of crawling logic so detectors can be tested on HTML alone and
// re-run on stored snapshots without importing the fetcher.
package page

import (
	"github.com/PuerkitoBio/goquery"
)

// Kind says why a URL was fetched; detectors use it to tell a probed artifact
// (robots.txt, a sitemap, llms.txt) from an ordinary page.
type Kind string

const (
	KindPage        Kind = "page"         // an ordinary page reached by links, sitemap or start URL
	KindRobots      Kind = "robots"       // /robots.txt
	KindSitemap     Kind = "sitemap"      // sitemap.xml, sitemap index, text sitemap, Sitemap: lines
	KindLLMS        Kind = "llms"         // /llms.txt
	KindLLMSFull    Kind = "llms_full"    // /llms-full.txt
	KindSecurityTxt Kind = "security_txt" // /.well-known/security.txt
	KindAPICatalog  Kind = "api_catalog"  // /.well-known/api-catalog
	KindSpec        Kind = "spec"         // a probed or linked OpenAPI/AsyncAPI/Postman file
	KindSoft404     Kind = "soft404"      // a random path fetched to learn how the site answers missing pages
	KindRendered    Kind = "rendered"     // reserved: a page's DOM after JavaScript ran
)

// Fetch is what happened when one URL was requested. It is stored for every URL the scan
// touched, successful or not, so a failed fetch is evidence rather than a silent gap.
type Fetch struct {
	Seq         int      `json:"seq"`                 // order of completion within the crawl, from 1
	URL         string   `json:"url"`                 // normalised URL as requested
	FinalURL    string   `json:"final_url,omitempty"` // after HTTP redirects and meta refresh
	Redirects   []string `json:"redirects,omitempty"` // every hop, in order, excluding URL itself
	Status      int      `json:"status"`              // HTTP status of the final response; 0 when none
	ContentType string   `json:"content_type,omitempty"`
	Size        int64    `json:"size"`                // body bytes after decompression (capped)
	Truncated   bool     `json:"truncated,omitempty"` // body was cut at the size cap
	DurationMS  int64    `json:"duration_ms"`
	Error       string   `json:"error,omitempty"` // transport error, robots refusal, scope refusal …
	Kind        Kind     `json:"kind"`
	Depth       int      `json:"depth"`
	FoundOn     string   `json:"found_on,omitempty"` // the page whose link led here ("" for seeds)
	Via         string   `json:"via,omitempty"`      // how it was found: start, link, sitemap, robots, probe
	Title       string   `json:"title,omitempty"`
	Lang        string   `json:"lang,omitempty"`
	TextLen     int      `json:"text_len,omitempty"`     // visible text characters (raw HTML)
	RenderedLen int      `json:"rendered_len,omitempty"` // visible text characters after rendering, when rendered
	RenderWhy   string   `json:"render_why,omitempty"`
	Charset     string   `json:"charset,omitempty"`
	Headers     Headers  `json:"headers,omitempty"` // a small allow-listed subset (X-Robots-Tag, Link, Content-Language …)
}

// Headers keeps the few response headers detectors use; names are canonical.
type Headers map[string]string

// OK reports whether the fetch produced a usable 2xx body.
func (f *Fetch) OK() bool { return f.Error == "" && f.Status >= 200 && f.Status < 300 }

// Page is a fetch with its body and, for HTML, its parsed document. Body and Doc live only
// while the page passes through the pipeline; the store keeps the body compressed.
type Page struct {
	Fetch
	Body []byte `json:"-"` // decompressed, capped; raw bytes as served
	Doc  *Doc   `json:"-"` // nil unless the body is HTML
}

// IsHTML reports whether a content type (or, lacking one, the body) is HTML.
func IsHTML(contentType string, body []byte) bool {
	return sniffHTML(contentType, body)
}

// Doc is the parsed view of an HTML page: everything detectors read, extracted in one pass.
// DOM is kept for rule selectors while the page is being examined and is never serialised.
type Doc struct {
	URL       string            `json:"url"` // base URL links were resolved against
	Lang      string            `json:"lang,omitempty"`
	Title     string            `json:"title,omitempty"`
	Headings  []Heading         `json:"headings,omitempty"`
	Text      string            `json:"-"` // visible text, whitespace folded, capped at MaxText
	TextLen   int               `json:"text_len"`
	Links     []Link            `json:"links,omitempty"`
	Forms     []Form            `json:"forms,omitempty"`
	Inputs    []Input           `json:"inputs,omitempty"` // every input/textarea/select, in or out of forms
	Buttons   []string          `json:"buttons,omitempty"`
	Scripts   []string          `json:"scripts,omitempty"` // absolute src of external scripts
	Inline    string            `json:"-"`                 // inline script text, capped at MaxInline (markers such as docsearch config)
	Iframes   []string          `json:"iframes,omitempty"`
	Meta      map[string]string `json:"meta,omitempty"`      // lower-cased name/property/http-equiv -> content
	LinkTags  []LinkTag         `json:"link_tags,omitempty"` // <link> elements
	JSONLD    []string          `json:"jsonld,omitempty"`
	Code      []CodeBlock       `json:"code,omitempty"`
	Canonical string            `json:"canonical,omitempty"`
	Refresh   string            `json:"refresh,omitempty"` // target of a meta refresh, resolved
	BodyIDs   int               `json:"-"`                 // number of elements carrying an id (a hint for deep links)
	DOM       *goquery.Document `json:"-"`
}

// Heading is an h1-h6 with the id a reader can link to (its own, or its anchor child's).
type Heading struct {
	Level int    `json:"level"`
	Text  string `json:"text"`
	ID    string `json:"id,omitempty"`
}

// Link is an <a href> (or <area>) resolved to an absolute URL. Placeholders (href="#",
// javascript:) are dropped at parse time: they are not links to anything.
type Link struct {
	URL     string `json:"url"`            // absolute, fragment kept
	Text    string `json:"text"`           // visible text, else aria-label, else title, else img alt
	Rel     string `json:"rel,omitempty"`  // lower-cased
	Section string `json:"section"`        // nav, header, footer, aside, main or body
	Near    string `json:"near,omitempty"` // id of the nearest preceding heading: the #anchor of the section holding the link
	// NearText is the text of the nearest preceding heading, with or without an id: the
	// context of a link ("Java" above a Maven link) on hand-written pages whose headings
	// have no ids.
	NearText string `json:"near_text,omitempty"`
	Class    string `json:"class,omitempty"`  // the element's class attribute (button-like links, badges)
	Attrs    string `json:"attrs,omitempty"`  // download/data-* hints, compact
	Hidden   bool   `json:"hidden,omitempty"` // inside an element marked hidden/aria-hidden
}

// Form is a <form> with its inputs; forms are recorded, never submitted.
type Form struct {
	Action string  `json:"action,omitempty"`
	Method string  `json:"method,omitempty"`
	Role   string  `json:"role,omitempty"`
	Inputs []Input `json:"inputs,omitempty"`
}

// Input is a form control with the attributes that say what it is for.
type Input struct {
	Tag         string `json:"tag"` // input, textarea, select
	Type        string `json:"type,omitempty"`
	Name        string `json:"name,omitempty"`
	ID          string `json:"id,omitempty"`
	Placeholder string `json:"placeholder,omitempty"`
	Aria        string `json:"aria,omitempty"`
	Class       string `json:"class,omitempty"`
	InForm      bool   `json:"in_form,omitempty"`
}

// LinkTag is a <link> element (alternate, canonical, preconnect, manifest …).
type LinkTag struct {
	Rel      string `json:"rel"`
	Href     string `json:"href"`
	Type     string `json:"type,omitempty"`
	Hreflang string `json:"hreflang,omitempty"`
}

// CodeBlock is a <pre> (or a highlighted <code>) with its declared language.
type CodeBlock struct {
	Lang string `json:"lang,omitempty"`
	Text string `json:"text"`
	Near string `json:"near,omitempty"`
}
