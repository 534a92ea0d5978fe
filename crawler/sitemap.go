package crawler

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"io"
	"net/url"
	"strings"

	"golang.org/x/net/html/charset"
)

// Sitemap limits: the protocol's own per-file cap, how deep an index may nest, and how many
// sitemap files one scan reads (a 300-page budget never needs more).
const (
	maxSitemapURLs  = 50000
	maxSitemapDepth = 3
	maxSitemaps     = 50
)

type sitemapKind int

const (
	notSitemap sitemapKind = iota
	urlSet
	sitemapIndex
	textSitemap
)

// sitemapResult is what one sitemap file lists.
type sitemapResult struct {
	kind   sitemapKind
	locs   []string // page URLs (urlset, text) or child sitemaps (index)
	capped bool     // more than maxSitemapURLs entries
}

// parseSitemap reads an XML urlset or sitemapindex, or a text sitemap (one URL per line).
// Anything else — notably an HTML page answering 200 at /sitemap.xml — lists nothing.
func parseSitemap(body []byte, isHTML bool) sitemapResult {
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(trimmed) == 0 {
		return sitemapResult{}
	}
	if trimmed[0] == '<' {
		return parseXMLSitemap(trimmed)
	}
	if isHTML {
		return sitemapResult{}
	}
	return parseTextSitemap(trimmed)
}

func parseXMLSitemap(body []byte) sitemapResult {
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = false
	dec.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		return charset.NewReaderLabel(label, r)
	}
	var res sitemapResult
	var stack []string
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if err != nil {
			// A sitemap cut at the size cap still yields the URLs read so far.
			return res
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			if len(stack) == 0 {
				switch name {
				case "urlset":
					res.kind = urlSet
				case "sitemapindex":
					res.kind = sitemapIndex
				default:
					return sitemapResult{}
				}
			}
			stack = append(stack, name)
			text.Reset()
		case xml.CharData:
			if len(stack) > 0 && stack[len(stack)-1] == "loc" && text.Len() < 4096 {
				text.Write(t)
			}
		case xml.EndElement:
			if len(stack) == 0 {
				continue
			}
			name := stack[len(stack)-1]
			// Only <url><loc> and <sitemap><loc> count: image and video extensions nest
			// their own <loc>s (image:loc) that are not pages.
			if name == "loc" && len(stack) >= 2 {
				parent := stack[len(stack)-2]
				if (res.kind == urlSet && parent == "url") || (res.kind == sitemapIndex && parent == "sitemap") {
					if loc := strings.TrimSpace(text.String()); loc != "" {
						if len(res.locs) >= maxSitemapURLs {
							res.capped = true
							return res
						}
						res.locs = append(res.locs, loc)
					}
				}
			}
			stack = stack[:len(stack)-1]
		}
	}
}

func parseTextSitemap(body []byte) sitemapResult {
	var res sitemapResult
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		u, err := url.Parse(line)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(line, " \t") {
			if len(res.locs) == 0 {
				// Not a list of URLs (a robots.txt, a JSON error page …).
				return sitemapResult{}
			}
			continue
		}
		if len(res.locs) >= maxSitemapURLs {
			res.capped = true
			break
		}
		res.locs = append(res.locs, line)
	}
	if len(res.locs) > 0 {
		res.kind = textSitemap
	}
	return res
}

func isGzip(b []byte) bool { return len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b }
