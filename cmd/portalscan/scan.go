package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"
	"github.com/spf13/cobra"

	"github.com/portalscan/portalscan/crawler"
	"github.com/portalscan/portalscan/crawler/page"
	"github.com/portalscan/portalscan/crawler/render"
	"github.com/portalscan/portalscan/detectors"
	"github.com/portalscan/portalscan/scoring"
	"github.com/portalscan/portalscan/store"
)

type scanFlags struct {
	JSON       string        `json:"-"`
	Aliases    []string      `json:"aliases"`
	MaxPages   int           `json:"max_pages"`
	Depth      int           `json:"depth"`
	Render     string        `json:"render"`
	Browser    string        `json:"browser,omitempty"`
	Kind       string        `json:"kind"`
	PerHost    int           `json:"per_host"`
	Delay      time.Duration `json:"delay"`
	ReqTimeout time.Duration `json:"req_timeout"`
	ScanTime   time.Duration `json:"scan_time"`
	Retries    int           `json:"retries"`
	MaxBody    int64         `json:"max_body"`
	UserAgent  string        `json:"user_agent"`
	PathScope  bool          `json:"path_scope"`
	NoPolite   bool          `json:"no_polite"`
	AllowPriv  bool          `json:"allow_priv"`
	NoProgress bool          `json:"-"`
	// Credentials: values never reach the store (schedules keep only the file paths).
	HeaderArgs  []string `json:"-"`
	CookieArgs  []string `json:"-"`
	HeaderFiles []string `json:"header_files,omitempty"`
	CookieFiles []string `json:"cookie_files,omitempty"`
}

func addScanFlags(cmd *cobra.Command, f *scanFlags) {
	d := crawler.DefaultOptions()
	fl := cmd.Flags()
	fl.StringVar(&f.JSON, "json", "", "write the JSON export to FILE (- for stdout: then only JSON goes to stdout)")
	fl.StringArrayVar(&f.Aliases, "alias", nil, "HOST whose absolute links mean the scanned portal (repeatable); only rewrites, never widens scope")
	fl.IntVar(&f.MaxPages, "max-pages", d.MaxPages, "page budget (known files such as robots.txt and sitemaps do not count)")
	fl.IntVar(&f.Depth, "depth", d.MaxDepth, "maximum link depth from the start page")
	fl.StringVar(&f.Render, "render", "auto", "JavaScript rendering in headless Chromium: auto (only pages whose raw HTML is a script-built shell), always or never")
	fl.StringArrayVar(&f.HeaderArgs, "header", nil, "request header \"Name: value\" for a portal behind a login (repeatable; sent to in-scope hosts only, never stored)")
	fl.StringArrayVar(&f.CookieArgs, "cookie", nil, "cookie name=value for a portal behind a login (repeatable; in-scope hosts only, never stored)")
	fl.StringArrayVar(&f.HeaderFiles, "header-file", nil, "file of \"Name: value\" lines (keeps secrets out of shell history; also $PORTALSCAN_HEADERS)")
	fl.StringArrayVar(&f.CookieFiles, "cookie-file", nil, "file of name=value lines (also $PORTALSCAN_COOKIES)")
	fl.StringVar(&f.Browser, "browser", "", "Chromium-family browser for --render (default: $PORTALSCAN_BROWSER, then chromium-headless-shell, chromium, google-chrome)")
	fl.StringVar(&f.Kind, "kind", "auto", "portal kind to score: interface, platform or auto")
	fl.IntVar(&f.PerHost, "per-host", d.PerHost, "requests in flight per host")
	fl.DurationVar(&f.Delay, "delay", d.Delay, "delay between requests to one host")
	fl.DurationVar(&f.ReqTimeout, "request-timeout", d.RequestTimeout, "deadline per request, body included")
	fl.DurationVar(&f.ScanTime, "scan-timeout", d.ScanTimeout, "deadline for the whole scan")
	fl.IntVar(&f.Retries, "retries", d.MaxRetries, "retries per URL on 429, 503 and connection errors")
	fl.Int64Var(&f.MaxBody, "max-body", d.MaxBody, "body cap in bytes, measured after decompression (larger pages are truncated and still parsed)")
	fl.StringVar(&f.UserAgent, "user-agent", d.UserAgent, "User-Agent header")
	fl.BoolVar(&f.PathScope, "path-scope", false, "only crawl pages under the start URL's path (GitHub Pages project sites, /docs/)")
	fl.BoolVar(&f.NoPolite, "no-politeness", false, "no delay and more requests in flight: for benchmarks on loopback only")
	fl.BoolVar(&f.AllowPriv, "allow-private", false, "allow other hosts that resolve to private or loopback addresses")
	fl.BoolVar(&f.NoProgress, "no-progress", false, "no progress display on a terminal")
}

