package detectors

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"unsafe"

	"golang.org/x/net/publicsuffix"

	"github.com/portalscan/portalscan/crawler/page"
)

// Site-level detectors: what the crawl as a whole shows about rendering, the corporate
// homepage, the sitemap's coverage, Markdown twins, structured data, speed and accessibility.

func init() {
	Register(ssrDetector{})
	Register(homepageDetector{})
	Register(sitemapCoverageDetector{})
	Register(markdownTwinsDetector{})
	Register(structuredDataDetector{})
	Register(performanceDetector{})
	Register(accessibilityDetector{})
}

// ---------------------------------------------------------------- content without JavaScript

const pracSSR = "disc-ssr-content"

// Thresholds of the SSR practice (visible characters of text).
const (
	ssrText      = 500 // raw text that is clearly content
	ssrShellText = 200 // below this, a page with scripts and an app mount is a shell
)

type ssrDetector struct{}

func (ssrDetector) Doc() Doc {
	return Doc{
		Name:      "ssr-content",
		Practices: []string{pracSSR},
		Looks: "Whether the docs pages carry their text in the raw HTML: for pages the scan rendered, the raw text against the rendered text " +
			"(at least half is fine); pages whose raw HTML is a near-empty JavaScript shell (flagged for rendering, or a few characters of text " +
			"with scripts and an app mount such as #root, #app or #__next); otherwise raw text on the docs pages.",
		Why: "Search snippets, AI crawlers and many agents read the raw HTML only: content that needs JavaScript is invisible to them.",
		Fix: "Pre-render or server-side render the docs (static generation, SSR) so each page's HTML carries its text; render API references from the spec at build time.",
	}
}

func (ssrDetector) Begin(env Env) Run { return &ssrRun{sh: sharedOf(env), good: newPool()} }

type ssrRun struct {
	sh          *shared
	good        pool
	shells      []*candidate
	nGood       int
	nShell      int
	nConsidered int
}

var mountMarkers = [][]byte{[]byte(`id="root"`), []byte(`id="app"`), []byte(`id="__next"`), []byte(`id="__nuxt"`), []byte(`id="___gatsby"`),
	[]byte(`id='root'`), []byte(`id='app'`), []byte(`id=root`), []byte(`id=app`), []byte(`data-reactroot`), []byte(`ng-app`), []byte(`<app-root`)}

// looksShell reports whether a raw page is a JavaScript application shell.
func looksShell(p *page.Page) bool {
	d := p.Doc
	if len(d.Scripts) == 0 && len(d.Inline) < 2048 {
		return false
	}
	b := head(p.Body, 256<<10)
	for _, m := range mountMarkers {
		if bytes.Contains(b, m) {
			return true
		}
	}
	return len(d.Scripts) >= 5 || len(d.Inline) >= 32<<10
}

func (r *ssrRun) Page(p *page.Page) {
	pf := r.sh.facts(p)
	if p.Kind != page.KindPage || !pf.usable {
		return
	}
	why := p.RenderWhy
	if strings.HasPrefix(why, "client-side redirect") {
		return // a redirect page, not content
	}
	raw := p.TextLen
	rendered := p.RenderedLen > 0 && !strings.Contains(why, "(not rendered:")
	if raw == 0 && !rendered {
		raw = p.Doc.TextLen
	}
	snip := pf.title
	var status string // "good", "shell" or "" (too little to say)
	var detail string
	switch {
	case rendered:
		if raw*2 >= p.RenderedLen || p.RenderedLen < ssrShellText {
			status, detail = "good", fmt.Sprintf("raw HTML has %d of the %d characters of text the browser renders", raw, p.RenderedLen)
		} else {
			status, detail = "shell", fmt.Sprintf("raw HTML has %d of the %d characters of text the browser renders", raw, p.RenderedLen)
		}
	case why != "":
		if raw >= ssrText {
			status, detail = "good", fmt.Sprintf("%d characters of text in the raw HTML", raw)
		} else {
			status, detail = "shell", fmt.Sprintf("raw HTML is a JavaScript shell (%s)", clip(why, 120))
		}
	case raw >= ssrText:
		status, detail = "good", fmt.Sprintf("%d characters of text in the raw HTML", raw)
	case raw < ssrShellText && looksShell(p):
		status, detail = "shell", fmt.Sprintf("raw HTML is a JavaScript shell: %d characters of text, %d scripts", raw, len(p.Doc.Scripts))
	case raw >= minDocText:
		status, detail = "good", fmt.Sprintf("%d characters of text in the raw HTML, no application shell", raw)
	}
	switch status {
	case "good":
		r.nGood++
		r.nConsidered++
		r.good.add("", &candidate{ev: Evidence{URL: pf.url, FoundOn: pf.url, Matched: "ssr-content: " + detail, Snippet: clip(snip, 160)}, status: Met, depth: p.Depth})
	case "shell":
		r.nShell++
		r.nConsidered++
		r.shells = append(r.shells, &candidate{ev: Evidence{URL: pf.url, FoundOn: pf.url, Matched: "ssr-content: " + detail, Snippet: clip(snip, 160), Error: detail}, status: NotMet, depth: p.Depth})
	}
}

