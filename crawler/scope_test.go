package crawler

import "testing"

func TestScopeInScope(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		start string
		opts  Options
		url   string
		want  bool
	}{
		{"same host", "https://developer.example.com/", Options{}, "https://developer.example.com/x", true},
		{"sibling of registrable domain", "https://developer.example.com/", Options{}, "https://docs.example.com/x", true},
		{"registrable domain itself", "https://developer.example.com/", Options{}, "https://example.com/", true},
		{"other domain", "https://developer.example.com/", Options{}, "https://example.org/", false},
		{"lookalike prefix", "https://developer.example.com/", Options{}, "https://evil-example.com/", false},
		{"lookalike suffix", "https://developer.example.com/", Options{}, "https://example.com.evil.org/", false},
		{"same host other port", "https://developer.example.com/", Options{}, "https://developer.example.com:8443/", false},
		{"sibling other port", "https://developer.example.com/", Options{}, "https://docs.example.com:8443/", false},
		{"http on same host", "https://developer.example.com/", Options{}, "http://developer.example.com/a", true},
		{"explicit default port", "https://developer.example.com/", Options{}, "https://developer.example.com:443/a", true},
		{"mailto", "https://developer.example.com/", Options{}, "mailto:api@example.com", false},
		{"garbage", "https://developer.example.com/", Options{}, "http://%zz/", false},
		{"relative is not a URL", "https://developer.example.com/", Options{}, "/docs", false},
		{"multi-label suffix", "https://docs.example.co.uk/", Options{}, "https://api.example.co.uk/", true},
		{"multi-label suffix other", "https://docs.example.co.uk/", Options{}, "https://other.co.uk/", false},
		{"github.io own site", "https://acme.github.io/portal/", Options{}, "https://acme.github.io/other", true},
		{"github.io neighbour", "https://acme.github.io/portal/", Options{}, "https://evil.github.io/", false},
		{"github.io suffix", "https://acme.github.io/portal/", Options{}, "https://github.io/", false},
		{"github.com is not github.io", "https://acme.github.io/portal/", Options{}, "https://github.com/acme", false},
		{"IP same port", "http://127.0.0.1:8080/", Options{}, "http://127.0.0.1:8080/a", true},
		{"IP other port", "http://127.0.0.1:8080/", Options{}, "http://127.0.0.1:9090/", false},
		{"IP neighbour", "http://127.0.0.1:8080/", Options{}, "http://127.0.0.2:8080/", false},
		{"IP vs localhost", "http://127.0.0.1:8080/", Options{}, "http://localhost:8080/", false},
		{"IPv6", "http://[::1]:8080/", Options{}, "http://[::1]:8080/x", true},
		{"localhost", "http://localhost:3000/", Options{}, "http://localhost:3000/x", true},
		{"localhost subdomain", "http://localhost:3000/", Options{}, "http://api.localhost:3000/", false},
		{"localhost other port", "http://localhost:3000/", Options{}, "http://localhost:3001/", false},
		{"private IP neighbour", "http://10.0.0.5/", Options{}, "http://10.0.0.6/", false},
		{"single label host", "http://intranet/", Options{}, "http://wiki.intranet/", false},
		{"path scope inside", "https://example.com/developer-portal/", Options{PathScope: true}, "https://example.com/developer-portal/x", true},
		{"path scope root of prefix", "https://example.com/developer-portal/", Options{PathScope: true}, "https://example.com/developer-portal", true},
		{"path scope sibling prefix", "https://example.com/developer-portal/", Options{PathScope: true}, "https://example.com/developer-portal-old/", false},
		{"path scope outside", "https://example.com/developer-portal/", Options{PathScope: true}, "https://example.com/blog/", false},
		{"path scope other host", "https://example.com/developer-portal/", Options{PathScope: true}, "https://docs.example.com/developer-portal/", false},
		{"path scope without slash", "https://example.com/docs", Options{PathScope: true}, "https://example.com/docs/a", true},
		{"path scope without slash sibling", "https://example.com/docs", Options{PathScope: true}, "https://example.com/docs2", false},
		{"path scope file start", "https://example.com/portal/index.html", Options{PathScope: true}, "https://example.com/portal/a", true},
		{"path scope off", "https://example.com/developer-portal/", Options{}, "https://example.com/blog/", true},
		{"alias rewritten in", "http://127.0.0.1:8080/", Options{Aliases: []string{"www.portal.example"}}, "https://www.portal.example/a", true},
		{"alias does not widen", "http://127.0.0.1:8080/", Options{Aliases: []string{"www.portal.example"}}, "https://api.portal.example/a", false},
		{"alias with port", "http://127.0.0.1:8080/", Options{Aliases: []string{"old.example:9000"}}, "https://old.example:9000/x", true},
		{"alias with port other port", "http://127.0.0.1:8080/", Options{Aliases: []string{"old.example:9000"}}, "https://old.example/x", false},
		{"alias as URL", "http://127.0.0.1:8080/", Options{Aliases: []string{"https://WWW.Portal.Example/"}}, "http://www.portal.example/a", true},
		{"alias under path scope", "http://127.0.0.1:8080/portal/", Options{PathScope: true, Aliases: []string{"www.portal.example"}}, "https://www.portal.example/blog", false},
	}
	for _, tc := range tests {
		s, err := NewScope(tc.start, tc.opts)
		if err != nil {
			t.Fatalf("%s: NewScope: %v", tc.name, err)
		}
		if got := s.InScope(tc.url); got != tc.want {
			t.Errorf("%s: InScope(%q) from %q = %v, want %v", tc.name, tc.url, tc.start, got, tc.want)
		}
	}
}

