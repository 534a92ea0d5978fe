// Package crawler fetches a developer portal into page records: the known files first
// (robots.txt, sitemaps, llms.txt, security.txt, API catalogues and specs), then the pages
// reachable from the start URL within a scope, a budget and a deadline.
//
// It only records what happened; judging the pages is the detectors' job. A failed fetch is
// a record with an error, not a silent gap, so that "not observable" can be told from "absent".
package crawler

import (
	"context"
	"net"
	"time"
)

// Version names the tool in the default User-Agent; the build sets it with
// -ldflags "-X github.com/portalscan/portalscan/crawler.Version=…".
var Version = "dev"

// robotsToken is the product token matched against robots.txt user-agent groups; it is the
// first word of the default User-Agent so site owners can address us by the name they see.
const robotsToken = "portalscan"

// Options configure one scan. Start from DefaultOptions: zero values of MaxPages, PerHost,
// RequestTimeout, ScanTimeout, MaxRetryAfter, MaxPerURL, MaxBody and UserAgent fall back to
// the defaults, but MaxDepth, Delay and MaxRetries are taken as given because 0 means
// something there (start page only, no delay, no retry). Negative values mean the default.
type Options struct {
	MaxPages       int                    // default 300 (pages of Kind page; known-file probes don't count)
	MaxDepth       int                    // default 5 (start page depth 0)
	PerHost        int                    // max requests in flight per host, default 2
	Delay          time.Duration          // politeness delay between requests per host, default 250ms
	RequestTimeout time.Duration          // per request including body read, default 30s
	ScanTimeout    time.Duration          // whole scan, default 15m
	MaxRetries     int                    // default 1 (on 429/503/connection errors)
	MaxRetryAfter  time.Duration          // Retry-After honoured up to this, default 30s
	MaxPerURL      time.Duration          // total time spent fetching one URL incl. retries, default 60s
	MaxBody        int64                  // default 10 MiB, measured after decompression
	UserAgent      string                 // default "portalscan/<version> (+https://github.com/portalscan/portalscan)"
	Aliases        []string               // hosts whose absolute links mean the scanned host
	PathScope      bool                   // confine pages to the start URL's path prefix
	NoPoliteness   bool                   // loopback benchmarks: no delay, PerHost raised to 16, robots still obeyed
	AllowPrivate   bool                   // let same-site hosts resolve to private/loopback addresses
	IgnoreRobots   bool                   // fetch robots.txt as evidence but do not obey it
	Resolver       Resolver               `json:"-"` // nil = net.DefaultResolver; tests inject a fake
	Progress       func(done, queued int) `json:"-"`
	// Credentials for portals behind a login (internal platform portals): sent only to
	// in-scope hosts, never stored, logged or exported — hence json:"-".
	Headers []Header `json:"-"`

	// JavaScript rendering (renderpool.go): RenderNever (the default, also ""), RenderAuto
	// (pages whose raw HTML is a script-built shell) or RenderAlways (every HTML page). The
	// browser is confined to the scan's scope like the fetcher.
	Render        string
	Browser       string        // browser executable; "" = render.FindBrowser("") ($PORTALSCAN_BROWSER, then the usual places)
	RenderTabs    int           // pages rendering at once, default 2
	RenderTimeout time.Duration // per rendered page, default 30s (not part of MaxPerURL)
	RenderSettle  time.Duration // DOM quiet period that counts as settled, default 500ms
}

// Header is one request header sent with every in-scope request (a token, a session cookie).
type Header struct {
	Name, Value string
}

// Resolver is the part of *net.Resolver the crawler needs; tests inject a fake so that no
// DNS query ever leaves the machine.
type Resolver interface {
	LookupIPAddr(ctx context.Context, host string) ([]net.IPAddr, error)
}

// Default limits.
const (
	DefaultMaxPages       = 300
	DefaultMaxDepth       = 5
	DefaultPerHost        = 2
	DefaultDelay          = 250 * time.Millisecond
	DefaultRequestTimeout = 30 * time.Second
	DefaultScanTimeout    = 15 * time.Minute
	DefaultMaxRetries     = 1
	DefaultMaxRetryAfter  = 30 * time.Second
	DefaultMaxPerURL      = 60 * time.Second
	DefaultMaxBody        = 10 << 20
	DefaultRenderTabs     = 2
	DefaultRenderTimeout  = 30 * time.Second
	DefaultRenderSettle   = 500 * time.Millisecond

	noPolitenessPerHost = 16
)

// DefaultUserAgent names the tool and a contact, as polite crawlers do.
func DefaultUserAgent() string {
	return "portalscan/" + Version + " (+https://github.com/portalscan/portalscan)"
}

// DefaultOptions returns the polite defaults.
func DefaultOptions() Options {
	return Options{
		MaxPages:       DefaultMaxPages,
		MaxDepth:       DefaultMaxDepth,
		PerHost:        DefaultPerHost,
		Delay:          DefaultDelay,
		RequestTimeout: DefaultRequestTimeout,
		ScanTimeout:    DefaultScanTimeout,
		MaxRetries:     DefaultMaxRetries,
		MaxRetryAfter:  DefaultMaxRetryAfter,
		MaxPerURL:      DefaultMaxPerURL,
		MaxBody:        DefaultMaxBody,
		UserAgent:      DefaultUserAgent(),
	}
}

// withDefaults fills the fields whose zero value cannot be meant literally.
func (o Options) withDefaults() Options {
	if o.MaxPages <= 0 {
		o.MaxPages = DefaultMaxPages
	}
	if o.MaxDepth < 0 {
		o.MaxDepth = DefaultMaxDepth
	}
	if o.PerHost <= 0 {
		o.PerHost = DefaultPerHost
	}
	if o.Delay < 0 {
		o.Delay = DefaultDelay
	}
	if o.RequestTimeout <= 0 {
		o.RequestTimeout = DefaultRequestTimeout
	}
	if o.ScanTimeout <= 0 {
		o.ScanTimeout = DefaultScanTimeout
	}
	if o.MaxRetries < 0 {
		o.MaxRetries = DefaultMaxRetries
	}
	if o.MaxRetryAfter <= 0 {
		o.MaxRetryAfter = DefaultMaxRetryAfter
	}
	if o.MaxPerURL <= 0 {
		o.MaxPerURL = DefaultMaxPerURL
	}
	if o.MaxBody <= 0 {
		o.MaxBody = DefaultMaxBody
	}
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent()
	}
	if o.NoPoliteness {
		o.Delay = 0
		if o.PerHost < noPolitenessPerHost {
			o.PerHost = noPolitenessPerHost
		}
	}
	if o.Render == "" {
		o.Render = RenderNever
	}
	if o.RenderTabs <= 0 {
		o.RenderTabs = DefaultRenderTabs
	}
	if o.RenderTimeout <= 0 {
		o.RenderTimeout = DefaultRenderTimeout
	}
	if o.RenderSettle <= 0 {
		o.RenderSettle = DefaultRenderSettle
	}
	if o.Resolver == nil {
		o.Resolver = net.DefaultResolver
	}
	return o
}