func (f *scanFlags) options() (crawler.Options, error) {
	o := crawler.DefaultOptions()
	if f.MaxPages < 1 {
		return o, usageError{fmt.Errorf("--max-pages %d: must be at least 1", f.MaxPages)}
	}
	if f.Depth < 0 {
		return o, usageError{fmt.Errorf("--depth %d: must not be negative", f.Depth)}
	}
	if f.PerHost < 1 {
		return o, usageError{fmt.Errorf("--per-host %d: must be at least 1", f.PerHost)}
	}
	if f.MaxBody < 1024 {
		return o, usageError{fmt.Errorf("--max-body %d: must be at least 1024 bytes", f.MaxBody)}
	}
	if f.Retries < 0 || f.Delay < 0 || f.ReqTimeout <= 0 || f.ScanTime <= 0 {
		return o, usageError{errors.New("--retries, --delay must not be negative and timeouts must be positive")}
	}
	switch f.Render {
	case "auto", "always", "never":
	default:
		return o, usageError{fmt.Errorf("--render %q: want auto, always or never", f.Render)}
	}
	switch f.Kind {
	case "auto", "interface", "platform":
	default:
		return o, usageError{fmt.Errorf("--kind %q: want interface, platform or auto", f.Kind)}
	}
	for _, a := range f.Aliases {
		if a == "" || strings.ContainsAny(a, "/ ") {
			return o, usageError{fmt.Errorf("--alias %q: want a host name such as docs.example.com", a)}
		}
	}
	o.MaxPages, o.MaxDepth, o.PerHost, o.Delay = f.MaxPages, f.Depth, f.PerHost, f.Delay
	o.RequestTimeout, o.ScanTimeout, o.MaxRetries, o.MaxBody = f.ReqTimeout, f.ScanTime, f.Retries, f.MaxBody
	o.UserAgent, o.Aliases, o.PathScope, o.NoPoliteness, o.AllowPrivate = f.UserAgent, f.Aliases, f.PathScope, f.NoPolite, f.AllowPriv
	o.Render, o.Browser = f.Render, f.Browser
	hs, err := f.credentials()
	if err != nil {
		return o, err
	}
	o.Headers = hs
	return o, nil
}

// credentials gathers the request headers and cookies for a portal behind a login, from
// flags, files (--header-file, --cookie-file: one per line, # comments) and the environment
// (PORTALSCAN_HEADERS, newline-separated "Name: value"; PORTALSCAN_COOKIES, "a=b; c=d"), so
// secrets need not appear in shell history. They go to in-scope hosts only.
func (f *scanFlags) credentials() ([]crawler.Header, error) {
	headers := append([]string{}, f.HeaderArgs...)
	cookies := append([]string{}, f.CookieArgs...)
	for _, path := range f.HeaderFiles {
		lines, err := readLines(path)
		if err != nil {
			return nil, usageError{fmt.Errorf("--header-file: %v", err)}
		}
		headers = append(headers, lines...)
	}
	for _, path := range f.CookieFiles {
		lines, err := readLines(path)
		if err != nil {
			return nil, usageError{fmt.Errorf("--cookie-file: %v", err)}
		}
		cookies = append(cookies, lines...)
	}
	if env := os.Getenv("PORTALSCAN_HEADERS"); env != "" {
		headers = append(headers, strings.Split(env, "\n")...)
	}
	if env := os.Getenv("PORTALSCAN_COOKIES"); env != "" {
		cookies = append(cookies, env)
	}
	var out []crawler.Header
	for _, h := range headers {
		if strings.TrimSpace(h) == "" {
			continue
		}
		name, value, ok := strings.Cut(h, ":")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		if !ok || name == "" || !validHeaderName(name) || strings.ContainsAny(value, "\r\n") {
			// The value is a secret: say which header is wrong, never what it holds.
			return nil, usageError{fmt.Errorf("header %q: want \"Name: value\"", clipName(name))}
		}
		out = append(out, crawler.Header{Name: name, Value: value})
	}
	var jar []string
	for _, c := range cookies {
		for _, part := range strings.Split(c, ";") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			name, _, ok := strings.Cut(part, "=")
			if !ok || strings.TrimSpace(name) == "" || strings.ContainsAny(part, "\r\n") {
				return nil, usageError{fmt.Errorf("cookie %q: want name=value", clipName(name))}
			}
			jar = append(jar, part)
		}
	}
	if len(jar) > 0 {
		out = append(out, crawler.Header{Name: "Cookie", Value: strings.Join(jar, "; ")})
	}
	return out, nil
}

