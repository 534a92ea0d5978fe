package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/portalscan/portalscan/crawler/page"
	"github.com/portalscan/portalscan/crawler/render"
	"github.com/portalscan/portalscan/crawler/render/proctest"
)

// shellPage is what a React build serves: a mount point, a bundle, no text.
const shellPage = `<!doctype html><html lang="en"><head><title>App</title></head><body>
<div id="root"></div><script src="/static/js/main.3f9a2c1b.js"></script></body></html>`

// fakeBrowser renders from a table: path -> rendered DOM, or a function for odd cases.
type fakeBrowser struct {
	t     *testing.T
	base  string
	mu    sync.Mutex
	calls []string
	pages map[string]string
	funcs map[string]func(url string) (*render.Result, error)
}

func (f *fakeBrowser) render(ctx context.Context, url string) (*render.Result, error) {
	f.mu.Lock()
	f.calls = append(f.calls, strings.TrimPrefix(url, f.base))
	f.mu.Unlock()
	path := strings.TrimPrefix(url, f.base)
	if fn, ok := f.funcs[path]; ok {
		return fn(url)
	}
	if html, ok := f.pages[path]; ok {
		return &render.Result{URL: url, FinalURL: url, HTML: html, Status: 200, Settled: true}, nil
	}
	return nil, fmt.Errorf("fake browser: nothing at %s", path)
}

func (f *fakeBrowser) called() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

func renderOptions(mode string) Options {
	o := testOptions()
	o.Render = mode
	o.RenderTimeout = 5 * time.Second
	o.RenderSettle = 200 * time.Millisecond
	return o
}

func TestRenderAutoOnlyShellsAndCrawlsRenderedLinks(t *testing.T) {
	s := newSite(t)
	s.text("/robots.txt", "text/plain", "User-agent: *\nDisallow: /private/\n")
	s.html("/", `<html><head><title>Home</title></head><body><main><h1>Welcome</h1><p>`+strings.Repeat("Plain server-side text. ", 40)+`</p>
<a href="/app/">Open the app</a></main></body></html>`)
	s.html("/app/", shellPage)
	s.html("/app/pricing", shellPage)
	s.html("/private/x", `<p>never fetched</p>`)
	other := strings.Replace(s.URL("/elsewhere"), "127.0.0.1", "localhost", 1)
	fb := &fakeBrowser{t: t, base: s.URL(""), pages: map[string]string{
		"/app/": `<html lang="en"><head><title>Docs app</title></head><body><div id="root"><nav><a href="/app/pricing">Pricing</a>
<a href="/private/x">Internal</a><a href="` + other + `">Elsewhere</a></nav><main><h1>Docs</h1><p>` + strings.Repeat("Rendered by a script. ", 40) + `</p></main></div></body></html>`,
		"/app/pricing": `<html><head><title>Pricing</title></head><body><div id="root"><h1>Pricing</h1><p>Free tier: 1000 calls a month.</p></div></body></html>`,
	}}
	sc := runScanWith(t, context.Background(), s.URL("/"), renderOptions(RenderAuto), fb.render)
	if sc.err != nil {
		t.Fatal(sc.err)
	}
	if c := fb.called(); len(c) != 2 || c[0] != "/app/" || c[1] != "/app/pricing" {
		t.Errorf("browser asked for %v, want only the two shells", c)
	}
	home := sc.byURL(s.URL("/"))
	if home == nil || home.RenderWhy != "" || home.RenderedLen != 0 || home.TextLen < 500 {
		t.Errorf("static home page: %+v", home)
	}
	app := sc.byURL(s.URL("/app/"))
	if app == nil || app.Kind != page.KindPage || !strings.Contains(app.RenderWhy, `"root" mount`) ||
		app.TextLen > 20 || app.RenderedLen < 500 || app.Title != "Docs app" || !strings.Contains(string(app.Body), "Rendered by a script") {
		t.Fatalf("rendered page: %+v", app)
	}
	pricing := sc.byURL(s.URL("/app/pricing"))
	if pricing == nil || pricing.Via != "link" || pricing.FoundOn != s.URL("/app/") || pricing.RenderedLen == 0 || pricing.Title != "Pricing" {
		t.Errorf("link found only after rendering: %+v", pricing)
	}
	if p := sc.byURL(s.URL("/private/x")); p == nil || p.Error != errDisallowed || s.hit("/private/x") != 0 {
		t.Errorf("robots.txt applies to rendered links: %+v, hits %d", p, s.hit("/private/x"))
	}
	if st := sc.res.Stats; st.Rendered != 2 || st.RenderFailed != 0 || st.OutOfScope < 1 {
		t.Errorf("stats %+v", st)
	}
	if sc.res.Render.Mode != RenderAuto || sc.res.Render.Error != "" {
		t.Errorf("render info %+v", sc.res.Render)
	}
}

