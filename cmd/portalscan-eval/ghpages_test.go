package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// rawGet sends the request line byte for byte, so paths like /../x reach the handler
// exactly as an attacker would send them (a client library would clean them first).
func rawGet(t *testing.T, addr, method, target string) (*http.Response, string) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "%s %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", method, target, addr)
	req := &http.Request{Method: method}
	resp, err := http.ReadResponse(bufio.NewReader(c), req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestPagesHandler(t *testing.T) {
	base := t.TempDir()
	site := filepath.Join(base, "site")
	writeFiles(t, base, map[string]string{
		"secret.txt":                      "SECRET",
		"site/index.html":                 "<title>root index</title>",
		"site/x":                          "plain x",
		"site/page.html":                  "<title>page</title>",
		"site/both":                       "file both",
		"site/both.html":                  "html both",
		"site/dir/index.html":             "dir index",
		"site/nodx/a.txt":                 "a",
		"site/llms.txt":                   "# Title\n[a](https://a.example/)\n",
		"site/README.md":                  "# readme",
		"site/api/openapi.yaml":           "openapi: 3.0.0",
		"site/sitemap.xml":                "<urlset/>",
		"site/404.html":                   "custom 404 page",
		"site/.MISSING_FROM_SNAPSHOT.txt": "bookkeeping",
		"site/.well-known/security.txt":   "Contact: mailto:a@b.example",
	})
	if err := os.Symlink(filepath.Join(base, "secret.txt"), filepath.Join(site, "link.txt")); err != nil {
		t.Fatal(err)
	}

	type tc struct {
		method, path string
		status       int
		body         string // substring; "" means not checked
		location     string
		ctype        string
	}
	run := func(t *testing.T, prefix string, cases []tc) {
		h, err := newPagesHandler(site, prefix)
		if err != nil {
			t.Fatal(err)
		}
		defer h.Close()
		srv := httptest.NewServer(h)
		defer srv.Close()
		addr := strings.TrimPrefix(srv.URL, "http://")
		for _, c := range cases {
			method := c.method
			if method == "" {
				method = "GET"
			}
			t.Run(method+" "+c.path, func(t *testing.T) {
				resp, body := rawGet(t, addr, method, c.path)
				if resp.StatusCode != c.status {
					t.Fatalf("status %d, want %d (body %q)", resp.StatusCode, c.status, body)
				}
				if c.body != "" && !strings.Contains(body, c.body) {
					t.Errorf("body %q lacks %q", body, c.body)
				}
				if strings.Contains(body, "SECRET") {
					t.Errorf("served a file outside the site: %q", body)
				}
				if got := resp.Header.Get("Location"); got != c.location {
					t.Errorf("Location %q, want %q", got, c.location)
				}
				if c.ctype != "" && resp.Header.Get("Content-Type") != c.ctype {
					t.Errorf("Content-Type %q, want %q", resp.Header.Get("Content-Type"), c.ctype)
				}
				if method == "HEAD" && body != "" {
					t.Errorf("HEAD answered with a body %q", body)
				}
			})
		}
	}

	t.Run("root prefix", func(t *testing.T) {
		run(t, "/", []tc{
			{path: "/", status: 200, body: "root index", ctype: "text/html; charset=utf-8"},
			{path: "/index.html", status: 200, body: "root index"},
			{path: "/x", status: 200, body: "plain x", ctype: "application/octet-stream"},
			{path: "/page", status: 200, body: "<title>page</title>", ctype: "text/html; charset=utf-8"},
			{path: "/page.html", status: 200, body: "<title>page</title>"},
			{path: "/both", status: 200, body: "file both"},
			{path: "/dir", status: 301, location: "/dir/"},
			{path: "/dir?q=1", status: 301, location: "/dir/?q=1"},
			{path: "/dir/", status: 200, body: "dir index"},
			{path: "/dir/index", status: 200, body: "dir index"},
			{path: "/nodx/", status: 404, body: "custom 404 page"},
			{path: "/nodx", status: 404, body: "custom 404 page"},
			{path: "/nodx/a.txt", status: 200, body: "a"},
			{path: "/page/", status: 404, body: "custom 404 page"},
			{path: "/missing", status: 404, body: "custom 404 page", ctype: "text/html; charset=utf-8"},
			{method: "HEAD", path: "/missing", status: 404},
			{method: "HEAD", path: "/page", status: 200},
			{method: "POST", path: "/page", status: 405},
			{path: "/llms.txt", status: 200, body: "# Title", ctype: "text/plain; charset=utf-8"},
			{path: "/README.md", status: 200, ctype: "text/plain; charset=utf-8"},
			{path: "/api/openapi.yaml", status: 200, ctype: "application/yaml"},
			{path: "/sitemap.xml", status: 200, ctype: "text/xml; charset=utf-8"},
			{path: "/.MISSING_FROM_SNAPSHOT.txt", status: 404},
			{path: "/.well-known/security.txt", status: 200, body: "Contact"},
			{path: "/../secret.txt", status: 400},
			{path: "/%2e%2e/secret.txt", status: 400},
			{path: "/dir/..%2f..%2fsecret.txt", status: 400},
			{path: "/dir/%2e%2e/%2e%2e/secret.txt", status: 400},
			{path: "/..%5csecret.txt", status: 400},
			{path: "/link.txt", status: 404},
		})
	})
	t.Run("project prefix", func(t *testing.T) {
		run(t, "/docs/", []tc{
			{path: "/docs/", status: 200, body: "root index"},
			{path: "/docs", status: 301, location: "/docs/"},
			{path: "/docs/page", status: 200, body: "<title>page</title>"},
			{path: "/docs/dir", status: 301, location: "/docs/dir/"},
			{path: "/docs/missing", status: 404, body: "custom 404 page"},
			// The host root belongs to another site: no files of ours, not our 404 page.
			{path: "/", status: 404, body: "File not found"},
			{path: "/page", status: 404, body: "File not found"},
			{path: "/llms.txt", status: 404, body: "File not found"},
			{path: "/docsx/page", status: 404, body: "File not found"},
			{path: "/docs/../secret.txt", status: 400},
		})
	})
}

func TestPagesHandlerWithout404Page(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"index.html": "hi"})
	h, err := newPagesHandler(dir, "/")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/nope", nil))
	if rec.Code != 404 || !strings.Contains(rec.Body.String(), "File not found") {
		t.Fatalf("got %d %q", rec.Code, rec.Body.String())
	}
	// The handler refuses traversal itself, whatever the server in front of it does.
	for _, target := range []string{"/../etc/passwd", "/a/%2e%2e/%2e%2e/etc/passwd"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
		if rec.Code != http.StatusBadRequest {
			t.Errorf("%s: got %d, want 400", target, rec.Code)
		}
	}
	if _, err := newPagesHandler(dir, "docs"); err == nil {
		t.Fatal("prefix without slashes accepted")
	}
}