func readLines(path string) ([]string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, l := range strings.Split(string(raw), "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out, nil
}

func validHeaderName(s string) bool {
	for _, r := range s {
		if !(r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

func clipName(s string) string {
	if len(s) > 40 {
		return s[:40]
	}
	return s
}

func newScanCmd(g *globals) *cobra.Command {
	f := &scanFlags{}
	cmd := &cobra.Command{
		Use:   "scan URL",
		Short: "Crawl a portal, detect evidence, score it and store the assessment",
		Long: `Crawl a portal from URL, store the snapshot, run the detectors and score the portal.

Politeness defaults: robots.txt obeyed, 2 requests in flight per host with a 250ms delay,
a 30s deadline per request (body included), a 15-minute scan deadline, one retry on
429/503/connection errors honouring Retry-After up to 30s, a 10 MiB body cap measured after
decompression, about 300 pages to depth 5. A scan of a loopback or private host never
resolves or dials any other host.

JavaScript rendering (--render auto, the default) loads the pages whose HTML is an empty
script-built shell in a headless Chromium (--browser, $PORTALSCAN_BROWSER or the usual
places), confined like the fetcher: it loads and resolves only the scan's hosts.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts, err := f.options()
			if err != nil {
				return err
			}
			if _, err := crawler.NormalizeURL(args[0]); err != nil {
				return usageError{err}
			}
			if err := checkWritable(f.JSON); err != nil {
				return err
			}
			st, err := g.openStore()
			if err != nil {
				return err
			}
			e, err := scanPortal(cmd.Context(), g, st, args[0], opts, f)
			if err != nil {
				return err
			}
			return emit(g, f.JSON, e)
		},
	}
	addScanFlags(cmd, f)
	return cmd
}

// emit writes the export where asked and the human summary: to stdout, or to stderr when
// stdout carries the JSON.
func emit(g *globals, jsonPath string, e *Export) error {
	summaryOut := g.stdout
	if jsonPath == "-" {
		summaryOut = g.stderr
	}
	if jsonPath != "" {
		if err := writeJSON(jsonPath, g.stdout, e); err != nil {
			return err
		}
	}
	printSummary(summaryOut, e)
	if jsonPath != "" && jsonPath != "-" {
		fmt.Fprintf(summaryOut, "\nJSON export written to %s\n", jsonPath)
	}
	return nil
}

// crawlIndex answers detectors' questions about the whole crawl.
type crawlIndex struct {
	scope *crawler.Scope
	byKey map[string]*page.Fetch
	all   []*page.Fetch
}

func newCrawlIndex(scope *crawler.Scope) *crawlIndex {
	return &crawlIndex{scope: scope, byKey: map[string]*page.Fetch{}}
}

func (ix *crawlIndex) add(f page.Fetch) {
	cp := f
	ix.all = append(ix.all, &cp)
	// The first record of a URL wins: a later probe of the same URL must not hide how the
	// page itself answered.
	for _, u := range []string{f.URL, f.FinalURL} {
		if u == "" {
			continue
		}
		k := ix.scope.Key(u)
		if _, ok := ix.byKey[k]; !ok {
			ix.byKey[k] = &cp
		}
	}
}

func (ix *crawlIndex) Lookup(u string) (*page.Fetch, bool) {
	f, ok := ix.byKey[ix.scope.Key(ix.scope.Rewrite(u))]
	return f, ok
}

func (ix *crawlIndex) InScope(u string) bool { return ix.scope.InScope(ix.scope.Rewrite(u)) }

func (ix *crawlIndex) Pages() []*page.Fetch { return ix.all }

// scanPortal runs the pipeline: crawl -> stored snapshot -> detectors -> scoring -> store.
func scanPortal(ctx context.Context, g *globals, st *store.Store, rawURL string, opts crawler.Options, f *scanFlags) (*Export, error) {
	start, err := crawler.NormalizeURL(rawURL)
	if err != nil {
		return nil, usageError{err}
	}
	portalID, err := crawler.PortalID(start)
	if err != nil {
		return nil, usageError{err}
	}
	scope, err := crawler.NewScope(start, opts)
	if err != nil {
		return nil, usageError{err}
	}
	cat, err := scoring.Load()
	if err != nil {
		return nil, fmt.Errorf("catalogue: %w", err)
	}
	rinfo, err := findBrowser(g, f, &opts)
	if err != nil {
		return nil, err
	}
	crawlRec, err := st.BeginCrawl(portalID, start, opts)
	if err != nil {
		return nil, err
	}
	log := g.log.With().Uint64("crawl", crawlRec.ID).Logger()
	log.Info().Str("url", start).Msg("scan started")

	w := st.NewPageWriter(crawlRec.ID)
	env := detectors.Env{StartURL: start, Host: hostOf(start), Now: crawlRec.Started}
	engine := detectors.NewEngine(env, detectors.All())
	idx := newCrawlIndex(scope)
	var title string
	prog := newProgress(g, f.NoProgress)
	opts.Progress = prog.update
	// Compressing and writing pages runs beside the detectors, on the other core: the sink is
	// called from one goroutine, and doing both there halves the pages a scan can take per
	// second. Bodies are fresh per fetch, so handing them over is safe.
	toStore := make(chan *page.Page, 64)
	var storeErr atomic.Pointer[error]
	storeDone := make(chan struct{})
	go func() {
		defer close(storeDone)
		for p := range toStore {
			if storeErr.Load() != nil {
				continue
			}
			if err := w.Add(p); err != nil {
				err = fmt.Errorf("store: %w", err)
				storeErr.Store(&err)
			}
		}
	}()
	sink := func(p *page.Page) error {
		if e := storeErr.Load(); e != nil {
			return *e
		}
		toStore <- &page.Page{Fetch: p.Fetch, Body: p.Body}
		engine.Page(p)
		idx.add(p.Fetch)
		if title == "" && p.Kind == page.KindPage && p.Doc != nil && p.Depth == 0 {
			title = p.Doc.Title
		}
		ev := log.Debug().Str("url", p.URL).Int("status", p.Status).Str("kind", string(p.Kind))
		if p.Error != "" {
			ev = log.Info().Str("url", p.URL).Int("status", p.Status).Str("error", p.Error)
		}
		if p.RenderWhy != "" {
			ev = ev.Int64("ms", p.DurationMS).Int("text_len", p.TextLen).Int("rendered_len", p.RenderedLen).Str("render_why", p.RenderWhy)
		}
		ev.Msg("fetched")
		return nil
	}
	res, crawlErr := crawler.Crawl(ctx, start, opts, sink)
	prog.done()
	close(toStore)
	<-storeDone
	flushErr := w.Flush()
	if e := storeErr.Load(); e != nil && flushErr == nil {
		flushErr = *e
	}
	pages, bytes := w.Stored()
	var stats any
	if res != nil {
		stats = res.Stats
	}
	if crawlErr != nil || flushErr != nil {
		err := crawlErr
		if err == nil {
			err = flushErr
		}
		status := store.CrawlFailed
		if ctx.Err() != nil {
			status = store.CrawlIncomplete
		}
		if ferr := st.FinishCrawl(crawlRec.ID, status, err.Error(), stats, pages, bytes); ferr != nil {
			log.Error().Err(ferr).Msg("could not record the failed crawl")
		}
		return nil, err
	}
	rinfo = renderOutcome(log, rinfo, res)
	findings := engine.Finish(idx)
	kind, reasons := decideKind(f.Kind, env, findings, idx.Pages())
	a := scoring.Assess(cat, findings, scoring.Options{Kind: kind})
	rec := assessmentRecord{
		Crawl: crawlRec.ID, Created: time.Now().UTC(), ToolVersion: version, Kind: kind, KindReasons: reasons,
		Render: rinfo, Soft404: res.Soft404, Title: title, Findings: findings, Assessment: a,
		Gating: detectors.GatingMap(findings),
	}
	if err := st.SaveAssessment(crawlRec.ID, &rec); err != nil {
		return nil, err
	}
	status := store.CrawlComplete
	if err := st.FinishCrawl(crawlRec.ID, status, "", stats, pages, bytes); err != nil {
		return nil, err
	}
	if title != "" {
		if err := st.SetPortalTitle(portalID, title); err != nil {
			return nil, err
		}
	}
	log.Info().Int("pages", res.Stats.Pages).Int("failed", res.Stats.Failed).Str("stop", res.Stats.StopReason).Msg("scan finished")
	if res.Stats.CrawlDelayMS > 0 {
		log.Info().Int64("crawl_delay_ms", res.Stats.CrawlDelayMS).Msg("robots.txt asked for a Crawl-delay: requests to the host were spaced by it")
	}
	return buildExportWith(st, crawlRec.ID, idx.Pages())
}

// findBrowser looks for the browser before anything is crawled. --render always without
// one is an error, as is a --browser that does not run; auto without one warns once and
// reads pages as served.
func findBrowser(g *globals, f *scanFlags, opts *crawler.Options) (renderInfo, error) {
	ri := renderInfo{Mode: f.Render, Effective: f.Render}
	if f.Render == crawler.RenderNever {
		opts.Render, opts.Browser = crawler.RenderNever, ""
		return ri, nil
	}
	path, err := render.FindBrowser(f.Browser)
	if err != nil {
		if f.Render == crawler.RenderAlways || f.Browser != "" {
			return ri, fmt.Errorf("--render %s: %w", f.Render, err)
		}
		g.log.Warn().Str("render", f.Render).Msg("no browser for JavaScript rendering (" + err.Error() + "); pages are assessed as served")
		// The crawl stays in auto mode: it still marks the pages that needed a browser
		// (Fetch.RenderWhy ends "(not rendered: ...)"), which is evidence in itself.
		opts.Browser = ""
		ri.Effective = renderNoBrowser
		ri.Note = "no Chromium browser was found (" + err.Error() + "): pages were assessed as served, so content that only JavaScript builds was not seen"
		return ri, nil
	}
	opts.Browser = path
	ri.Browser = path
	return ri, nil
}

const renderNoBrowser = "never (no browser)"

// renderOutcome completes the render record with what the crawl did.
func renderOutcome(log zerolog.Logger, ri renderInfo, res *crawler.Result) renderInfo {
	if res == nil || ri.Effective == renderNoBrowser || ri.Mode == crawler.RenderNever {
		return ri
	}
	st := res.Stats
	ri.PagesRendered = st.Rendered
	var notes []string
	switch {
	case res.Render.Error != "" && st.Rendered == 0 && st.RenderFailed == 0:
		// The browser was found but did not start: as good as none.
		ri.Effective = renderNoBrowser
		notes = append(notes, "the browser did not start ("+res.Render.Error+"): pages were assessed as served, so content that only JavaScript builds was not seen")
		log.Warn().Str("browser", ri.Browser).Str("error", res.Render.Error).Msg("the browser did not start; pages were assessed as served")
	case res.Render.Error != "":
		notes = append(notes, res.Render.Error)
		log.Warn().Str("error", res.Render.Error).Msg("JavaScript rendering stopped during the scan")
	case ri.Mode == crawler.RenderAuto && st.Rendered == 0 && st.RenderFailed == 0:
		notes = append(notes, "no page needed rendering: every page had its content in the HTML as served")
	}
	if st.RenderFailed > 0 {
		notes = append(notes, fmt.Sprintf("%d pages could not be rendered and were assessed as served (see render_why in the snapshot)", st.RenderFailed))
	}
	if st.Rendered > 0 {
		notes = append(notes, fmt.Sprintf("%d pages were assessed in their rendered form, %d ms in the browser", st.Rendered, st.RenderMS))
	}
	ri.Note = strings.Join(notes, "; ")
	return ri
}

func hostOf(u string) string {
	if pu, err := url.Parse(u); err == nil {
		return pu.Host
	}
	return ""
}

// decideKind picks the portal kind to score: the analyst's --kind, or what the portal's
// markers say (a service catalogue with owners, templates, scorecards, SSO-only entry versus
// sign-up, pricing and marketing pages), with the reasons.
func decideKind(flag string, env detectors.Env, findings []detectors.Finding, pages []*page.Fetch) (string, []string) {
	switch flag {
	case "interface", "platform":
		return flag, []string{"set by --kind " + flag}
	}
	return detectors.DecideKind(env, findings, pages)
}

// progress redraws one status line on a terminal; elsewhere it stays silent (logs say enough).
type progress struct {
	w       io.Writer
	enabled bool
	last    time.Time
	started time.Time
}

func newProgress(g *globals, disabled bool) *progress {
	return &progress{w: g.stderr, enabled: !disabled && g.stderrIsTTY(), started: time.Now()}
}

func (p *progress) update(done, queued int) {
	if !p.enabled || time.Since(p.last) < 200*time.Millisecond {
		return
	}
	p.last = time.Now()
	fmt.Fprintf(p.w, "\r\033[Kcrawling: %d pages fetched, %d queued, %s", done, queued, time.Since(p.started).Round(time.Second))
}

func (p *progress) done() {
	if p.enabled {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
