package crawler

import (
	"strings"
	"testing"
)

func TestNormalizeURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
	}{
		{"HTTP://Example.COM", "http://example.com/"},
		{"https://example.com:443/a", "https://example.com/a"},
		{"http://example.com:80", "http://example.com/"},
		{"http://example.com:443/", "http://example.com:443/"},
		{"https://example.com:8443/x", "https://example.com:8443/x"},
		{"http://example.com:08080/", "http://example.com:8080/"},
		{"https://example.com/a/./b/../c", "https://example.com/a/c"},
		{"https://example.com/a/b/../../../c", "https://example.com/c"},
		{"https://example.com/docs/", "https://example.com/docs/"},
		{"https://example.com/a#frag", "https://example.com/a"},
		{"https://example.com/#", "https://example.com/"},
		{"https://example.com/?b=2&a=1", "https://example.com/?a=1&b=2"},
		{"https://example.com/?", "https://example.com/"},
		{"https://example.com/?q=a%20b&flag", "https://example.com/?flag&q=a%20b"},
		{"https://example.com/?a=1&&b=2&", "https://example.com/?a=1&b=2"},
		{"https://user:pw@example.com/", "https://example.com/"},
		{"https://example.com./", "https://example.com/"},
		{"http://[::1]:8080/", "http://[::1]:8080/"},
		{"http://[::1]/", "http://[::1]/"},
		{"http://[::1]:80/", "http://[::1]/"},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080/"},
		{"https://bücher.de/", "https://xn--bcher-kva.de/"},
		{"  https://example.com/a  ", "https://example.com/a"},
		{"https://example.com/a%20b", "https://example.com/a%20b"},
		{"https://example.com/A/B", "https://example.com/A/B"},
		{"https://my_host.example.com/", "https://my_host.example.com/"},
	}
	for _, tc := range tests {
		got, err := NormalizeURL(tc.in)
		if err != nil {
			t.Errorf("NormalizeURL(%q): %v", tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("NormalizeURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
		// Normal forms are fixed points.
		if again, err := NormalizeURL(got); err != nil || again != got {
			t.Errorf("NormalizeURL(%q) = %q, %v; not idempotent", got, again, err)
		}
	}
}

func TestNormalizeURLRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, why string
	}{
		{"", "empty"},
		{"   ", "empty"},
		{"example.com", "missing scheme (did you mean https://example.com?)"},
		{"/relative/path", "missing scheme"},
		{"ftp://example.com/", "unsupported scheme"},
		{"javascript:alert(1)", "unsupported scheme"},
		{"mailto:a@example.com", "unsupported scheme"},
		{"data:text/html,hi", "unsupported scheme"},
		{"http://", "missing host"},
		{"http:///path", "missing host"},
		{"http:example.com", "missing host"},
		{"http://exa mple.com/", "invalid character"},
		{"http://example.com:99999/", "bad port"},
		{"http://example.com:0/", "bad port"},
		{"http://a..b/", "bad host"},
		{"http://ex*ample.com/", "bad host"},
		{"http://%zz/", "invalid URL escape"},
		{"\x00http://x", "invalid control character"},
		{"http://exa\xffmple.com/", "not valid UTF-8"},
		{"http://[::1/", "missing ']'"},
	}
	for _, tc := range tests {
		got, err := NormalizeURL(tc.in)
		if err == nil {
			t.Errorf("NormalizeURL(%q) = %q, want an error", tc.in, got)
			continue
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "invalid URL \"") || !strings.Contains(msg, tc.why) {
			t.Errorf("NormalizeURL(%q) error %q, want `invalid URL \"…\": …%s…`", tc.in, msg, tc.why)
		}
		if strings.Contains(msg, "\n") {
			t.Errorf("error for %q spans lines: %q", tc.in, msg)
		}
	}
}

func TestPortalID(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"https://Developer.Example.com/portal/?utm_source=x#top", "https://developer.example.com/portal/"},
		{"https://developer.example.com", "https://developer.example.com/"},
		{"http://127.0.0.1:8080/docs?lang=en", "http://127.0.0.1:8080/docs"},
	}
	for _, tc := range tests {
		got, err := PortalID(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("PortalID(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	if _, err := PortalID("not a url"); err == nil {
		t.Error("PortalID accepted garbage")
	}
}

func TestPathPrefix(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"/", "/"},
		{"", "/"},
		{"/developer-portal/", "/developer-portal/"},
		{"/developer-portal", "/developer-portal/"},
		{"/docs/index.html", "/docs/"},
		{"/a/b/c", "/a/b/c/"},
	}
	for _, tc := range tests {
		if got := pathPrefix(tc.in); got != tc.want {
			t.Errorf("pathPrefix(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