func (r *ssrRun) Finish(Index) []Finding {
	f := Finding{Practice: pracSSR}
	if r.nConsidered == 0 {
		f.Status, f.Reason, f.Note = NotObservable, ReasonFetchFailed, "no readable docs page was fetched"
		return []Finding{f}
	}
	sort.Slice(r.shells, func(i, j int) bool { return r.shells[i].less(r.shells[j]) })
	var shellURLs []string
	for _, c := range firstCands(r.shells, 5) {
		shellURLs = append(shellURLs, c.ev.URL)
	}
	f.Note = fmt.Sprintf("%d of %d docs pages carry their text in the raw HTML", r.nGood, r.nConsidered)
	if r.nShell > 0 {
		f.Note += fmt.Sprintf("; %d need JavaScript: %s", r.nShell, strings.Join(shellURLs, ", "))
	}
	var good []*candidate
	for _, c := range r.good.m {
		good = append(good, c)
	}
	sort.Slice(good, func(i, j int) bool { return good[i].less(good[j]) })
	switch {
	case r.nShell == 0:
		f.Status = Met
		f.Evidence = evidenceOf(firstCands(good, 3))
	case r.nShell*2 > r.nConsidered || r.nGood == 0:
		f.Status = NotMet
		f.Evidence = evidenceOf(firstCands(r.shells, 5))
	default:
		f.Status = Partial
		f.Evidence = append(evidenceOf(firstCands(good, 2)), evidenceOf(firstCands(r.shells, 3))...)
	}
	return []Finding{f}
}

func firstCands(cs []*candidate, n int) []*candidate {
	if len(cs) > n {
		return cs[:n]
	}
	return cs
}

func evidenceOf(cs []*candidate) []Evidence {
	out := make([]Evidence, 0, len(cs))
	for _, c := range cs {
		out = append(out, c.ev)
	}
	return out
}

// sortedPool returns a pool's candidates, most convincing first.
func sortedPool(pl pool) []*candidate {
	out := make([]*candidate, 0, len(pl.m))
	for _, c := range pl.m {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].less(out[j]) })
	return out
}

// ---------------------------------------------------------------- corporate homepage

const pracHomepage = "disc-entry-from-homepage"

type homepageDetector struct{}

func (homepageDetector) Doc() Doc {
	return Doc{
		Name:      "homepage-entry",
		Practices: []string{pracHomepage},
		Looks: "The corporate homepage (the root of the portal's registrable domain, or of its www host), when the crawl fetched it: a link " +
			"labelled Developers / API / Docs / Developer portal to the portal or to a developer.*, docs.* or api.* host or a /developers, " +
			"/docs or /api path. Not observable when the homepage lies outside the scan.",
		Why: "Evaluators start at the company's website; without a visible route to the portal they assume there is no public API.",
		Fix: "Link the developer portal from the corporate homepage's header or footer (\"Developers\", \"API\").",
	}
}

func (homepageDetector) Begin(env Env) Run {
	r := &homepageRun{sh: sharedOf(env), found: newPool()}
	if u, err := url.Parse(env.StartURL); err == nil && u.Host != "" {
		r.startHost = strings.ToLower(u.Hostname())
		r.startPath = u.Path
		if r.startPath == "" {
			r.startPath = "/"
		}
		r.corp = corporateHosts(r.startHost)
		r.scheme = u.Scheme
	}
	return r
}

type homepageRun struct {
	sh                   *shared
	startHost, startPath string
	scheme               string
	corp                 []string // hosts whose root is the corporate homepage
	fetched              string   // the homepage URL, when fetched
	found                pool
}

// corporateHosts returns the hosts whose root page is the corporate homepage of a portal
// host: its registrable domain and that domain's www host. An IP address or a single-label
// host is its own corporate host.
func corporateHosts(host string) []string {
	if net.ParseIP(host) != nil || !strings.Contains(host, ".") {
		return []string{host}
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return []string{host}
	}
	return []string{d, "www." + d}
}

