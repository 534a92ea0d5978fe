package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"strings"
)

// pagesHandler serves a built site the way GitHub Pages does, so the scanner sees the same
// URLs, redirects and 404s an analyst would see on the live portal. Files are read straight
// from the corpus through an os.Root, which also keeps symlinks from escaping the site.
type pagesHandler struct {
	root   *os.Root
	prefix string
}

// newPagesHandler serves dir under prefix, which must start and end with "/".
// Close the handler when the server is done with it.
func newPagesHandler(dir, prefix string) (*pagesHandler, error) {
	if !strings.HasPrefix(prefix, "/") || !strings.HasSuffix(prefix, "/") {
		return nil, fmt.Errorf("prefix %q must start and end with /", prefix)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &pagesHandler{root: root, prefix: prefix}, nil
}

func (h *pagesHandler) Close() error { return h.root.Close() }

func (h *pagesHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if p == "" {
		p = "/"
	}
	if traversal(p) {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	// The project root without its slash is a directory request like any other.
	if p+"/" == h.prefix {
		h.redirectSlash(w, r)
		return
	}
	if !strings.HasPrefix(p, h.prefix) {
		// Outside a project site the host belongs to someone else: its 404, not ours.
		h.notFound(w, r, false)
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+strings.TrimPrefix(p, h.prefix)), "/")
	if hidden(name) {
		h.notFound(w, r, true)
		return
	}
	if strings.HasSuffix(p, "/") {
		h.serveFile(w, r, path.Join(name, "index.html"))
		return
	}
	switch {
	case h.isFile(name):
		h.serveFile(w, r, name)
	case h.isFile(name + ".html"):
		h.serveFile(w, r, name+".html")
	case h.isFile(path.Join(name, "index.html")):
		h.redirectSlash(w, r)
	default:
		h.notFound(w, r, true)
	}
}

// traversal reports a path that tries to climb out of the site; such requests never reach the
// file system even though os.Root would refuse them too.
func traversal(p string) bool {
	if strings.ContainsAny(p, "\x00\\") {
		return true
	}
	for seg := range strings.SplitSeq(p, "/") {
		if seg == ".." {
			return true
		}
	}
	return false
}

// hidden reports dotfiles: the corpus keeps bookkeeping (.MISSING_FROM_SNAPSHOT.txt) and repo
// files (.nojekyll, .gitignore) beside the site that were never part of the published portal.
// .well-known is the one dot directory portals publish on purpose.
func hidden(name string) bool {
	for seg := range strings.SplitSeq(name, "/") {
		if strings.HasPrefix(seg, ".") && seg != ".well-known" {
			return true
		}
	}
	return false
}

func (h *pagesHandler) isFile(name string) bool {
	if name == "" || name == "." {
		return false
	}
	fi, err := h.root.Stat(name)
	return err == nil && fi.Mode().IsRegular()
}

func (h *pagesHandler) redirectSlash(w http.ResponseWriter, r *http.Request) {
	loc := r.URL.EscapedPath() + "/"
	if r.URL.RawQuery != "" {
		loc += "?" + r.URL.RawQuery
	}
	w.Header().Set("Location", loc)
	w.WriteHeader(http.StatusMovedPermanently)
}

func (h *pagesHandler) serveFile(w http.ResponseWriter, r *http.Request, name string) {
	f, err := h.root.Open(name)
	if err != nil {
		h.notFound(w, r, true)
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		h.notFound(w, r, true)
		return
	}
	w.Header().Set("Content-Type", contentType(name))
	// ServeContent gives the scanner conditional requests, ranges and HEAD like a real host.
	http.ServeContent(w, r, "", fi.ModTime(), f)
}

const genericNotFound = "<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body><h1>404</h1><p>File not found</p></body></html>\n"

// notFound answers 404 with the site's own 404.html when it has one, as GitHub Pages does.
func (h *pagesHandler) notFound(w http.ResponseWriter, r *http.Request, siteOwned bool) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if siteOwned {
		if f, err := h.root.Open("404.html"); err == nil {
			defer f.Close()
			if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
				w.WriteHeader(http.StatusNotFound)
				if r.Method != http.MethodHead {
					_, _ = io.Copy(w, f)
				}
				return
			}
		} else if !errors.Is(err, fs.ErrNotExist) {
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
	}
	w.WriteHeader(http.StatusNotFound)
	if r.Method != http.MethodHead {
		_, _ = io.WriteString(w, genericNotFound)
	}
}

// fixedTypes pins the types whose answer from mime.TypeByExtension depends on the machine's
// /etc/mime.types (or is missing from Go's built-in table), so a score never changes with
// the host. llms.txt and Markdown must be plain text: the protocol tests "served as text".
var fixedTypes = map[string]string{
	".md":       "text/plain; charset=utf-8",
	".markdown": "text/plain; charset=utf-8",
	".txt":      "text/plain; charset=utf-8",
	".yaml":     "application/yaml",
	".yml":      "application/yaml",
	".gz":       "application/gzip",
	".ico":      "image/x-icon",
	".map":      "application/json",
}

func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := fixedTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}
