package crawler

import (
	"net/url"
	"sort"
	"strings"
)

// maxPerPattern is how many pages one URL pattern may add through links.
const maxPerPattern = 50

// trapPattern reduces a URL to the shape crawler traps repeat: digit runs become N (dates,
// page numbers, ids), runs of one repeated path segment collapse (a/a/a/), and query values
// are dropped (keys kept, sorted), so ?q=aaaa… and ?q=a are one pattern.
func trapPattern(u *url.URL) string {
	segs := strings.Split(strings.Trim(u.EscapedPath(), "/"), "/")
	var out []string
	for _, s := range segs {
		s = digitsToN(s)
		if n := len(out); n > 0 && out[n-1] == s+"+" {
			continue
		}
		if n := len(out); n > 0 && out[n-1] == s {
			out[n-1] = s + "+"
			continue
		}
		out = append(out, s)
	}
	p := u.Host + "/" + strings.Join(out, "/")
	if u.RawQuery != "" {
		var keys []string
		for k := range u.Query() {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		p += "?" + strings.Join(keys, "&")
	}
	return p
}

func digitsToN(s string) string {
	var b strings.Builder
	inDigits := false
	for _, r := range s {
		if r >= '0' && r <= '9' {
			if !inDigits {
				b.WriteByte('N')
				inDigits = true
			}
			continue
		}
		inDigits = false
		b.WriteRune(r)
	}
	return b.String()
}
