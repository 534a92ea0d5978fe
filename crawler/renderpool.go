package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/portalscan/portalscan/crawler/page"
	"github.com/portalscan/portalscan/crawler/render"
)

// Render modes (Options.Render).
const (
	RenderNever  = "never"  // raw HTML only
	RenderAuto   = "auto"   // render pages whose raw HTML looks like a JavaScript shell (render.NeedsRender)
	RenderAlways = "always" // render every HTML page
)

// notRendered starts the note appended to Fetch.RenderWhy when a page called for rendering
// but its record holds the raw HTML: "<why> (not rendered: <reason>)". A rendered page has
// RenderWhy without that note and RenderedLen set; TextLen is always the raw HTML's.
const notRendered = " (not rendered: "

// maxRenderFailures in a row switch rendering off for the rest of the scan: a browser that
// crashed or loads nothing would otherwise cost a page timeout on every page.
const maxRenderFailures = 5

// renderFunc renders one URL: a *render.Renderer's Render, or a test's fake.
type renderFunc func(ctx context.Context, url string) (*render.Result, error)

// RenderInfo says how rendering went in a scan.
type RenderInfo struct {
	Mode    string `json:"mode"`              // as asked: never, auto, always
	Browser string `json:"browser,omitempty"` // the executable, once it started
	Error   string `json:"error,omitempty"`   // why rendering never started or stopped early
}

// renderPool is the scan's one browser. In auto mode it starts when the first page needs
// it, so a portal of static pages never pays for a browser; in always mode before the
// crawl. Its life is bound to the scan's context, and crawl closes it on the way out.
type renderPool struct {
	mode string
	opts render.Options
	ctx  context.Context
	fake renderFunc // tests

	once     sync.Once
	r        *render.Renderer
	fn       renderFunc
	startErr error

	mu       sync.Mutex
	failures int    // consecutive render errors
	stopped  string // why rendering was switched off mid-scan
}

func newRenderPool(ctx context.Context, cr *crawler, fake renderFunc) *renderPool {
	o := cr.opts
	loopback, resolve := cr.scope.browserConfinement()
	scope := cr.scope
	ro := render.Options{
		Browser:     o.Browser,
		Tabs:        o.RenderTabs,
		PageTimeout: o.RenderTimeout,
		Settle:      o.RenderSettle,
		UserAgent:   o.UserAgent,
		// Scope, as for the fetcher: the page's scripts, styles, XHR and frames may come
		// from the scan's hosts only (same-site hosts of a public portal, the exact host of
		// a private one).
		AllowHost: func(host string) bool {
			return scope.hostOK(&url.URL{Host: strings.ToLower(host)})
		},
		// Documents the page itself becomes (HTTP and client-side redirects) also obey
		// robots.txt and the path scope, as an HTTP redirect does in checkRedirect.
		AllowNavigation: func(raw string) bool {
			u, err := parseHTTPURL(raw)
			return err == nil && scope.hostOK(u) && scope.pathOK(u) && cr.robotsAllow(u)
		},
		ConfineToLoopback: loopback,
		ResolveOnly:       resolve,
	}
	for _, h := range o.Headers {
		ro.Headers = append(ro.Headers, render.Header{Name: h.Name, Value: h.Value})
	}
	return &renderPool{mode: o.Render, opts: ro, ctx: ctx, fake: fake}
}

// browserConfinement is what the browser may resolve: a loopback or private scanned host
// confines it to loopback and that host (the scan's dialer rule); a public one to the
// scanned host and, when same-site hosts are in scope, its registrable domain.
func (s *Scope) browserConfinement() (loopback bool, resolveOnly []string) {
	if isPrivateHost(s.hostname) {
		return true, []string{s.hostname}
	}
	hosts := []string{s.hostname}
	if s.site != "" && !s.pathScope {
		hosts = append(hosts, s.site, "*."+s.site)
	}
	return false, hosts
}

// get returns the render function, starting the browser on first use.
func (rp *renderPool) get() (renderFunc, error) {
	rp.once.Do(func() {
		if rp.fake != nil {
			rp.fn = rp.fake
			return
		}
		path, err := render.FindBrowser(rp.opts.Browser)
		if err != nil {
			rp.startErr = err
			return
		}
		rp.opts.Browser = path
		r, err := render.Start(rp.ctx, rp.opts)
		if err != nil {
			rp.startErr = err
			return
		}
		rp.r, rp.fn = r, r.Render
	})
	if rp.fn == nil {
		if rp.startErr == nil {
			return nil, errors.New("render: the scan is over")
		}
		return nil, rp.startErr
	}
	rp.mu.Lock()
	defer rp.mu.Unlock()
	if rp.stopped != "" {
		return nil, errors.New(rp.stopped)
	}
	return rp.fn, nil
}

// outcome counts consecutive failures; enough of them switch rendering off.
func (rp *renderPool) outcome(err error) {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	if err == nil {
		rp.failures = 0
		return
	}
	rp.failures++
	if rp.failures >= maxRenderFailures && rp.stopped == "" {
		rp.stopped = fmt.Sprintf("rendering stopped after %d failures in a row, the last: %s", rp.failures, errText(err))
	}
}

// close ends the browser, if one started: every process killed, the temp profile removed.
// No browser starts after it.
func (rp *renderPool) close() error {
	rp.once.Do(func() {})
	if rp.r != nil {
		return rp.r.Close()
	}
	return nil
}

