// Package detectortest turns a directory of HTML (a fixture portal, or a built site) into
// a crawl snapshot the detectors can run on, without a network: a small breadth-first
// crawler over an in-memory server that answers like GitHub Pages (and like a fixture's
// _server.json says), recording redirects, statuses and kinds as the real crawler would.
//
// Fixture directory layout: files map to URL paths under the base URL (dir/index.html
// answers dir/); an optional _server.json maps a request path to a special response:
//
//	{
//	  "/pricing/":  {"status": 302, "location": "/login?next=/pricing/"},
//	  "/reference/": {"status": 401, "file": "denied.html"},
//	  "/login":     {"status": 200, "file": "login.html", "headers": {"Cache-Control": "no-store"}}
//	}
//
// status defaults to 200 when a file is given; location makes a redirect (resolved against
// the request); file is relative to the fixture directory; headers are added to the response.
package detectortest

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/portalscan/portalscan/crawler/page"
	"github.com/portalscan/portalscan/detectors"
)

// Special is one entry of a fixture's _server.json.
type Special struct {
	Status   int               `json:"status"`
	Location string            `json:"location,omitempty"`
	File     string            `json:"file,omitempty"`
	Headers  map[string]string `json:"headers,omitempty"`
}

// ServerFile is the name of the file describing special responses in a fixture directory.
const ServerFile = "_server.json"

// Response is what the in-memory server answers.
type Response struct {
	Status      int
	Location    string
	ContentType string
	Headers     map[string]string
	Body        []byte
}

// Site serves one portal from a directory the way GitHub Pages does: /x answers with x,
// else x.html, else a 301 to x/ when x/index.html exists; x/ answers x/index.html; 404.html
// is the not-found page. Paths outside Prefix answer 404.
type Site struct {
	Root    string             // directory holding the files
	Prefix  string             // URL path the site is served under ("/" or "/project/")
	Special map[string]Special // by request path (with query, else without)
}

// LoadSite reads a directory and its _server.json (if any).
func LoadSite(root, prefix string) (*Site, error) {
	if prefix == "" {
		prefix = "/"
	}
	if !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	s := &Site{Root: root, Prefix: prefix}
	b, err := os.ReadFile(filepath.Join(root, ServerFile))
	switch {
	case err == nil:
		if err := json.Unmarshal(b, &s.Special); err != nil {
			return nil, fmt.Errorf("%s: %w", ServerFile, err)
		}
	case !os.IsNotExist(err):
		return nil, err
	}
	return s, nil
}

