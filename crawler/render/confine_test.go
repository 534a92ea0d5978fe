package render

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// thirdPartyPage references other hosts in every way a portal does: resource hints that
// open connections without a request (preconnect, dns-prefetch), scripts, a stylesheet, a
// web font, images on IP literals, an iframe, fetch, sendBeacon and a WebSocket. Two of
// the references go to canary.test, which only the test's resolver rule maps to the
// loopback canary server, so a hit there means a request got through the browser.
const thirdPartyPage = `<!doctype html><html><head><title>Confined</title>
<link rel="preconnect" href="https://fonts.example.com">
<link rel="dns-prefetch" href="//cdn.example.net">
<link rel="preconnect" href="http://192.0.2.10">
<link rel="stylesheet" href="https://cdn.example.net/site.css">
<script src="https://analytics.example.org/a.js"></script>
<script src="http://canary.test:CANARY/canary.js"></script>
<style>@font-face{font-family:Brand;src:url(https://fonts.example.com/brand.woff2) format("woff2")}
body{font-family:Brand,sans-serif}</style>
</head><body><h1>Confined page</h1><p>Some text in the brand font.</p>
<img src="http://192.0.2.11/pixel.gif" alt="">
<img src="http://[2001:db8::1]/pixel.gif" alt="">
<iframe src="https://embed.example.com/widget"></iframe>
<script>
fetch("https://api.example.io/v1/track", {method: "POST", body: "x"}).catch(() => {});
try { navigator.sendBeacon("https://beacon.example.org/b", "x"); } catch (e) {}
try { new WebSocket("ws://192.0.2.12/socket"); } catch (e) {}
new Image().src = "http://canary.test:CANARY/pixel.gif";
</script></body></html>`

func TestConfinementNothingLeavesLoopback(t *testing.T) {
	canary := newSite(t, map[string]http.HandlerFunc{
		"/canary.js": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/javascript")
			_, _ = w.Write([]byte(`document.title += " canary";`))
		},
		"/pixel.gif": func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) },
	})
	_, canaryPort, _ := net.SplitHostPort(canary.host())
	s := newSite(t, map[string]http.HandlerFunc{"/": html(strings.ReplaceAll(thirdPartyPage, "CANARY", canaryPort))})

	thirdParty := []string{
		"https://analytics.example.org/a.js",
		"https://cdn.example.net/site.css",
		"https://fonts.example.com/brand.woff2",
		"http://192.0.2.11/pixel.gif",
		"http://[2001:db8::1]/pixel.gif",
		"https://embed.example.com/widget",
		"https://api.example.io/v1/track",
		"http://canary.test:" + canaryPort + "/canary.js",
		"http://canary.test:" + canaryPort + "/pixel.gif",
	}

	// Layer 1: request interception alone. canary.test resolves (to loopback) through the
	// test's rule, so only the scope check keeps the browser from fetching it.
	t.Run("interception", func(t *testing.T) {
		before := canary.hit("/canary.js") + canary.hit("/pixel.gif")
		res, log := renderWithNetLog(t, s, Options{AllowHost: onlyHost(s.host()), ConfineToLoopback: true})
		for _, u := range thirdParty {
			if !slices.Contains(res.Blocked, u) {
				t.Errorf("Blocked lacks %s; Blocked = %v", u, res.Blocked)
			}
		}
		if n := canary.hit("/canary.js") + canary.hit("/pixel.gif") - before; n != 0 {
			t.Errorf("canary server was hit %d times despite the scope", n)
		}
		// Resource hints never become requests, so interception cannot see them; the
		// check below covers whatever the browser did with them.
		log.assertLoopbackOnly(t, s.host())
	})

	// Layer 2: the resolver rules alone. Everything is in scope, so every third-party
	// request reaches Chromium's network stack, and must die there without a packet.
	t.Run("resolver", func(t *testing.T) {
		before := canary.hit("/canary.js")
		res, log := renderWithNetLog(t, s, Options{AllowHost: func(string) bool { return true }, ConfineToLoopback: true})
		if len(res.Blocked) != 0 {
			t.Errorf("nothing should be intercepted, got %v", res.Blocked)
		}
		// Positive control: the canary, mapped by a rule, was reached, so the rules were
		// in force in this browser.
		if canary.hit("/canary.js") == before {
			t.Errorf("canary.test was not reached: are the resolver rules applied at all?")
		}
		if !strings.Contains(res.HTML, "canary") {
			t.Errorf("canary script did not run")
		}
		log.assertLoopbackOnly(t, s.host())
		if log.notFound < 5 {
			t.Errorf("only %d resolutions refused; expected every third-party host", log.notFound)
		}
	})
}

// renderWithNetLog renders s in a browser that writes a net log, closes the browser
// gracefully so the log is complete, and parses it.
func renderWithNetLog(t *testing.T, s *site, opts Options) (*Result, *netLog) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "netlog.json")
	opts.extraFlags = map[string]any{"log-net-log": file}
	opts.extraResolverRules = []string{"MAP canary.test 127.0.0.1"}
	opts.Settle = 300 * time.Millisecond
	r := startRenderer(t, opts)
	res, err := r.Render(context.Background(), s.URL+"/")
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	if !strings.Contains(res.HTML, "Confined page") {
		t.Fatalf("page did not render: %.200s", res.HTML)
	}
	ctx, cancel := context.WithTimeout(r.browserCtx, 5*time.Second)
	_ = chromedp.Cancel(ctx) // a graceful close writes the end of the log
	cancel()
	log, err := parseNetLog(file)
	if err != nil {
		t.Fatalf("net log: %v", err)
	}
	return res, log
}