var devLinkText = regexp.MustCompile(`(?i)^\W*(?:developers?|for developers|developer (?:portal|hub|center|centre|platform|docs|documentation)|api(?:s| docs| documentation| portal| platform)?|docs|documentation|dev portal|build with [\p{L}\d .-]+|entwickler(?:portal)?|développeurs|desarrolladores|desenvolvedores|ontwikkelaars|sviluppatori|разработчик(?:ам|ов|и)|для разработчиков|документация)\W*$`)

var devHost = regexp.MustCompile(`^(?:developers?|dev|docs|api|apis|devportal|portal|devs|developer-portal)[.-]`)

var devPath = regexp.MustCompile(`(?i)^/(?:[a-z]{2}(?:-[a-z]{2})?/)?(?:developers?|developer-portal|docs|documentation|api|apis|dev|devportal)(?:/|$)`)

func (r *homepageRun) isHomepage(u string) bool {
	pu, err := url.Parse(u)
	if err != nil || (pu.Path != "" && pu.Path != "/") {
		return false
	}
	h := strings.ToLower(pu.Hostname())
	for _, c := range r.corp {
		if h == c {
			return true
		}
	}
	return false
}

func (r *homepageRun) Page(p *page.Page) {
	if p.Kind != page.KindPage || r.startHost == "" {
		return
	}
	pf := r.sh.facts(p)
	if !pf.usable || !r.isHomepage(pf.url) {
		return
	}
	// The portal's own root on an IP or single-label host is no corporate homepage.
	if hostOf(pf.url) == r.startHost && r.startPath == "/" && len(r.corp) == 1 {
		return
	}
	r.fetched = pf.url
	for i := range pf.links {
		l := &pf.links[i]
		if !l.count || l.self || !linkScheme(l.URL) || strings.HasPrefix(l.URL, "mailto:") {
			continue
		}
		toPortal := l.host == r.startHost && r.startPath != "/" && strings.HasPrefix(l.path, strings.ToLower(r.startPath))
		devish := toPortal || devHost.MatchString(l.host) || (l.host == hostOf(pf.url) && devPath.MatchString(l.path))
		if !devish {
			continue
		}
		if !toPortal && !devLinkText.MatchString(l.text) {
			continue
		}
		if sameURL(l.URL, pf.url) {
			continue
		}
		r.found.add("", &candidate{ev: Evidence{URL: l.URL, FoundOn: pf.url, Matched: "homepage-entry: " + clip(l.text, 60), Snippet: clip(l.text, 120)}, status: Met, prio: l.rank, depth: p.Depth})
	}
}

func sameURL(a, b string) bool {
	return strings.TrimSuffix(stripFragment(a), "/") == strings.TrimSuffix(stripFragment(b), "/")
}

func (r *homepageRun) Finish(Index) []Finding {
	f := Finding{Practice: pracHomepage}
	switch {
	case len(r.found.m) > 0:
		f.Status = Met
		f.Evidence = evidenceOf(firstCands(sortedPool(r.found), 3))
	case r.fetched != "":
		f.Status = NotMet
		f.Note = "the corporate homepage " + r.fetched + " links to no developer portal, API or docs page"
	default:
		home := ""
		if len(r.corp) > 0 && r.scheme != "" {
			home = r.scheme + "://" + r.corp[len(r.corp)-1] + "/"
		}
		f.Status, f.Reason = NotObservable, ReasonManual
		f.Note = "the corporate homepage " + home + " was not part of the scan: open it and look for a Developers or API link"
	}
	return []Finding{f}
}

// ---------------------------------------------------------------- sitemap coverage

const maxSitemapLocs = 50000

type sitemapCoverageDetector struct{}

func (sitemapCoverageDetector) Doc() Doc {
	return Doc{
		Name:      "sitemap-coverage",
		Practices: []string{"disc-sitemap"},
		Looks: "The valid sitemaps the crawl fetched (the sitemap check): which of the docs pages reached by links are listed in them " +
			"(the coverage is evidence and a note; a valid sitemap keeps the practice met).",
		Why: "Pages missing from the sitemap are found by search engines and AI crawlers only through links, if at all.",
		Fix: "Generate the sitemap from the docs build so every published page is listed, and keep it in step with redirects.",
	}
}

func (sitemapCoverageDetector) Begin(env Env) Run {
	return &sitemapCoverageRun{listed: map[string]bool{}}
}

