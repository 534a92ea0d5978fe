package crawler

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/publicsuffix"

	"github.com/portalscan/portalscan/crawler/page"
)

// Stats summarise a scan.
type Stats struct {
	Pages      int   // pages (Kind page) fetched
	Fetched    int   // requests made, known files included
	Failed     int   // fetches with an error, and pages answering 4xx/5xx
	Skipped    int   // in-scope URLs left out: depth, page budget, caps, assets, already reached
	Robots     int   // URLs not fetched because robots.txt disallows them
	OutOfScope int   // distinct URLs found but outside the scope (they stay in Doc.Links)
	Bytes      int64 // body bytes after decompression
	DurationMS int64
	Truncated  bool   // stopped by the page budget, the deadline or cancellation
	StopReason string // done, max_pages, deadline, cancelled, sink_error, start_failed
	// CrawlDelayMS is the longest robots.txt Crawl-delay honoured on a host (capped at
	// MaxCrawlDelay); 0 when none asked for more than Options.Delay.
	CrawlDelayMS int64 `json:",omitempty"`

	// Rendering (Options.Render): pages whose record holds the rendered DOM, render attempts
	// that failed (the raw HTML was kept), and the time pages spent in the browser.
	Rendered     int
	RenderFailed int
	RenderMS     int64
}

// Stop reasons.
const (
	StopDone        = "done"
	StopMaxPages    = "max_pages"
	StopDeadline    = "deadline"
	StopCancelled   = "cancelled"
	StopSinkError   = "sink_error"
	StopStartFailed = "start_failed"
)

// Result is what a scan learnt beyond its page records.
type Result struct {
	StartURL  string // normalised
	Stats     Stats
	Soft404   bool   // the site answers 2xx for a random missing path (SPA fallback)
	RobotsTxt string // "" when none
	Render    RenderInfo
}

// MaxCrawlDelay caps the delay a robots.txt Crawl-delay can impose between request starts on
// one host. Crawl-delay is not in RFC 9309, but a site that asks for it means it. At 3 s a
// default 300-page scan just fits the 15-minute deadline, and a request queued behind the
// other workers and tabs on the host (about five slots) still starts well inside its own
// 30 s and the URL's 60 s, which count that wait.
const MaxCrawlDelay = 3 * time.Second

// Caps that keep hostile or huge sites bounded.
const (
	maxSpecLinks = 20      // linked spec files fetched per scan
	maxQueued    = 100_000 // page tasks waiting at once
	maxOffScope  = 100_000 // distinct off-scope URLs remembered for counting
	maxWorkers   = 32
)

// The known files probed at the host root and under the start path.
var (
	sitemapProbes = []string{"sitemap.xml", "sitemap_index.xml"}
	fileProbes    = []struct {
		path string
		kind page.Kind
	}{
		{"llms.txt", page.KindLLMS},
		{"llms-full.txt", page.KindLLMSFull},
		{".well-known/security.txt", page.KindSecurityTxt},
		{".well-known/api-catalog", page.KindAPICatalog},
		{"openapi.json", page.KindSpec},
		{"openapi.yaml", page.KindSpec},
		{"swagger.json", page.KindSpec},
		{"v3/api-docs", page.KindSpec},
		{"api-docs", page.KindSpec},
	}
)

// testHooks let tests observe what the crawler does at the socket level.
type testHooks struct {
	dial   func(network, addr string) // every socket dial, with the address actually dialled
	render renderFunc                 // replaces the browser
}

type result struct {
	t            *task
	p            *page.Page
	fetched      bool // a request was made (false for robots refusals)
	transportErr bool // no HTTP response at all
	robots       *robotsRules
	sitemap      sitemapKind
	capped       bool
	cands        []candidate

	rendered     bool      // the record holds the rendered DOM
	renderFailed bool      // rendering was tried and failed
	renderMS     int64     // time in the browser
	rawDoc       *page.Doc // the raw HTML's document of a rendered page: its links count too
	extraLinks   []string  // client-side redirect targets the browser was not allowed to follow
}