// info is called once the workers are gone.
func (rp *renderPool) info() RenderInfo {
	ri := RenderInfo{Mode: rp.mode}
	if rp.fn != nil {
		ri.Browser = rp.opts.Browser
	}
	rp.mu.Lock()
	defer rp.mu.Unlock()
	switch {
	case rp.startErr != nil:
		ri.Error = errText(rp.startErr)
	case rp.stopped != "":
		ri.Error = rp.stopped
	}
	return ri
}

// renderPage runs an HTML page through the browser when the mode calls for it. On success
// the rendered DOM becomes the page: its body (so a stored snapshot re-scored later shows
// the detectors what the scan showed them), its Doc (links found only after rendering are
// crawled like any other) and its title; TextLen keeps the raw HTML's visible text and
// RenderedLen gets the rendered one's. The raw body is dropped: the store keeps one body per
// record, and rescore must see the one the detectors saw. On failure the raw page stays,
// with the reason noted in RenderWhy.
func (w *worker) renderPage(ctx context.Context, res *result) {
	cr := w.cr
	p := res.p
	rp := cr.render
	if rp == nil || p.Kind != page.KindPage || p.Doc == nil || !p.OK() {
		return
	}
	need, why := render.NeedsRender(p.Doc, p.Body)
	if rp.mode == RenderAlways {
		if need {
			why = "render always: " + why
		} else {
			why = "render always"
		}
	} else if !need {
		return
	}
	p.RenderWhy = why
	fn, err := rp.get()
	if err != nil {
		p.RenderWhy += notRendered + errText(err) + ")"
		return
	}
	cur, err := url.Parse(p.FinalURL)
	if err != nil {
		return
	}
	// The browser's page load is a visit to the host like any fetch: it takes one of the
	// host's request slots and waits for its politeness delay.
	release, err := cr.limiter.acquire(ctx, cur.Host)
	if err != nil {
		return // the scan is ending; the result is discarded
	}
	began := time.Now()
	rr, err := fn(ctx, p.FinalURL)
	release()
	spent := time.Since(began)
	res.renderMS = spent.Milliseconds()
	p.DurationMS += spent.Milliseconds()
	if ctx.Err() != nil {
		return
	}
	partial := false
	switch {
	case err == nil && rr != nil:
	case errors.Is(err, render.ErrRedirectOutOfScope) && rr != nil:
		// The page sends the browser where the crawl may not go: the raw page is what we
		// have, and the target becomes a link, judged by scope and robots.txt as any link.
		p.RenderWhy += notRendered + "client-side redirect to " + clip(rr.FinalURL, 300) + " refused)"
		res.extraLinks = append(res.extraLinks, rr.FinalURL)
		return
	case errors.Is(err, render.ErrNotLoaded) && rr != nil && rr.HTML != "":
		partial = true // a resource that never came: the DOM as it stood is still content
	default:
		rp.outcome(err)
		res.renderFailed = true
		p.RenderWhy += notRendered + errText(err) + ")"
		return
	}
	rp.outcome(nil)

	final, hops, ok := w.renderedLocation(p, rr)
	if !ok {
		p.RenderWhy += notRendered + "the page moved itself to " + clip(rr.FinalURL, 300) + ", outside the scope or disallowed)"
		res.extraLinks = append(res.extraLinks, rr.FinalURL)
		return
	}
	body := []byte(rr.HTML)
	if int64(len(body)) > cr.opts.MaxBody {
		body = body[:cr.opts.MaxBody]
		p.Truncated = true
	}
	// The browser serialises the DOM as UTF-8, but the served Content-Type or a <meta
	// charset> left in the DOM may name another encoding; a byte-order mark outranks both
	// in page.Decode, so the stored body decodes the same way in rescore.
	if _, enc := page.Decode(body, p.ContentType); enc != "utf-8" {
		body = append([]byte("\xef\xbb\xbf"), body...)
	}
	d, cs, err := page.Parse(final, body, p.ContentType)
	if err != nil {
		res.renderFailed = true
		p.RenderWhy += notRendered + "rendered DOM unreadable: " + errText(err) + ")"
		return
	}
	res.rawDoc = p.Doc
	p.FinalURL = final
	p.Redirects = append(p.Redirects, hops...)
	p.Body = body
	p.Doc, p.Charset = d, cs
	p.Title, p.Lang = d.Title, d.Lang
	p.RenderedLen = d.TextLen
	switch {
	case partial:
		p.RenderWhy += " (partial: still loading at the deadline)"
	case !rr.Settled:
		p.RenderWhy += " (snapshot of a page still changing at the deadline)"
	}
	res.rendered = true
}

// renderedLocation is where the browser ended up, normalised, with the hops that led there
// (fragment-only moves dropped). A router that rewrote the address with the History API
// made no request, so AllowNavigation never saw it: the same rules are checked here.
func (w *worker) renderedLocation(p *page.Page, rr *render.Result) (string, []string, bool) {
	final := p.FinalURL
	var hops []string
	for _, h := range append(append([]string(nil), rr.Redirects...), rr.FinalURL) {
		u, err := parseHTTPURL(w.cr.scope.Rewrite(h))
		if err != nil {
			return "", nil, false
		}
		if s := u.String(); s != final {
			if !w.cr.scope.hostOK(u) || !w.cr.scope.pathOK(u) || !w.cr.robotsAllow(u) {
				return "", nil, false
			}
			final = s
			hops = append(hops, s)
		}
	}
	return final, hops, true
}