func TestRenderModesNeverAndAlways(t *testing.T) {
	s := newSite(t)
	s.html("/", `<html><body><h1>Home</h1><p>`+strings.Repeat("Server text. ", 60)+`</p><a href="/app/">App</a></body></html>`)
	s.html("/app/", shellPage)
	s.text("/llms.txt", "text/plain", "# Portal\n")
	fb := &fakeBrowser{t: t, base: s.URL(""), pages: map[string]string{
		"/":     `<html><body><h1>Home</h1><p>` + strings.Repeat("Server text. ", 60) + `</p><a href="/app/">App</a></body></html>`,
		"/app/": `<html><body><div id="root"><h1>App</h1><a href="/app/more">More</a></div></body></html>`,
	}}

	sc := runScanWith(t, context.Background(), s.URL("/"), renderOptions(RenderNever), fb.render)
	if sc.err != nil || len(fb.called()) != 0 || sc.res.Stats.Rendered != 0 || sc.byURL(s.URL("/app/more")) != nil {
		t.Fatalf("never: err %v, browser calls %v, stats %+v", sc.err, fb.called(), sc.res.Stats)
	}
	if app := sc.byURL(s.URL("/app/")); app == nil || app.RenderWhy != "" {
		t.Errorf("never: %+v", app)
	}

	sc = runScanWith(t, context.Background(), s.URL("/"), renderOptions(RenderAlways), fb.render)
	if sc.err != nil {
		t.Fatal(sc.err)
	}
	if c := fb.called(); len(c) != 2 {
		t.Errorf("always renders every HTML page and nothing else: %v", c)
	}
	home := sc.byURL(s.URL("/"))
	app := sc.byURL(s.URL("/app/"))
	if home.RenderWhy != "render always" || home.RenderedLen == 0 || !strings.HasPrefix(app.RenderWhy, "render always: ") {
		t.Errorf("always: home %q app %q", home.RenderWhy, app.RenderWhy)
	}
	if p := sc.byURL(s.URL("/llms.txt")); p == nil || p.RenderWhy != "" {
		t.Errorf("known files are never rendered: %+v", p)
	}

	if _, err := Crawl(context.Background(), s.URL("/"), Options{Render: "sometimes"}, nil); err == nil {
		t.Error("unknown render mode accepted")
	}
}

func TestRenderFailuresKeepRawPage(t *testing.T) {
	s := newSite(t)
	var links strings.Builder
	for i := range 8 {
		fmt.Fprintf(&links, `<a href="/app/%d">page %d</a>`, i, i)
		s.html(fmt.Sprintf("/app/%d", i), shellPage)
	}
	s.html("/", `<html><body><h1>Home</h1><p>`+strings.Repeat("Server text. ", 60)+`</p>`+links.String()+`</body></html>`)
	fb := &fakeBrowser{t: t, base: s.URL(""), funcs: map[string]func(string) (*render.Result, error){}}
	for i := range 8 {
		fb.funcs[fmt.Sprintf("/app/%d", i)] = func(u string) (*render.Result, error) {
			return nil, errors.New("browser crashed")
		}
	}
	o := renderOptions(RenderAuto)
	o.PerHost = 1 // two workers: at most one call beyond the limit is already under way
	sc := runScanWith(t, context.Background(), s.URL("/"), o, fb.render)
	if sc.err != nil {
		t.Fatal(sc.err)
	}
	calls := len(fb.called())
	if calls < maxRenderFailures || calls > maxRenderFailures+1 {
		t.Errorf("browser called %d times, want %d then rendering off", calls, maxRenderFailures)
	}
	for i := range 8 {
		p := sc.byURL(s.URL(fmt.Sprintf("/app/%d", i)))
		if p == nil || !p.OK() || p.RenderedLen != 0 || !strings.Contains(p.RenderWhy, notRendered) || string(p.Body) != shellPage {
			t.Errorf("page %d: %+v", i, p)
		}
	}
	if st := sc.res.Stats; st.RenderFailed != calls || st.Rendered != 0 || st.Failed != 0 {
		t.Errorf("stats %+v", st)
	}
	if !strings.Contains(sc.res.Render.Error, "rendering stopped") {
		t.Errorf("render info %+v", sc.res.Render)
	}
}

