package crawler

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/portalscan/portalscan/crawler/page"
)

const (
	maxRedirects    = 10
	maxRefreshDelay = 5 // seconds; a longer meta refresh is a page of its own, not a redirect
	retryBackoff    = 500 * time.Millisecond
	acceptHeader    = "text/html,application/xhtml+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"

	errDisallowed  = "disallowed by robots.txt"
	errUnreachable = "not fetched: host unreachable: "
)

// keptHeaders are the response headers detectors read; the rest is noise for the store.
var keptHeaders = []string{"X-Robots-Tag", "Link", "Content-Language", "Retry-After", "Location", "Server", "Www-Authenticate", "Content-Type"}

// worker owns one colly collector and fetches one task at a time. A fixed pool of workers
// replaces colly's Async mode, whose goroutine per queued URL piles up behind the limiter
// and lets MaxRequests be exceeded; here a 100k-URL sitemap is 100k queue entries, not
// 100k goroutines.
type worker struct {
	cr  *crawler
	c   *colly.Collector
	rec *recorder

	// State of the current request, written by checkRedirect.
	kind     page.Kind
	orig     string
	hops     []string
	redirErr string
}

func newWorker(cr *crawler) *worker {
	w := &worker{cr: cr}
	w.rec = &recorder{base: cr.transport, maxBody: cr.opts.MaxBody}
	c := colly.NewCollector()
	// Every field is set explicitly: NewCollector also reads COLLY_* environment variables
	// (a cache directory, allowed domains …) that must not change how a scan behaves.
	c.UserAgent = cr.opts.UserAgent
	c.Headers = nil
	c.MaxDepth = 0
	c.MaxRequests = 0
	c.AllowedDomains = nil // exact host without port: our Scope decides instead
	c.DisallowedDomains = nil
	c.URLFilters = nil
	c.DisallowedURLFilters = nil
	c.AllowURLRevisit = true // retries revisit; our own visited set dedups, colly's would only grow
	c.MaxBodySize = 0        // recorder caps after decompression; colly's cap would hide truncation
	c.CacheDir = ""
	c.IgnoreRobotsTxt = true // robots.txt is fetched, recorded and obeyed by the crawler itself
	c.Async = false
	c.ParseHTTPErrorResponse = true // a 404 is a record, not an error
	c.DetectCharset = false
	c.CheckHead = false
	c.TraceHTTP = false
	c.SetClient(&http.Client{
		Transport:     w.rec,
		CheckRedirect: w.checkRedirect,
		Jar:           cr.jar,
		Timeout:       cr.opts.RequestTimeout, // covers the body read too
	})
	w.c = c
	return w
}

// attempt is one navigation: a GET with its HTTP redirects, after retries.
type attempt struct {
	final     string
	hops      []string
	status    int
	header    http.Header
	body      []byte
	truncated bool
	err       error
	redirErr  string
	spent     time.Duration // in requests, politeness and retry waits excluded
}

func (w *worker) do(ctx context.Context, target string, kind page.Kind) attempt {
	w.rec.reset()
	w.kind, w.orig, w.hops, w.redirErr = kind, target, nil, ""
	w.c.Context = ctx
	hdr := http.Header{}
	hdr.Set("User-Agent", w.cr.opts.UserAgent)
	hdr.Set("Accept", acceptHeader)
	// Asking for gzip ourselves turns off net/http's transparent decompression, so the
	// recorder sees the compressed stream and caps what it inflates.
	hdr.Set("Accept-Encoding", "gzip, deflate")
	// Credentials only ever go to the scan's own hosts; redirects elsewhere are refused in
	// checkRedirect before a request is made.
	if len(w.cr.opts.Headers) > 0 {
		if u, err := url.Parse(target); err == nil && w.cr.scope.hostOK(u) {
			for _, h := range w.cr.opts.Headers {
				hdr.Add(h.Name, h.Value)
			}
		}
	}
	err := w.c.Request(http.MethodGet, target, nil, nil, hdr)
	a := attempt{final: target, hops: w.hops, err: err, redirErr: w.redirErr}
	if len(w.hops) > 0 {
		a.final = w.hops[len(w.hops)-1]
	}
	if last := w.rec.last; last != nil {
		a.status = last.StatusCode
		a.header = last.Header
		a.body = w.rec.body.buf.Bytes()
		a.truncated = w.rec.body.truncated
	}
	return a
}