type sitemapCoverageRun struct {
	maps   []string        // valid sitemaps fetched
	listed map[string]bool // <loc> URLs
	failed bool
}

func (r *sitemapCoverageRun) Page(p *page.Page) {
	if p.Kind != page.KindSitemap || !p.OK() {
		return
	}
	if ok, _, _ := checkSitemap(p); !ok {
		r.failed = true
		return
	}
	r.maps = append(r.maps, p.URL)
	for _, l := range sitemapLocs(p.Body) {
		if len(r.listed) >= maxSitemapLocs {
			break
		}
		r.listed[strings.TrimSuffix(stripFragment(l), "/")] = true
	}
}

// sitemapLocs returns the absolute URLs a sitemap (XML urlset or index, gzip or not, or a
// text sitemap) lists.
func sitemapLocs(body []byte) []string {
	if bytes.HasPrefix(body, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil
		}
		b, _ := io.ReadAll(io.LimitReader(zr, 50<<20))
		body = b
	}
	trim := bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	var out []string
	if len(trim) > 0 && trim[0] != '<' {
		for _, l := range strings.Split(string(trim), "\n") {
			if l = strings.TrimSpace(l); absHTTP(l) {
				out = append(out, l)
			}
		}
		return out
	}
	dec := xml.NewDecoder(bytes.NewReader(trim))
	dec.Strict = false
	in := false
	var loc strings.Builder
	for len(out) < maxSitemapLocs {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "loc" {
				in = true
				loc.Reset()
			}
		case xml.CharData:
			if in {
				loc.Write(t)
			}
		case xml.EndElement:
			if t.Name.Local == "loc" && in {
				in = false
				if l := strings.TrimSpace(loc.String()); absHTTP(l) {
					out = append(out, l)
				}
			}
		}
	}
	return out
}

func (r *sitemapCoverageRun) Finish(idx Index) []Finding {
	f := Finding{Practice: "disc-sitemap", Status: NotMet}
	if len(r.maps) == 0 || idx == nil {
		return []Finding{f}
	}
	sort.Strings(r.maps)
	// The listed URLs, as the crawl knows them (aliases and redirects resolved).
	listed := map[string]bool{}
	for l := range r.listed {
		listed[l] = true
		if fe, ok := idx.Lookup(l); ok {
			listed[strings.TrimSuffix(stripFragment(fe.URL), "/")] = true
			if fe.FinalURL != "" {
				listed[strings.TrimSuffix(stripFragment(fe.FinalURL), "/")] = true
			}
		}
	}
	var total, in int
	var missing []string
	for _, fe := range idx.Pages() {
		if fe.Kind != page.KindPage || !fe.OK() || fe.Via == "sitemap" || !page.IsHTML(fe.ContentType, nil) && fe.TextLen == 0 {
			continue
		}
		total++
		u := strings.TrimSuffix(stripFragment(fe.URL), "/")
		fu := strings.TrimSuffix(stripFragment(fe.FinalURL), "/")
		if listed[u] || fu != "" && listed[fu] {
			in++
		} else {
			missing = append(missing, fe.URL)
		}
	}
	f.Status = Met
	m := fmt.Sprintf("sitemap-coverage: %d URLs listed", len(r.listed))
	if total > 0 {
		m = fmt.Sprintf("sitemap-coverage: %d of %d docs pages reached by links are listed (%.0f%%)", in, total, 100*float64(in)/float64(total))
		sort.Strings(missing)
		f.Note = fmt.Sprintf("sitemap lists %d of the %d docs pages reached by links", in, total)
		if len(missing) > 0 {
			f.Note += "; not listed: " + strings.Join(firstN(missing, 5), ", ")
			if len(missing) > 5 {
				f.Note += fmt.Sprintf(" and %d more", len(missing)-5)
			}
		}
	}
	f.Evidence = []Evidence{{URL: r.maps[0], FoundOn: r.maps[0], Matched: m}}
	return []Finding{f}
}

// ---------------------------------------------------------------- Markdown twins

const pracMarkdownTwins = "ai-markdown-twins"

type markdownTwinsDetector struct{}