type originState int

const (
	originUnknown originState = iota
	originPending
	originReady
)

// crawler is one scan. Fields below the line are owned by the coordinator goroutine.
type crawler struct {
	opts      Options
	scope     *Scope
	start     *url.URL
	transport *http.Transport
	jar       http.CookieJar
	limiter   *limiter
	robots    *robotsBook
	sink      func(*page.Page) error
	render    *renderPool // nil when rendering is off

	queue       taskQueue
	seen        map[string]bool // keys queued, fetched or refused
	patterns    map[string]int  // pages queued per URL pattern from links (trap.go)
	reached     map[string]bool // final URLs of completed fetches
	offScope    map[string]bool
	skipped     map[string]bool
	origins     map[string]originState
	parked      map[string][]*task
	seq         int
	res         Result
	pagesSent   int
	pagesDone   int
	pagesFlight int
	specLinks   int
	sitemaps    int
	refusedRecs int
	budgetHit   bool
	startDone   bool
}

// Crawl fetches the portal at start and passes every record to sink, one call at a time, in
// completion order, with Seq set 1, 2, 3 … It returns an error when the start URL is
// invalid, its host cannot be reached, or the start page fails or is not HTML — the start
// record is sunk first — and when sink fails. A deadline or a cancelled ctx ends the scan
// early without an error once the start page is in: the Result says why it stopped.
func Crawl(ctx context.Context, start string, opts Options, sink func(*page.Page) error) (*Result, error) {
	return crawl(ctx, start, opts, sink, nil)
}

func crawl(ctx context.Context, start string, opts Options, sink func(*page.Page) error, hooks *testHooks) (*Result, error) {
	began := time.Now()
	opts = opts.withDefaults()
	su, err := parseHTTPURL(start)
	if err != nil {
		return nil, err
	}
	scope, err := NewScope(su.String(), opts)
	if err != nil {
		return nil, err
	}
	if sink == nil {
		sink = func(*page.Page) error { return nil }
	}
	var dialHook func(string, string)
	if hooks != nil {
		dialHook = hooks.dial
	}
	d := newDialer(su.Hostname(), opts, dialHook)
	tr := &http.Transport{
		Proxy:                  nil, // an environment proxy would carry requests off the machine
		DialContext:            d.DialContext,
		ForceAttemptHTTP2:      true,
		MaxIdleConns:           64,
		MaxIdleConnsPerHost:    opts.PerHost,
		IdleConnTimeout:        30 * time.Second,
		TLSHandshakeTimeout:    10 * time.Second,
		ResponseHeaderTimeout:  opts.RequestTimeout,
		ExpectContinueTimeout:  time.Second,
		DisableCompression:     true,
		MaxResponseHeaderBytes: 1 << 20,
	}
	defer tr.CloseIdleConnections()
	jar, _ := cookiejar.New(&cookiejar.Options{PublicSuffixList: publicsuffix.List})

	cr := &crawler{
		opts:      opts,
		scope:     scope,
		start:     su,
		transport: tr,
		jar:       jar,
		limiter:   newLimiter(opts.PerHost, opts.Delay),
		robots:    &robotsBook{rules: map[string]*robotsRules{}},
		sink:      sink,
		seen:      map[string]bool{},
		patterns:  map[string]int{},
		reached:   map[string]bool{},
		offScope:  map[string]bool{},
		skipped:   map[string]bool{},
		origins:   map[string]originState{},
		parked:    map[string][]*task{},
	}
	cr.res.StartURL = su.String()

	scanCtx, cancel := context.WithTimeout(ctx, opts.ScanTimeout)
	defer cancel()

	switch opts.Render {
	case RenderNever:
	case RenderAuto, RenderAlways:
		var fake renderFunc
		if hooks != nil {
			fake = hooks.render
		}
		// The browser lives as long as the scan's context, and no longer than crawl: the
		// deferred close kills it and removes its profile on every way out, cancellation
		// included.
		cr.render = newRenderPool(scanCtx, cr, fake)
		defer cr.render.close()
	default:
		return nil, fmt.Errorf("render mode %q: want never, auto or always", opts.Render)
	}
	cr.res.Render.Mode = opts.Render
	if opts.Render == RenderAlways {
		// Asked for explicitly: a browser that cannot start fails the scan before it begins.
		if _, err := cr.render.get(); err != nil {
			cr.stop(StopStartFailed, false)
			cr.res.Render = cr.render.info()
			return &cr.res, fmt.Errorf("--render always: %w", err)
		}
	}

	err = cr.run(ctx, scanCtx, cancel)
	if cr.render != nil {
		cr.res.Render = cr.render.info()
	}
	cr.res.Stats.DurationMS = time.Since(began).Milliseconds()
	return &cr.res, err
}