func (w *worker) checkRedirect(req *http.Request, via []*http.Request) error {
	cr := w.cr
	if rw := cr.scope.Rewrite(req.URL.String()); rw != req.URL.String() {
		if u, err := url.Parse(rw); err == nil {
			req.URL, req.Host = u, ""
		}
	}
	nu, err := parseHTTPURL(req.URL.String())
	hop := req.URL.String()
	if err == nil {
		hop = nu.String()
	}
	seen := 0
	if hop == w.orig {
		seen++
	}
	for _, h := range w.hops {
		if h == hop {
			seen++
		}
	}
	w.hops = append(w.hops, hop)
	switch {
	case err != nil:
		w.redirErr = "redirect to an invalid URL: " + clip(hop, 300)
	case seen >= 2:
		w.redirErr = "redirect loop at " + hop
	case len(via) > maxRedirects:
		w.redirErr = fmt.Sprintf("too many redirects (more than %d)", maxRedirects)
	case !cr.scope.hostOK(nu) || (w.kind == page.KindPage && !cr.scope.pathOK(nu)):
		w.redirErr = "redirect out of scope: " + hop
	case w.kind != page.KindRobots && !cr.robotsAllow(nu):
		w.redirErr = "redirect to " + hop + " " + errDisallowed
	default:
		// Send exactly what is recorded (normalised, fragment dropped).
		req.URL = nu
		return cr.limiter.pace(req.Context(), nu.Host)
	}
	return http.ErrUseLastResponse
}

// safeFetch turns a panic on hostile input (in a parser or in colly) into a failed record:
// one bad page must not take the scan, or the process, down with it.
func (w *worker) safeFetch(ctx context.Context, t *task) (r *result) {
	defer func() {
		if v := recover(); v != nil {
			p := &page.Page{Fetch: page.Fetch{URL: t.url, FinalURL: t.url, Kind: t.kind, Depth: t.depth, FoundOn: t.foundOn, Via: t.via}}
			p.Error = clip(fmt.Sprintf("internal error: %v", v), 500)
			r = &result{t: t, p: p, fetched: true}
			if t.kind == page.KindRobots {
				r.robots = &robotsRules{unreachable: p.Error}
			}
		}
	}()
	return w.fetch(ctx, t)
}

// fetch runs one task to completion: retries, HTTP redirects and meta refresh hops.
func (w *worker) fetch(ctx context.Context, t *task) *result {
	cr := w.cr
	res := &result{t: t}
	p := &page.Page{Fetch: page.Fetch{URL: t.url, FinalURL: t.url, Kind: t.kind, Depth: t.depth, FoundOn: t.foundOn, Via: t.via}}
	res.p = p
	uctx, cancel := context.WithTimeout(ctx, cr.opts.MaxPerURL)
	defer cancel()
	var spent time.Duration

	target := t.u
	var hops []string
	var a attempt
	var doc *page.Doc
	var cs string
	var parseErr error
	for {
		a = w.navigate(uctx, target.String(), t.kind)
		spent += a.spent
		hops = append(hops, a.hops...)
		doc, cs, parseErr = nil, "", nil
		ct := a.header.Get("Content-Type")
		if len(a.body) > 0 && page.IsHTML(ct, a.body) {
			if d, enc, err := page.Parse(a.final, a.body, ct); err == nil {
				doc, cs = d, enc
			} else {
				parseErr = err
			}
		}
		if a.err != nil || a.redirErr != "" {
			break
		}
		next := w.refreshTarget(a, doc, t.kind)
		if next == nil {
			break
		}
		hops = append(hops, next.String())
		if len(hops) > maxRedirects {
			a.redirErr = fmt.Sprintf("too many redirects (more than %d)", maxRedirects)
			a.final = next.String()
			break
		}
		target = next
	}

	p.FinalURL = a.final
	p.Redirects = hops
	p.Status = a.status
	p.Body = a.body
	p.Size = int64(len(a.body))
	p.Truncated = a.truncated
	p.Headers = keepHeaders(a.header)
	if a.header != nil {
		p.ContentType = a.header.Get("Content-Type")
	}
	switch {
	case a.redirErr != "":
		p.Error = a.redirErr
	case a.err != nil:
		p.Error = errText(a.err)
		res.transportErr = a.status == 0
	case parseErr != nil:
		// Recorded, not fatal: the page answered but could not be read as HTML (nesting
		// past the parser's limit); it yields no links and no evidence.
		p.Error = "HTML not parsed: " + parseErr.Error()
	}
	if doc != nil {
		p.Doc, p.Charset = doc, cs
		p.Title, p.Lang, p.TextLen = doc.Title, doc.Lang, doc.TextLen
	}
	res.fetched = true
	p.DurationMS = spent.Milliseconds()
	w.renderPage(ctx, res)
	w.postProcess(res)
	return res
}