func TestRenderClientSideRedirects(t *testing.T) {
	s := newSite(t)
	s.text("/robots.txt", "text/plain", "User-agent: *\nDisallow: /private/\n")
	redirect := `<html><head><title>Moving</title><script>location.replace("/app/home")</script></head><body>Redirecting…</body></html>`
	s.html("/", redirect)
	s.html("/app/home", `<p>served</p>`)
	s.html("/old", redirect)
	s.html("/router", shellPage)
	base := s.URL("")
	fb := &fakeBrowser{t: t, base: base, funcs: map[string]func(string) (*render.Result, error){
		"/": func(u string) (*render.Result, error) {
			return &render.Result{URL: u, FinalURL: base + "/app/home#top", Redirects: []string{base + "/app/home#top"}, Status: 200, Settled: true,
				HTML: `<html><head><title>Home</title></head><body><h1>Home</h1><a href="/old">Old</a><a href="/router">Router</a></body></html>`}, nil
		},
		// The browser refused to go there (AllowNavigation): the target is a link.
		"/old": func(u string) (*render.Result, error) {
			return &render.Result{URL: u, FinalURL: base + "/private/gone", Redirects: []string{base + "/private/gone"}},
				fmt.Errorf("%w: %s", render.ErrRedirectOutOfScope, base+"/private/gone")
		},
		// A History API router moved the address to a disallowed path without a request.
		"/router": func(u string) (*render.Result, error) {
			return &render.Result{URL: u, FinalURL: base + "/private/route", Redirects: []string{base + "/private/route"}, Settled: true,
				HTML: `<html><body><h1>Routed</h1></body></html>`}, nil
		},
	}}
	sc := runScanWith(t, context.Background(), s.URL("/"), renderOptions(RenderAuto), fb.render)
	if sc.err != nil {
		t.Fatal(sc.err)
	}
	start := sc.byURL(s.URL("/"))
	if start.FinalURL != s.URL("/app/home") || len(start.Redirects) != 1 || start.Redirects[0] != s.URL("/app/home") || start.Title != "Home" {
		t.Errorf("start: final %s redirects %v title %q", start.FinalURL, start.Redirects, start.Title)
	}
	if s.hit("/app/home") != 0 || sc.byURL(s.URL("/app/home")) != nil {
		t.Errorf("the redirect target was fetched again (%d hits)", s.hit("/app/home"))
	}
	old := sc.byURL(s.URL("/old"))
	if old == nil || old.RenderedLen != 0 || !strings.Contains(old.RenderWhy, "/private/gone refused") || !strings.Contains(string(old.Body), "Redirecting") {
		t.Errorf("refused redirect: %+v", old)
	}
	if p := sc.byURL(s.URL("/private/gone")); p == nil || p.Error != errDisallowed || p.FoundOn != s.URL("/old") {
		t.Errorf("refused target is a link like any other: %+v", p)
	}
	router := sc.byURL(s.URL("/router"))
	if router == nil || router.RenderedLen != 0 || router.FinalURL != s.URL("/router") || !strings.Contains(router.RenderWhy, "moved itself") {
		t.Errorf("router to a disallowed path: %+v", router)
	}
	if s.hit("/private/gone")+s.hit("/private/route") != 0 {
		t.Error("a disallowed path was fetched")
	}
}