func (markdownTwinsDetector) Doc() Doc {
	return Doc{
		Name:      "markdown-twins",
		Practices: []string{pracMarkdownTwins},
		Looks: "Markdown versions of the docs pages: Markdown files (.md, text/markdown) the crawl fetched that are Markdown and not HTML, " +
			"and the pages declaring one (<link rel=\"alternate\" type=\"text/markdown\">, a .md link labelled Markdown or sharing the page's path). " +
			"Met when twins were fetched and valid and most pages declare one; partial for some twins or twins declared but not fetched.",
		Why: "Agents read a page's Markdown twin instead of parsing HTML: cheaper, and nothing of the content is lost to layout.",
		Fix: "Publish a .md twin of every docs page (most generators can emit them) and declare it with <link rel=\"alternate\" type=\"text/markdown\">.",
	}
}

func (markdownTwinsDetector) Begin(env Env) Run {
	return &markdownTwinsRun{sh: sharedOf(env), declared: map[string]string{}, valid: newPool(), invalid: map[string]string{}}
}

type markdownTwinsRun struct {
	sh       *shared
	pages    int
	declared map[string]string // twin URL -> declaring page
	valid    pool
	invalid  map[string]string // twin URL -> why it is not Markdown
}

var mdLinkText = regexp.MustCompile(`(?i)markdown|\.md\b|raw source`)

func isMarkdownPath(p string) bool {
	return strings.HasSuffix(p, ".md") || strings.HasSuffix(p, ".mdx") || strings.HasSuffix(p, ".markdown")
}

// checkMarkdown says whether a non-HTML body is Markdown text.
func checkMarkdown(p *page.Page) (bool, string) {
	if isHTMLBody(p) {
		return false, "an HTML page, not Markdown"
	}
	b := head(p.Body, maxSniff)
	if len(bytes.TrimSpace(b)) == 0 {
		return false, "empty body"
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return false, "binary body"
	}
	fl := firstLine(b)
	if strings.HasPrefix(fl, "#") || strings.HasPrefix(fl, "---") || bytes.Contains(b, []byte("\n#")) || mdLink.Match(b) || bytes.Contains(b, []byte("\n```")) {
		return true, ""
	}
	return false, "no Markdown headings, links or code fences"
}

