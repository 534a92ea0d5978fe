package crawler

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// Credentials go to the scanned host only: never to another host, whether linked or
// reached by a redirect.
func TestCredentialsStayInScope(t *testing.T) {
	var leaked, otherHits atomic.Int64
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherHits.Add(1)
		if r.Header.Get("X-Portal-Token") != "" || r.Header.Get("Cookie") != "" {
			leaked.Add(1)
		}
	}))
	defer other.Close()
	var authed, anon atomic.Int64
	s := newSite(t)
	s.handle("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Portal-Token") == "secret" && r.Header.Get("Cookie") == "session=abc" {
			authed.Add(1)
		} else {
			anon.Add(1)
		}
		switch r.URL.Path {
		case "/go":
			http.Redirect(w, r, other.URL+"/landing", http.StatusFound)
		default:
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(`<title>Internal</title><a href="/go">go</a> <a href="` + other.URL + `/x">other</a> <a href="/docs">docs</a>`))
		}
	})
	o := testOptions()
	o.Headers = []Header{{"X-Portal-Token", "secret"}, {"Cookie", "session=abc"}}
	sc := runScan(t, s.URL("/"), o)
	if sc.err != nil {
		t.Fatal(sc.err)
	}
	if authed.Load() == 0 || anon.Load() != 0 {
		t.Errorf("in-scope requests: %d with credentials, %d without", authed.Load(), anon.Load())
	}
	if leaked.Load() != 0 || otherHits.Load() != 0 {
		t.Errorf("the other host got %d requests, %d with credentials", otherHits.Load(), leaked.Load())
	}
}