// The rendered body is stored in place of the raw one: parsing the stored bytes with the
// stored content type must give the document the detectors saw, whatever charset the server
// declared.
func TestRenderedBodyReparsesIdentically(t *testing.T) {
	s := newSite(t)
	s.text("/", "text/html; charset=iso-8859-1", `<html><head><meta charset="iso-8859-1"><title>Caf`+"\xe9"+`</title></head><body><div id="root"></div><script src="/static/js/main.3f9a2c1b.js"></script></body></html>`)
	fb := &fakeBrowser{t: t, base: s.URL(""), pages: map[string]string{
		"/": `<html><head><meta charset="iso-8859-1"><title>Café</title></head><body><div id="root"><h1>Café — naïve ∑</h1><p>` + strings.Repeat("Ünïcode text. ", 50) + `</p></div></body></html>`,
	}}
	sc := runScanWith(t, context.Background(), s.URL("/"), renderOptions(RenderAuto), fb.render)
	if sc.err != nil {
		t.Fatal(sc.err)
	}
	p := sc.byURL(s.URL("/"))
	if p == nil || p.Doc == nil || p.RenderedLen == 0 || !strings.Contains(p.Doc.Text, "Café — naïve ∑") || p.Title != "Café" {
		t.Fatalf("rendered page: %+v", p)
	}
	if !page.IsHTML(p.ContentType, p.Body) {
		t.Fatal("stored body is not HTML to the store's reader")
	}
	d, _, err := page.Parse(p.FinalURL, p.Body, p.ContentType)
	if err != nil || d.Text != p.Doc.Text || d.Title != p.Doc.Title || len(d.Links) != len(p.Doc.Links) {
		t.Errorf("re-parse differs: err %v\n%q\n%q", err, d.Text, p.Doc.Text)
	}
}

func TestRenderBudgetAppliesToRenderedLinks(t *testing.T) {
	s := newSite(t)
	s.html("/", shellPage)
	var links strings.Builder
	for i := range 20 {
		fmt.Fprintf(&links, `<a href="/p/%d">p%d</a>`, i, i)
		s.html(fmt.Sprintf("/p/%d", i), `<p>static</p>`)
	}
	fb := &fakeBrowser{t: t, base: s.URL(""), pages: map[string]string{"/": `<html><body><div id="root">` + links.String() + `</div></body></html>`}}
	o := renderOptions(RenderAuto)
	o.MaxPages = 5
	sc := runScanWith(t, context.Background(), s.URL("/"), o, fb.render)
	if sc.err != nil {
		t.Fatal(sc.err)
	}
	if n := len(sc.kinds(page.KindPage)); n != 5 || sc.res.Stats.StopReason != StopMaxPages {
		t.Errorf("%d pages, stop %s", n, sc.res.Stats.StopReason)
	}
}

func TestBrowserConfinement(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		start     string
		pathScope bool
		loopback  bool
		resolve   string
	}{
		{"http://127.0.0.1:8080/", false, true, "127.0.0.1"},
		{"http://localhost:3000/docs/", false, true, "localhost"},
		{"http://10.1.2.3/", false, true, "10.1.2.3"},
		{"http://[::1]:8080/", false, true, "::1"},
		{"https://developer.example.com/", false, false, "developer.example.com example.com *.example.com"},
		{"https://user.github.io/project/", true, false, "user.github.io"},
		{"https://intranet/", false, false, "intranet"},
	} {
		sc, err := NewScope(c.start, Options{PathScope: c.pathScope})
		if err != nil {
			t.Fatal(err)
		}
		loop, hosts := sc.browserConfinement()
		if loop != c.loopback || strings.Join(hosts, " ") != c.resolve {
			t.Errorf("%s: loopback %v resolve %v", c.start, loop, hosts)
		}
	}
}

// ---- with the real browser ----

// needBrowser skips without a browser, except under CI where that is a broken install.
func needBrowser(t *testing.T) string {
	t.Helper()
	p, err := render.FindBrowser("")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and no browser: %v", err)
		}
		t.Skipf("no browser: %v", err)
	}
	if runtime.GOOS != "linux" {
		t.Skip("the process checks read /proc")
	}
	return p
}

