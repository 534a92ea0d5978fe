// Package render loads JavaScript-built pages in a headless Chromium driven by chromedp,
// for the portals (Redoc, Swagger UI, Stoplight Elements, React builds) whose raw HTML is an
// empty mount point.
//
// One browser serves one scan; each page gets its own tab, from a bounded pool. The browser
// is confined twice: --host-resolver-rules make every host outside the allowed set
// unresolvable inside Chromium's network stack (no DNS query, no connect), and request
// interception fails every request whose host the scan's scope refuses, so a page cannot
// pull a crawl outside its scope through scripts, fonts, frames or redirects.
package render

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// Errors a caller may want to tell apart.
var (
	ErrClosed     = errors.New("render: renderer closed")
	ErrOutOfScope = errors.New("render: URL outside the allowed hosts")
	// ErrRedirectOutOfScope: the page moved the main frame (location change, meta refresh,
	// HTTP redirect) to a host outside the scope; Result.FinalURL holds the target.
	ErrRedirectOutOfScope = errors.New("render: page redirected outside the allowed hosts")
	ErrTooManyRedirects   = errors.New("render: too many client-side redirects")
)

const (
	defaultTabs        = 2
	defaultPageTimeout = 30 * time.Second
	defaultSettle      = 500 * time.Millisecond
	startTimeout       = 30 * time.Second
	maxRedirects       = 10
	maxBlocked         = 200
	tempPrefix         = "portalscan-render-"
	pidFile            = "browser.pid"
)

// Options configure one browser.
type Options struct {
	Browser     string        // path from FindBrowser; empty: FindBrowser("")
	Tabs        int           // bounded pool of tabs, default 2
	PageTimeout time.Duration // per page, default 30s
	Settle      time.Duration // quiet period to consider the DOM settled, default 500ms (max wait = PageTimeout)
	// AllowHost is the scope: which hosts (host:port as in URL.Host) the browser may load.
	// Nil allows only the host of the URL being rendered.
	AllowHost func(host string) bool
	// AllowNavigation (an addition), when set, is asked about every document the main frame
	// is about to load: the URL given to Render, HTTP redirects, location changes and meta
	// refreshes. A crawler refuses the targets its robots.txt rules or path scope exclude,
	// so the browser never requests them; a refusal ends the render with
	// ErrRedirectOutOfScope and Result.FinalURL names the target. Subresources and frames are
	// judged by AllowHost alone, as a browser would load them.
	AllowNavigation func(url string) bool
	// ConfineToLoopback: the scanned host is loopback/private, so host-resolver rules map
	// everything except 127.0.0.1, localhost and ::1 (and ResolveOnly) to ~NOTFOUND.
	ConfineToLoopback bool
	// ResolveOnly (an addition to the agreed API) lists hostnames the browser may resolve;
	// when set, every other name and IP literal is unresolvable inside Chromium, which also
	// stops preconnect and dns-prefetch hints that no request interception can see. Give the
	// scanned host here for internet scans, and a private scanned host with ConfineToLoopback.
	ResolveOnly []string
	UserAgent   string
	// Headers are credentials for a portal behind a login, sent as the fetcher sends them:
	// with every request to an allowed host (the others are refused before they are made).
	// A Cookie header becomes cookies of the rendered page's host, since Chromium builds
	// that header from its cookie store.
	Headers []Header

	// Test hooks: extra flags (a net log) and resolver rules (a canary host).
	extraFlags         map[string]any
	extraResolverRules []string
}

// Header is one credential header.
type Header struct{ Name, Value string }

func (o Options) withDefaults() Options {
	if o.Tabs <= 0 {
		o.Tabs = defaultTabs
	}
	if o.PageTimeout <= 0 {
		o.PageTimeout = defaultPageTimeout
	}
	if o.Settle <= 0 {
		o.Settle = defaultSettle
	}
	return o
}

// Renderer is one headless browser and its pool of tabs. Safe for concurrent Render calls.
type Renderer struct {
	opts    Options
	dir     string // holds profile/, tmp/ and home/; removed by Close
	pid     int    // browser main process, also its process group
	exe     string // the browser's executable as the kernel sees it, to recognise its group
	sem     chan struct{}
	done    chan struct{}   // closed when Close starts
	closing context.Context // done when Close starts, for context.AfterFunc
	closed  context.CancelFunc
	stopped func() bool // unregisters the parent-context watcher

	allocCancel   context.CancelFunc
	browserCtx    context.Context
	browserCancel context.CancelFunc

	closeOnce sync.Once
	closeErr  error
}

