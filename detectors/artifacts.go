package detectors

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/portalscan/portalscan/crawler/page"
)

// Validators for known files. A known file counts only when it is what it claims to be:
// an HTML page answering 200 at /sitemap.xml or /llms.txt is the site's catch-all, not the
// artifact.

// check is a validator: whether a fetched body is a valid artifact, a short reason when it
// is not, and a verbatim snippet that shows it when it is.
type check func(p *page.Page) (ok bool, detail, snippet string)

var checks = map[string]check{
	"sitemap":      checkSitemap,
	"llms":         checkLLMS,
	"llms_full":    checkLLMSFull,
	"spec":         checkSpec,
	"security_txt": checkSecurityTxt,
	"api_catalog":  checkAPICatalog,
	"robots":       checkRobots,
}

func isHTMLBody(p *page.Page) bool {
	return p.Doc != nil || page.IsHTML(p.ContentType, p.Body)
}

const maxSniff = 64 << 10

func head(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

// firstLine returns the first non-empty line of a body, trimmed.
func firstLine(b []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(head(b, maxSniff)))
	sc.Buffer(make([]byte, 0, 4096), maxSniff)
	for sc.Scan() {
		if l := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\uFEFF")); l != "" {
			return l
		}
	}
	return ""
}

func clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return s
	}
	for n > 0 && (s[n]&0xC0) == 0x80 {
		n--
	}
	return s[:n] + "…"
}

func checkSitemap(p *page.Page) (bool, string, string) {
	body := p.Body
	if bytes.HasPrefix(body, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return false, "gzip body does not decompress", ""
		}
		b, err := io.ReadAll(io.LimitReader(zr, 50<<20))
		if err != nil && len(b) == 0 {
			return false, "gzip body does not decompress", ""
		}
		body = b
	}
	if isHTMLBody(p) && !bytes.Contains(head(body, 1024), []byte("<urlset")) && !bytes.Contains(head(body, 1024), []byte("<sitemapindex")) {
		return false, "an HTML page, not a sitemap", ""
	}
	trim := bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	if len(trim) == 0 {
		return false, "empty body", ""
	}
	if trim[0] != '<' {
		// A text sitemap: one absolute URL per line.
		n := 0
		first := ""
		for _, l := range strings.Split(string(head(trim, maxSniff)), "\n") {
			l = strings.TrimSpace(l)
			if l == "" {
				continue
			}
			if !absHTTP(l) {
				return false, "neither XML nor a list of URLs", ""
			}
			if first == "" {
				first = l
			}
			n++
		}
		if n == 0 {
			return false, "no URLs", ""
		}
		return true, fmt.Sprintf("text sitemap, %d URLs", n), first
	}
	dec := xml.NewDecoder(bytes.NewReader(trim))
	dec.Strict = false
	root, inLoc, locs, abs, first := "", false, 0, 0, ""
	var loc strings.Builder
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = t.Name.Local
				if root != "urlset" && root != "sitemapindex" {
					return false, fmt.Sprintf("XML root <%s>, not <urlset> or <sitemapindex>", root), ""
				}
			}
			if t.Name.Local == "loc" {
				inLoc = true
				loc.Reset()
			}
		case xml.CharData:
			if inLoc {
				loc.Write(t)
			}
		case xml.EndElement:
			if t.Name.Local == "loc" && inLoc {
				inLoc = false
				locs++
				l := strings.TrimSpace(loc.String())
				if absHTTP(l) {
					abs++
					if first == "" {
						first = l
					}
				}
			}
		}
	}
	switch {
	case root == "":
		return false, "not XML", ""
	case abs == 0 && locs > 0:
		return false, fmt.Sprintf("<%s> with %d <loc> entries, none an absolute http(s) URL", root, locs), ""
	case abs == 0:
		return false, fmt.Sprintf("<%s> lists no URLs", root), ""
	}
	return true, fmt.Sprintf("<%s> with %d absolute URLs", root, abs), "<loc>" + first + "</loc>"
}

