package crawler

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/portalscan/portalscan/crawler/page"
)

func TestRetries(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		answers  []func(w http.ResponseWriter, r *http.Request) // one per request; the last repeats
		opts     func(o *Options)
		hits     int
		status   int
		minWait  time.Duration
		errorSub string
	}{
		{
			name: "429 with Retry-After is retried after the wait",
			answers: []func(http.ResponseWriter, *http.Request){
				status(429, "1"), ok,
			},
			hits: 2, status: 200, minWait: time.Second,
		},
		{
			name: "503 with an HTTP-date Retry-After",
			answers: []func(http.ResponseWriter, *http.Request){
				func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Retry-After", time.Now().Add(-time.Second).UTC().Format(http.TimeFormat))
					w.WriteHeader(503)
				}, ok,
			},
			hits: 2, status: 200,
		},
		{
			name:    "503 without Retry-After backs off and retries",
			answers: []func(http.ResponseWriter, *http.Request){status(503, ""), ok},
			hits:    2, status: 200, minWait: retryBackoff,
		},
		{
			name:    "Retry-After beyond MaxRetryAfter is not waited for",
			answers: []func(http.ResponseWriter, *http.Request){status(503, "120"), ok},
			hits:    1, status: 503,
		},
		{
			name:    "one retry only",
			answers: []func(http.ResponseWriter, *http.Request){status(429, "0")},
			hits:    2, status: 429,
		},
		{
			name:    "MaxRetries 0 disables retries",
			answers: []func(http.ResponseWriter, *http.Request){status(429, "0"), ok},
			opts:    func(o *Options) { o.MaxRetries = 0 },
			hits:    1, status: 429,
		},
		{
			name:    "MaxPerURL bounds the wait",
			answers: []func(http.ResponseWriter, *http.Request){status(429, "1"), ok},
			opts:    func(o *Options) { o.MaxPerURL = 500 * time.Millisecond },
			hits:    1, status: 429,
		},
		{
			name:    "404 is not retried",
			answers: []func(http.ResponseWriter, *http.Request){status(404, ""), ok},
			hits:    1, status: 404,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newSite(t)
			s.html("/", `<title>home</title><a href="/target">t</a>`)
			var n atomic.Int32
			var first, last atomic.Int64
			s.handle("/target", func(w http.ResponseWriter, r *http.Request) {
				i := int(n.Add(1)) - 1
				now := time.Now().UnixNano()
				if i == 0 {
					first.Store(now)
				}
				last.Store(now)
				tc.answers[min(i, len(tc.answers)-1)](w, r)
			})
			o := testOptions()
			if tc.opts != nil {
				tc.opts(&o)
			}
			sc := runScan(t, s.URL("/"), o)
			if sc.err != nil {
				t.Fatal(sc.err)
			}
			if got := int(n.Load()); got != tc.hits {
				t.Errorf("%d requests, want %d", got, tc.hits)
			}
			p := sc.byURL(s.URL("/target"))
			if p == nil {
				t.Fatal("no record")
			}
			if p.Status != tc.status {
				t.Errorf("status %d, want %d (error %q)", p.Status, tc.status, p.Error)
			}
			if tc.errorSub != "" && !strings.Contains(p.Error, tc.errorSub) {
				t.Errorf("error %q, want %q", p.Error, tc.errorSub)
			}
			if waited := time.Duration(last.Load() - first.Load()); waited < tc.minWait {
				t.Errorf("retried after %v, want at least %v", waited, tc.minWait)
			}
			if tc.status == 429 || tc.status == 503 {
				if p.Headers["Retry-After"] == "" && tc.name != "503 without Retry-After backs off and retries" {
					t.Errorf("Retry-After header not kept: %v", p.Headers)
				}
			}
		})
	}
}

// net/http retries an idempotent request once by itself when a reused keep-alive
// connection fails, so a dropped connection is dropped for a while, not for a count of
// requests: only the crawler's own retry, after its backoff, gets through.
func TestRetryConnectionErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		dropFor  time.Duration
		retries  int
		status   int
		errorSub string
	}{
		{"dropped connection is retried after a backoff", retryBackoff / 2, 1, 200, ""},
		{"dropped connection for good is recorded", time.Hour, 1, 0, "EOF"},
		{"no retry when MaxRetries is 0", retryBackoff / 2, 0, 0, "EOF"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newSite(t)
			s.html("/", `<title>home</title><a href="/target">t</a>`)
			var first atomic.Int64
			var late atomic.Int32 // requests after the crawler's backoff: its own retries
			s.handle("/target", func(w http.ResponseWriter, r *http.Request) {
				first.CompareAndSwap(0, time.Now().UnixNano())
				since := time.Since(time.Unix(0, first.Load()))
				if since >= retryBackoff*8/10 {
					late.Add(1)
				}
				if since < tc.dropFor {
					if c, _, err := w.(http.Hijacker).Hijack(); err == nil {
						_ = c.Close()
					}
					return
				}
				ok(w, r)
			})
			o := testOptions()
			o.MaxRetries = tc.retries
			sc := runScan(t, s.URL("/"), o)
			if sc.err != nil {
				t.Fatal(sc.err)
			}
			p := sc.byURL(s.URL("/target"))
			if p == nil {
				t.Fatal("no record")
			}
			if p.Status != tc.status || !strings.Contains(p.Error, tc.errorSub) {
				t.Errorf("status %d error %q, want %d %q", p.Status, p.Error, tc.status, tc.errorSub)
			}
			if got := late.Load() > 0; got != (tc.retries > 0) {
				t.Errorf("retried after the backoff: %v, want %v", got, tc.retries > 0)
			}
		})
	}
}