// navigate is one GET with its retries: 429 and 503 honour Retry-After up to MaxRetryAfter,
// connection errors back off briefly, and nothing waits past the URL's own deadline.
func (w *worker) navigate(ctx context.Context, target string, kind page.Kind) attempt {
	cr := w.cr
	host := ""
	if u, err := url.Parse(target); err == nil {
		host = u.Host
	}
	var spent time.Duration
	for try := 0; ; try++ {
		release, err := cr.limiter.acquire(ctx, host)
		if err != nil {
			return attempt{final: target, err: err, spent: spent}
		}
		began := time.Now()
		a := w.do(ctx, target, kind)
		spent += time.Since(began)
		a.spent = spent
		release()
		if try >= cr.opts.MaxRetries || ctx.Err() != nil {
			return a
		}
		wait, ok := retryWait(a, cr.opts.MaxRetryAfter)
		if !ok {
			return a
		}
		if dl, has := ctx.Deadline(); has && time.Until(dl) <= wait {
			return a
		}
		if sleepCtx(ctx, wait) != nil {
			return a
		}
	}
}

// retryWait says whether an attempt deserves its one retry, and after how long.
func retryWait(a attempt, maxWait time.Duration) (time.Duration, bool) {
	if a.redirErr != "" {
		return 0, false
	}
	if a.err != nil {
		if !retryableErr(a.err) {
			return 0, false
		}
		return min(retryBackoff, maxWait), true
	}
	if a.status != http.StatusTooManyRequests && a.status != http.StatusServiceUnavailable {
		return 0, false
	}
	ra := a.header.Get("Retry-After")
	if ra == "" {
		return min(retryBackoff, maxWait), true
	}
	d, ok := parseRetryAfter(ra, time.Now())
	if !ok {
		return min(retryBackoff, maxWait), true
	}
	if d > maxWait {
		// Coming back sooner than asked would be rude; waiting longer is not worth a scan.
		return 0, false
	}
	return d, true
}

func retryableErr(err error) bool {
	var re *refusedError
	if errors.As(err, &re) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return false
	}
	var de *net.DNSError
	if errors.As(err, &de) && de.IsNotFound {
		return false
	}
	return true
}

