package render

import (
	"context"
	"fmt"
	"iter"
	neturl "net/url"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Result is one rendered page.
type Result struct {
	URL, FinalURL string   // FinalURL: after HTTP and client-side redirects (location changes, meta refresh)
	Redirects     []string // every hop after URL, in order
	HTML          string   // document.documentElement.outerHTML after settle
	Status        int      // main document HTTP status when known
	Blocked       []string // request URLs the confinement refused
	Duration      time.Duration
	// Settled (an addition) is false when the page was still changing at the deadline and
	// HTML is a snapshot of a moving DOM.
	Settled bool
}

// pageInit runs in every document before the page's own scripts. It removes the
// peer-connection constructors, because the resolver rules cannot see WebRTC's UDP to an
// IP-literal STUN server, and it counts DOM mutations, a fingerprint of "the page is
// still changing" that no length or element count can match: a counter ticking from 1 to 2
// changes neither.
const pageInit = `(() => {
  for (const n of ["RTCPeerConnection", "webkitRTCPeerConnection", "RTCDataChannel"]) {
    try { Object.defineProperty(window, n, {value: undefined, configurable: false, writable: false}); } catch (e) {}
  }
  try {
    let count = 0;
    new MutationObserver((ms) => { count += ms.length; })
      .observe(document, {childList: true, characterData: true, subtree: true});
    Object.defineProperty(window, "__portalscanMutations", {get: () => count});
  } catch (e) {}
})();`

// Render loads url in a fresh tab, follows client-side redirects, waits for the DOM to
// settle and returns the serialised DOM. On error the Result still carries what is known
// (redirect chain, blocked requests, status) when it is non-nil.
func (r *Renderer) Render(ctx context.Context, url string) (*Result, error) {
	start := time.Now()
	res := &Result{URL: url, FinalURL: url}
	u, err := neturl.Parse(url)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("render: not an http(s) URL: %q", url)
	}
	allow := r.opts.AllowHost
	if allow == nil {
		only := strings.ToLower(u.Host)
		allow = func(h string) bool { return strings.ToLower(h) == only }
	}
	if !allow(u.Host) {
		return nil, fmt.Errorf("%w: %s", ErrOutOfScope, url)
	}

	select {
	case <-r.done:
		return nil, ErrClosed
	default:
	}
	select {
	case r.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-r.done:
		return nil, ErrClosed
	}

	st := &tabState{allow: allow, allowNav: r.opts.AllowNavigation, current: url}
	tabCtx, tabCancel := chromedp.NewContext(r.browserCtx, chromedp.WithListener(st.listen))
	// Closing a tab whose renderer is wedged takes chromedp up to a second; the caller
	// gets its answer at once, and the slot frees when the tab is really gone, so the
	// bound on open tabs holds.
	defer func() {
		go func() {
			tabCancel()
			<-r.sem
		}()
	}()
	// The caller's ctx and Close both end the tab; the browser context does not depend
	// on either.
	stopCaller := context.AfterFunc(ctx, tabCancel)
	defer stopCaller()
	stopClose := context.AfterFunc(r.closing, tabCancel)
	defer stopClose()
	pageCtx, pageCancel := context.WithTimeout(tabCtx, r.opts.PageTimeout)
	defer pageCancel()

	err = r.load(pageCtx, st, url, res)
	st.fill(res)
	res.Duration = time.Since(start)
	if err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		select {
		case <-r.done:
			err = ErrClosed
		default:
		}
		return res, fmt.Errorf("render %s: %w", url, err)
	}
	return res, nil
}

func (r *Renderer) load(ctx context.Context, st *tabState, url string, res *Result) error {
	if err := chromedp.Do(ctx); err != nil { // opens the tab
		return err
	}
	c := chromedp.FromContext(ctx)
	st.setMainFrame(cdp.FrameID(c.Target.TargetID))

	// Subscribe before enabling interception so no paused request is missed; a paused
	// request nobody answers would hang the page.
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go st.intercept(ctx, paused)
	go func() {
		// An alert() blocks the page's scripts until someone answers it.
		for _, err := range dialogs {
			if err != nil {
				return
			}
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{
		Patterns: []*fetch.RequestPattern{{URLPattern: "*", RequestStage: fetch.RequestStageRequest}},
	}); err != nil {
		return err
	}
	// A service worker answers the page's requests itself, out of the tab's interception.
	if _, err := chromedp.Call(ctx, network.SetBypassServiceWorker, network.SetBypassServiceWorkerParams{Bypass: true}); err != nil {
		return err
	}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: pageInit}); err != nil {
		return err
	}
	if err := r.credentials(ctx, url); err != nil {
		return err
	}

	nav, err := chromedp.Call(ctx, page.Navigate, page.NavigateParams{URL: url})
	if err != nil {
		return err
	}
	if nav.ErrorText != "" {
		if to := st.blockedNavigation(); to != "" {
			res.FinalURL = to
			return fmt.Errorf("%w: %s", ErrRedirectOutOfScope, to)
		}
		return &chromedp.LoadError{ErrorText: nav.ErrorText}
	}
	return r.settle(ctx, st, res)
}

// tabState is what the tab's event stream tells about the page. The listener runs in
// chromedp's read loop, so it only records; commands run elsewhere.
type tabState struct {
	allow    func(string) bool
	allowNav func(string) bool // nil: every main-frame document AllowHost accepts

	mu         sync.Mutex
	mainFrame  cdp.FrameID
	docReqs    int      // main-frame document requests seen (the first is the navigation itself)
	hops       []string // main-frame URLs after the first, in order
	current    string   // the main frame's URL as far as events tell
	status     int
	inflight   map[network.RequestID]struct{}
	lastNet    time.Time
	blocked    []string
	blockedSet map[string]bool
	blockedNav string // a main-frame navigation the scope refused
	navPending bool   // the main frame asked for a navigation that has not committed
	fatal      error
}