// Start launches the browser. Its life is bound to ctx (the scan): cancelling ctx closes
// the browser and cleans up as Close does. ctx should carry no short deadline; per-page
// limits come from Options.PageTimeout.
func Start(ctx context.Context, opts Options) (*Renderer, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	path, err := FindBrowser(opts.Browser)
	if err != nil {
		return nil, err
	}
	opts.Browser = path
	sweepStale()

	// The pid in the name lets a later run tell a leftover of a killed scan from a live one.
	dir, err := os.MkdirTemp("", tempPrefix+strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		return nil, fmt.Errorf("render: temp dir: %w", err)
	}
	for _, sub := range []string{"profile", "tmp", "home"} {
		if err := os.Mkdir(filepath.Join(dir, sub), 0o700); err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("render: temp dir: %w", err)
		}
	}

	r := &Renderer{opts: opts, dir: dir, sem: make(chan struct{}, opts.Tabs), done: make(chan struct{})}
	r.closing, r.closed = context.WithCancel(context.Background())
	// The allocator context comes from the parent and has no timeout of its own: chromedp
	// binds the browser's life to the context of the first Run, so a timeout there would
	// kill the browser, not just the start.
	allocCtx, allocCancel := chromedp.NewExecAllocator(ctx, allocatorOptions(opts, path, dir)...)
	quiet := func(string, ...any) {}
	browserCtx, browserCancel := chromedp.NewContext(allocCtx,
		chromedp.WithLogf(quiet), chromedp.WithErrorf(quiet), chromedp.WithDebugf(quiet))
	r.allocCancel, r.browserCtx, r.browserCancel = allocCancel, browserCtx, browserCancel

	// Bound the start without binding the browser to a deadline.
	timer := time.AfterFunc(startTimeout, browserCancel)
	err = chromedp.Do(browserCtx)
	timer.Stop()
	if err != nil {
		r.shutdown()
		return nil, fmt.Errorf("render: start %s: %w", path, err)
	}
	if c := chromedp.FromContext(browserCtx); c != nil && c.Browser != nil && c.Browser.Process() != nil {
		r.pid = c.Browser.Process().Pid
		r.exe = exePath(r.pid)
		// For sweepStale, should this process die without Close.
		_ = os.WriteFile(filepath.Join(dir, pidFile), []byte(strconv.Itoa(r.pid)+"\n"+r.exe+"\n"), 0o600)
	}
	// A hostile page must not write files: downloads are refused for the whole browser.
	if _, err := chromedp.CallBrowser(browserCtx, browser.SetDownloadBehavior,
		browser.SetDownloadBehaviorParams{Behavior: browser.SetDownloadBehaviorBehaviorDeny}); err != nil {
		r.shutdown()
		return nil, fmt.Errorf("render: start: %w", err)
	}
	r.stopped = context.AfterFunc(ctx, func() { r.Close() })
	return r, nil
}

// Close kills the browser process group, removes the temp profile and TMPDIR. Safe to
// call twice and from several goroutines; later calls return the first call's result.
func (r *Renderer) Close() error {
	r.closeOnce.Do(func() { r.closeErr = r.shutdown() })
	return r.closeErr
}

func (r *Renderer) shutdown() error {
	select {
	case <-r.done:
	default:
		close(r.done)
	}
	r.closed()
	if r.stopped != nil {
		r.stopped()
	}
	// Kill first: a graceful browser shutdown buys nothing (the profile is thrown away)
	// and can hang on a wedged renderer.
	killBrowser(r.dir, r.pid, r.exe)
	waited := make(chan struct{})
	go func() {
		r.browserCancel()
		r.allocCancel()
		close(waited)
	}()
	select {
	case <-waited:
	case <-time.After(10 * time.Second):
		// chromedp could not reap its goroutines; the processes are dead anyway.
	}
	reapLeftovers(r.dir, r.pid, r.exe)
	if err := removeAllRetry(r.dir); err != nil {
		return fmt.Errorf("render: remove %s: %w", r.dir, err)
	}
	return nil
}

// killBrowser kills the browser's process tree and reports how many processes it found.
// The group signal is atomic against processes forking at that moment, but is sent only
// while the leader is alive and still the browser: once the group is empty its number can
// be reused by someone else's. Members are then killed one by one, each checked to run the
// browser's executable; zygote, GPU and renderer processes carry no --user-data-dir, so
// the command-line scan alone would miss them.
func killBrowser(dir string, pgid int, exe string) int {
	if exe != "" && pidAlive(pgid) && exePath(pgid) == exe {
		killGroup(pgid)
	}
	var mine []int
	if exe != "" {
		for _, pid := range liveGroup(pgid) {
			if exePath(pid) == exe {
				mine = append(mine, pid)
			}
		}
	}
	mine = append(mine, processesUsing(dir)...)
	killPIDs(mine)
	return len(mine)
}

// reapLeftovers kills until several passes in a row find nothing: a Chromium child can
// fork just as its parent dies and show up after the first look. Files can only stop
// changing once every process that writes them is gone.
func reapLeftovers(dir string, pgid int, exe string) {
	deadline := time.Now().Add(3 * time.Second)
	for quiet := 0; quiet < 3 && time.Now().Before(deadline); {
		if killBrowser(dir, pgid, exe) > 0 {
			quiet = 0
		} else {
			quiet++
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// removeAllRetry retries because a dying child can still create files in the profile.
func removeAllRetry(dir string) error {
	deadline := time.Now().Add(3 * time.Second)
	for {
		err := os.RemoveAll(dir)
		if err == nil || time.Now().After(deadline) {
			return err
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// sweepStale removes temp dirs left by a Go process that died without Close (SIGKILL, a
// crash): Pdeathsig killed that browser, but nothing removed its profile.
func sweepStale() {
	matches, _ := filepath.Glob(filepath.Join(os.TempDir(), tempPrefix+"*"))
	for _, dir := range matches {
		rest := strings.TrimPrefix(filepath.Base(dir), tempPrefix)
		pidStr, _, ok := strings.Cut(rest, "-")
		if !ok {
			continue
		}
		pid, err := strconv.Atoi(pidStr)
		if err != nil || pid == os.Getpid() || pidAlive(pid) {
			continue
		}
		pgid, exe := readPIDFile(dir)
		reapLeftovers(dir, pgid, exe)
		_ = removeAllRetry(dir)
	}
}

func readPIDFile(dir string) (int, string) {
	raw, err := os.ReadFile(filepath.Join(dir, pidFile))
	if err != nil {
		return 0, ""
	}
	pidStr, exe, _ := strings.Cut(strings.TrimSpace(string(raw)), "\n")
	pid, _ := strconv.Atoi(pidStr)
	return pid, strings.TrimSpace(exe)
}