// parseRetryAfter reads delta-seconds or an HTTP-date (RFC 9110 §10.2.3).
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if n, err := strconv.Atoi(v); err == nil {
		if n < 0 {
			return 0, false
		}
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

// refreshTarget is where a meta refresh sends a 2xx HTML page, if it is to be followed as
// a redirect hop: short delay, same origin (robots and politeness are per origin), in scope,
// allowed. Other targets stay links on the page.
func (w *worker) refreshTarget(a attempt, doc *page.Doc, kind page.Kind) *url.URL {
	if doc == nil || doc.Refresh == "" || a.status < 200 || a.status > 299 {
		return nil
	}
	delay, ok := refreshDelay(doc.Meta["refresh"])
	if !ok || delay > maxRefreshDelay {
		return nil
	}
	cur, err := url.Parse(a.final)
	if err != nil {
		return nil
	}
	nu, err := parseHTTPURL(w.cr.scope.Rewrite(doc.Refresh))
	if err != nil || nu.String() == a.final || origin(nu) != origin(cur) {
		return nil
	}
	if !w.cr.scope.hostOK(nu) || (kind == page.KindPage && !w.cr.scope.pathOK(nu)) || !w.cr.robotsAllow(nu) {
		return nil
	}
	return nu
}

func refreshDelay(content string) (float64, bool) {
	s := strings.TrimSpace(content)
	end := strings.IndexAny(s, ";,")
	if end >= 0 {
		s = s[:end]
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || f < 0 {
		return 0, false
	}
	return f, true
}

func keepHeaders(h http.Header) page.Headers {
	if h == nil {
		return nil
	}
	out := page.Headers{}
	for _, k := range keptHeaders {
		if v := h.Values(k); len(v) > 0 {
			out[http.CanonicalHeaderKey(k)] = clip(strings.Join(v, ", "), 4096)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// errText is a transport error as one line, without Go's `Get "url":` prefix (the URL is
// in the record already).
func errText(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	s := strings.ReplaceAll(err.Error(), "\n", " ")
	return clip(s, 500)
}

// postProcess does the CPU work of a result on the worker (sitemap and robots parsing, link
// classification) so the single coordinator goroutine only dedups and queues.
func (w *worker) postProcess(r *result) {
	cr := w.cr
	p := r.p
	switch p.Kind {
	case page.KindRobots:
		if r.transportErr {
			r.robots = &robotsRules{unreachable: p.Error}
			return
		}
		r.robots = parseRobots(p.Status, p.ContentType, p.Body, p.Doc != nil)
		base, _ := url.Parse(p.FinalURL)
		for _, s := range r.robots.sitemaps {
			// Sitemap lines should be absolute, but relative ones are common enough.
			if ref, err := url.Parse(s); err == nil && base != nil {
				s = base.ResolveReference(ref).String()
			}
			if c, ok := cr.classify(s); ok {
				r.cands = append(r.cands, c)
			}
		}
	case page.KindSitemap:
		if !p.OK() {
			return
		}
		if isGzip(p.Body) {
			if b, cut, err := gunzipCapped(p.Body, cr.opts.MaxBody); err == nil {
				p.Body, p.Size = b, int64(len(b))
				p.Truncated = p.Truncated || cut
			}
		}
		sm := parseSitemap(p.Body, p.Doc != nil)
		r.sitemap = sm.kind
		r.capped = sm.capped
		for _, loc := range sm.locs {
			if c, ok := cr.classify(loc); ok {
				r.cands = append(r.cands, c)
			}
		}
	case page.KindPage:
		for _, extra := range r.extraLinks {
			if c, ok := cr.classify(extra); ok {
				r.cands = append(r.cands, c)
			}
		}
		if !p.OK() || p.Doc == nil {
			return
		}
		// A rendered page's links are the rendered DOM's plus the raw HTML's: links a script
		// removed still exist for a reader without JavaScript. The coordinator dedups.
		for _, d := range []*page.Doc{p.Doc, r.rawDoc} {
			if d == nil {
				continue
			}
			for _, l := range d.Links {
				if c, ok := cr.classify(l.URL); ok {
					if evidenceLike(l.Text, "") {
						c.tier = 0
					}
					switch l.Section {
					case "nav", "header", "footer":
						c.rank = rankChrome
					default:
						c.rank = rankBody
					}
					r.cands = append(r.cands, c)
				}
			}
			for _, extra := range []string{d.Canonical, d.Refresh} {
				if extra == "" {
					continue
				}
				if c, ok := cr.classify(extra); ok {
					c.rank = rankBody
					r.cands = append(r.cands, c)
				}
			}
		}
	}
}

// candidate is a URL found in a page, sitemap or robots.txt, classified against the scope.
type candidate struct {
	url     string
	u       *url.URL
	spec    bool // looks like an API description (.json, .yaml, .yml)
	asset   bool // an image, script, archive … never a page
	inScope bool // as a page
	hostOK  bool // as a known file
	rank    int
	tier    int // 0 when the link names evidence (evidence.go)
}

var specExt = map[string]bool{".json": true, ".yaml": true, ".yml": true}

var assetExt = map[string]bool{}

func init() {
	for _, e := range strings.Fields(`.png .jpg .jpeg .gif .webp .svg .ico .bmp .tif .tiff .avif .heic
		.css .js .mjs .map .woff .woff2 .ttf .otf .eot .mp4 .webm .mp3 .wav .ogg .mov .avi .m4a
		.zip .gz .tgz .tar .bz2 .xz .7z .rar .exe .dmg .pkg .msi .deb .rpm .apk .jar .iso .bin
		.pdf .doc .docx .xls .xlsx .ppt .pptx .xml .rss .atom .wasm`) {
		assetExt[e] = true
	}
}

// classify rewrites aliases, normalises (dropping the fragment) and scope-checks a URL.
// Non-http(s) URLs (mailto:, tel:) are not candidates at all.
func (cr *crawler) classify(raw string) (candidate, bool) {
	u, err := parseHTTPURL(cr.scope.Rewrite(raw))
	if err != nil {
		return candidate{}, false
	}
	ext := strings.ToLower(path.Ext(u.Path))
	c := candidate{url: u.String(), u: u, spec: specExt[ext], asset: assetExt[ext], rank: rankBody, tier: 1}
	if evidenceLike("", u.Path) {
		c.tier = 0
	}
	c.hostOK = cr.scope.hostOK(u)
	c.inScope = c.hostOK && cr.scope.pathOK(u)
	return c, true
}