// The process checks live in crawler/render/proctest, shared with the CLI's tests.
func markedProcesses(marker string) []int                  { return proctest.MarkedProcesses(marker) }
func trackBrowsers(root int, exe string) *proctest.Tracker { return proctest.Track(root, exe) }
func assertNoBrowserLeft(t *testing.T, tmp string)         { proctest.AssertNothingLeft(t, tmp) }

const appJS = `(() => {
  const routes = {
    "/app/": {title: "Docs", links: [["/app/pricing", "Pricing"], ["/private/p", "Internal"], ["/app/moved", "Moved"], ["/app/hang", "Slow"]],
      text: "Welcome to the docs. ".repeat(40)},
    "/app/pricing": {title: "Pricing", links: [["/app/", "Docs"]], text: "Free tier with 1000 calls a month. ".repeat(20)},
  };
  if (location.pathname === "/app/moved") { location.replace("/private/z"); return; }
  const r = routes[location.pathname];
  if (!r) return;
  setTimeout(() => {
    document.title = r.title;
    const root = document.getElementById("root");
    const nav = document.createElement("nav");
    for (const [href, text] of r.links) { const a = document.createElement("a"); a.href = href; a.textContent = text; nav.appendChild(a); }
    const main = document.createElement("main");
    main.innerHTML = "<h1>" + r.title + "</h1><p>" + r.text + "</p>";
    root.append(nav, main);
  }, 50);
})();`

func TestRenderWithBrowser(t *testing.T) {
	browser := needBrowser(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	s := newSite(t)
	// Another loopback server, out of the scan's scope (another port, another name): the
	// browser must not reach it, whatever the page asks for.
	other := newSite(t)
	otherHost := "localhost:" + other.port()
	shell := `<!doctype html><html><head><title>App</title><script src="http://` + otherHost + `/x.js"></script></head><body><div id="root"></div>
<img src="http://` + other.host() + `/pixel.gif" alt=""><script src="/app.js"></script>
<script>fetch("http://` + other.host() + `/api").catch(() => {})</script></body></html>`
	s.text("/robots.txt", "text/plain", "User-agent: *\nDisallow: /private/\n")
	s.html("/", `<html><head><script>location.replace("/app/")</script></head><body>Redirecting…</body></html>`)
	s.html("/app/", shell)
	s.html("/app/pricing", shell)
	s.html("/app/moved", shell)
	// A stylesheet that never arrives holds the page in "loading" until the page timeout.
	s.html("/app/hang", `<!doctype html><html><head><title>Slow</title><script src="/hang.js"></script></head><body><div id="root"></div><script src="/app.js"></script></body></html>`)
	s.handle("/hang.js", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(20 * time.Second):
		}
	})
	s.text("/app.js", "text/javascript", appJS)
	s.html("/private/p", `<p>no</p>`)
	s.html("/private/z", `<p>no</p>`)

	o := renderOptions(RenderAuto)
	o.RenderTimeout = 3 * time.Second
	began := time.Now()
	tracker := trackBrowsers(os.Getpid(), browser)
	sc := runScan(t, s.URL("/"), o)
	if sc.err != nil {
		t.Fatal(sc.err)
	}
	t.Logf("crawl with browser: %v, %d ms in the browser for %d pages", time.Since(began), sc.res.Stats.RenderMS, sc.res.Stats.Rendered)
	start := sc.byURL(s.URL("/"))
	if start.FinalURL != s.URL("/app/") || start.Title != "Docs" || start.RenderedLen < 500 || start.TextLen > 20 ||
		!strings.Contains(start.RenderWhy, "client-side redirect") {
		t.Errorf("start: final %s title %q raw %d rendered %d why %q", start.FinalURL, start.Title, start.TextLen, start.RenderedLen, start.RenderWhy)
	}
	if n := s.hit("/app/"); n != 1 {
		t.Errorf("/app/ requested %d times, want once (by the browser, as the redirect target)", n)
	}
	if p := sc.byURL(s.URL("/app/pricing")); p == nil || p.Title != "Pricing" || p.RenderedLen == 0 {
		t.Errorf("pricing, linked only from the rendered DOM: %+v", p)
	}
	if p := sc.byURL(s.URL("/app/moved")); p == nil || !strings.Contains(p.RenderWhy, "/private/z refused") {
		t.Errorf("moved: %+v", p)
	}
	if p := sc.byURL(s.URL("/app/hang")); p == nil || !p.OK() || p.DurationMS > 6000 {
		t.Errorf("hanging page: %+v", p)
	} else {
		t.Logf("hanging page: %q in %d ms", p.RenderWhy, p.DurationMS)
	}
	if n := s.hit("/private/p") + s.hit("/private/z"); n != 0 {
		t.Errorf("disallowed pages requested %d times", n)
	}
	if n := other.hit("/x.js") + other.hit("/pixel.gif") + other.hit("/api"); n != 0 {
		t.Errorf("the out-of-scope server was reached %d times", n)
	}
	if sc.res.Render.Browser == "" || sc.res.Stats.Rendered < 3 {
		t.Errorf("render info %+v stats %+v", sc.res.Render, sc.res.Stats)
	}
	tracker.Check(t)
	assertNoBrowserLeft(t, tmp)
}