func (r *markdownTwinsRun) Page(p *page.Page) {
	pf := r.sh.facts(p)
	if p.Doc == nil {
		if !p.OK() {
			return
		}
		ct := strings.ToLower(p.ContentType)
		if !isMarkdownPath(pf.path) && !strings.Contains(ct, "markdown") {
			return
		}
		if p.Kind == page.KindLLMS || p.Kind == page.KindLLMSFull {
			return
		}
		if ok, why := checkMarkdown(p); ok {
			r.valid.add("", &candidate{ev: Evidence{URL: pf.url, FoundOn: firstNonEmpty(p.FoundOn, pf.url), Matched: "markdown-twins: Markdown served at " + clip(pf.path, 80), Snippet: clip(firstLine(p.Body), 120)}, status: Met, depth: p.Depth})
		} else {
			r.invalid[pf.url] = why
		}
		return
	}
	if p.Kind != page.KindPage || !pf.usable {
		return
	}
	r.pages++
	declared := ""
	for _, lt := range p.Doc.LinkTags {
		if strings.Contains(strings.ToLower(lt.Rel), "alternate") && strings.Contains(strings.ToLower(lt.Type), "markdown") {
			declared = resolveRef(pf.url, lt.Href)
			break
		}
	}
	if declared == "" {
		twinPath := strings.TrimSuffix(pf.path, "/")
		for i := range pf.links {
			l := &pf.links[i]
			if !isMarkdownPath(l.path) || l.host != hostOf(pf.url) {
				continue
			}
			if mdLinkText.MatchString(l.text) || twinPath != "" && (l.path == twinPath+".md" || l.path == twinPath+"/index.md") {
				declared = l.URL
				break
			}
		}
	}
	if declared != "" {
		if _, ok := r.declared[declared]; !ok {
			r.declared[declared] = pf.url
		}
	}
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func (r *markdownTwinsRun) Finish(idx Index) []Finding {
	f := Finding{Practice: pracMarkdownTwins, Status: NotMet}
	valid := sortedPool(r.valid)
	nDecl := len(r.declared)
	var unfetched []string
	for tw := range r.declared {
		if idx == nil {
			unfetched = append(unfetched, tw)
			continue
		}
		if _, ok := idx.Lookup(tw); !ok {
			unfetched = append(unfetched, tw)
		}
	}
	sort.Strings(unfetched)
	f.Note = fmt.Sprintf("%d of %d docs pages declare a Markdown twin; %d Markdown files fetched", nDecl, r.pages, len(valid))
	if len(r.invalid) > 0 {
		var bad []string
		for u, why := range r.invalid {
			bad = append(bad, u+": "+why)
		}
		sort.Strings(bad)
		f.Note += "; not Markdown: " + strings.Join(firstN(bad, 3), "; ")
	}
	switch {
	case len(valid) > 0 && r.pages > 0 && (nDecl*2 >= r.pages || len(valid)*2 >= r.pages):
		f.Status = Met
		f.Evidence = evidenceOf(firstCands(valid, 3))
	case len(valid) > 0:
		f.Status = Partial
		f.Evidence = evidenceOf(firstCands(valid, 3))
	case len(unfetched) > 0:
		f.Status = Partial
		for _, tw := range firstN(unfetched, 3) {
			f.Evidence = append(f.Evidence, Evidence{URL: tw, FoundOn: r.declared[tw], Matched: "markdown-twins: declared, not fetched"})
		}
		f.Note += "; declared twins were not fetched, so they are unverified"
	}
	return []Finding{f}
}

// ---------------------------------------------------------------- structured data

const pracStructured = "disc-structured-data"

type structuredDataDetector struct{}

func (structuredDataDetector) Doc() Doc {
	return Doc{
		Name:      "structured-data",
		Practices: []string{pracStructured},
		Looks: "schema.org JSON-LD on the portal's pages that parses as JSON and names an @type (WebAPI, TechArticle, BreadcrumbList, FAQPage, " +
			"Organization …, inside @graph too); blocks that do not parse are noted, not counted.",
		Why: "Structured data makes the portal's pages understandable to search engines and agents.",
		Fix: "Emit JSON-LD for the organisation, the API (WebAPI with documentation and termsOfService) and article pages, and validate it.",
	}
}

func (structuredDataDetector) Begin(env Env) Run {
	return &structuredRun{sh: sharedOf(env), found: newPool(), types: map[string]int{}}
}

type structuredRun struct {
	sh      *shared
	found   pool
	types   map[string]int
	invalid []string
}

// jsonLDTypes collects the @type values of a decoded JSON-LD value (objects, arrays, @graph).
func jsonLDTypes(v any, out map[string]bool, depth int) {
	if depth > 8 {
		return
	}
	switch x := v.(type) {
	case map[string]any:
		switch t := x["@type"].(type) {
		case string:
			out[t] = true
		case []any:
			for _, e := range t {
				if s, ok := e.(string); ok {
					out[s] = true
				}
			}
		}
		for k, e := range x {
			if k == "@type" || k == "@context" {
				continue
			}
			jsonLDTypes(e, out, depth+1)
		}
	case []any:
		for _, e := range x {
			jsonLDTypes(e, out, depth+1)
		}
	}
}

func (r *structuredRun) Page(p *page.Page) {
	pf := r.sh.facts(p)
	if !pf.usable || len(p.Doc.JSONLD) == 0 {
		return
	}
	types := map[string]bool{}
	for _, j := range p.Doc.JSONLD {
		var v any
		if err := json.Unmarshal([]byte(strings.TrimSpace(j)), &v); err != nil {
			if len(r.invalid) < 5 {
				r.invalid = append(r.invalid, pf.url)
			}
			continue
		}
		jsonLDTypes(v, types, 0)
	}
	if len(types) == 0 {
		return
	}
	var ts []string
	for t := range types {
		ts = append(ts, t)
		r.types[t]++
	}
	sort.Strings(ts)
	r.found.add("", &candidate{ev: Evidence{URL: pf.url, FoundOn: pf.url, Matched: "structured-data: JSON-LD " + clip(strings.Join(ts, ", "), 100), Snippet: clip(page.Fold(p.Doc.JSONLD[0]), 120)}, status: Met, depth: p.Depth})
}

func (r *structuredRun) Finish(Index) []Finding {
	f := Finding{Practice: pracStructured, Status: NotMet}
	if len(r.found.m) > 0 {
		f.Status = Met
		f.Evidence = evidenceOf(firstCands(sortedPool(r.found), 3))
		var ts []string
		for t, n := range r.types {
			ts = append(ts, fmt.Sprintf("%s (%d pages)", t, n))
		}
		sort.Strings(ts)
		f.Note = "schema.org types: " + strings.Join(firstN(ts, 8), ", ")
	}
	if len(r.invalid) > 0 {
		sort.Strings(r.invalid)
		if f.Note != "" {
			f.Note += "; "
		}
		f.Note += "JSON-LD that does not parse on " + strings.Join(r.invalid, ", ")
	}
	return []Finding{f}
}

// ---------------------------------------------------------------- performance

const pracPerformance = "qual-performance"

// Thresholds of the performance proxy.
const (
	perfMedianMS  = 800       // median response time for met
	perfP90MS     = 2500      // 90th percentile for met
	perfPartialMS = 2000      // median for partial
	perfMaxHTML   = 512 << 10 // median HTML weight for met
)

type performanceDetector struct{}

func (performanceDetector) Doc() Doc {
	return Doc{
		Name:      "performance",
		Practices: []string{pracPerformance},
		Looks: "A server-side proxy for page speed over the crawled HTML pages: the median and 90th-percentile response time (rendering " +
			"excluded) and the median HTML weight and script count. Core Web Vitals (LCP, CLS, INP) need a browser audit such as Lighthouse.",
		Why: "Slow docs lose readers between search result and answer, and search engines rank them lower.",
		Fix: "Serve the docs statically from a CDN, keep pages light (few scripts, compressed HTML) and audit them with Lighthouse.",
	}
}

func (performanceDetector) Begin(env Env) Run {
	return &performanceRun{sh: sharedOf(env), best: newPool()}
}

type performanceRun struct {
	sh      *shared
	ms      []int64
	sizes   []int
	scripts []int
	best    pool
}

func (r *performanceRun) Page(p *page.Page) {
	pf := r.sh.facts(p)
	if p.Kind != page.KindPage || !pf.usable {
		return
	}
	if p.RenderedLen == 0 {
		r.ms = append(r.ms, p.DurationMS)
	}
	size := int(p.Size)
	if size == 0 {
		size = len(p.Body)
	}
	r.sizes = append(r.sizes, size)
	r.scripts = append(r.scripts, len(p.Doc.Scripts))
	r.best.add("", &candidate{ev: Evidence{URL: pf.url, FoundOn: pf.url, Matched: fmt.Sprintf("performance: %d ms, %d KB of HTML, %d scripts", p.DurationMS, size>>10, len(p.Doc.Scripts))}, status: Met, depth: p.Depth})
}

func percentile[T int | int64](v []T, q float64) T {
	s := append([]T(nil), v...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[int(q*float64(len(s)-1))]
}

func (r *performanceRun) Finish(Index) []Finding {
	f := Finding{Practice: pracPerformance, Status: NotMet}
	if len(r.sizes) == 0 {
		f.Status, f.Reason, f.Note = NotObservable, ReasonFetchFailed, "no HTML page was fetched"
		return []Finding{f}
	}
	size, scripts := percentile(r.sizes, 0.5), percentile(r.scripts, 0.5)
	var med, p90 int64 = -1, -1
	if len(r.ms) > 0 {
		med, p90 = percentile(r.ms, 0.5), percentile(r.ms, 0.9)
	}
	summary := fmt.Sprintf("%d pages: median HTML %d KB, median %d scripts", len(r.sizes), size>>10, scripts)
	if med >= 0 {
		summary = fmt.Sprintf("%d pages: median response %d ms (90th percentile %d ms), median HTML %d KB, median %d scripts", len(r.sizes), med, p90, size>>10, scripts)
	}
	f.Note = summary + "; Core Web Vitals need a browser audit"
	fast := med < 0 || med <= perfMedianMS && p90 <= perfP90MS
	switch {
	case fast && size <= perfMaxHTML:
		f.Status = Met
	case med < 0 || med <= perfPartialMS:
		f.Status = Partial
	default:
		return []Finding{f}
	}
	ev := evidenceOf(firstCands(sortedPool(r.best), 1))
	ev[0].Matched = "performance: " + summary
	f.Evidence = ev
	return []Finding{f}
}

// ---------------------------------------------------------------- accessibility

const pracA11y = "qual-accessibility"

type accessibilityDetector struct{}

func (accessibilityDetector) Doc() Doc {
	return Doc{
		Name:      "accessibility",
		Practices: []string{pracA11y},
		Looks: "WCAG basics the raw HTML shows, per docs page: a lang attribute, a title, a main landmark (<main> or role=main) and alt text " +
			"on images; skip links are noted. Met when at least 80% of pages pass, partial from 50%. Contrast and keyboard focus need a browser audit.",
		Why: "Accessible docs serve readers with screen readers or keyboards, and the same structure helps search engines and agents.",
		Fix: "Declare the page language, wrap the content in <main>, give every informative image alt text and add a skip link; audit with axe or Lighthouse.",
	}
}

func (accessibilityDetector) Begin(env Env) Run {
	return &accessibilityRun{sh: sharedOf(env), pass: newPool()}
}

type accessibilityRun struct {
	sh                                 *shared
	n, lang, title, main, passed, skip int
	imgs, alts                         int
	pass                               pool
}

var skipLinkText = regexp.MustCompile(`(?i)^\W*(?:skip (?:to|navigation)|jump to (?:main )?content|zum (?:haupt)?inhalt|aller au contenu|saltar al contenido|pular para o conteúdo|naar (?:de )?(?:hoofd)?inhoud|vai al contenuto|перейти к (?:основному )?содержимому)`)

// imageAlts counts <img> tags in a raw body and those with an alt attribute.
func imageAlts(body []byte) (imgs, alts int) {
	b := body
	for {
		i := bytes.Index(b, []byte("<img"))
		if j := bytes.Index(b, []byte("<IMG")); j >= 0 && (i < 0 || j < i) {
			i = j
		}
		if i < 0 {
			return
		}
		b = b[i+4:]
		if len(b) > 0 && (b[0] == ' ' || b[0] == '\n' || b[0] == '\t' || b[0] == '/' || b[0] == '>') {
			end := bytes.IndexByte(b, '>')
			if end < 0 {
				end = len(b)
			}
			tag := bytes.ToLower(b[:end])
			imgs++
			if bytes.Contains(tag, []byte(" alt=")) || bytes.Contains(tag, []byte(" alt ")) || bytes.HasSuffix(bytes.TrimRight(tag, "/ "), []byte(" alt")) ||
				bytes.Contains(tag, []byte("\nalt=")) || bytes.Contains(tag, []byte(`aria-hidden="true"`)) || bytes.Contains(tag, []byte(`role="presentation"`)) {
				alts++
			}
		}
	}
}

func hasMainLandmark(body []byte) bool {
	return bytes.Contains(body, []byte("<main")) || bytes.Contains(body, []byte("<MAIN")) || bytes.Contains(body, []byte(`role="main"`)) || bytes.Contains(body, []byte(`role=main`))
}

func (r *accessibilityRun) Page(p *page.Page) {
	pf := r.sh.facts(p)
	if p.Kind != page.KindPage || !pf.usable {
		return
	}
	r.n++
	d := p.Doc
	ok := true
	if d.Lang != "" {
		r.lang++
	} else {
		ok = false
	}
	if strings.TrimSpace(d.Title) != "" {
		r.title++
	} else {
		ok = false
	}
	if hasMainLandmark(p.Body) {
		r.main++
	} else {
		ok = false
	}
	imgs, alts := 0, 0
	if ix := pageIndex(unsafe.String(unsafe.SliceData(p.Body), len(p.Body))); ix.mayContain("<img") || ix.mayContain("<IMG") {
		imgs, alts = imageAlts(p.Body)
	}
	r.imgs += imgs
	r.alts += alts
	if imgs > 0 && alts*10 < imgs*9 {
		ok = false
	}
	for i := range pf.links {
		// A skip link points into the page itself.
		if l := &pf.links[i]; l.self && len(l.text) < 60 && skipLinkText.MatchString(l.text) {
			r.skip++
			break
		}
	}
	if ok {
		r.passed++
		r.pass.add("", &candidate{ev: Evidence{URL: pf.url, FoundOn: pf.url, Matched: fmt.Sprintf("accessibility: lang=%s, title, main landmark, %d of %d images with alt text", clip(d.Lang, 12), alts, imgs), Snippet: clip(d.Title, 120)}, status: Met, depth: p.Depth})
	}
}

func (r *accessibilityRun) Finish(Index) []Finding {
	f := Finding{Practice: pracA11y, Status: NotMet}
	if r.n == 0 {
		f.Status, f.Reason, f.Note = NotObservable, ReasonFetchFailed, "no readable page was fetched"
		return []Finding{f}
	}
	pct := func(k int) float64 { return 100 * float64(k) / float64(r.n) }
	f.Note = fmt.Sprintf("%d pages: %.0f%% declare a language, %.0f%% have a title, %.0f%% a main landmark; %d of %d images have alt text; skip links on %d pages; contrast and keyboard focus need a browser audit",
		r.n, pct(r.lang), pct(r.title), pct(r.main), r.alts, r.imgs, r.skip)
	switch {
	case r.passed*5 >= r.n*4:
		f.Status = Met
	case r.passed*2 >= r.n:
		f.Status = Partial
	default:
		return []Finding{f}
	}
	f.Evidence = evidenceOf(firstCands(sortedPool(r.pass), 3))
	return []Finding{f}
}