func TestScopeRewriteAndKey(t *testing.T) {
	t.Parallel()
	s, err := NewScope("http://127.0.0.1:8080/portal/", Options{Aliases: []string{"www.portal.example", "legacy.example:8443"}})
	if err != nil {
		t.Fatal(err)
	}
	rewrites := []struct{ in, want string }{
		{"https://www.portal.example/docs?q=1#x", "http://127.0.0.1:8080/docs?q=1#x"},
		{"http://WWW.PORTAL.EXAMPLE/a", "http://127.0.0.1:8080/a"},
		{"https://legacy.example:8443/b", "http://127.0.0.1:8080/b"},
		{"https://legacy.example/b", "https://legacy.example/b"},
		{"https://other.example/c", "https://other.example/c"},
		{"/relative", "/relative"},
		{"mailto:x@www.portal.example", "mailto:x@www.portal.example"},
		{"::garbage", "::garbage"},
	}
	for _, tc := range rewrites {
		if got := s.Rewrite(tc.in); got != tc.want {
			t.Errorf("Rewrite(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	keys := []struct{ in, want string }{
		{"http://127.0.0.1:8080/a#frag", "http://127.0.0.1:8080/a"},
		{"http://127.0.0.1:8080/a?b=2&a=1", "http://127.0.0.1:8080/a?a=1&b=2"},
		{"https://www.portal.example/a#x", "http://127.0.0.1:8080/a"},
		{"http://127.0.0.1:8080/x/../a", "http://127.0.0.1:8080/a"},
		{"not a url", ""},
	}
	for _, tc := range keys {
		if got := s.Key(tc.in); got != tc.want {
			t.Errorf("Key(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if _, err := NewScope("ftp://x/", Options{}); err == nil {
		t.Error("NewScope accepted ftp")
	}
}

func TestRegistrableDomain(t *testing.T) {
	t.Parallel()
	tests := []struct{ host, want string }{
		{"developer.example.com", "example.com"},
		{"example.com", "example.com"},
		{"a.b.example.co.uk", "example.co.uk"},
		{"acme.github.io", "acme.github.io"},
		{"docs.acme.github.io", "acme.github.io"},
		{"github.io", ""},
		{"co.uk", ""},
		{"localhost", ""},
		{"api.localhost", ""},
		{"127.0.0.1", ""},
		{"::1", ""},
		{"intranet", ""},
		{"www.portal.test", "portal.test"},
	}
	for _, tc := range tests {
		if got := registrableDomain(tc.host); got != tc.want {
			t.Errorf("registrableDomain(%q) = %q, want %q", tc.host, got, tc.want)
		}
	}
}
