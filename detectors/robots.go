package detectors

import (
	"bufio"
	"bytes"
	"strings"
)

// A small robots.txt reader: groups of user agents with their rules, Sitemap: lines and
// Content-Signal: lines. Matching follows RFC 9309 (longest match wins, Allow on ties).

type robotsRule struct {
	allow bool
	path  string
}

type robotsGroup struct {
	agents []string // lower-cased product tokens
	rules  []robotsRule
	signal []string // Content-Signal values inside the group
}

type robotsFile struct {
	groups   []*robotsGroup
	sitemaps []string
	signals  []string // Content-Signal lines anywhere
}

func parseRobots(b []byte) *robotsFile {
	rf := &robotsFile{}
	var cur *robotsGroup
	lastWasAgent := false
	sc := bufio.NewScanner(bytes.NewReader(head(b, 512<<10)))
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		k = strings.ToLower(strings.TrimSpace(k))
		v = strings.TrimSpace(v)
		switch k {
		case "user-agent":
			if cur == nil || !lastWasAgent {
				cur = &robotsGroup{}
				rf.groups = append(rf.groups, cur)
			}
			cur.agents = append(cur.agents, strings.ToLower(v))
			lastWasAgent = true
			continue
		case "allow", "disallow":
			if cur != nil {
				if v != "" || k == "allow" {
					cur.rules = append(cur.rules, robotsRule{allow: k == "allow", path: v})
				}
			}
		case "sitemap":
			// Sitemap: takes the rest of the line, scheme included.
			if _, rest, ok := strings.Cut(sc.Text(), ":"); ok {
				rf.sitemaps = append(rf.sitemaps, strings.TrimSpace(rest))
			}
		case "content-signal":
			rf.signals = append(rf.signals, v)
			if cur != nil {
				cur.signal = append(cur.signal, v)
			}
		}
		lastWasAgent = false
	}
	return rf
}

// group returns the group that applies to an agent token: an exact token group, else "*".
func (rf *robotsFile) group(agent string) (*robotsGroup, bool) {
	agent = strings.ToLower(agent)
	var star *robotsGroup
	for _, g := range rf.groups {
		for _, a := range g.agents {
			if a == agent {
				return g, true
			}
			if a == "*" && star == nil {
				star = g
			}
		}
	}
	return star, false
}

// named reports whether a group names the agent explicitly.
func (rf *robotsFile) named(agent string) bool {
	_, ok := rf.group(agent)
	return ok
}

// allowed reports whether the agent may fetch path.
func (rf *robotsFile) allowed(agent, path string) bool {
	g, _ := rf.group(agent)
	if g == nil {
		return true
	}
	best, allow := -1, true
	for _, r := range g.rules {
		if r.path == "" {
			continue
		}
		if n, ok := robotsMatch(r.path, path); ok {
			if n > best || (n == best && r.allow) {
				best, allow = n, r.allow
			}
		}
	}
	return allow
}

// robotsMatch matches a robots path pattern (with * and a trailing $) and returns its
// specificity (pattern length).
func robotsMatch(pat, path string) (int, bool) {
	anchored := strings.HasSuffix(pat, "$")
	p := strings.TrimSuffix(pat, "$")
	parts := strings.Split(p, "*")
	pos := 0
	for i, part := range parts {
		if i == 0 {
			if !strings.HasPrefix(path, part) {
				return 0, false
			}
			pos = len(part)
			continue
		}
		j := strings.Index(path[pos:], part)
		if j < 0 {
			return 0, false
		}
		pos += j + len(part)
	}
	if anchored && pos != len(path) && !(len(parts) > 1 && parts[len(parts)-1] == "") {
		// With a trailing literal, the last part must end the path.
		last := parts[len(parts)-1]
		if !strings.HasSuffix(path, last) {
			return 0, false
		}
	}
	return len(pat), true
}