func (s *tabState) setMainFrame(id cdp.FrameID) {
	s.mu.Lock()
	s.mainFrame = id
	s.mu.Unlock()
}

func (s *tabState) isMain(id cdp.FrameID) bool { return id != "" && id == s.mainFrame }

func (s *tabState) listen(ev any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		if s.inflight == nil {
			s.inflight = map[network.RequestID]struct{}{}
		}
		s.inflight[ev.RequestID] = struct{}{}
		s.lastNet = now
		if ev.Type == network.ResourceTypeDocument && s.isMain(ev.FrameID) && ev.Request != nil {
			if ev.RedirectResponse != nil {
				s.addHop(ev.Request.URL) // an HTTP redirect of the main document
			} else {
				s.docReqs++
				if s.docReqs > 1 {
					s.addHop(ev.Request.URL) // a client-side navigation
				}
			}
			s.navPending = true
		}
	case *network.EventLoadingFinished:
		delete(s.inflight, ev.RequestID)
		s.lastNet = now
	case *network.EventLoadingFailed:
		delete(s.inflight, ev.RequestID)
		s.lastNet = now
	case *network.EventResponseReceived:
		s.lastNet = now
		if ev.Type == network.ResourceTypeDocument && s.isMain(ev.FrameID) && ev.Response != nil {
			s.status = int(ev.Response.Status)
		}
	case *page.EventFrameRequestedNavigation:
		if s.isMain(ev.FrameID) {
			s.navPending = true
		}
	case *page.EventFrameNavigated:
		if ev.Frame != nil && ev.Frame.ParentID == "" {
			s.navPending = false
		}
	case *page.EventFrameStoppedLoading:
		if s.isMain(ev.FrameID) {
			s.navPending = false
		}
	case *page.EventNavigatedWithinDocument:
		// A router's history.replaceState to another path is a redirect in effect.
		if s.isMain(ev.FrameID) {
			s.addHop(ev.URL)
		}
	}
}

// addHop records a move of the main frame, unless only the fragment changed: in-page
// anchors and hash routers are not redirects.
func (s *tabState) addHop(u string) {
	if stripFragment(u) == stripFragment(s.current) {
		return
	}
	s.current = u
	s.hops = append(s.hops, u)
	if len(s.hops) > maxRedirects && s.fatal == nil {
		s.fatal = ErrTooManyRedirects
	}
}

func stripFragment(u string) string {
	if i := strings.IndexByte(u, '#'); i >= 0 {
		return u[:i]
	}
	return u
}

// intercept answers every paused request: continue in scope, fail the rest.
func (s *tabState) intercept(ctx context.Context, paused iter.Seq2[fetch.EventRequestPaused, error]) {
	for ev, err := range paused {
		if err != nil {
			return
		}
		raw := ""
		if ev.Request != nil {
			raw = ev.Request.URL
		}
		mainDoc := ev.ResourceType == network.ResourceTypeDocument && s.isMainLocked(ev.FrameID)
		if s.allowed(raw) && (!mainDoc || s.allowNav == nil || s.allowNav(raw)) {
			_, _ = chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
			continue
		}
		s.recordBlocked(raw, mainDoc)
		_, _ = chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{
			RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient,
		})
	}
}

func (s *tabState) allowed(raw string) bool {
	u, err := neturl.Parse(raw)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "data", "blob", "about":
		return true // never leaves the browser
	case "http", "https", "ws", "wss":
		return u.Host != "" && s.allow(u.Host)
	}
	return false
}

func (s *tabState) isMainLocked(id cdp.FrameID) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.isMain(id)
}

func (s *tabState) recordBlocked(u string, mainNav bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if mainNav && s.blockedNav == "" {
		s.blockedNav = u
	}
	if s.blockedSet == nil {
		s.blockedSet = map[string]bool{}
	}
	if s.blockedSet[u] || len(s.blocked) >= maxBlocked {
		return
	}
	s.blockedSet[u] = true
	s.blocked = append(s.blocked, u)
}

func (s *tabState) blockedNavigation() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.blockedNav
}

// netQuiet reports whether no request is in flight and none started or ended for d.
func (s *tabState) netQuiet(now time.Time, d time.Duration) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.inflight) == 0 && now.Sub(s.lastNet) >= d
}

func (s *tabState) pending() (nav bool, blockedNav string, fatal error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.navPending, s.blockedNav, s.fatal
}

func (s *tabState) fill(res *Result) {
	s.mu.Lock()
	defer s.mu.Unlock()
	res.Redirects = append([]string(nil), s.hops...)
	res.Status = s.status
	res.Blocked = append([]string(nil), s.blocked...)
	if s.blockedNav != "" {
		res.FinalURL = s.blockedNav
	}
}

// credentials gives the tab the scan's credential headers: extra headers on every request
// (interception refuses every request to a host out of scope before it is sent, so they
// reach only the scan's hosts) and cookies of the page's own host.
func (r *Renderer) credentials(ctx context.Context, pageURL string) error {
	extra := network.Headers{}
	for _, h := range r.opts.Headers {
		if !strings.EqualFold(h.Name, "Cookie") {
			extra[h.Name] = h.Value
			continue
		}
		for _, kv := range strings.Split(h.Value, ";") {
			name, value, ok := strings.Cut(strings.TrimSpace(kv), "=")
			if !ok || name == "" {
				continue
			}
			if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: name, Value: value, URL: pageURL}); err != nil {
				return fmt.Errorf("cookie %s: %w", name, err)
			}
		}
	}
	if len(extra) == 0 {
		return nil
	}
	_, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: extra})
	return err
}