// Cancelling the scan (the CLI's Ctrl-C) while a page hangs in the browser ends the crawl
// at once and leaves no process or temp file behind.
func TestRenderCancelledScanCleansUp(t *testing.T) {
	browser := needBrowser(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	s := newSite(t)
	started := make(chan struct{}, 1)
	s.html("/", `<!doctype html><html><head><script src="/hang.js"></script></head><body><div id="root"></div></body></html>`)
	s.handle("/hang.js", func(w http.ResponseWriter, r *http.Request) {
		select {
		case started <- struct{}{}:
		default:
		}
		select {
		case <-r.Context().Done():
		case <-time.After(20 * time.Second):
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-started:
		case <-time.After(10 * time.Second):
		}
		if len(markedProcesses(tmp)) == 0 {
			t.Error("no browser process found while rendering: the check would prove nothing")
		}
		cancel()
	}()
	began := time.Now()
	tracker := trackBrowsers(os.Getpid(), browser)
	o := renderOptions(RenderAlways)
	o.RenderTimeout = 20 * time.Second
	sc := runScanWith(t, ctx, s.URL("/"), o, nil)
	if d := time.Since(began); d > 12*time.Second {
		t.Errorf("cancelled scan took %v", d)
	}
	if sc.res == nil || sc.res.Stats.StopReason != StopCancelled {
		t.Errorf("result %+v err %v", sc.res, sc.err)
	}
	tracker.Check(t)
	assertNoBrowserLeft(t, tmp)
}

func TestRenderAlwaysWithoutBrowserFails(t *testing.T) {
	o := renderOptions(RenderAlways)
	o.Browser = filepath.Join(t.TempDir(), "no-such-browser")
	s := newSite(t)
	s.html("/", `<p>hi</p>`)
	res, err := Crawl(context.Background(), s.URL("/"), o, nil)
	if err == nil || res == nil || res.Stats.StopReason != StopStartFailed || s.hit("/") != 0 {
		t.Fatalf("err %v res %+v hits %d", err, res, s.hit("/"))
	}
	// auto goes on with raw HTML and says why.
	o.Render = RenderAuto
	var pages []*page.Page
	s = newSite(t)
	s.html("/app", shellPage)
	s.html("/", `<a href="/app">app</a>`)
	res, err = Crawl(context.Background(), s.URL("/"), o, func(p *page.Page) error { pages = append(pages, p); return nil })
	if err != nil || res.Render.Error == "" || res.Stats.Rendered != 0 {
		t.Fatalf("auto without browser: err %v render %+v", err, res.Render)
	}
	for _, p := range pages {
		if p.URL == s.URL("/app") && !strings.Contains(p.RenderWhy, notRendered+"render: browser") {
			t.Errorf("shell page: %q", p.RenderWhy)
		}
	}
}
