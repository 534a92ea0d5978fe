package render

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/portalscan/portalscan/crawler/page"
)

// spaShell is a React-style shell: nothing but a mount point until the script fetches its
// content and writes headings, prose and links, in two steps a few tens of ms apart, so a
// snapshot taken at DOMContentLoaded would miss them.
const spaShell = `<!doctype html><html><head><title>Portal</title></head><body>
<div id="root"></div>
<script>
setTimeout(async () => {
  const data = await (await fetch("/api/nav.json")).json();
  const root = document.getElementById("root");
  const nav = document.createElement("nav");
  for (const l of data.links) {
    const a = document.createElement("a"); a.href = l.href; a.textContent = l.text; nav.appendChild(a);
  }
  root.appendChild(nav);
  setTimeout(() => {
    const main = document.createElement("main");
    main.innerHTML = "<h1 id='auth'>Authentication</h1><p>" + "Every request carries a bearer token. ".repeat(40) + "</p>";
    root.appendChild(main);
  }, 150);
}, 50);
</script></body></html>`

const navJSON = `{"links":[{"href":"/docs/auth","text":"Auth guide"},{"href":"/reference/","text":"API reference"}]}`

func jsonBody(s string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(s))
	}
}

func TestRenderJavaScriptContent(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{"/": html(spaShell), "/api/nav.json": jsonBody(navJSON)})
	r := startRenderer(t, Options{AllowHost: onlyHost(s.host())})

	res, err := r.Render(context.Background(), s.URL+"/")
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	if res.Status != 200 || !res.Settled || res.FinalURL != s.URL+"/" || len(res.Redirects) != 0 {
		t.Errorf("status=%d settled=%v final=%s redirects=%v", res.Status, res.Settled, res.FinalURL, res.Redirects)
	}
	d, _, err := page.Parse(res.FinalURL, []byte(res.HTML), "text/html")
	if err != nil {
		t.Fatal(err)
	}
	if d.TextLen < 1000 || !strings.Contains(d.Text, "bearer token") {
		t.Errorf("rendered text missing (TextLen=%d): %.200q", d.TextLen, d.Text)
	}
	var links []string
	for _, l := range d.Links {
		links = append(links, l.URL)
	}
	for _, want := range []string{s.URL + "/docs/auth", s.URL + "/reference/"} {
		if !slices.Contains(links, want) {
			t.Errorf("link %s missing from %v", want, links)
		}
	}
	if raw, _, _ := page.Parse(s.URL+"/", []byte(spaShell), "text/html"); raw.TextLen > 50 {
		t.Errorf("fixture is not a shell: raw TextLen=%d", raw.TextLen)
	}
	t.Logf("rendered in %v", res.Duration)
}

func TestRenderFollowsClientSideRedirects(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{
		"/":      html(`<html><head><script>location.replace("/step2")</script></head><body>Redirecting…</body></html>`),
		"/step2": html(`<html><head><meta http-equiv="refresh" content="0; url=/go"></head><body>Moved.</body></html>`),
		"/go": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/final", http.StatusFound)
		},
		"/final": html(`<html><body><h1>Landing</h1><script>document.body.insertAdjacentHTML("beforeend", "<p id=js>written by script</p>")</script></body></html>`),
		// A router that redirects with the History API, after an in-page anchor move.
		"/router": html(`<html><body><script>history.replaceState(null, "", "#top");
setTimeout(() => { history.replaceState(null, "", "/docs/intro#start"); document.body.textContent = "Intro"; }, 50)</script></body></html>`),
	})
	r := startRenderer(t, Options{AllowHost: onlyHost(s.host())})

	res, err := r.Render(context.Background(), s.URL+"/")
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	want := []string{s.URL + "/step2", s.URL + "/go", s.URL + "/final"}
	if !slices.Equal(res.Redirects, want) {
		t.Errorf("Redirects = %v, want %v", res.Redirects, want)
	}
	if res.FinalURL != s.URL+"/final" || res.Status != 200 {
		t.Errorf("FinalURL = %s status %d", res.FinalURL, res.Status)
	}
	if !strings.Contains(res.HTML, "written by script") {
		t.Errorf("final page not rendered: %.300s", res.HTML)
	}

	res, err = r.Render(context.Background(), s.URL+"/router")
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	if want := s.URL + "/docs/intro#start"; !slices.Equal(res.Redirects, []string{want}) || res.FinalURL != want {
		t.Errorf("router redirect: Redirects = %v, FinalURL = %s", res.Redirects, res.FinalURL)
	}
}

