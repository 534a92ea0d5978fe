package crawler

import (
	"bufio"
	"bytes"
	"math"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// maxRobots is how much of a robots.txt is parsed (RFC 9309 §2.5: at least 500 KiB).
const maxRobots = 500 << 10

// robotsRules is what one origin's robots.txt allows us. It is built here rather than by
// colly, whose check finds the group with FindGroup and so lets a 5xx "disallow all"
// through, and which fetches robots.txt outside our limiter and records.
type robotsRules struct {
	data        *robotstxt.RobotsData // nil when unreachable
	unreachable string                // transport error that made robots.txt unavailable
	sitemaps    []string
	text        string        // the parsed file, "" when none
	crawlDelay  time.Duration // Crawl-delay of the group that applies to us (not in RFC 9309, but asked for)
}

// parseRobots applies RFC 9309 §2.3.1: a 2xx file is parsed, 4xx (and a redirect we would
// not follow) means no file — allow all, 5xx and 429 mean disallow all.
func parseRobots(status int, contentType string, body []byte, isHTML bool) *robotsRules {
	switch {
	case status >= 200 && status < 300:
		if isHTML {
			// An SPA answering every path with its shell has no robots.txt.
			return &robotsRules{data: mustRobots(404, nil)}
		}
		if len(body) > maxRobots {
			body = body[:maxRobots]
			// A line cut in half could turn "Disallow: /private" into "Disallow: /".
			if i := bytes.LastIndexByte(body, '\n'); i >= 0 {
				body = body[:i+1]
			}
		}
		body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
		data, err := robotstxt.FromBytes(body)
		if err != nil {
			data, err = robotstxt.FromBytes(sanitizeRobots(body))
		}
		if err != nil || data == nil {
			data = mustRobots(404, nil)
		}
		sm := data.Sitemaps
		if len(sm) == 0 {
			sm = sitemapLines(body)
		}
		r := &robotsRules{data: data, sitemaps: sm, text: string(body)}
		if g := data.FindGroup(robotsToken); g != nil {
			r.crawlDelay = g.CrawlDelay
		}
		return r
	case status == 429 || status >= 500:
		return &robotsRules{data: mustRobots(503, nil)}
	default:
		return &robotsRules{data: mustRobots(404, nil)}
	}
}

func mustRobots(status int, body []byte) *robotstxt.RobotsData {
	d, _ := robotstxt.FromStatusAndBytes(status, body)
	return d
}

// sanitizeRobots drops what makes the strict parser reject a whole file (rules before the
// first User-agent, a Crawl-delay that is not a number of seconds), keeping every rule it
// can understand: one bad line must not turn a Disallow into an allow-all.
func sanitizeRobots(body []byte) []byte {
	var out bytes.Buffer
	seenUA := false
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 64<<10), maxRobots)
	for sc.Scan() {
		line := sc.Text()
		key := strings.ToLower(strings.TrimSpace(strings.SplitN(strings.SplitN(line, "#", 2)[0], ":", 2)[0]))
		switch key {
		case "user-agent":
			seenUA = true
		case "crawl-delay":
			if !seenUA || !validCrawlDelay(line) {
				continue
			}
		case "allow", "disallow":
			if !seenUA {
				continue
			}
		}
		out.WriteString(line)
		out.WriteByte('\n')
	}
	return out.Bytes()
}

func validCrawlDelay(line string) bool {
	_, v, _ := strings.Cut(strings.SplitN(line, "#", 2)[0], ":")
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	return err == nil && f >= 0 && !math.IsInf(f, 0) && !math.IsNaN(f)
}

func sitemapLines(body []byte) []string {
	var out []string
	for _, line := range strings.Split(string(body), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if ok && strings.EqualFold(strings.TrimSpace(k), "sitemap") {
			if v = strings.TrimSpace(v); v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}

// allows tests a URL against the rules for our product token.
func (r *robotsRules) allows(u *url.URL) bool {
	if r == nil || r.data == nil {
		return false
	}
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return r.data.TestAgent(p, robotsToken)
}

// robotsBook holds the rules per origin; workers read it when they follow a redirect.
type robotsBook struct {
	mu    sync.RWMutex
	rules map[string]*robotsRules
}

func (b *robotsBook) get(origin string) *robotsRules {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.rules[origin]
}

func (b *robotsBook) set(origin string, r *robotsRules) {
	b.mu.Lock()
	b.rules[origin] = r
	b.mu.Unlock()
}
