package crawler

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// NormalizeURL returns the canonical form of an http(s) URL used for identity and dedup:
// scheme and host lower-cased, default port dropped, user info and fragment dropped, empty
// path "/", dot segments resolved, query parameters sorted (their encoding kept as served).
func NormalizeURL(raw string) (string, error) {
	u, err := parseHTTPURL(raw)
	if err != nil {
		return "", err
	}
	return u.String(), nil
}

// PortalID is the normalised start URL without its query: the portal's identity across scans.
func PortalID(raw string) (string, error) {
	u, err := parseHTTPURL(raw)
	if err != nil {
		return "", err
	}
	u.RawQuery = ""
	return u.String(), nil
}

func parseHTTPURL(raw string) (*url.URL, error) {
	bad := func(why string) error { return fmt.Errorf("invalid URL %q: %s", clip(raw, 200), why) }
	s := strings.TrimSpace(raw)
	if s == "" {
		return nil, bad("empty")
	}
	if !utf8.ValidString(s) {
		return nil, bad("not valid UTF-8")
	}
	u, err := url.Parse(s)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, bad(err.Error())
	}
	scheme := strings.ToLower(u.Scheme)
	switch {
	case scheme == "":
		if !strings.Contains(s, "://") && strings.Contains(strings.SplitN(s, "/", 2)[0], ".") {
			return nil, bad("missing scheme (did you mean https://" + clip(s, 100) + "?)")
		}
		return nil, bad("missing scheme")
	case scheme != "http" && scheme != "https":
		return nil, bad(fmt.Sprintf("unsupported scheme %q (only http and https)", scheme))
	}
	if u.Opaque != "" {
		return nil, bad("missing host")
	}
	host, err := normalizeHost(u.Hostname())
	if err != nil {
		return nil, bad(err.Error())
	}
	port := u.Port()
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return nil, bad(fmt.Sprintf("bad port %q", port))
		}
		port = strconv.Itoa(n)
		if (scheme == "http" && n == 80) || (scheme == "https" && n == 443) {
			port = ""
		}
	}
	out := &url.URL{Scheme: scheme, Path: u.Path, RawPath: u.RawPath, RawQuery: sortQuery(u.RawQuery)}
	switch {
	case port != "":
		out.Host = net.JoinHostPort(host, port)
	case strings.Contains(host, ":"):
		out.Host = "[" + host + "]"
	default:
		out.Host = host
	}
	if out.Path == "" {
		out.Path, out.RawPath = "/", ""
	}
	// ResolveReference applies RFC 3986 remove_dot_segments to an absolute reference.
	out = (&url.URL{}).ResolveReference(out)
	return out, nil
}

// normalizeHost lower-cases a host, drops a trailing dot and converts an internationalised
// name to its ASCII form, refusing characters no resolver would accept.
func normalizeHost(h string) (string, error) {
	h = strings.TrimSuffix(strings.ToLower(h), ".")
	if h == "" {
		return "", errors.New("missing host")
	}
	if ip := net.ParseIP(h); ip != nil {
		return ip.String(), nil
	}
	if strings.Contains(h, ":") {
		return "", fmt.Errorf("bad host %q", h)
	}
	ascii := true
	for i := 0; i < len(h); i++ {
		if h[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii {
		a, err := idna.Lookup.ToASCII(h)
		if err != nil {
			return "", fmt.Errorf("bad host %q", h)
		}
		h = a
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_') {
			return "", fmt.Errorf("bad host %q", h)
		}
	}
	// One trailing dot (the DNS root) was trimmed above; a second one is an empty label.
	if strings.Contains(h, "..") || strings.HasPrefix(h, ".") || strings.HasSuffix(h, ".") {
		return "", fmt.Errorf("bad host %q", h)
	}
	return h, nil
}

// sortQuery orders the query's parameters without re-encoding them: url.Values.Encode
// would turn "%20" into "+" and "?flag" into "?flag=", which may change what a server serves.
func sortQuery(q string) string {
	if q == "" {
		return ""
	}
	parts := strings.Split(q, "&")
	kept := parts[:0]
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	sort.Strings(kept)
	return strings.Join(kept, "&")
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// pathPrefix is the directory a start path stands for: "/docs/" for "/docs/", "/docs" and
// "/docs/index.html". A last segment without a dot is taken as a directory because portals
// serve "/developer-portal" and "/developer-portal/" as the same page.
func pathPrefix(p string) string {
	if p == "" {
		return "/"
	}
	if strings.HasSuffix(p, "/") {
		return p
	}
	i := strings.LastIndexByte(p, '/')
	last := p[i+1:]
	if strings.Contains(last, ".") {
		return p[:i+1]
	}
	return p + "/"
}