func absHTTP(s string) bool {
	return (strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")) && len(s) > len("https://") && !strings.ContainsAny(s, " \t<>")
}

var mdLink = regexp.MustCompile(`\[[^\]\n]+\]\([^)\s]+\)`)

func checkLLMS(p *page.Page) (bool, string, string) {
	if isHTMLBody(p) {
		return false, "an HTML page, not llms.txt", ""
	}
	fl := firstLine(p.Body)
	if !strings.HasPrefix(fl, "# ") {
		return false, "first line is not a Markdown '# ' title", ""
	}
	if !mdLink.Match(head(p.Body, 1<<20)) {
		return false, "no Markdown link", ""
	}
	return true, "Markdown title and links", clip(fl, 120)
}

func checkLLMSFull(p *page.Page) (bool, string, string) {
	if isHTMLBody(p) {
		return false, "an HTML page, not llms-full.txt", ""
	}
	fl := firstLine(p.Body)
	if fl == "" {
		return false, "empty body", ""
	}
	if len(p.Body) < 1024 || !bytes.Contains(head(p.Body, 1<<20), []byte("\n#")) && !strings.HasPrefix(fl, "#") {
		return false, "too short or not Markdown", ""
	}
	return true, fmt.Sprintf("%d bytes of Markdown", len(p.Body)), clip(fl, 120)
}

var (
	specJSON    = regexp.MustCompile(`"(openapi|swagger|asyncapi)"\s*:\s*"?[0-9]`)
	specYAML    = regexp.MustCompile(`(?m)^["']?(openapi|swagger|asyncapi)["']?\s*:\s*["']?[0-9]`)
	postmanJSON = regexp.MustCompile(`schema\.getpostman\.com/json/collection|"_postman_id"\s*:`)
	graphqlSDL  = regexp.MustCompile(`(?m)^\s*(?:schema\s*\{|type\s+(?:Query|Mutation)\s*\{)`)
)

// specKind says which kind of API description a non-HTML body is: openapi, swagger,
// asyncapi, postman or graphql; "" when none, or when a JSON or YAML description does not
// parse (a truncated or broken file is no download a generator can use).
func specKind(body []byte, path string) string {
	k := sniffSpecKind(body, path)
	if k != "" && !specParses(body, k) {
		return ""
	}
	return k
}

// sniffSpecKind is specKind from the first bytes alone.
func sniffSpecKind(body []byte, path string) string {
	b := head(bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))), maxSniff)
	if len(b) == 0 || b[0] == '<' {
		return ""
	}
	if b[0] == '{' {
		if postmanJSON.Match(b) && bytes.Contains(b, []byte(`"item"`)) {
			return "postman"
		}
		if m := specJSON.FindSubmatch(b); m != nil {
			return string(m[1])
		}
		return ""
	}
	if m := specYAML.FindSubmatch(b); m != nil {
		return string(m[1])
	}
	if strings.HasSuffix(path, ".graphql") || strings.HasSuffix(path, ".graphqls") || strings.HasSuffix(path, ".gql") {
		if graphqlSDL.Match(b) {
			return "graphql"
		}
	}
	return ""
}

func checkSpec(p *page.Page) (bool, string, string) {
	if isHTMLBody(p) {
		return false, "an HTML page, not an API description", ""
	}
	k := sniffSpecKind(p.Body, pathOf(p.URL))
	if k == "" {
		return false, "not an OpenAPI, AsyncAPI, GraphQL or Postman document", ""
	}
	if !specParses(p.Body, k) {
		return false, k + " document that does not parse as JSON or YAML", ""
	}
	return true, k + " document", clip(page.Fold(string(head(p.Body, 300))), 100)
}

var securityContact = regexp.MustCompile(`(?im)^contact:\s*\S+`)

func checkSecurityTxt(p *page.Page) (bool, string, string) {
	if isHTMLBody(p) {
		return false, "an HTML page, not security.txt", ""
	}
	m := securityContact.Find(head(p.Body, maxSniff))
	if m == nil {
		return false, "no Contact: field", ""
	}
	return true, "Contact: field", clip(string(m), 120)
}

func checkAPICatalog(p *page.Page) (bool, string, string) {
	if isHTMLBody(p) {
		return false, "an HTML page, not an API catalog", ""
	}
	b := head(p.Body, maxSniff)
	if !bytes.Contains(b, []byte(`"linkset"`)) && !bytes.Contains(b, []byte(`"apis"`)) {
		return false, "no linkset", ""
	}
	return true, "linkset document", clip(string(head(b, 100)), 100)
}

func checkRobots(p *page.Page) (bool, string, string) {
	if isHTMLBody(p) {
		return false, "an HTML page, not robots.txt", ""
	}
	rb := parseRobots(p.Body)
	if len(rb.groups) == 0 && len(rb.sitemaps) == 0 {
		return false, "no user-agent groups", ""
	}
	return true, fmt.Sprintf("%d user-agent groups", len(rb.groups)), clip(firstLine(p.Body), 100)
}