func (cr *crawler) run(parent, ctx context.Context, cancel context.CancelFunc) error {
	n := min(max(2*cr.opts.PerHost, 2), maxWorkers)
	jobs := make(chan *task)
	results := make(chan *result)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := newWorker(cr)
			for t := range jobs {
				results <- w.safeFetch(ctx, t)
			}
		}()
	}
	idle, inflight := n, 0
	defer func() {
		cancel()
		close(jobs)
		for ; inflight > 0; inflight-- {
			<-results // in flight when the scan stopped: cut short, not recorded
		}
		wg.Wait()
	}()

	cr.seedStart()
	stopped := func() error {
		reason := StopDeadline
		if parent.Err() != nil {
			reason = StopCancelled
		}
		cr.stop(reason, true)
		if !cr.startDone {
			return fmt.Errorf("scan of %s stopped (%s) before the start page was fetched", cr.res.StartURL, reason)
		}
		return nil
	}
	for {
		if ctx.Err() != nil {
			return stopped()
		}
		for idle > 0 {
			t, err := cr.next()
			if err != nil {
				return err
			}
			if t == nil {
				break
			}
			if t.kind == page.KindPage {
				cr.pagesSent++
				cr.pagesFlight++
			}
			jobs <- t
			idle--
			inflight++
		}
		if inflight == 0 {
			if cr.budgetHit {
				cr.stop(StopMaxPages, true)
			} else {
				cr.stop(StopDone, false)
			}
			return nil
		}
		select {
		case r := <-results:
			idle++
			inflight--
			if ctx.Err() != nil {
				// Cut short by the deadline or cancellation: not a finding about the site.
				return stopped()
			}
			if err := cr.handle(r); err != nil {
				return err
			}
		case <-ctx.Done():
			return stopped()
		}
	}
}

func (cr *crawler) stop(reason string, truncated bool) {
	if cr.res.Stats.StopReason == "" {
		cr.res.Stats.StopReason = reason
	}
	cr.res.Stats.Truncated = cr.res.Stats.Truncated || truncated
}

func (cr *crawler) seedStart() {
	prefix := pathPrefix(cr.start.EscapedPath())
	var rnd [8]byte
	_, _ = rand.Read(rnd[:])
	cr.addTask(cr.fileURL(prefix+"portalscan-404-"+hex.EncodeToString(rnd[:])), page.KindSoft404, classSoft404, 0, 0, "", "probe")
	if t := cr.addTask(cr.start, page.KindPage, classStart, 0, 0, "", "start"); t != nil {
		t.start = true
	}
}

// fileURL is an escaped path on the start origin.
func (cr *crawler) fileURL(escapedPath string) *url.URL {
	u, err := parseHTTPURL(origin(cr.start) + escapedPath)
	if err != nil {
		// The start path is already normalised, so this cannot happen; keep the origin.
		return &url.URL{Scheme: cr.start.Scheme, Host: cr.start.Host, Path: "/"}
	}
	return u
}