func status(code int, retryAfter string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		w.WriteHeader(code)
	}
}

func ok(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html")
	_, _ = w.Write([]byte("<title>ok</title>"))
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"0", 0, true},
		{" 7 ", 7 * time.Second, true},
		{"-1", 0, false},
		{"Wed, 01 Jan 2025 00:00:30 GMT", 30 * time.Second, true},
		{"Tue, 31 Dec 2024 23:00:00 GMT", 0, true},
		{"soon", 0, false},
		{"", 0, false},
	}
	for _, tc := range tests {
		got, ok := parseRetryAfter(tc.in, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// bomb is ~50 KB of gzip that inflates to 50 MB of HTML.
func bomb(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	_, _ = zw.Write([]byte("<html><head><title>bomb</title></head><body>"))
	chunk := make([]byte, 1<<20)
	for i := range chunk {
		chunk[i] = 'a'
	}
	for i := 0; i < 50; i++ {
		_, _ = zw.Write(chunk)
	}
	_ = zw.Close()
	if b.Len() > 200<<10 {
		t.Fatalf("bomb is %d bytes compressed", b.Len())
	}
	return b.Bytes()
}

func TestBodyCapAfterDecompression(t *testing.T) {
	t.Parallel()
	const maxBody = 1 << 20
	gzBomb := bomb(t)
	var deflated bytes.Buffer
	zw := zlib.NewWriter(&deflated)
	_, _ = zw.Write([]byte("<title>deflated</title>"))
	_ = zw.Close()
	plainBig := "<html><head><title>big</title></head><body>" + strings.Repeat("x", 3*maxBody) + "</body></html>"

	tests := []struct {
		name      string
		path      string
		robots    string
		handler   http.HandlerFunc
		size      int64
		truncated bool
		title     string
		kind      page.Kind
	}{
		{
			name: "gzip bomb as Content-Encoding",
			path: "/bomb",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.Header().Set("Content-Encoding", "gzip")
				_, _ = w.Write(gzBomb)
			},
			size: maxBody, truncated: true, title: "bomb", kind: page.KindPage,
		},
		{
			name:   "gzip bomb as a .xml.gz sitemap",
			path:   "/sitemap-bomb.xml.gz",
			robots: "Sitemap: /sitemap-bomb.xml.gz",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/x-gzip")
				_, _ = w.Write(gzBomb)
			},
			size: maxBody, truncated: true, kind: page.KindSitemap,
		},
		{
			name: "deflate decoded",
			path: "/deflate",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.Header().Set("Content-Encoding", "deflate")
				_, _ = w.Write(deflated.Bytes())
			},
			size: int64(len("<title>deflated</title>")), title: "deflated", kind: page.KindPage,
		},
		{
			name: "mislabelled gzip kept as served",
			path: "/liar",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.Header().Set("Content-Encoding", "gzip")
				_, _ = w.Write([]byte("<title>plain</title>"))
			},
			size: int64(len("<title>plain</title>")), title: "plain", kind: page.KindPage,
		},
		{
			name: "plain oversized body truncated and still parsed",
			path: "/big",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				_, _ = w.Write([]byte(plainBig))
			},
			size: maxBody, truncated: true, title: "big", kind: page.KindPage,
		},
		{
			name: "body of exactly the cap is not truncated",
			path: "/exact",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/plain")
				_, _ = w.Write(bytes.Repeat([]byte("y"), maxBody))
			},
			size: maxBody, kind: page.KindPage,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newSite(t)
			s.html("/", `<title>home</title><a href="`+tc.path+`">x</a>`)
			if tc.robots != "" {
				s.text("/robots.txt", "text/plain", tc.robots+"\n")
			}
			s.handle(tc.path, tc.handler)
			o := testOptions()
			o.MaxBody = maxBody
			sc := runScan(t, s.URL("/"), o)
			if sc.err != nil {
				t.Fatal(sc.err)
			}
			p := sc.byURL(s.URL(tc.path))
			if p == nil {
				t.Fatal("no record")
			}
			if p.Kind != tc.kind {
				t.Errorf("kind %s, want %s", p.Kind, tc.kind)
			}
			if p.Size != tc.size || int64(len(p.Body)) != tc.size {
				t.Errorf("Size %d, len(Body) %d, want %d", p.Size, len(p.Body), tc.size)
			}
			if p.Truncated != tc.truncated {
				t.Errorf("Truncated %v, want %v", p.Truncated, tc.truncated)
			}
			if tc.title != "" && (p.Doc == nil || p.Title != tc.title) {
				t.Errorf("title %q, want %q", p.Title, tc.title)
			}
			if p.Headers["Content-Encoding"] != "" {
				t.Errorf("Content-Encoding leaked into the record: %v", p.Headers)
			}
		})
	}
}