func contentType(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".html", ".htm":
		return "text/html; charset=utf-8"
	case ".txt", ".md":
		return "text/plain; charset=utf-8"
	case ".xml":
		return "application/xml"
	case ".json":
		return "application/json"
	case ".yaml", ".yml":
		return "application/yaml"
	case ".gz":
		return "application/gzip"
	case "":
		return "application/octet-stream"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

func (s *Site) file(rel string) ([]byte, bool) {
	if strings.Contains(rel, "..") {
		return nil, false
	}
	fi, err := os.Stat(filepath.Join(s.Root, filepath.FromSlash(rel)))
	if err != nil || fi.IsDir() {
		return nil, false
	}
	b, err := os.ReadFile(filepath.Join(s.Root, filepath.FromSlash(rel)))
	return b, err == nil
}

func (s *Site) notFound() Response {
	r := Response{Status: 404, ContentType: "text/html; charset=utf-8", Body: []byte("<!doctype html><title>Not found</title><h1>404</h1>")}
	if b, ok := s.file(strings.TrimPrefix(s.Prefix, "/") + "404.html"); ok {
		r.Body = b
	} else if b, ok := s.file("404.html"); ok {
		r.Body = b
	}
	return r
}

// Serve answers a request for a path (with an optional query).
func (s *Site) Serve(reqPath string) Response {
	p, _, _ := strings.Cut(reqPath, "?")
	sp, ok := s.Special[reqPath]
	if !ok {
		sp, ok = s.Special[p]
	}
	if ok {
		r := Response{Status: sp.Status, Location: sp.Location, Headers: sp.Headers}
		if sp.File != "" {
			b, ok := s.file(sp.File)
			if !ok {
				return Response{Status: 500, Body: []byte("fixture file missing: " + sp.File)}
			}
			r.Body, r.ContentType = b, contentType(sp.File)
			if r.Status == 0 {
				r.Status = 200
			}
		}
		if r.Status == 0 {
			r.Status = 200
		}
		if ct, ok := sp.Headers["Content-Type"]; ok {
			r.ContentType = ct
		}
		return r
	}
	if !strings.HasPrefix(p, s.Prefix) {
		if p+"/" == s.Prefix {
			return Response{Status: 301, Location: s.Prefix}
		}
		return s.notFound()
	}
	rel, err := url.PathUnescape(strings.TrimPrefix(p, s.Prefix))
	if err != nil {
		return s.notFound()
	}
	if rel == "" || strings.HasSuffix(rel, "/") {
		if b, ok := s.file(rel + "index.html"); ok {
			return Response{Status: 200, ContentType: "text/html; charset=utf-8", Body: b}
		}
		return s.notFound()
	}
	if b, ok := s.file(rel); ok {
		return Response{Status: 200, ContentType: contentType(rel), Body: b}
	}
	if b, ok := s.file(rel + ".html"); ok {
		return Response{Status: 200, ContentType: "text/html; charset=utf-8", Body: b}
	}
	if _, ok := s.file(rel + "/index.html"); ok {
		return Response{Status: 301, Location: p + "/"}
	}
	return s.notFound()
}

// Options shape a crawl.
type Options struct {
	Base     string   // scheme://host[:port] the site is served on, e.g. "http://127.0.0.1:8080"
	Start    string   // start path, e.g. "/" or "/docs/"
	Aliases  []string // hosts whose absolute links mean the served site
	MaxPages int      // page budget (known files do not count); 0 means 500
	Probes   []string // known-file paths fetched besides the pages; nil means DefaultProbes(Start)
}

// DefaultProbes lists the known files a crawl fetches, as the scanner does: robots.txt at
// the host root; sitemaps, llms.txt, llms-full.txt, security.txt, the API catalog and the
// usual OpenAPI locations at the root and under the start path.
func DefaultProbes(start string) []string {
	bases := []string{"/"}
	if start != "" && start != "/" {
		dir := start
		if !strings.HasSuffix(dir, "/") {
			dir = path.Dir(dir) + "/"
		}
		if dir != "/" {
			bases = append(bases, dir)
		}
	}
	ps := []string{"/robots.txt"}
	for _, b := range bases {
		for _, f := range []string{"sitemap.xml", "sitemap_index.xml", "llms.txt", "llms-full.txt", ".well-known/security.txt",
			".well-known/api-catalog", "openapi.json", "openapi.yaml", "swagger.json", "v3/api-docs", "api-docs"} {
			ps = append(ps, b+f)
		}
	}
	return ps
}

// Snapshot is a finished crawl: every fetch with its body, in completion order.
type Snapshot struct {
	Pages []*page.Page // Doc is nil: Run parses HTML again, as a re-score of a stored snapshot would
	idx   *Index
}

// Index implements detectors.Index over a snapshot.
type Index struct {
	host    string
	aliases map[string]bool
	byKey   map[string]*page.Fetch
	all     []*page.Fetch
}

func (ix *Index) rewrite(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	if ix.aliases[strings.ToLower(u.Hostname())] {
		base, _ := url.Parse(ix.host)
		u.Scheme, u.Host = base.Scheme, base.Host
	}
	u.Fragment, u.RawFragment = "", ""
	return u.String()
}

// Lookup implements detectors.Index.
func (ix *Index) Lookup(u string) (*page.Fetch, bool) {
	f, ok := ix.byKey[ix.rewrite(u)]
	return f, ok
}

// InScope implements detectors.Index: same scheme and host as the base (aliases rewritten).
func (ix *Index) InScope(u string) bool {
	r, err := url.Parse(ix.rewrite(u))
	if err != nil || (r.Scheme != "http" && r.Scheme != "https") {
		return false
	}
	base, _ := url.Parse(ix.host)
	return strings.EqualFold(r.Host, base.Host)
}

// Pages implements detectors.Index.
func (ix *Index) Pages() []*page.Fetch { return ix.all }

func (ix *Index) add(f *page.Fetch) {
	ix.all = append(ix.all, f)
	for _, u := range []string{f.URL, f.FinalURL} {
		if u == "" {
			continue
		}
		k := ix.rewrite(u)
		if _, ok := ix.byKey[k]; !ok {
			ix.byKey[k] = f
		}
	}
}

// Index returns the snapshot's index.
func (s *Snapshot) Index() *Index { return s.idx }

var skipExt = map[string]bool{
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".svg": true, ".ico": true, ".webp": true, ".pdf": true,
	".zip": true, ".gz": true, ".tgz": true, ".tar": true, ".woff": true, ".woff2": true, ".ttf": true, ".eot": true,
	".mp4": true, ".webm": true, ".mp3": true, ".css": true, ".js": true, ".map": true, ".key": true, ".exe": true, ".dmg": true,
}

// kindOf says why a URL is fetched, from its path.
func kindOf(p string) page.Kind {
	base := strings.ToLower(path.Base(p))
	switch {
	case strings.HasSuffix(p, "/.well-known/security.txt"):
		return page.KindSecurityTxt
	case strings.HasSuffix(p, "/.well-known/api-catalog"):
		return page.KindAPICatalog
	case base == "robots.txt":
		return page.KindRobots
	case base == "llms.txt":
		return page.KindLLMS
	case base == "llms-full.txt":
		return page.KindLLMSFull
	case strings.HasPrefix(base, "sitemap") && (strings.HasSuffix(base, ".xml") || strings.HasSuffix(base, ".txt") || strings.HasSuffix(base, ".xml.gz")):
		return page.KindSitemap
	}
	switch path.Ext(base) {
	case ".json", ".yaml", ".yml":
		return page.KindSpec
	}
	if base == "api-docs" {
		return page.KindSpec
	}
	return page.KindPage
}

var sitemapLoc = regexp.MustCompile(`<loc>\s*([^<\s]+)\s*</loc>`)

type job struct {
	url, foundOn, via string
	depth             int
	kind              page.Kind
}

// Crawl fetches the site breadth-first from the start path, following in-scope links
// (aliases mean the site itself), plus the known-file probes and robots.txt Sitemap lines.
func Crawl(site *Site, o Options) *Snapshot {
	if o.MaxPages == 0 {
		o.MaxPages = 500
	}
	if o.Start == "" {
		o.Start = site.Prefix
	}
	base := strings.TrimSuffix(o.Base, "/")
	idx := &Index{host: base, aliases: map[string]bool{}, byKey: map[string]*page.Fetch{}}
	for _, a := range o.Aliases {
		idx.aliases[strings.ToLower(a)] = true
	}
	snap := &Snapshot{idx: idx}
	seen := map[string]bool{}
	var queue []job
	push := func(j job) {
		k := idx.rewrite(j.url)
		if seen[k] {
			return
		}
		seen[k] = true
		j.url = k
		queue = append(queue, j)
	}
	push(job{url: base + o.Start, via: "start", kind: page.KindPage})
	probes := o.Probes
	if probes == nil {
		probes = DefaultProbes(o.Start)
	}
	for _, p := range probes {
		push(job{url: base + p, via: "probe", kind: kindOf(p)})
	}
	pages := 0
	for len(queue) > 0 {
		j := queue[0]
		queue = queue[1:]
		if j.kind == page.KindPage {
			if pages >= o.MaxPages {
				continue
			}
			pages++
		}
		p := fetch(site, idx, j)
		p.Seq = len(snap.Pages) + 1
		snap.Pages = append(snap.Pages, p)
		idx.add(&p.Fetch)
		if !p.OK() {
			continue
		}
		switch {
		case p.Kind == page.KindRobots:
			for _, l := range strings.Split(string(p.Body), "\n") {
				k, v, ok := strings.Cut(l, ":")
				if ok && strings.EqualFold(strings.TrimSpace(k), "sitemap") {
					if u := strings.TrimSpace(v); u != "" {
						if abs, err := url.Parse(p.URL); err == nil {
							if r, err := abs.Parse(u); err == nil && idx.InScope(r.String()) {
								push(job{url: r.String(), foundOn: p.URL, via: "robots", depth: j.depth + 1, kind: page.KindSitemap})
							}
						}
					}
				}
			}
		case p.Kind == page.KindSitemap && !page.IsHTML(p.ContentType, p.Body):
			// Sitemaps seed pages the links may not reach (and nested sitemaps).
			for _, m := range sitemapLoc.FindAllSubmatch(p.Body, -1) {
				u := strings.TrimSpace(string(m[1]))
				if idx.InScope(u) {
					pu, err := url.Parse(idx.rewrite(u))
					if err != nil || skipExt[strings.ToLower(path.Ext(pu.Path))] {
						continue
					}
					push(job{url: pu.String(), foundOn: p.URL, via: "sitemap", depth: j.depth + 1, kind: kindOf(pu.Path)})
				}
			}
		case page.IsHTML(p.ContentType, p.Body) && p.Kind == page.KindPage:
			final := p.FinalURL
			if final == "" {
				final = p.URL
			}
			d, _, err := page.Parse(final, p.Body, p.ContentType)
			if err != nil {
				continue
			}
			p.Title, p.Lang, p.TextLen = d.Title, d.Lang, d.TextLen
			for _, l := range d.Links {
				if !idx.InScope(l.URL) {
					continue
				}
				u, err := url.Parse(idx.rewrite(l.URL))
				if err != nil || skipExt[strings.ToLower(path.Ext(u.Path))] {
					continue
				}
				push(job{url: u.String(), foundOn: p.URL, via: "link", depth: j.depth + 1, kind: kindOf(u.Path)})
			}
		}
	}
	return snap
}

// fetch requests one URL, following redirects while they stay in scope.
func fetch(site *Site, idx *Index, j job) *page.Page {
	p := &page.Page{Fetch: page.Fetch{URL: j.url, Kind: j.kind, Depth: j.depth, FoundOn: j.foundOn, Via: j.via}}
	cur := j.url
	for hop := 0; ; hop++ {
		u, err := url.Parse(cur)
		if err != nil {
			p.Error = err.Error()
			return p
		}
		req := u.EscapedPath()
		if u.RawQuery != "" {
			req += "?" + u.RawQuery
		}
		r := site.Serve(req)
		p.FinalURL, p.Status = cur, r.Status
		if r.Status >= 300 && r.Status < 400 && r.Location != "" {
			next, err := u.Parse(r.Location)
			if err != nil || hop >= 10 {
				p.Error = "redirect loop or bad Location"
				return p
			}
			cur = next.String()
			p.Redirects = append(p.Redirects, cur)
			if !idx.InScope(cur) {
				// The crawler records an off-scope hop (an identity provider, say) and stops
				// on the redirect response.
				p.Error = "redirect out of scope: " + cur
				return p
			}
			continue
		}
		p.ContentType, p.Body, p.Size = r.ContentType, r.Body, int64(len(r.Body))
		if len(r.Headers) > 0 {
			p.Headers = page.Headers{}
			for k, v := range r.Headers {
				p.Headers[k] = v
			}
		}
		return p
	}
}

// Run passes every fetched resource through an engine of the given detectors (all
// registered detectors when dets is nil) and returns the findings.
func (s *Snapshot) Run(env detectors.Env, dets []detectors.Detector) []detectors.Finding {
	if dets == nil {
		dets = detectors.All()
	}
	e := detectors.NewEngine(env, dets)
	for _, p := range s.Pages {
		cp := *p
		final := cp.FinalURL
		if final == "" {
			final = cp.URL
		}
		if cp.OK() || cp.Status >= 400 {
			if page.IsHTML(cp.ContentType, cp.Body) {
				if d, _, err := page.Parse(final, cp.Body, cp.ContentType); err == nil {
					cp.Doc = d
				}
			}
		}
		e.Page(&cp)
	}
	return e.Finish(s.idx)
}

// LoadFixture crawls a fixture directory served at base (e.g. "http://127.0.0.1:8080").
func LoadFixture(dir, base string) (*Snapshot, error) {
	site, err := LoadSite(dir, "/")
	if err != nil {
		return nil, err
	}
	return Crawl(site, Options{Base: base, Start: "/"}), nil
}

// Status returns the status of each practice, for compact asserts.
func Status(fs []detectors.Finding) map[string]detectors.Status {
	out := map[string]detectors.Status{}
	for _, f := range fs {
		out[f.Practice] = f.Status
	}
	return out
}

// Find returns the finding of a practice.
func Find(fs []detectors.Finding, practice string) (detectors.Finding, bool) {
	for _, f := range fs {
		if f.Practice == practice {
			return f, true
		}
	}
	return detectors.Finding{}, false
}
