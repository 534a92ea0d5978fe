package detectors

import (
	"regexp"
	"strings"
)

// Code-hosting links: whose organisation a repository link names, and whether that
// organisation is the site's own.

var codeHosts = map[string]bool{"github.com": true, "gitlab.com": true, "bitbucket.org": true, "codeberg.org": true}

// reservedOrg lists first path segments of code hosts that are product pages, not owners.
var reservedOrg = map[string]bool{
	"about": true, "features": true, "pricing": true, "login": true, "join": true, "signup": true, "marketplace": true,
	"topics": true, "trending": true, "collections": true, "sponsors": true, "orgs": true, "settings": true, "explore": true,
	"site": true, "security": true, "enterprise": true, "team": true, "customer-stories": true, "readme": true, "apps": true,
	"contact": true, "search": true, "notifications": true, "new": true, "users": true, "help": true, "dashboard": true,
	"-": true, "blog": true, "gist": true, "downloads": true, "events": true, "resources": true, "solutions": true,
}

// repoOrg returns the owner a code-host link names ("" when it names none).
func repoOrg(l *linkFact) string {
	if !codeHosts[strings.TrimPrefix(l.host, "www.")] {
		return ""
	}
	seg := strings.Split(strings.Trim(l.path, "/"), "/")
	if len(seg) == 0 || seg[0] == "" || reservedOrg[seg[0]] {
		return ""
	}
	return seg[0]
}

var orgNoise = regexp.MustCompile(`[-_.]?(?:inc|hq|dev|devs|labs|oss|io|api|apis|team|official|developers?|docs|tech|engineering|group|bank|app)$`)

var genericLabel = map[string]bool{
	"www": true, "docs": true, "doc": true, "developer": true, "developers": true, "dev": true, "api": true, "apis": true,
	"help": true, "support": true, "portal": true, "github": true, "gitlab": true, "io": true, "com": true, "org": true,
	"net": true, "co": true, "uk": true, "de": true, "fr": true, "ru": true, "app": true, "cloud": true, "ai": true,
	"localhost": true, "pages": true, "readthedocs": true, "netlify": true, "vercel": true, "web": true,
}

// orgMatchesSite reports whether a code-host owner looks like the portal's own: its name
// is a distinctive label of the portal's host (docs.acme.com and github.com/acme-inc), or,
// on a *.github.io site, the account that publishes it.
func orgMatchesSite(org string, pf *pageFacts) bool {
	o := strings.ToLower(org)
	core := orgNoise.ReplaceAllString(o, "")
	host := hostOf(pf.url)
	for _, lab := range strings.Split(host, ".") {
		if genericLabel[lab] || len(lab) < 3 {
			continue
		}
		if lab == o || lab == core || strings.ReplaceAll(lab, "-", "") == strings.ReplaceAll(core, "-", "") {
			return true
		}
	}
	return false
}