type netLog struct {
	events   []netLogEvent
	types    map[int]string
	notFound int // resolutions refused by the resolver rules
}

type netLogEvent struct {
	Type   int `json:"type"`
	Source struct {
		ID int `json:"id"`
	} `json:"source"`
	Params map[string]any `json:"params"`
}

func parseNetLog(file string) (*netLog, error) {
	raw, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Constants struct {
			LogEventTypes map[string]int `json:"logEventTypes"`
		} `json:"constants"`
		Events []netLogEvent `json:"events"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		// A browser killed mid-write leaves the events array open; close it.
		s := strings.TrimRight(string(raw), " \n\r\t,")
		if err2 := json.Unmarshal([]byte(s+"]}"), &doc); err2 != nil {
			return nil, err
		}
	}
	l := &netLog{events: doc.Events, types: map[int]string{}}
	for name, id := range doc.Constants.LogEventTypes {
		l.types[id] = name
	}
	for _, e := range l.events {
		if l.types[e.Type] == "HOST_RESOLVER_MANAGER_REQUEST" {
			if h, _ := e.Params["host"].(string); strings.Contains(h, "~notfound") {
				l.notFound++
			}
		}
	}
	return l, nil
}

// assertLoopbackOnly checks the whole net log: no DNS client activity, every host handed
// to the resolver is loopback (or the rules' ~NOTFOUND), every TCP connect attempt goes
// to loopback, and no UDP socket to another address sent a byte. The one UDP socket
// Chromium connects elsewhere is its IPv6 reachability probe, a connect() on UDP that puts
// no packet on the wire.
func (l *netLog) assertLoopbackOnly(t *testing.T, serverHost string) {
	t.Helper()
	sawServer := false
	udpElsewhere := map[int]string{}
	for _, e := range l.events {
		name := l.types[e.Type]
		switch {
		case strings.Contains(name, "DNS_TRANSACTION") || strings.Contains(name, "DNS_TASK") || strings.Contains(name, "DOH"):
			t.Errorf("DNS client activity: %s %v", name, e.Params)
		case name == "HOST_RESOLVER_MANAGER_REQUEST":
			if h, ok := e.Params["host"].(string); ok && !loopbackOrRefused(h) {
				t.Errorf("resolver asked for %q", h)
			}
		case name == "TCP_CONNECT_ATTEMPT":
			a, ok := e.Params["address"].(string)
			if !ok {
				continue // the end of an attempt carries only its result
			}
			if !isLoopbackAddr(a) {
				t.Errorf("TCP connect attempt to %s", a)
			}
			if a == serverHost {
				sawServer = true
			}
		case name == "TCP_CONNECT":
			if list, ok := e.Params["address_list"].([]any); ok {
				for _, a := range list {
					if s, _ := a.(string); !isLoopbackAddr(s) {
						t.Errorf("TCP connect to %s", s)
					}
				}
			}
		case name == "UDP_CONNECT":
			if a, ok := e.Params["address"].(string); ok && !isLoopbackAddr(a) {
				udpElsewhere[e.Source.ID] = a
			}
		}
	}
	for _, e := range l.events {
		name := l.types[e.Type]
		if a, ok := udpElsewhere[e.Source.ID]; ok && (name == "UDP_BYTES_SENT" || name == "UDP_SEND_ERROR") {
			t.Errorf("UDP socket to %s sent data", a)
		}
	}
	if !sawServer {
		t.Errorf("net log has no connect to the test server %s: it does not record addresses, so it proves nothing", serverHost)
	}
	t.Logf("net log: %d events, %d resolutions refused, UDP connects elsewhere (no data): %v", len(l.events), l.notFound, udpElsewhere)
}

func loopbackOrRefused(h string) bool {
	if strings.Contains(h, "~notfound") {
		return true
	}
	if u, err := url.Parse(h); err == nil && u.Host != "" {
		h = u.Hostname()
	}
	h = strings.Trim(h, "[]")
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

func isLoopbackAddr(a string) bool {
	host, _, err := net.SplitHostPort(a)
	if err != nil {
		host = a
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

func TestResolverRules(t *testing.T) {
	cases := []struct {
		confine bool
		only    []string
		want    string
	}{
		{false, nil, ""},
		{true, nil, "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost, EXCLUDE ::1"},
		{false, []string{"docs.example.com:443", "[fd00::5]:8080", "bad,host", ""}, "MAP * ~NOTFOUND, EXCLUDE docs.example.com, EXCLUDE fd00::5"},
		{true, []string{"10.0.0.7"}, "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost, EXCLUDE ::1, EXCLUDE 10.0.0.7"},
	}
	for _, c := range cases {
		if got := resolverRules(c.confine, c.only, nil); got != c.want {
			t.Errorf("resolverRules(%v, %v) = %q, want %q", c.confine, c.only, got, c.want)
		}
	}
}
