package crawler

import (
	"net"
	"net/url"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// Scope decides which URLs belong to the scanned portal. It is derived from the start URL
// only: what a page links to never widens it.
type Scope struct {
	scheme    string // of the start URL
	host      string // host[:port] of the start URL, normalised (default port dropped)
	hostname  string // without port or brackets
	port      string // "" for the scheme's default
	site      string // registrable domain of a public host; "" for IPs, localhost, single labels
	pathScope bool
	prefix    string // start path directory, used when pathScope
	aliases   []alias
}

type alias struct {
	hostname string
	port     string // "" matches any port
}

// NewScope builds the scope of a scan starting at start.
func NewScope(start string, opts Options) (*Scope, error) {
	u, err := parseHTTPURL(start)
	if err != nil {
		return nil, err
	}
	s := &Scope{
		scheme:    u.Scheme,
		host:      u.Host,
		hostname:  u.Hostname(),
		port:      u.Port(),
		pathScope: opts.PathScope,
		prefix:    pathPrefix(u.EscapedPath()),
	}
	s.site = registrableDomain(s.hostname)
	for _, a := range opts.Aliases {
		if al, ok := parseAlias(a); ok {
			s.aliases = append(s.aliases, al)
		}
	}
	return s, nil
}

// registrableDomain is the eTLD+1 of a public host name. IPs, localhost and names the
// public suffix list cannot place (single labels) have none: only their exact host is ours.
func registrableDomain(host string) string {
	if host == "" || net.ParseIP(host) != nil || host == "localhost" || strings.HasSuffix(host, ".localhost") || !strings.Contains(host, ".") {
		return ""
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return ""
	}
	return d
}

// parseAlias accepts "host", "host:port" or a URL.
func parseAlias(a string) (alias, bool) {
	a = strings.TrimSpace(a)
	if a == "" {
		return alias{}, false
	}
	if !strings.Contains(a, "://") {
		a = "http://" + a
	}
	u, err := url.Parse(a)
	if err != nil || u.Hostname() == "" {
		return alias{}, false
	}
	h, err := normalizeHost(u.Hostname())
	if err != nil {
		return alias{}, false
	}
	return alias{hostname: h, port: u.Port()}, true
}

// Rewrite maps an absolute URL on an alias host to the same path and query on the scanned
// host, keeping the scanned scheme and port. Anything else is returned unchanged.
func (s *Scope) Rewrite(raw string) string {
	if len(s.aliases) == 0 {
		return raw
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return raw
	}
	sch := strings.ToLower(u.Scheme)
	if sch != "http" && sch != "https" {
		return raw
	}
	h, err := normalizeHost(u.Hostname())
	if err != nil {
		return raw
	}
	for _, a := range s.aliases {
		if a.hostname == h && (a.port == "" || a.port == u.Port()) {
			u.Scheme = s.scheme
			u.Host = s.host
			u.User = nil
			return u.String()
		}
	}
	return raw
}

// Key is the visited-set key of a URL: its alias-rewritten normal form. Unparseable input
// yields "".
func (s *Scope) Key(raw string) string {
	n, err := NormalizeURL(s.Rewrite(raw))
	if err != nil {
		return ""
	}
	return n
}

// InScope reports whether the crawler would fetch u as a page (after alias rewrite).
func (s *Scope) InScope(raw string) bool {
	u, err := parseHTTPURL(s.Rewrite(raw))
	if err != nil {
		return false
	}
	return s.hostOK(u) && s.pathOK(u)
}

// hostOK is scope without the path rule: known-file probes and their redirects go to the
// host root even when pages are confined to a path.
func (s *Scope) hostOK(u *url.URL) bool {
	if u.Host == s.host {
		return true
	}
	if s.pathScope || s.site == "" {
		return false
	}
	h := u.Hostname()
	if net.ParseIP(h) != nil {
		return false
	}
	if p := u.Port(); p != "" && p != s.port {
		return false
	}
	return registrableDomain(h) == s.site
}

func (s *Scope) pathOK(u *url.URL) bool {
	if !s.pathScope {
		return true
	}
	p := u.EscapedPath()
	if strings.HasPrefix(p, s.prefix) {
		return true
	}
	// "/docs" is the page "/docs/" stands for.
	return p == strings.TrimSuffix(s.prefix, "/") && p != ""
}

// origin is scheme://host[:port], the unit robots.txt and politeness apply to.
func origin(u *url.URL) string { return u.Scheme + "://" + u.Host }

// isPrivateHost reports whether a scanned host name confines the scan to itself: an IP
// literal that is not public, or localhost.
func isPrivateHost(hostname string) bool {
	if hostname == "localhost" || strings.HasSuffix(hostname, ".localhost") {
		return true
	}
	if ip := net.ParseIP(hostname); ip != nil {
		return isPrivateIP(ip)
	}
	return false
}