func TestCharsetRawBytes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		ct      string
		body    string
		title   string
		charset string
		rawByte byte // a byte the raw body must still contain
	}{
		{"latin-1 by Content-Type", "text/html; charset=iso-8859-1",
			"<html><head><title>Caf\xe9 na\xefve</title></head></html>", "Café naïve", "windows-1252", 0xe9},
		{"windows-1252 by meta charset", "text/html",
			"<html><head><meta charset=\"windows-1252\"><title>\x93quoted\x94</title></head></html>", "\u201cquoted\u201d", "windows-1252", 0x93},
		{"UTF-8 BOM beats a wrong Content-Type charset", "text/html; charset=iso-8859-1",
			"\xef\xbb\xbf<html><head><title>Caf\xc3\xa9</title></head></html>", "Café", "utf-8", 0xc3},
		{"UTF-16LE BOM", "text/html",
			"\xff\xfe<\x00t\x00i\x00t\x00l\x00e\x00>\x00\xe9\x00<\x00/\x00t\x00i\x00t\x00l\x00e\x00>\x00", "é", "utf-16le", 0xff},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newSite(t)
			s.html("/", `<title>home</title><a href="/enc">x</a>`)
			s.handle("/enc", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tc.ct)
				_, _ = w.Write([]byte(tc.body))
			})
			sc := runScan(t, s.URL("/"), testOptions())
			if sc.err != nil {
				t.Fatal(sc.err)
			}
			p := sc.byURL(s.URL("/enc"))
			if p == nil || p.Doc == nil {
				t.Fatalf("no parsed record: %+v", p)
			}
			if !bytes.Equal(p.Body, []byte(tc.body)) || bytes.IndexByte(p.Body, tc.rawByte) < 0 {
				t.Errorf("body was converted: %q", p.Body)
			}
			if p.Title != tc.title {
				t.Errorf("title %q, want %q", p.Title, tc.title)
			}
			if p.Charset != tc.charset {
				t.Errorf("charset %q, want %q", p.Charset, tc.charset)
			}
		})
	}
}

func TestRecordFields(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.html("/", `<html lang="en"><head><title>Home</title></head><body><p>hello world</p>
<a href="/headers">h</a> <a href="/bin">b</a> <a href="/llms.txt">l</a></body></html>`)
	s.handle("/headers", func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("X-Robots-Tag", "noindex")
		h.Add("Link", `</openapi.json>; rel="service-desc"`)
		h.Add("Link", `</docs>; rel="help"`)
		h.Set("Content-Language", "en")
		h.Set("Server", "test")
		h.Set("Www-Authenticate", `Bearer realm="api"`)
		h.Set("X-Secret", "do not keep")
		h.Set("Set-Cookie", "a=b")
		_, _ = w.Write([]byte("<title>headers</title>"))
	})
	s.handle("/bin", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("\x00\x01\x02\xff\xfe\x89PNG\r\n\x1a\n\x00<<<>>>"))
	})
	s.text("/llms.txt", "text/plain; charset=utf-8", "# Portal\n> Summary\n")
	sc := runScan(t, s.URL("/"), testOptions())
	if sc.err != nil {
		t.Fatal(sc.err)
	}
	home := sc.byURL(s.URL("/"))
	if home.Kind != page.KindPage || home.Via != "start" || home.Depth != 0 || home.FoundOn != "" ||
		home.Title != "Home" || home.Lang != "en" || home.TextLen == 0 || home.Charset != "utf-8" ||
		home.FinalURL != s.URL("/") || home.Status != 200 || home.ContentType != "text/html; charset=utf-8" || home.Doc == nil {
		t.Errorf("start record: %+v", home.Fetch)
	}
	h := sc.byURL(s.URL("/headers"))
	want := map[string]string{
		"X-Robots-Tag": "noindex", "Link": `</openapi.json>; rel="service-desc", </docs>; rel="help"`,
		"Content-Language": "en", "Server": "test", "Www-Authenticate": `Bearer realm="api"`,
		"Content-Type": "text/html; charset=utf-8",
	}
	for k, v := range want {
		if h.Headers[k] != v {
			t.Errorf("header %s = %q, want %q", k, h.Headers[k], v)
		}
	}
	if len(h.Headers) != len(want) {
		t.Errorf("headers kept: %v", h.Headers)
	}
	if h.FoundOn != s.URL("/") || h.Via != "link" || h.Depth != 1 {
		t.Errorf("provenance: foundOn=%q via=%q depth=%d", h.FoundOn, h.Via, h.Depth)
	}
	if b := sc.byURL(s.URL("/bin")); b == nil || b.Doc == nil || b.Error != "" {
		t.Errorf("binary served as HTML should still be parsed: %+v", b)
	}
	l := sc.byURL(s.URL("/llms.txt"))
	if l == nil || l.Kind != page.KindLLMS || l.Doc != nil || string(l.Body) != "# Portal\n> Summary\n" || l.Via != "probe" {
		t.Errorf("llms.txt record: %+v", l)
	}
	for _, p := range sc.pages {
		if p.DurationMS < 0 {
			t.Errorf("%s: negative duration", p.URL)
		}
	}
}