func (cr *crawler) addTask(u *url.URL, kind page.Kind, class, depth, rank int, foundOn, via string) *task {
	t := cr.newTask(u, kind, class, depth, rank, foundOn, via)
	if t != nil {
		cr.queue.push(t)
	}
	return t
}

// newTask marks a URL seen and makes its task, not yet queued (nil when already seen).
func (cr *crawler) newTask(u *url.URL, kind page.Kind, class, depth, rank int, foundOn, via string) *task {
	key := u.String()
	if cr.seen[key] {
		return nil
	}
	cr.seen[key] = true
	return &task{url: key, u: u, key: key, origin: origin(u), kind: kind, depth: depth, foundOn: foundOn, via: via, class: class, rank: rank, tier: 1}
}

// next pops the next task a worker may run, recording on the way the tasks that need no
// request (robots refusals) or no longer fit (budget, already reached). It returns nil when
// nothing can be dispatched now.
func (cr *crawler) next() (*task, error) {
	for {
		t := cr.queue.peek()
		if t == nil {
			return nil, nil
		}
		if !cr.startDone && t.class > classStart {
			// Nothing but the start page and what it needs runs before we know the portal answers.
			return nil, nil
		}
		cr.queue.pop()
		if t.kind == page.KindRobots {
			return t, nil
		}
		switch cr.origins[t.origin] {
		case originUnknown:
			cr.origins[t.origin] = originPending
			cr.parked[t.origin] = append(cr.parked[t.origin], t)
			ru := &url.URL{Scheme: t.u.Scheme, Host: t.u.Host, Path: "/robots.txt"}
			cr.seen[ru.String()] = true
			cr.queue.push(&task{url: ru.String(), u: ru, key: ru.String(), origin: t.origin, kind: page.KindRobots, via: "probe", class: classRobots})
			continue
		case originPending:
			cr.parked[t.origin] = append(cr.parked[t.origin], t)
			continue
		}
		if t.kind == page.KindPage && !t.start {
			if cr.pagesSent >= cr.opts.MaxPages {
				cr.budgetHit = true
				cr.res.Stats.Skipped++
				continue
			}
			if cr.reached[t.key] {
				cr.res.Stats.Skipped++
				continue
			}
		}
		rules := cr.robots.get(t.origin)
		switch {
		case rules == nil:
			// Cannot happen: an origin is ready only once its rules are set.
		case rules.unreachable != "":
			// RFC 9309 §2.3.1.4: an unreachable robots.txt means "disallow all"; the reason
			// (often a refused dial) is what the record should show.
			if err := cr.refuse(t, errUnreachable+rules.unreachable); err != nil {
				return nil, err
			}
			continue
		case !cr.opts.IgnoreRobots && !rules.allows(t.u):
			cr.res.Stats.Robots++
			if err := cr.refuse(t, errDisallowed); err != nil {
				return nil, err
			}
			continue
		}
		return t, nil
	}
}

// refuse records a URL that is not requested. The start page's refusal ends the scan.
func (cr *crawler) refuse(t *task, why string) error {
	if t.start {
		cr.startDone = true
		p := cr.newRecord(t)
		p.Error = why
		if err := cr.emit(p); err != nil {
			return err
		}
		return cr.startFailure(p)
	}
	// A robots.txt that disallows a 20k-URL sitemap would otherwise flood the store.
	if cr.refusedRecs >= cr.opts.MaxPages {
		return nil
	}
	cr.refusedRecs++
	p := cr.newRecord(t)
	p.Error = why
	return cr.emit(p)
}

func (cr *crawler) newRecord(t *task) *page.Page {
	return &page.Page{Fetch: page.Fetch{URL: t.url, FinalURL: t.url, Kind: t.kind, Depth: t.depth, FoundOn: t.foundOn, Via: t.via}}
}