func TestRenderRefusesRedirectOutOfScope(t *testing.T) {
	// The other host is loopback too (localhost resolves to it), so only request
	// interception stands between the page and the other server.
	other := newSite(t, map[string]http.HandlerFunc{"/": html(`<p>other</p>`)})
	otherURL := strings.Replace(other.URL, "127.0.0.1", "localhost", 1) + "/"
	s := newSite(t, map[string]http.HandlerFunc{
		"/": html(`<html><body><script>location.href = "` + otherURL + `"</script></body></html>`),
	})
	r := startRenderer(t, Options{AllowHost: onlyHost(s.host()), ConfineToLoopback: true})

	res, err := r.Render(context.Background(), s.URL+"/")
	if !errors.Is(err, ErrRedirectOutOfScope) {
		t.Fatalf("err = %v, want ErrRedirectOutOfScope", err)
	}
	if res == nil || res.FinalURL != otherURL || !slices.Contains(res.Blocked, otherURL) || !slices.Contains(res.Redirects, otherURL) {
		t.Errorf("result = %+v", res)
	}
	if n := other.hit("/"); n != 0 {
		t.Errorf("out-of-scope server was hit %d times", n)
	}
	if _, err := r.Render(context.Background(), otherURL); !errors.Is(err, ErrOutOfScope) {
		t.Errorf("rendering an out-of-scope URL: err = %v", err)
	}
}

func TestRenderStatusAndErrors(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{
		"/gone": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`<h1>Not here</h1>`))
		},
	})
	r := startRenderer(t, Options{AllowHost: func(string) bool { return true }, ConfineToLoopback: true})
	res, err := r.Render(context.Background(), s.URL+"/gone")
	if err != nil || res.Status != 404 || !strings.Contains(res.HTML, "Not here") {
		t.Errorf("404 page: err=%v res=%+v", err, res)
	}
	// A closed port: the navigation fails, the renderer stays usable.
	dead := newSite(t, nil)
	deadURL := dead.URL + "/"
	dead.Close()
	if _, err := r.Render(context.Background(), deadURL); err == nil {
		t.Error("rendering a closed port succeeded")
	}
	if _, err := r.Render(context.Background(), "file:///etc/passwd"); err == nil {
		t.Error("file: URL accepted")
	}
	if res, err := r.Render(context.Background(), s.URL+"/gone"); err != nil || res.Status != 404 {
		t.Errorf("renderer unusable after a failure: %v", err)
	}
}

func TestTabsAreBounded(t *testing.T) {
	var cur, peak atomic.Int64
	s := newSite(t, map[string]http.HandlerFunc{
		"/slow": func(w http.ResponseWriter, r *http.Request) {
			n := cur.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			time.Sleep(300 * time.Millisecond)
			cur.Add(-1)
			html(`<p>slow</p>`)(w, r)
		},
	})
	r := startRenderer(t, Options{Tabs: 2, AllowHost: onlyHost(s.host())})
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {
			if _, err := r.Render(context.Background(), s.URL+"/slow"); err != nil {
				t.Errorf("Render: %v", err)
			}
		})
	}
	wg.Wait()
	if p := peak.Load(); p > 2 || p < 1 {
		t.Errorf("peak concurrent page loads = %d, want 1..2", p)
	}
}