func TestStartErrors(t *testing.T) {
	t.Parallel()
	// A port nothing listens on.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String() + "/"
	_ = ln.Close()

	tests := []struct {
		name    string
		setup   func(s *site)
		start   string // overrides the site's start URL
		err     string
		status  int
		noStart bool // no record at all (invalid URL)
	}{
		{name: "connection refused", start: closed, err: "cannot reach", status: 0},
		{name: "404 start page", setup: func(s *site) {}, err: "answered HTTP 404", status: 404},
		{name: "500 start page", setup: func(s *site) {
			s.handle("/{$}", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(500) })
		}, err: "answered HTTP 500", status: 500},
		{name: "image start page", setup: func(s *site) {
			s.handle("/{$}", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "image/png")
				_, _ = w.Write([]byte("\x89PNG\r\n\x1a\n...."))
			})
		}, err: "is not HTML (image/png)", status: 200},
		{name: "PDF start page", setup: func(s *site) {
			s.handle("/{$}", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/pdf")
				_, _ = w.Write([]byte("%PDF-1.7"))
			})
		}, err: "is not HTML (application/pdf)", status: 200},
		{name: "start redirects out of scope", setup: func(s *site) {
			s.handle("/{$}", func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, "https://login.example.net/", http.StatusFound)
			})
		}, err: "redirect out of scope: https://login.example.net/", status: 302},
		{name: "invalid start URL", start: "ftp://portal/", err: `invalid URL "ftp://portal/"`, noStart: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			start := tc.start
			if start == "" {
				s := newSite(t)
				tc.setup(s)
				start = s.URL("/")
			}
			sc := runScan(t, start, testOptions())
			if sc.err == nil || !strings.Contains(sc.err.Error(), tc.err) {
				t.Fatalf("error %v, want %q", sc.err, tc.err)
			}
			if strings.Contains(sc.err.Error(), "\n") {
				t.Errorf("error spans lines: %q", sc.err)
			}
			if tc.noStart {
				if len(sc.pages) != 0 || sc.res != nil {
					t.Errorf("invalid URL produced records or a result")
				}
				return
			}
			st := sc.byURL(start)
			if st == nil || st.Kind != page.KindPage || st.Via != "start" {
				t.Fatalf("start record not sunk: %+v", st)
			}
			if st.Status != tc.status {
				t.Errorf("start status %d, want %d", st.Status, tc.status)
			}
			if sc.res == nil || sc.res.Stats.StopReason != StopStartFailed {
				t.Errorf("result %+v", sc.res)
			}
			for _, p := range sc.pages {
				if p.Kind != page.KindRobots && p.Kind != page.KindSoft404 && p.URL != start {
					t.Errorf("crawl went on after a failed start: %s", p.URL)
				}
			}
		})
	}
}

func TestSinkErrorStops(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.html("/", `<title>home</title><a href="/a">a</a><a href="/b">b</a>`)
	s.html("/a", "a")
	s.html("/b", "b")
	boom := errors.New("disk full")
	calls := 0
	o := testOptions()
	o.Resolver = failResolver{t}
	_, err := Crawl(context.Background(), s.URL("/"), o, func(p *page.Page) error {
		calls++
		if calls == 3 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) {
		t.Fatalf("error %v, want the sink's", err)
	}
	if calls != 3 {
		t.Errorf("sink called %d times after failing", calls)
	}
}