func (cr *crawler) emit(p *page.Page) error {
	cr.seq++
	p.Seq = cr.seq
	if err := cr.sink(p); err != nil {
		cr.stop(StopSinkError, true)
		return err
	}
	return nil
}

func (cr *crawler) robotsAllow(u *url.URL) bool {
	if cr.opts.IgnoreRobots {
		return true
	}
	r := cr.robots.get(origin(u))
	if r == nil {
		// Unknown origin (a redirect to a same-site host not crawled yet): the redirect is
		// followed, as browsers and search engines do.
		return true
	}
	return r.allows(u)
}

func (cr *crawler) handle(r *result) error {
	t, p := r.t, r.p
	st := &cr.res.Stats
	if t.kind == page.KindPage {
		cr.pagesFlight--
	}
	if t.kind == page.KindRobots {
		cr.robots.set(t.origin, r.robots)
		if r.robots != nil && !cr.opts.IgnoreRobots && !cr.opts.NoPoliteness {
			if d := min(r.robots.crawlDelay, MaxCrawlDelay); d > cr.opts.Delay {
				cr.limiter.setHostDelay(t.u.Host, d)
				st.CrawlDelayMS = max(st.CrawlDelayMS, d.Milliseconds())
			}
		}
		if t.origin == origin(cr.start) && r.robots != nil {
			cr.res.RobotsTxt = r.robots.text
		}
		cr.origins[t.origin] = originReady
		for _, pt := range cr.parked[t.origin] {
			cr.queue.push(pt)
		}
		delete(cr.parked, t.origin)
	}
	if r.rendered {
		st.Rendered++
	}
	if r.renderFailed {
		st.RenderFailed++
	}
	st.RenderMS += r.renderMS
	if r.fetched {
		st.Fetched++
		st.Bytes += p.Size
		if p.Error != "" || (p.Kind == page.KindPage && p.Status >= 400) {
			st.Failed++
		}
		if p.Kind == page.KindPage {
			st.Pages++
			cr.pagesDone++
		}
	}
	if p.Error == "" && p.FinalURL != "" {
		// Every hop leads to the same final page: none of them needs fetching again.
		for _, u := range append(p.Redirects, p.FinalURL) {
			cr.reached[u] = true
			cr.seen[u] = true
		}
	}
	if err := cr.emit(p); err != nil {
		return err
	}
	if t.kind == page.KindPage && cr.opts.Progress != nil {
		cr.opts.Progress(cr.pagesDone, cr.queue.pages+cr.pagesFlight)
	}

	switch t.kind {
	case page.KindSoft404:
		cr.res.Soft404 = p.OK()
	case page.KindRobots:
		for _, c := range r.cands {
			cr.addSitemap(c, 0, p.URL, "robots")
		}
	case page.KindSitemap:
		if r.capped {
			st.Skipped++
		}
		for _, c := range r.cands {
			if r.sitemap == sitemapIndex {
				if t.depth+1 > maxSitemapDepth {
					cr.countSkipped(c.url)
					continue
				}
				cr.addSitemap(c, t.depth+1, p.URL, "sitemap")
				continue
			}
			cr.addLink(c, 1, rankSitemap, p.URL, "sitemap")
		}
	case page.KindPage:
		if t.start {
			cr.startDone = true
			if err := cr.startFailure(p); err != nil {
				return err
			}
			cr.seedProbes()
		}
		for _, c := range r.cands {
			cr.addLink(c, t.depth+1, c.rank, p.FinalURL, "link")
		}
	}
	return nil
}