// AllowNavigation keeps the main frame off URLs the crawler may not fetch (robots.txt, path
// scope) even on an allowed host: neither a script nor an HTTP redirect gets the browser
// to request them.
func TestRenderAllowNavigation(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{
		"/":          html(`<html><body><p>Moving…</p><script>location.replace("/private/x")</script></body></html>`),
		"/hop":       func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/private/y", http.StatusFound) },
		"/ok":        html(`<html><body><script>location.replace("/public")</script></body></html>`),
		"/public":    html(`<p>public page</p>`),
		"/private/x": html(`<p>secret</p>`),
		"/private/y": html(`<p>secret</p>`),
	})
	var mu sync.Mutex
	var asked []string
	allowNav := func(u string) bool {
		mu.Lock()
		asked = append(asked, u)
		mu.Unlock()
		return !strings.Contains(u, "/private/")
	}
	r := startRenderer(t, Options{AllowHost: onlyHost(s.host()), AllowNavigation: allowNav})

	for _, c := range []struct{ path, target string }{{"/", "/private/x"}, {"/hop", "/private/y"}} {
		res, err := r.Render(context.Background(), s.URL+c.path)
		if !errors.Is(err, ErrRedirectOutOfScope) {
			t.Fatalf("%s: err = %v, want ErrRedirectOutOfScope", c.path, err)
		}
		if res == nil || res.FinalURL != s.URL+c.target {
			t.Errorf("%s: result %+v, want FinalURL %s", c.path, res, s.URL+c.target)
		}
	}
	res, err := r.Render(context.Background(), s.URL+"/ok")
	if err != nil || res.FinalURL != s.URL+"/public" || !strings.Contains(res.HTML, "public page") {
		t.Errorf("allowed redirect: err=%v res=%+v", err, res)
	}
	if n := s.hit("/private/x") + s.hit("/private/y"); n != 0 {
		t.Errorf("refused targets were requested %d times", n)
	}
	mu.Lock()
	defer mu.Unlock()
	if !slices.Contains(asked, s.URL+"/ok") || !slices.Contains(asked, s.URL+"/public") {
		t.Errorf("AllowNavigation was asked about %v", asked)
	}
}

// A portal behind a login renders with the scan's credentials: the page and the data its
// script fetches both need the header and the cookie, as a single-page app behind SSO does.
func TestRenderSendsCredentials(t *testing.T) {
	authed := func(r *http.Request) bool {
		c, err := r.Cookie("sid")
		return r.Header.Get("X-Portal-Token") == "letmein" && err == nil && c.Value == "s3cret"
	}
	gate := func(h http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if !authed(r) {
				http.Error(w, "sign in first", http.StatusUnauthorized)
				return
			}
			h(w, r)
		}
	}
	shell := `<!doctype html><html><body><div id="root"></div><script>
fetch("/api/catalog.json").then(r => r.ok ? r.json() : {title: "denied"}).then(d => {
  document.getElementById("root").innerHTML = "<h1>" + d.title + "</h1>";
});</script></body></html>`
	s := newSite(t, map[string]http.HandlerFunc{
		"/":                 gate(html(shell)),
		"/api/catalog.json": gate(jsonBody(`{"title": "Service catalogue of the payments team"}`)),
	})
	render := func(headers []Header) (*Result, string) {
		r := startRenderer(t, Options{AllowHost: onlyHost(s.host()), Headers: headers})
		res, err := r.Render(context.Background(), s.URL+"/")
		if err != nil {
			t.Fatalf("Render: %v", err)
		}
		return res, res.HTML
	}
	res, out := render([]Header{{"X-Portal-Token", "letmein"}, {"Cookie", "sid=s3cret; theme=dark"}})
	if res.Status != 200 || !strings.Contains(out, "Service catalogue of the payments team") {
		t.Fatalf("with credentials: status %d, %.300q", res.Status, out)
	}
	if res, out := render(nil); res.Status != 401 || strings.Contains(out, "payments team") {
		t.Fatalf("without credentials: status %d, %.300q", res.Status, out)
	}
}