// startFailure turns a failed start record into the scan's error.
func (cr *crawler) startFailure(p *page.Page) error {
	u := cr.res.StartURL
	var err error
	switch {
	case p.Error == errDisallowed:
		err = fmt.Errorf("start page %s is disallowed by robots.txt", u)
	case strings.HasPrefix(p.Error, errUnreachable):
		err = fmt.Errorf("cannot reach %s: %s", u, strings.TrimPrefix(p.Error, errUnreachable))
	case p.Error != "" && p.Status == 0:
		err = fmt.Errorf("cannot reach %s: %s", u, p.Error)
	case p.Error != "":
		err = fmt.Errorf("start page %s: %s", u, p.Error)
	case p.Status < 200 || p.Status > 299:
		err = fmt.Errorf("start page %s answered HTTP %d", u, p.Status)
	case p.Doc == nil:
		ct := p.ContentType
		if ct == "" {
			ct = "no content type"
		}
		err = fmt.Errorf("start page %s is not HTML (%s)", u, ct)
	default:
		return nil
	}
	cr.stop(StopStartFailed, false)
	return err
}

// seedProbes queues the known files once the start page has answered.
func (cr *crawler) seedProbes() {
	bases := []string{"/"}
	if pre := pathPrefix(cr.start.EscapedPath()); pre != "/" {
		bases = append(bases, pre)
	}
	for _, b := range bases {
		for _, name := range sitemapProbes {
			if cr.sitemaps < maxSitemaps && cr.addTask(cr.fileURL(b+name), page.KindSitemap, classSitemap, 0, 0, "", "probe") != nil {
				cr.sitemaps++
			}
		}
	}
	for _, b := range bases {
		for _, f := range fileProbes {
			cr.addTask(cr.fileURL(b+f.path), f.kind, classProbe, 0, 0, "", "probe")
		}
	}
}

func (cr *crawler) addSitemap(c candidate, depth int, foundOn, via string) {
	if !c.hostOK {
		cr.countOffScope(c.url)
		return
	}
	if cr.seen[c.url] {
		return
	}
	if cr.sitemaps >= maxSitemaps {
		cr.res.Stats.Skipped++
		return
	}
	cr.sitemaps++
	cr.addTask(c.u, page.KindSitemap, classSitemap, depth, 0, foundOn, via)
}

func (cr *crawler) addLink(c candidate, depth, rank int, foundOn, via string) {
	if c.spec {
		if !c.hostOK {
			cr.countOffScope(c.url)
			return
		}
		if cr.seen[c.url] {
			return
		}
		if cr.specLinks >= maxSpecLinks {
			cr.countSkipped(c.url)
			return
		}
		cr.specLinks++
		cr.addTask(c.u, page.KindSpec, classProbe, depth, 0, foundOn, via)
		return
	}
	if !c.inScope {
		cr.countOffScope(c.url)
		return
	}
	if cr.seen[c.url] {
		return
	}
	if c.asset || depth > cr.opts.MaxDepth || cr.queue.pages >= maxQueued {
		cr.countSkipped(c.url)
		return
	}
	// Links (not sitemap entries, which the site declares) of one URL pattern are capped, so a
	// fan-out trap — a calendar linking every day of every month — cannot eat the budget.
	if via == "link" {
		pat := trapPattern(c.u)
		if cr.patterns[pat] >= maxPerPattern {
			cr.countSkipped(c.url)
			return
		}
		cr.patterns[pat]++
	}
	if t := cr.newTask(c.u, page.KindPage, classPage, depth, rank, foundOn, via); t != nil {
		t.tier = c.tier
		cr.queue.push(t)
	}
}

// countSkipped counts distinct in-scope URLs left out.
func (cr *crawler) countSkipped(u string) {
	if cr.skipped[u] {
		return
	}
	if len(cr.skipped) < maxOffScope {
		cr.skipped[u] = true
	}
	cr.res.Stats.Skipped++
}

func (cr *crawler) countOffScope(u string) {
	if cr.offScope[u] {
		return
	}
	if len(cr.offScope) < maxOffScope {
		cr.offScope[u] = true
	}
	cr.res.Stats.OutOfScope++
}
